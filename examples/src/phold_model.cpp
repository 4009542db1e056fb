#include "surgesim/examples/phold_model.hpp"

#include <cstring>
#include <stdexcept>
#include <vector>

#include "surgesim/engine/rng.hpp"
#include "surgesim/engine/simulation.hpp"

namespace surgesim::examples {

namespace eng = surgesim::engine;

namespace {
class Phold {
 public:
  explicit Phold(const PholdParams& p)
      : p_(p), rng_(eng::RngStreams(p.seed, 0).make("phold")), handled_(p.entities, 0) {
    sim_.reserve_events(p.entities + 1);
  }

  PholdResult run() {
    for (std::uint64_t e = 0; e < p_.entities; ++e) schedule(e);
    sim_.run();
    return {sim_.events_executed(), sim_.now(), checksum_};
  }

 private:
  void schedule(std::uint64_t entity) {
    sim_.schedule_in(rng_.exponential(1.0), [this, entity] { handle(entity); });
  }
  void handle(std::uint64_t entity) {
    ++handled_[entity];
    std::uint64_t bits;
    const double t = sim_.now();
    std::memcpy(&bits, &t, sizeof bits);
    checksum_ = eng::mix64(checksum_ ^ entity ^ bits);
    if (sim_.events_executed() >= p_.events) sim_.stop();
    schedule(rng_.uniform_index(p_.entities));
  }

  PholdParams p_;
  eng::Simulation sim_;
  eng::Rng rng_;
  std::vector<std::uint32_t> handled_;
  std::uint64_t checksum_ = 0;
};
}  // namespace

PholdResult run_phold(const PholdParams& params) {
  if (params.entities == 0) throw std::invalid_argument("phold: entities must be >= 1");
  if (params.events == 0) throw std::invalid_argument("phold: events must be >= 1");
  return Phold(params).run();
}

}  // namespace surgesim::examples
