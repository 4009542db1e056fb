#pragma once

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <cstddef>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace surgesim::engine {

struct ReplicateOptions {
  std::size_t replications = 1;
  std::size_t first = 0;  ///< the first replication's index (later batches continue the streams)
  int threads = 0;        ///< 0: all available cores
};

/// Runs `run_one(r)` for r = first .. first+replications-1 (results[r - first]) on a oneTBB arena
/// of `threads` threads. Results are stored by replication index, never by thread, so the output is
/// identical for any thread count as long as run_one(r) depends only on r (give it RngStreams{seed,
/// r}).
template <class F>
auto replicate(const ReplicateOptions& options, F&& run_one)
    -> std::vector<std::invoke_result_t<F&, std::size_t>> {
  using Result = std::invoke_result_t<F&, std::size_t>;
  if (options.replications == 0)
    throw std::invalid_argument("replicate: replications must be >= 1");
  if (options.threads < 0) throw std::invalid_argument("replicate: threads must be >= 0");
  std::vector<Result> results(options.replications);
  const int threads =
      options.threads > 0 ? options.threads : oneapi::tbb::info::default_concurrency();
  oneapi::tbb::task_arena arena(threads);
  arena.execute([&] {
    oneapi::tbb::parallel_for(std::size_t{0}, options.replications,
                              [&](std::size_t r) { results[r] = run_one(options.first + r); });
  });
  return results;
}

}  // namespace surgesim::engine
