#pragma once

// Opening hours as scenarios write them (internal to surgesim::scenario).
#include "surgesim/care/clinic_params.hpp"
#include "surgesim/scenario/reader.hpp"

namespace surgesim::scenario {

/// "08:00-20:00" -> minutes after midnight; "24h" -> the whole day; "closed".
care::DailyHours read_hours_text(Reader r);

}  // namespace surgesim::scenario
