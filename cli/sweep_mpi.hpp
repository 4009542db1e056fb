// A sweep's runs handed out over MPI ranks (Debian's Open MPI): rank 0 keeps the folder and hands
// runs out one at a time as ranks ask (dynamic), the other ranks run them and send their rows back.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace surgesim::cli::mpi {

/// MPI_Init, once; MPI_Finalize at exit.
void init();
int rank();
int size();
/// Rank 0's `status` (0: go on) on every rank.
int share_status(int status);
/// The worst (largest) of every rank's `status`, on every rank.
int combine_status(int status);
/// Rank 0: hands `todo` out to ranks 1..size-1, calling `on_row` with each row as it comes back
/// and `on_done` after; stops handing out when `stop()` says so. Returns the runs done.
std::size_t coordinate(const std::vector<std::pair<std::size_t, std::size_t>>& todo,
                       const std::function<void(const std::string&)>& on_row,
                       const std::function<bool()>& stop);
/// Ranks 1..: runs what rank 0 hands out (`run(point, replication)` gives the row) until told to
/// stop.
void work(const std::function<std::string(std::size_t, std::size_t)>& run);

}  // namespace surgesim::cli::mpi
