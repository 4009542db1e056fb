#include "surgesim/care/fever_clinic.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "surgesim/care/arrival_process.hpp"
#include "surgesim/engine/summary.hpp"
#include "surgesim/run/scenario_run.hpp"

namespace care = surgesim::care;
namespace eng = surgesim::engine;

namespace {
care::FeverClinicParams base_clinic() {
  care::FeverClinicParams p;
  p.id = "c";
  p.rooms = 1;
  p.doctors = 1;
  p.hours.fill(care::DailyHours{0, 1440});
  p.service_min = eng::Distribution::constant(10);
  p.visits_per_day = {0};
  p.hourly_weights.fill(1);
  return p;
}

struct World {
  eng::Simulation sim;
  care::CareTotals totals;
  std::vector<care::DrugInfo> drugs;
  care::FeverClinicParams params;
  std::unique_ptr<care::FeverClinic> clinic;
  explicit World(care::FeverClinicParams p, int days = 2, std::vector<care::DrugInfo> d = {})
      : drugs(std::move(d)), params(std::move(p)) {
    clinic = std::make_unique<care::FeverClinic>(sim, params, drugs, eng::RngStreams(1, 0), days, 0,
                                                 totals);
    clinic->start();
  }
  void arrive_at(double t, care::FeverPatient patient = {}) {
    sim.schedule_at(t, [this, patient] { clinic->arrive(patient); });
  }
};
}  // namespace

TEST(FeverClinic, PatientsArrivingWhileClosedAreSeenAtOpening) {
  auto p = base_clinic();
  p.hours.fill(care::DailyHours{8 * 60, 20 * 60});
  World w(p);
  w.arrive_at(60);   // 01:00, closed
  w.arrive_at(120);  // 02:00, closed
  w.sim.run_until(2 * 1440);
  w.clinic->finish();
  const auto& d0 = w.clinic->days()[0];
  EXPECT_EQ(d0.arrivals, 2u);
  EXPECT_EQ(d0.served, 2u);
  EXPECT_DOUBLE_EQ(d0.wait_sum_min, 0 + 10);  // waits counted from the opening: 0 and 10 min
}

TEST(FeverClinic, SendHomeAtClosingBringsThemBackNextMorning) {
  auto p = base_clinic();
  p.hours.fill(care::DailyHours{8 * 60, 20 * 60});
  p.serve_late = false;
  World w(p);
  for (int i = 0; i < 3; ++i) w.arrive_at(20 * 60 - 15);  // 19:45: one starts, two wait
  w.sim.run_until(2 * 1440);
  const auto& d = w.clinic->days();
  EXPECT_EQ(d[0].sent_home, 1u);  // the second finished at 20:00? no: 19:45+10 = 19:55, so one left
  EXPECT_EQ(d[0].served + d[1].served, 3u);
  EXPECT_EQ(d[0].arrivals + d[1].arrivals, 3u);
}

TEST(FeverClinic, ServeLateKeepsDoctorsUntilTheQueueIsEmpty) {
  auto p = base_clinic();
  p.hours.fill(care::DailyHours{8 * 60, 20 * 60});
  World w(p);
  for (int i = 0; i < 4; ++i) w.arrive_at(20 * 60 - 5);
  w.sim.run_until(2 * 1440);
  EXPECT_EQ(w.clinic->days()[0].served, 4u);  // all seen on day 0, the last ending at 20:35
  EXPECT_EQ(w.clinic->days()[0].sent_home, 0u);
}

TEST(FeverClinic, DoctorScheduleChangesCapacity) {
  auto p = base_clinic();
  p.rooms = 3;
  p.doctors = 3;
  p.doctor_schedule = {{1, 1}};  // from day 1, one doctor
  World w(p);
  for (int i = 0; i < 3; ++i) w.arrive_at(100);
  for (int i = 0; i < 3; ++i) w.arrive_at(1440 + 100);
  w.sim.run_until(2 * 1440);
  EXPECT_DOUBLE_EQ(w.clinic->days()[0].wait_sum_min, 0);            // three doctors: nobody waits
  EXPECT_DOUBLE_EQ(w.clinic->days()[1].wait_sum_min, 0 + 10 + 20);  // one doctor
  EXPECT_EQ(w.clinic->days()[1].doctors_on_duty, 1);
}

TEST(FeverClinic, RationingDispensingResupplyAndTheTabletLedger) {
  auto p = base_clinic();
  p.rooms = p.doctors = 5;
  care::DrugSupply s;
  s.drug = 0;
  s.initial_tablets = 50;
  s.tablets_per_visit = 20;
  s.rationing = {{1, 10}};
  s.resupply_tablets = 15;
  s.resupply_every_days = 1;
  p.drugs = {s};
  World w(p, 2, {care::DrugInfo{"ibuprofen", 20, 1.0, {}}});
  care::FeverPatient needs;
  needs.needs_drugs = 1;
  for (int i = 0; i < 3; ++i) w.arrive_at(60, needs);         // day 0: 20 + 20 + 10 (stock out)
  for (int i = 0; i < 3; ++i) w.arrive_at(1440 + 60, needs);  // day 1: +15 delivered, 10 + 5 + 0
  w.sim.run_until(2 * 1440);
  w.clinic->finish();
  const auto& d = w.clinic->days();
  EXPECT_EQ(d[0].tablets_dispensed, 50);
  EXPECT_TRUE(d[0].stockout);
  EXPECT_EQ(d[0].without_drug, 0u);
  EXPECT_EQ(d[1].tablets_dispensed, 15);
  EXPECT_EQ(d[1].without_drug, 1u);
  EXPECT_EQ(w.clinic->tablets_on_hand(), 0);
  EXPECT_TRUE(w.clinic->ledger_balances());
}

TEST(FeverClinic, QueueLimitAndPatience) {
  auto p = base_clinic();
  p.queue_limit = 2;
  p.patience_min = eng::Distribution::constant(15);
  World w(p);
  for (int i = 0; i < 5; ++i) w.arrive_at(10);  // 1 in service, 2 queue, 2 balk
  w.sim.run_until(2 * 1440);
  const auto& d = w.clinic->days()[0];
  EXPECT_EQ(d.balked, 2u);
  EXPECT_EQ(d.reneged, 1u);  // the second in line would start at 30 > 10 + 15
  EXPECT_EQ(d.served, 2u);
}

// Arrivals of the non-homogeneous process: counts per day average to the configured visits.
TEST(ArrivalProcess, MeanCountsMatchTheRateProfile) {
  std::array<double, 24> w{};
  for (int h = 8; h < 20; ++h) w[static_cast<std::size_t>(h)] = h < 12 ? 2 : 1;
  const care::ArrivalProcess proc({100, 300}, w, 3 * 1440);
  EXPECT_DOUBLE_EQ(proc.expected_total(), 100 + 300 + 300);
  eng::Rng rng(3);
  std::vector<double> day1, morning_share;
  for (int rep = 0; rep < 400; ++rep) {
    double t = 0;
    int n1 = 0, morning = 0, total = 0;
    while ((t = proc.next(t, rng)) < 3 * 1440) {
      const int day = static_cast<int>(t / 1440);
      const int hour = static_cast<int>(t / 60) % 24;
      ASSERT_GE(hour, 8);
      ASSERT_LT(hour, 20);
      if (day == 1) ++n1;
      if (hour < 12) ++morning;
      ++total;
    }
    day1.push_back(n1);
    morning_share.push_back(static_cast<double>(morning) / total);
  }
  const auto s1 = eng::summarize(day1, 0.999);
  EXPECT_NEAR(s1.mean, 300, s1.half_width);
  const auto sm = eng::summarize(morning_share, 0.999);
  EXPECT_NEAR(sm.mean, 8.0 / 16.0, sm.half_width);  // 4 h x 2 of 4 x 2 + 8 x 1
}

TEST(FeverClinic, AbsentDoctorsReduceCapacityAtOnce) {
  auto p = base_clinic();
  p.rooms = p.doctors = 2;
  World w(p);
  w.sim.schedule_at(50, [&w] { w.clinic->set_absent(1); });  // one doctor falls ill
  for (int i = 0; i < 2; ++i) w.arrive_at(100);
  w.sim.run_until(1440);
  EXPECT_DOUBLE_EQ(w.clinic->days()[0].wait_sum_min, 0 + 10);
}
