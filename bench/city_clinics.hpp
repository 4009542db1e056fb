#pragma once

#include <string>

namespace surgesim::bench {

/// A city-scale fever-clinic scenario as YAML: Beijing's 1,263 fever clinics of 2022-12 (303 in
/// hospitals, open 24 h; 960 in community facilities, 08:00-20:00; B §3 of beijing-data.md) with
/// about 73,000 visits a day in all (the 12-15 peak), ibuprofen stocked everywhere and a shared
/// city supply, over `days` days.
std::string city_clinics_yaml(int days);

}  // namespace surgesim::bench
