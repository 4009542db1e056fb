#pragma once

// Helpers shared by the writers of resolved scenarios (internal to surgesim::scenario).
#include <yaml-cpp/yaml.h>

#include <string>
#include <type_traits>

#include "surgesim/engine/distribution.hpp"
#include "surgesim/engine/schedule.hpp"

namespace surgesim::scenario {

/// Shortest text that reads back as the same double.
std::string num(double v);

/// A distribution in the scenario syntax, every value key suffixed with `unit`.
void emit_distribution(YAML::Emitter& e, const engine::Distribution& d,
                       const std::string& unit = "min");

/// A flow sequence of numbers.
template <class T>
void numbers(YAML::Emitter& e, const T& values) {
  e << YAML::Flow << YAML::BeginSeq;
  for (double v : values) e << num(v);
  e << YAML::EndSeq;
}

/// `key: [{from_day: d, <value_key>: v}, ...]`: a schedule's steps after day 0's value (which its
/// own key holds), as the loader's Reader::add_day_steps reads them back.
template <class T>
void emit_day_steps(YAML::Emitter& e, const char* key, const char* value_key,
                    const engine::Schedule<T>& schedule) {
  e << YAML::Key << key << YAML::Value << YAML::BeginSeq;
  for (const auto& step : schedule.steps()) {
    if (step.from == 0) continue;
    e << YAML::Flow << YAML::BeginMap << YAML::Key << "from_day" << YAML::Value << step.from
      << YAML::Key << value_key << YAML::Value;
    if constexpr (std::is_integral_v<T>) {
      e << static_cast<long long>(step.value);  // an integer, as the loader reads it
    } else {
      e << num(static_cast<double>(step.value));
    }
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
}

}  // namespace surgesim::scenario

namespace surgesim::scenario {
struct EpidemicScenario;
/// The epidemic section with every value explicit (clinics are written out in `clinics`, so the
/// districts' generated clinic counts are written as 0).
void emit_epidemic(YAML::Emitter& e, const EpidemicScenario& s);
}  // namespace surgesim::scenario

namespace surgesim::ems {
struct EmsParams;
}
namespace surgesim::hospital {
struct HospitalParams;
}
namespace surgesim::scenario {
struct Scenario;
/// The policies section from the policies as loaded: each target by its own path, the amounts as
/// applied (after run.scale), so that resolved.yaml reproduces the run.
void emit_policies(YAML::Emitter& e, const Scenario& s);
/// The ems section with every value explicit.
void emit_ems(YAML::Emitter& e, const ems::EmsParams& p);
}  // namespace surgesim::scenario

namespace surgesim::scenario {
/// The hospitals section with every value explicit.
void emit_hospitals(YAML::Emitter& e, const hospital::HospitalParams& p,
                    const EpidemicScenario& epidemic);
}  // namespace surgesim::scenario
