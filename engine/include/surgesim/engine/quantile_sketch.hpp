#pragma once

#include <cstdint>
#include <vector>

namespace surgesim::engine {

/// Quantiles of a stream without keeping the samples (a DDSketch: logarithmic buckets).
///
/// Error bound: for q in [0, 1] let x be the exact sample quantile of rank floor(q * (n - 1))
/// (0-based, in sorted order). quantile(q) returns v with |v - x| <= relative_accuracy() * |x|, for
/// every |x| >= kMinIndexable; smaller magnitudes are reported as 0. Memory grows with
/// log(max/min), not n.
class QuantileSketch {
 public:
  static constexpr double kMinIndexable = 1e-9;

  /// relative_accuracy in (0, 0.5]; 0.005 keeps p99 of a wait within 0.5% of the exact value.
  explicit QuantileSketch(double relative_accuracy = 0.005);

  /// Adds one observation (must not be NaN or infinite).
  void add(double x);
  /// Adds all observations of another sketch with the same accuracy.
  void merge(const QuantileSketch& other);

  std::uint64_t count() const noexcept { return n_; }
  double relative_accuracy() const noexcept { return alpha_; }
  /// The q-quantile (q in [0, 1]); NaN when empty.
  double quantile(double q) const;

 private:
  struct Store {
    std::vector<std::uint64_t> counts;
    int offset = 0;  // bucket index of counts[0]
    void add(int index);
    void merge(const Store& o);
  };
  int index_of(double magnitude) const;
  double value_of(int index) const;

  double alpha_;
  double gamma_;
  double log_gamma_;
  Store positive_;
  Store negative_;  // by magnitude
  std::uint64_t zeros_ = 0;
  std::uint64_t n_ = 0;
  double min_;
  double max_;
};

}  // namespace surgesim::engine
