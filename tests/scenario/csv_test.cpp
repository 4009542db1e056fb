// CSV as surgesim writes and reads it back: text with commas and quotes round-trips.
#include "surgesim/run/csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rn = surgesim::run;

TEST(Csv, WrittenFieldsSplitBackToThemselves) {
  rn::CsvRow row;
  row.integer(3).text("fever_wait_p95_min > 120, held").text("say \"hi\"").real(0.1).text("");
  std::string line = row.line();
  line.pop_back();  // the "\n"
  EXPECT_EQ(line, "3,\"fever_wait_p95_min > 120, held\",\"say \"\"hi\"\"\",0.1,");
  EXPECT_EQ(rn::csv_split(line), (std::vector<std::string>{"3", "fever_wait_p95_min > 120, held",
                                                           "say \"hi\"", "0.1", ""}));
  EXPECT_EQ(rn::csv_split("a"), std::vector<std::string>{"a"});
}
