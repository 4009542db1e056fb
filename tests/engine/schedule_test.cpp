#include "surgesim/engine/schedule.hpp"

#include <gtest/gtest.h>

namespace eng = surgesim::engine;

TEST(Schedule, StepsHoldFromTheirDayOn) {
  eng::Schedule<int> s = 20;
  s.set_from(3, 10);
  s.set_from(7, 5);
  EXPECT_EQ(s.at(0), 20);
  EXPECT_EQ(s.at(2), 20);
  EXPECT_EQ(s.at(3), 10);
  EXPECT_EQ(s.at(6), 10);
  EXPECT_EQ(s.at(100), 5);
  EXPECT_EQ(s.max_written(), 20);
  EXPECT_THROW(s.set_from(7, 1), std::invalid_argument);  // days must increase
  eng::Schedule<int> t = 20;
  t.set_from(0, 8);  // a step on day 0 replaces the initial value
  EXPECT_EQ(t.at(0), 8);
  EXPECT_TRUE(t.constant());
}

TEST(Schedule, AnAdjustmentHoldsForItsSpanThenTheScheduleAsWrittenResumes) {
  eng::Schedule<int> s = 20;
  s.set_from(5, 10);
  const std::size_t h = s.adjust(3, eng::Schedule<int>::kOpen, eng::AdjustOp::kSet, 4);
  EXPECT_EQ(s.at(2), 20);
  EXPECT_EQ(s.at(3), 4);
  EXPECT_EQ(s.at(9), 4);
  s.end_adjustment(h, 8);  // released: from day 8 the written value (10) again
  EXPECT_EQ(s.at(7), 4);
  EXPECT_EQ(s.at(8), 10);
  EXPECT_EQ(s.written_at(4), 20);
  s.end_adjustment(h, 20);  // a later end does not lengthen it
  EXPECT_EQ(s.at(9), 10);
}

TEST(Schedule, ScaleAndAddFollowTheWrittenValueAndComposeInOrder) {
  eng::Schedule<int> s = 10;
  s.set_from(4, 20);
  s.set_bounds(0, 25);
  s.adjust(2, 6, eng::AdjustOp::kScale, 1.5);
  EXPECT_EQ(s.at(3), 15);
  EXPECT_EQ(s.at(4), 25);  // 30 kept within the bound
  s.adjust(3, 6, eng::AdjustOp::kAdd, -20);
  EXPECT_EQ(s.at(3), 0);  // (10 * 1.5) - 20 = -5, kept at 0
  EXPECT_EQ(s.at(6), 20);
  eng::Schedule<double> d = 0.5;
  d.adjust(1, 2, eng::AdjustOp::kScale, 0.5);
  EXPECT_DOUBLE_EQ(d.at(1), 0.25);
  eng::Schedule<bool> b = false;
  b.adjust(2, eng::Schedule<bool>::kOpen, eng::AdjustOp::kSet, 1);
  EXPECT_FALSE(b.at(1));
  EXPECT_TRUE(b.at(2));
}

TEST(Schedule, IntegralValuesRoundHalvesAwayFromZero) {
  eng::Schedule<int> s = 3;
  s.adjust(0, 1, eng::AdjustOp::kScale, 1.5);  // 4.5 doctors: 5
  EXPECT_EQ(s.at(0), 5);
  eng::Schedule<int> t = 3;
  t.adjust(0, 1, eng::AdjustOp::kScale, 1.4);  // 4.2: 4
  EXPECT_EQ(t.at(0), 4);
}
