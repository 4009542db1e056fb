#include <cmath>
#include <string>

#include "emit.hpp"
#include "surgesim/hospital/hospital_params.hpp"
#include "surgesim/scenario/scenario.hpp"

namespace surgesim::scenario {

void emit_hospitals(YAML::Emitter& e, const hospital::HospitalParams& p,
                    const EpidemicScenario& epidemic) {
  e << YAML::Key << "hospitals" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "districts" << YAML::Value << YAML::BeginSeq;
  for (std::size_t d = 0; d < p.districts.size(); ++d) {
    e << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value
      << epidemic.params.districts[d].id;
    for (std::size_t k = 0; k < hospital::kPools; ++k)
      e << YAML::Key << hospital::kPoolNames[k] << YAML::Value
        << p.districts[d].beds[k].written_at(0);
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
  if (!p.facilities.empty()) {
    e << YAML::Key << "facilities" << YAML::Value << YAML::BeginSeq;
    for (const hospital::Facility& f : p.facilities) {
      e << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << f.id << YAML::Key
        << "district" << YAML::Value << epidemic.params.districts[f.district].id;
      for (std::size_t k = 0; k < hospital::kPools; ++k)
        e << YAML::Key << hospital::kPoolNames[k] << YAML::Value << f.beds.beds[k].written_at(0);
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  e << YAML::Key << "boarding" << YAML::Value << p.boarding;
  e << YAML::Key << "icu_patience_hours" << YAML::Value << num(p.icu_patience_hours);
  e << YAML::Key << "p_death_icu" << YAML::Value << num(p.p_death_icu);
  e << YAML::Key << "p_death_no_icu" << YAML::Value << num(p.p_death_no_icu);
  e << YAML::Key << "full_harm_hours" << YAML::Value << num(p.full_harm_hours);
  e << YAML::Key << "step_down_share" << YAML::Value << num(p.step_down_share);
  e << YAML::Key << "self_arrival_hours" << YAML::Value << num(p.self_arrival_hours);
  e << YAML::Key << "ed_assessment_min" << YAML::Value;
  emit_distribution(e, p.ed_assessment_min);
  e << YAML::Key << "ed_other_stay_min" << YAML::Value;
  emit_distribution(e, p.ed_other_stay_min);
  e << YAML::Key << "transfer_min" << YAML::Value;
  emit_distribution(e, p.transfer_min);
  e << YAML::Key << "crew_max_wait_min" << YAML::Value
    << (std::isfinite(p.crew_max_wait_min.written_at(0)) ? num(p.crew_max_wait_min.written_at(0))
                                                         : std::string("none"));
  e << YAML::Key << "tier3_direct" << YAML::Value << YAML::Flow << YAML::BeginMap;
  e << YAML::Key << "under_age" << YAML::Value << p.tier3_direct_under_age;
  e << YAML::Key << "comorbid_from_age" << YAML::Value << p.tier3_direct_comorbid_from_age;
  e << YAML::EndMap;
  e << YAML::Key << "stay_factor" << YAML::Value << YAML::Flow << YAML::BeginMap;
  for (hospital::Pool k : hospital::kStayFactorPools) {
    e << YAML::Key << hospital::kPoolNames[static_cast<std::size_t>(k)] << YAML::Value
      << num(p.stay_factor[static_cast<std::size_t>(k)]);
  }
  e << YAML::EndMap;
  e << YAML::EndMap;
}

}  // namespace surgesim::scenario
