// Runs simulation work with the GIL released, on a thread of its own, while the calling (Python)
// thread polls for signals: Ctrl-C (in a terminal or Jupyter's "interrupt kernel") sets `stop`,
// the work ends at its next check, and KeyboardInterrupt is raised.
#pragma once

#include <pybind11/pybind11.h>

#include <atomic>
#include <chrono>
#include <future>

namespace surgesim::python {

/// Thrown by work that saw `stop`.
struct Cancelled {};

template <class Work>
auto run_interruptible(Work&& work) {
  namespace py = pybind11;
  std::atomic<bool> stop{false};
  bool interrupted = false;
  auto done = std::async(std::launch::async, [&] { return work(stop); });
  {
    py::gil_scoped_release release;
    while (done.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
      const py::gil_scoped_acquire gil;
      if (PyErr_CheckSignals() != 0) {
        interrupted = true;
        stop = true;
        break;
      }
    }
    done.wait();
  }
  if (interrupted) {
    try {
      done.get();
    } catch (...) {  // Cancelled, or whatever the work was doing when it stopped
    }
    throw py::error_already_set();
  }
  return done.get();
}

}  // namespace surgesim::python
