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
  explicit World(care::FeverClinicParams p, int days = 2, std::vector<care::DrugInfo> d = {},
                 int first_weekday = 0)
      : drugs(std::move(d)), params(std::move(p)) {
    clinic = std::make_unique<care::FeverClinic>(sim, params, drugs, eng::RngStreams(1, 0), days,
                                                 first_weekday, totals);
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
  p.doctors.set_from(1, 1);  // from day 1, one doctor
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
  p.rooms = 5;
  p.doctors = 5;
  care::DrugSupply s;
  s.drug = 0;
  s.initial_tablets = 50;
  s.tablets_per_visit = 20;
  s.tablets_per_visit.set_from(1, 10);
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
  p.rooms = 2;
  p.doctors = 2;
  World w(p);
  w.sim.schedule_at(50, [&w] { w.clinic->set_absent(1); });  // one doctor falls ill
  for (int i = 0; i < 2; ++i) w.arrive_at(100);
  w.sim.run_until(1440);
  EXPECT_DOUBLE_EQ(w.clinic->days()[0].wait_sum_min, 0 + 10);
}

// Sick staff count against the day's reserve (staff not on its roster, the written maximum less
// those on duty): doctors a policy adds leave no reserve, so each sick one is missed on duty; a
// roster cut from 3 to 1 leaves 2 in reserve, so 2 sick ones are not missed.
TEST(FeverClinic, SickStaffCountAgainstTheDaysReserveWithPoliciesIncluded) {
  auto p = base_clinic();
  p.rooms = 6;
  p.doctors = 3;
  p.doctors.adjust(1, 2, eng::AdjustOp::kAdd, 2);  // day 1: 5 on the roster, 2 of them recruited
  p.doctors.set_from(2, 1);                        // day 2: 1 on the roster
  World w(p, 3);
  w.sim.schedule_at(
      1440, [&w] { w.clinic->set_sick(1); }, 200);
  w.sim.schedule_at(
      2880, [&w] { w.clinic->set_sick(2); }, 200);
  w.sim.run_until(3 * 1440);
  EXPECT_EQ(w.clinic->days()[0].doctors_on_duty, 3);
  EXPECT_EQ(w.clinic->days()[1].doctors_on_duty, 4);  // 5 - 1 sick
  EXPECT_EQ(w.clinic->days()[2].doctors_on_duty, 1);  // 2 sick of the 2 in reserve
}

// Key-group patients go first, FIFO within each group. Consultations of exactly a day put each
// patient's start on a day of its own, so each day's wait sum is one patient's wait and shows the
// order: A (plain, 00:10) is seen at once; then B (plain, 00:11), C (key, 00:12), D (key, 00:13),
// E (plain, 00:14) wait, and are seen as C, D, B, E at 00:10 of days 1, 2, 3, 4.
TEST(FeverClinic, KeyGroupsFirstThenFifoWithinEachGroup) {
  auto p = base_clinic();
  p.service_min = eng::Distribution::constant(1440);
  p.priority_for_key_groups = true;
  World w(p, 6);
  const care::FeverPatient plain{}, key{true, false, 0};
  w.arrive_at(10, plain);  // A
  w.arrive_at(11, plain);  // B
  w.arrive_at(12, key);    // C
  w.arrive_at(13, key);    // D
  w.arrive_at(14, plain);  // E
  w.sim.run_until(6 * 1440);
  const auto& d = w.clinic->days();
  EXPECT_DOUBLE_EQ(d[0].wait_sum_min, 0);               // A
  EXPECT_DOUBLE_EQ(d[1].wait_sum_min, 1440 + 10 - 12);  // C
  EXPECT_DOUBLE_EQ(d[2].wait_sum_min, 2880 + 10 - 13);  // D
  EXPECT_DOUBLE_EQ(d[3].wait_sum_min, 4320 + 10 - 11);  // B
  EXPECT_DOUBLE_EQ(d[4].wait_sum_min, 5760 + 10 - 14);  // E
  EXPECT_EQ(d[0].queue_peak, 4u);
  // The same patients at a FIFO clinic are seen in arrival order: B on day 1, D on day 3.
  p.priority_for_key_groups = false;
  World fifo(p, 6);
  for (int i = 0; i < 5; ++i) fifo.arrive_at(10 + i, i == 2 || i == 3 ? key : plain);
  fifo.sim.run_until(6 * 1440);
  EXPECT_DOUBLE_EQ(fifo.clinic->days()[1].wait_sum_min, 1440 + 10 - 11);
  EXPECT_DOUBLE_EQ(fifo.clinic->days()[3].wait_sum_min, 4320 + 10 - 13);
}

// Hours by weekday from the run's first weekday (0 = Monday). Day 0 is a Friday (08:00-20:00),
// day 1 a Saturday (09:00-12:00), day 2 a Sunday (closed), day 3 a Monday (08:00-20:00).
TEST(FeverClinic, WeekdayHoursAndClosedDaysFollowTheFirstWeekday) {
  auto p = base_clinic();
  for (int wd = 0; wd < 5; ++wd) p.hours[static_cast<std::size_t>(wd)] = {8 * 60, 20 * 60};
  p.hours[5] = {9 * 60, 12 * 60};
  p.hours[6] = {0, 0};
  World w(p, 4, {}, 4);
  w.arrive_at(1440 + 8 * 60);        // Sat 08:00: comes back at 09:00, seen 09:00-09:10
  w.arrive_at(1440 + 9 * 60 + 5);    // Sat 09:05: waits 5 min (none if it opened at 08:00)
  w.arrive_at(1440 + 12 * 60 + 30);  // Sat 12:30, after closing: first in line on Monday 08:00
  w.arrive_at(2880 + 10 * 60);       // Sun 10:00: closed all day, second in line on Monday
  w.sim.run_until(4 * 1440);
  const auto& d = w.clinic->days();
  EXPECT_EQ(d[1].arrivals, 3u);
  EXPECT_EQ(d[1].served, 2u);
  EXPECT_DOUBLE_EQ(d[1].wait_sum_min, 0 + 5);  // a wait counts from the opening
  EXPECT_EQ(d[2].arrivals, 1u);
  EXPECT_EQ(d[2].served, 0u);
  EXPECT_EQ(d[3].served, 2u);
  EXPECT_DOUBLE_EQ(d[3].wait_sum_min, 0 + 10);
  // Starting on a Monday instead, day 1 is a Tuesday, open from 08:00: 08:00 and 08:05 arrivals
  // are seen 08:00-08:10 and 08:10-08:20.
  World monday(p, 4, {}, 0);
  monday.arrive_at(1440 + 8 * 60);
  monday.arrive_at(1440 + 8 * 60 + 5);
  monday.sim.run_until(4 * 1440);
  EXPECT_EQ(monday.clinic->days()[1].served, 2u);
  EXPECT_DOUBLE_EQ(monday.clinic->days()[1].wait_sum_min, 0 + 5);
}

// Patients needing a blood count and a chest X-ray are referred up after the consultation by a
// clinic that lacks either test, on the day the consultation ends.
TEST(FeverClinic, PatientsNeedingTestsTheClinicLacksAreReferredUp) {
  const care::FeverPatient tests{false, true, 0}, plain{};
  for (const auto& [blood, xray] :
       {std::pair{false, false}, {true, false}, {false, true}, {true, true}}) {
    auto p = base_clinic();
    p.blood_count = blood;
    p.chest_xray = xray;
    World w(p);
    w.arrive_at(100, tests);
    w.arrive_at(200, tests);
    w.arrive_at(300, plain);
    w.arrive_at(1440 - 5, tests);  // consultation ends at 00:05 of day 1
    w.sim.run_until(2 * 1440);
    const auto& d = w.clinic->days();
    const std::uint64_t lacking = blood && xray ? 0 : 1;
    EXPECT_EQ(d[0].served, 3u);
    EXPECT_EQ(d[0].referred_up, 2 * lacking) << blood << xray;
    EXPECT_EQ(d[1].referred_up, lacking) << blood << xray;
  }
}

// Three drugs; the clinic stocks drugs 1 and 0 (listed in that order) and not drug 2. Each drug
// has its own stock, rule and ledger; a patient counts as without drug if any drug they need
// gives them nothing. One doctor, patients 20 min apart, in this order:
//   P1 needs 0 and 1: 20 of drug 0 (10 left), 6 of drug 1 (94 left)
//   P2 needs 0:       10 of drug 0 (0 left): a stockout, but not without drug
//   P3 needs 1:       6 of drug 1 (88 left)
//   P4 needs 0 and 1: 0 of drug 0, 6 of drug 1 (82 left): without drug (none of drug 0)
//   P5 needs 2:       the clinic does not stock it: without drug
// Day 1: drug 1's resupply of 10 and a city delivery of 5 of drug 0; nobody comes.
TEST(FeverClinic, SeveralDrugsKeepTheirOwnStocksAndLedgers) {
  auto p = base_clinic();
  care::DrugSupply d0, d1;
  d0.drug = 0;
  d0.initial_tablets = 30;
  d0.tablets_per_visit = 20;
  d1.drug = 1;
  d1.initial_tablets = 100;
  d1.tablets_per_visit = 6;
  d1.resupply_tablets = 10;
  d1.resupply_every_days = 1;
  p.drugs = {d1, d0};
  World w(p, 2,
          {care::DrugInfo{"ibuprofen", 20, 0, {}}, care::DrugInfo{"lianhua", 24, 0, {}},
           care::DrugInfo{"paxlovid", 30, 0, {}}});
  const std::uint32_t needs[] = {0b011, 0b001, 0b010, 0b011, 0b100};
  for (int i = 0; i < 5; ++i) w.arrive_at(100 + 20 * i, care::FeverPatient{false, false, needs[i]});
  w.sim.schedule_at(1440 + 60, [&w] {
    EXPECT_TRUE(w.clinic->deliver(0, 5));
    EXPECT_FALSE(w.clinic->deliver(2, 5));  // not stocked here
  });
  w.sim.run_until(2 * 1440);
  w.clinic->finish();
  const auto& d = w.clinic->days();
  EXPECT_EQ(d[0].tablets_dispensed, 30 + 18);
  EXPECT_EQ(d[0].without_drug, 2u);
  EXPECT_TRUE(d[0].stockout);
  EXPECT_EQ(d[0].tablets_on_hand, 0 + 82);
  EXPECT_EQ(w.clinic->drug_dispensed(0), 30);
  EXPECT_EQ(w.clinic->drug_dispensed(1), 18);
  EXPECT_EQ(w.clinic->drug_dispensed(2), 0);
  EXPECT_EQ(w.clinic->drug_on_hand(0), 30 + 5 - 30);
  EXPECT_EQ(w.clinic->drug_on_hand(1), 100 + 10 - 18);
  EXPECT_EQ(w.clinic->drug_on_hand(2), 0);
  EXPECT_EQ(d[1].tablets_on_hand, 5 + 92);
  EXPECT_FALSE(d[1].stockout);
  EXPECT_EQ(w.clinic->drug_patients_on(0, 0), 3u);
  EXPECT_EQ(w.clinic->drug_patients_on(0, 1), 3u);
  EXPECT_EQ(w.clinic->drug_patients_on(0, 2), 1u);
  EXPECT_TRUE(w.clinic->ledger_balances());
}

// Rationing in two steps: 20 tablets a visit, 15 from day 1, 5 from day 3; one patient a day.
// Getting the rationed amount is not a stockout.
TEST(FeverClinic, RationingInSeveralStepsSetsTabletsPerVisitByDay) {
  auto p = base_clinic();
  care::DrugSupply s;
  s.drug = 0;
  s.initial_tablets = 1000;
  s.tablets_per_visit = 20;
  s.tablets_per_visit.set_from(1, 15);
  s.tablets_per_visit.set_from(3, 5);
  p.drugs = {s};
  EXPECT_EQ(s.tablets_per_visit.at(0), 20);
  EXPECT_EQ(s.tablets_per_visit.at(2), 15);
  EXPECT_EQ(s.tablets_per_visit.at(100), 5);
  World w(p, 5, {care::DrugInfo{"ibuprofen", 20, 1.0, {}}});
  for (int day = 0; day < 5; ++day)
    w.arrive_at(day * 1440 + 600, care::FeverPatient{false, false, 1});
  w.sim.run_until(5 * 1440);
  w.clinic->finish();
  const std::int64_t expected[] = {20, 15, 15, 5, 5};
  for (std::size_t day = 0; day < 5; ++day) {
    EXPECT_EQ(w.clinic->days()[day].tablets_dispensed, expected[day]) << "day " << day;
    EXPECT_FALSE(w.clinic->days()[day].stockout) << "day " << day;
  }
  EXPECT_EQ(w.clinic->days()[4].tablets_on_hand, 1000 - 60);
}

// The queue peak is the longest line of the day (the patient in service not counted), and the
// run's peak the largest over days. Day 0: five at once with one doctor, so four wait. Day 1: two
// at 10:00 (one waits), two more at 10:05 while the first is still in service (three wait).
TEST(FeverClinic, QueuePeakIsTheLongestLineOfTheDay) {
  auto p = base_clinic();
  World w(p);
  for (int i = 0; i < 5; ++i) w.arrive_at(100);
  for (int i = 0; i < 2; ++i) w.arrive_at(1440 + 600);
  for (int i = 0; i < 2; ++i) w.arrive_at(1440 + 605);
  w.sim.run_until(2 * 1440);
  EXPECT_EQ(w.clinic->days()[0].queue_peak, 4u);
  EXPECT_EQ(w.clinic->days()[1].queue_peak, 3u);
  EXPECT_EQ(w.totals.queue_peak, 4u);
}
