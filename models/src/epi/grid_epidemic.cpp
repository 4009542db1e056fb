#include "surgesim/epi/grid_epidemic.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <boost/random/binomial_distribution.hpp>
#include <cmath>
#include <stdexcept>
#include <string>

#include "surgesim/engine/rng.hpp"
#include "surgesim/engine/split_mix.hpp"
#include "surgesim/engine/uniform_index.hpp"

namespace surgesim::epi {

namespace {

enum State : std::uint8_t { kS = 0, kE = 1, kI = 2, kR = 3 };

// A grid's people: who is susceptible (for drawing infections) and who is infected (to advance).
struct Grid {
  std::uint32_t first = 0;  // people first .. first + size - 1
  std::uint32_t size = 0;
  std::vector<std::uint32_t> susceptible;
  std::vector<std::uint32_t> active;  // E or I
  std::uint64_t infectious = 0;
  std::uint64_t exposed = 0;
  std::uint64_t removed = 0;
  std::uint64_t new_today = 0;
  std::uint64_t ever_infected = 0;
};

class Epidemic {
 public:
  Epidemic(const GridEpidemicParams& p, std::uint64_t seed, std::uint64_t rep)
      : p_(p),
        streams_(seed, rep),
        steps_per_day_(static_cast<int>(std::lround(1.0 / p.step_days))) {
    check();
    std::uint32_t next = 0;
    grids_.resize(p.grid_population.size());
    for (std::size_t g = 0; g < grids_.size(); ++g) {
      Grid& gr = grids_[g];
      gr.first = next;
      gr.size = p.grid_population[g];
      next += gr.size;
      gr.susceptible.resize(gr.size);
      for (std::uint32_t i = 0; i < gr.size; ++i) gr.susceptible[i] = gr.first + i;
    }
    population_ = next;
    state_.assign(population_, kS);
    next_step_.assign(population_, 0);
    beta_ = p.r0 / p.infectious_days.mean();
    grid_seed_.resize(grids_.size());
    for (std::size_t g = 0; g < grids_.size(); ++g)
      grid_seed_[g] = streams_.seed_for("epi/grid", g);
    // Index cases: the first initial_infected[g] people drawn in grid g, infectious from day 0.
    for (std::size_t g = 0; g < grids_.size(); ++g) {
      engine::SplitMix64 rng(engine::mix64(grid_seed_[g] ^ 0x1d1dULL));
      for (std::uint32_t k = 0; k < p.initial_infected[g]; ++k) infect(grids_[g], rng, 0, true);
    }
  }

  GridEpidemicResult run(int threads) {
    GridEpidemicResult r;
    r.population = population_;
    r.transmission_rate = beta_;
    const int total_steps = p_.days * steps_per_day_;
    oneapi::tbb::task_arena arena(threads > 0 ? threads : oneapi::tbb::info::default_concurrency());
    for (int step = 1; step <= total_steps; ++step) {
      // Force of infection from the prevalence at the start of the step (synchronous update).
      std::uint64_t city_infectious = 0;
      for (const Grid& g : grids_) city_infectious += g.infectious;
      const double city_prevalence =
          static_cast<double>(city_infectious) / static_cast<double>(population_);
      arena.execute([&] {
        oneapi::tbb::parallel_for(std::size_t{0}, grids_.size(),
                                  [&](std::size_t g) { advance(g, step, city_prevalence); });
      });
      if (step % steps_per_day_ == 0) {
        std::uint64_t today = 0, prevalence = 0;
        std::vector<std::uint64_t> by_district(p_.districts, 0),
            infectious_by_district(p_.districts, 0);
        for (std::size_t gi = 0; gi < grids_.size(); ++gi) {
          Grid& g = grids_[gi];
          const std::size_t d = p_.grid_district.empty() ? 0 : p_.grid_district[gi];
          today += g.new_today;
          by_district[d] += g.new_today;
          g.new_today = 0;
          prevalence += g.infectious;
          infectious_by_district[d] += g.infectious;
        }
        r.new_infections.push_back(today);
        r.infectious.push_back(prevalence);
        r.district_new_infections.push_back(std::move(by_district));
        r.district_infectious.push_back(std::move(infectious_by_district));
      }
    }
    std::uint64_t s = 0, e = 0, i = 0, rem = 0;
    for (const Grid& g : grids_) {
      s += g.susceptible.size();
      e += g.exposed;
      i += g.infectious;
      rem += g.removed;
      r.infected_by_grid.push_back(g.ever_infected);
    }
    r.final_by_state = {s, e, i, rem};
    return r;
  }

 private:
  void check() const {
    if (p_.grid_population.empty()) throw std::invalid_argument("epidemic: no grids");
    if (p_.initial_infected.size() != p_.grid_population.size()) {
      throw std::invalid_argument("epidemic: initial_infected needs one value per grid");
    }
    for (std::size_t g = 0; g < p_.grid_population.size(); ++g) {
      if (p_.initial_infected[g] > p_.grid_population[g]) {
        throw std::invalid_argument("epidemic: grid " + std::to_string(g) +
                                    " has more initial infections than people");
      }
    }
    if (!(p_.r0 >= 0)) throw std::invalid_argument("epidemic: r0 must be >= 0");
    if (!(p_.city_mixing_share >= 0 && p_.city_mixing_share <= 1)) {
      throw std::invalid_argument("epidemic: city mixing share must be in [0, 1]");
    }
    if (!(p_.step_days > 0) ||
        std::abs(1.0 / p_.step_days - std::round(1.0 / p_.step_days)) > 1e-9) {
      throw std::invalid_argument("epidemic: step_days must divide a day (1, 0.5, 0.25, ...)");
    }
    if (!(p_.infectious_days.mean() > 0))
      throw std::invalid_argument("epidemic: mean infectious time must be > 0");
    if (p_.days < 1) throw std::invalid_argument("epidemic: days must be >= 1");
    if (!p_.grid_district.empty()) {
      if (p_.grid_district.size() != p_.grid_population.size()) {
        throw std::invalid_argument("epidemic: grid_district needs one value per grid");
      }
      for (std::uint32_t d : p_.grid_district) {
        if (d >= p_.districts)
          throw std::invalid_argument("epidemic: grid district index out of range");
      }
    }
  }

  // Steps a duration lasts (at least one, so every case is infectious for some time).
  std::uint32_t steps_of(double days) const {
    const double steps = std::round(days / p_.step_days);
    return steps < 1 ? 1u : static_cast<std::uint32_t>(steps);
  }

  void infect(Grid& g, engine::SplitMix64& rng, int step, bool index_case) {
    infect_at(g, uniform_index(rng, g.susceptible.size()), rng, step, index_case);
  }

  // Infects the susceptible at position k of the grid's list (swap-remove).
  void infect_at(Grid& g, std::size_t k, engine::SplitMix64& rng, int step, bool infectious_now) {
    const std::uint32_t id = g.susceptible[k];
    g.susceptible[k] = g.susceptible.back();
    g.susceptible.pop_back();
    ++g.ever_infected;
    ++g.new_today;
    const double latent = infectious_now ? 0.0 : sample(p_.latent_days, rng);
    if (latent <= 0) {
      state_[id] = kI;
      ++g.infectious;
      next_step_[id] = static_cast<std::uint32_t>(step) + steps_of(sample(p_.infectious_days, rng));
    } else {
      state_[id] = kE;
      ++g.exposed;
      next_step_[id] = static_cast<std::uint32_t>(step) + steps_of(latent);
    }
    g.active.push_back(id);
  }

  static double sample(const engine::Distribution& d, engine::SplitMix64& rng) {
    return d.sample(rng);
  }
  static std::size_t uniform_index(engine::SplitMix64& rng, std::size_t n) {
    return static_cast<std::size_t>(engine::uniform_index(rng, n));
  }

  void advance(std::size_t gi, int step, double city_prevalence) {
    Grid& g = grids_[gi];
    engine::SplitMix64 rng(
        engine::mix64(grid_seed_[gi] ^ engine::mix64(static_cast<std::uint64_t>(step))));
    const double local_prevalence = g.size ? static_cast<double>(g.infectious) / g.size : 0.0;
    const double lambda = beta_ * ((1 - p_.city_mixing_share) * local_prevalence +
                                   p_.city_mixing_share * city_prevalence);
    // Progress: E -> I, I -> R for those whose time has come.
    std::size_t kept = 0;
    for (std::size_t a = 0; a < g.active.size(); ++a) {
      const std::uint32_t id = g.active[a];
      if (next_step_[id] <= static_cast<std::uint32_t>(step)) {
        if (state_[id] == kE) {
          state_[id] = kI;
          --g.exposed;
          ++g.infectious;
          next_step_[id] =
              static_cast<std::uint32_t>(step) + steps_of(sample(p_.infectious_days, rng));
        } else {
          state_[id] = kR;
          --g.infectious;
          ++g.removed;
          continue;  // leaves the active list
        }
      }
      g.active[kept++] = id;
    }
    g.active.resize(kept);
    // New infections among the susceptibles.
    if (lambda <= 0 || g.susceptible.empty()) return;
    const double p_inf = -std::expm1(-lambda * p_.step_days);
    const auto s = static_cast<std::int64_t>(g.susceptible.size());
    const std::int64_t n =
        boost::random::binomial_distribution<std::int64_t, double>(s, p_inf)(rng);
    for (std::int64_t k = 0; k < n; ++k) {
      infect_at(g, uniform_index(rng, g.susceptible.size()), rng, step, false);
    }
  }

  const GridEpidemicParams& p_;
  engine::RngStreams streams_;
  int steps_per_day_;
  std::vector<Grid> grids_;
  std::vector<std::uint64_t> grid_seed_;
  std::vector<std::uint8_t> state_;
  std::vector<std::uint32_t> next_step_;
  std::uint32_t population_ = 0;
  double beta_ = 0;
};

}  // namespace

GridEpidemicResult run_grid_epidemic(const GridEpidemicParams& p, std::uint64_t seed,
                                     std::uint64_t rep, int threads) {
  Epidemic e(p, seed, rep);
  return e.run(threads);
}

}  // namespace surgesim::epi
