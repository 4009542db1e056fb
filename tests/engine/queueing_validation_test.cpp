// Validation of the kernel against queueing theory. Each estimate is the mean over independent
// replications; the assertion is that theory lies inside the estimate's 99.9% Student-t interval,
// and that the interval is narrow enough (a few % of the value) for the test to have power.
#include <gtest/gtest.h>

#include "../sanitizers.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "surgesim/engine/distribution.hpp"
#include "surgesim/engine/replicate.hpp"
#include "surgesim/engine/resource.hpp"
#include "surgesim/engine/rng.hpp"
#include "surgesim/engine/simulation.hpp"
#include "surgesim/engine/summary.hpp"
#include "surgesim/engine/tally.hpp"
#include "surgesim/engine/time_weighted.hpp"
#include "surgesim/examples/mmc_model.hpp"

namespace eng = surgesim::engine;
namespace ex = surgesim::examples;

namespace {

constexpr std::size_t kReps = 12;
constexpr double kConfidence = 0.999;

void expect_theory_in_ci(const std::vector<double>& reps, double theory, const std::string& what,
                         double max_rel_half_width = 0.05) {
  const eng::Summary s = eng::summarize(reps, kConfidence);
  EXPECT_LT(s.half_width, max_rel_half_width * std::abs(theory))
      << what << ": interval too wide to test (mean " << s.mean << ")";
  EXPECT_NEAR(s.mean, theory, s.half_width)
      << what << ": theory " << theory << " outside [" << s.ci_low << ", " << s.ci_high << "]";
}

template <class F>
std::vector<double> reps_of(F&& f) {
  return eng::replicate({.replications = kReps, .threads = 2}, f);
}

// One single-server or multi-server station with Poisson arrivals per class and a general service
// distribution, callback style. Statistics start after `warmup` time units.
struct StationRun {
  std::vector<eng::Tally> waits;  // per class
  std::uint64_t arrivals = 0, balked = 0;
};

StationRun run_station(std::uint64_t rep, int servers, std::size_t queue_limit,
                       const std::vector<double>& class_rates, const eng::Distribution& service,
                       double warmup, double horizon) {
  eng::Simulation sim;
  eng::Resource res(sim, {.capacity = servers, .queue_limit = queue_limit});
  const eng::RngStreams streams(12345, rep);
  eng::Rng svc = streams.make("service");
  StationRun out;
  out.waits.resize(class_rates.size());
  std::vector<eng::Rng> arr;
  for (std::size_t k = 0; k < class_rates.size(); ++k) arr.push_back(streams.make("arrivals", k));
  std::vector<eng::Action> next(class_rates.size());
  for (std::size_t k = 0; k < class_rates.size(); ++k) {
    auto arrive = [&, k](auto& self) -> void {
      sim.schedule_in(arr[k].exponential(class_rates[k]), [&, self]() mutable { self(self); });
      const double t0 = sim.now();
      const bool measured = t0 >= warmup;
      if (measured) ++out.arrivals;
      const int priority = -static_cast<int>(k);  // class 0 is the most urgent
      const eng::Ticket t =
          res.request({.priority = priority}, [&, t0, k, measured](const eng::Ticket& g) {
            if (measured) out.waits[k].add(sim.now() - t0);
            sim.schedule_in(service.sample(svc), [&res, g] { res.release(g); });
          });
      if (measured && t.outcome == eng::RequestOutcome::kBalked) ++out.balked;
    };
    sim.schedule_in(arr[k].exponential(class_rates[k]), [arrive]() mutable { arrive(arrive); });
  }
  sim.run_until(horizon);
  return out;
}

}  // namespace

TEST(MmcQueue, WaitAndWaitProbabilityMatchErlangCInBothStyles) {
  SURGESIM_SKIP_UNDER_SANITIZERS();
  struct Case {
    int c;
    double lambda;
    double mu;
  };
  for (const Case k : {Case{1, 0.8, 1.0}, Case{3, 2.4, 1.0}, Case{10, 9.0, 1.0}}) {
    for (const ex::Style style : {ex::Style::kCallback, ex::Style::kCoroutine}) {
      std::vector<ex::MmcResult> rs =
          eng::replicate({.replications = kReps, .threads = 2}, [&](std::size_t r) {
            return ex::run_mmc({.servers = k.c,
                                .arrival_rate = k.lambda,
                                .service_rate = k.mu,
                                .customers = 300000,
                                .warmup_customers = 30000,
                                .seed = 2022,
                                .replication = r,
                                .style = style});
          });
      std::vector<double> wait, pwait, util;
      for (const auto& r : rs) {
        wait.push_back(r.mean_wait);
        pwait.push_back(r.p_wait);
        util.push_back(r.utilization);
      }
      const std::string name = "M/M/" + std::to_string(k.c) +
                               (style == ex::Style::kCallback ? " callback" : " coroutine");
      expect_theory_in_ci(wait, ex::mmc_mean_wait(k.c, k.lambda, k.mu), name + " mean wait", 0.08);
      expect_theory_in_ci(pwait, ex::erlang_c(k.c, k.lambda / k.mu), name + " P(wait)");
      expect_theory_in_ci(util, k.lambda / (k.c * k.mu), name + " utilisation");
    }
  }
}

TEST(MmccLossSystem, BlockingMatchesErlangB) {
  SURGESIM_SKIP_UNDER_SANITIZERS();
  const int c = 5;
  const double a = 4.0;  // offered load lambda/mu
  double b = 1;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);  // Erlang B recursion
  const auto blocked = reps_of([&](std::size_t r) {
    const StationRun s =
        run_station(r, c, 0, {a}, eng::Distribution::exponential_mean(1.0), 100, 60000);
    return static_cast<double>(s.balked) / static_cast<double>(s.arrivals);
  });
  expect_theory_in_ci(blocked, b, "M/M/5/5 blocking");
  // Erlang B is insensitive to the service distribution: lognormal service blocks the same.
  const auto blocked_ln = reps_of([&](std::size_t r) {
    const StationRun s =
        run_station(r, c, 0, {a}, eng::Distribution::lognormal_mean_sd(1.0, 2.0), 100, 60000);
    return static_cast<double>(s.balked) / static_cast<double>(s.arrivals);
  });
  expect_theory_in_ci(blocked_ln, b, "M/G/5/5 blocking (insensitivity)");
}

TEST(Mg1Queue, WaitMatchesPollaczekKhinchine) {
  SURGESIM_SKIP_UNDER_SANITIZERS();
  const double lambda = 0.7;
  for (const auto& service :
       {eng::Distribution::constant(1.0), eng::Distribution::lognormal_mean_sd(1.0, 1.5)}) {
    const double es2 = service.variance() + service.mean() * service.mean();
    const double rho = lambda * service.mean();
    const double theory = lambda * es2 / (2 * (1 - rho));
    const auto waits = reps_of([&](std::size_t r) {
      return run_station(r, 1, SIZE_MAX, {lambda}, service, 1000, 400000).waits[0].mean();
    });
    expect_theory_in_ci(waits, theory, "M/G/1 " + service.describe(), 0.08);
  }
}

TEST(PriorityQueue, NonPreemptiveClassWaitsMatchCobhamsFormula) {
  SURGESIM_SKIP_UNDER_SANITIZERS();
  // Two classes, exponential service with mean 1: W0 = sum(lambda_i E[S^2]) / 2.
  const double l_high = 0.3, l_low = 0.5;
  const double w0 = (l_high + l_low) * 2.0 / 2;
  const double s1 = l_high, s2 = l_high + l_low;
  const double theory_high = w0 / (1 - s1);
  const double theory_low = w0 / ((1 - s1) * (1 - s2));
  std::vector<double> high, low;
  const auto runs = eng::replicate({.replications = kReps, .threads = 2}, [&](std::size_t r) {
    return run_station(r, 1, SIZE_MAX, {l_high, l_low}, eng::Distribution::exponential_mean(1.0),
                       1000, 300000);
  });
  for (const auto& s : runs) {
    high.push_back(s.waits[0].mean());
    low.push_back(s.waits[1].mean());
    EXPECT_LT(s.waits[0].mean(), s.waits[1].mean());
  }
  expect_theory_in_ci(high, theory_high, "priority class 1 wait");
  expect_theory_in_ci(low, theory_low, "priority class 2 wait", 0.08);
}

// Two exponential stations in tandem (a Jackson network). Little's law L = lambda * W must hold
// on every sample path; the mean sojourn must match 1/(mu1 - lambda) + 1/(mu2 - lambda).
TEST(TandemNetwork, LittlesLawHoldsAndSojournMatchesJackson) {
  SURGESIM_SKIP_UNDER_SANITIZERS();
  const double lambda = 1.0, mu1 = 1.25, mu2 = 1.5;
  struct Out {
    double little_gap;
    double sojourn;
    double conserved;
  };
  const auto outs = eng::replicate({.replications = kReps, .threads = 2}, [&](std::size_t r) {
    eng::Simulation sim;
    eng::Resource st1(sim, {.capacity = 1}), st2(sim, {.capacity = 1});
    const eng::RngStreams streams(777, r);
    eng::Rng arr = streams.make("arrivals"), s1 = streams.make("s1"), s2 = streams.make("s2");
    eng::TimeWeighted in_system;
    eng::Tally sojourn;
    std::uint64_t arrived = 0, departed = 0;
    const double warm = 1000, horizon = 150000;
    bool reset = false;
    auto arrive = [&](auto& self) -> void {
      sim.schedule_in(arr.exponential(lambda), [&, self]() mutable { self(self); });
      if (!reset && sim.now() >= warm) {
        in_system.reset(sim.now());
        reset = true;
      }
      ++arrived;
      in_system.add(sim.now(), 1);
      const double t0 = sim.now();
      st1.request({}, [&, t0](const eng::Ticket& g1) {
        sim.schedule_in(s1.exponential(mu1), [&, t0, g1] {
          st1.release(g1);
          st2.request({}, [&, t0](const eng::Ticket& g2) {
            sim.schedule_in(s2.exponential(mu2), [&, t0, g2] {
              st2.release(g2);
              ++departed;
              in_system.add(sim.now(), -1);
              if (t0 >= warm) sojourn.add(sim.now() - t0);
            });
          });
        });
      });
    };
    sim.schedule_in(arr.exponential(lambda), [&arrive]() mutable { arrive(arrive); });
    sim.run_until(horizon);
    const double l = in_system.mean(sim.now());
    const double throughput = static_cast<double>(sojourn.count()) / (horizon - warm);
    const double in_now =
        static_cast<double>(st1.in_use() + st1.queue_length() + st2.in_use() + st2.queue_length());
    return Out{std::abs(l - throughput * sojourn.mean()) / l, sojourn.mean(),
               static_cast<double>(arrived) - static_cast<double>(departed) - in_now};
  });
  std::vector<double> soj;
  for (const auto& o : outs) {
    EXPECT_LT(o.little_gap, 0.01);  // edge effects only: customers straddling the window ends
    EXPECT_EQ(o.conserved, 0.0);    // arrivals = departures + in system
    soj.push_back(o.sojourn);
  }
  expect_theory_in_ci(soj, 1 / (mu1 - lambda) + 1 / (mu2 - lambda), "tandem sojourn");
}
