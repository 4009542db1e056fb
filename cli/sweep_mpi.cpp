#include "sweep_mpi.hpp"

#include <mpi.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>

namespace surgesim::cli::mpi {

namespace {
constexpr int kReady = 1, kRow = 2, kWork = 3, kStop = 4;
void finalize() {
  int done = 0;
  MPI_Finalized(&done);
  if (!done) MPI_Finalize();
}
}  // namespace

void init() {
  int ready = 0;
  MPI_Initialized(&ready);
  if (ready) return;
  MPI_Init(nullptr, nullptr);
  std::atexit(finalize);
}

int rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int size() {
  int n = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

int share_status(int status) {
  MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return status;
}

int combine_status(int status) {
  int worst = status;
  MPI_Allreduce(&status, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return worst;
}

std::size_t coordinate(const std::vector<std::pair<std::size_t, std::size_t>>& todo,
                       const std::function<void(const std::string&)>& on_row,
                       const std::function<bool()>& stop) {
  std::size_t next = 0, done = 0;
  int working = size() - 1;
  std::string row;
  while (working > 0) {
    MPI_Status st;
    MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
    int length = 0;
    MPI_Get_count(&st, MPI_CHAR, &length);
    row.assign(static_cast<std::size_t>(length), '\0');
    MPI_Recv(row.data(), length, MPI_CHAR, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    if (st.MPI_TAG == kRow) {
      on_row(row);
      ++done;
    }
    if (next < todo.size() && !stop()) {
      const std::array<std::uint64_t, 2> job = {todo[next].first, todo[next].second};
      ++next;
      MPI_Send(job.data(), 2, MPI_UINT64_T, st.MPI_SOURCE, kWork, MPI_COMM_WORLD);
    } else {
      MPI_Send(nullptr, 0, MPI_UINT64_T, st.MPI_SOURCE, kStop, MPI_COMM_WORLD);
      --working;
    }
  }
  return done;
}

void work(const std::function<std::string(std::size_t, std::size_t)>& run) {
  MPI_Send(nullptr, 0, MPI_CHAR, 0, kReady, MPI_COMM_WORLD);
  for (;;) {
    std::array<std::uint64_t, 2> job{};
    MPI_Status st;
    MPI_Recv(job.data(), 2, MPI_UINT64_T, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
    if (st.MPI_TAG == kStop) return;
    std::string row;
    try {
      row = run(job[0], job[1]);
    } catch (const std::exception& e) {  // rank 0 would wait for this row for ever
      std::fprintf(stderr, "surgesim: rank %d: %s\n", rank(), e.what());
      MPI_Abort(MPI_COMM_WORLD, 1);
    }
    MPI_Send(row.data(), static_cast<int>(row.size()), MPI_CHAR, 0, kRow, MPI_COMM_WORLD);
  }
}

}  // namespace surgesim::cli::mpi
