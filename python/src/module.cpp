// surgesim._surgesim: the engine and models for Python. Results cross as the very files the CLI
// writes (CSV and JSON text), so the Python side reads the same numbers to the last digit; the
// pandas side is in surgesim/__init__.py.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "interruptible.hpp"
#include "surgesim/run/compare.hpp"
#include "surgesim/run/output_folder.hpp"
#include "surgesim/run/outputs.hpp"
#include "surgesim/run/scenario_run.hpp"
#include "surgesim/run/sweep.hpp"
#include "surgesim/run/sweep_plan.hpp"
#include "surgesim/scenario/scenario.hpp"
#include "surgesim/scenario/scenario_error.hpp"
#include "surgesim/scenario/sweep_design.hpp"

namespace py = pybind11;
namespace sc = surgesim::scenario;
namespace rn = surgesim::run;
using surgesim::python::Cancelled;
using surgesim::python::run_interruptible;

namespace {

// A run: the scenario as run and its replications.
struct Run {
  sc::Scenario scenario;
  std::vector<rn::ReplicationResult> reps;
};

std::vector<std::pair<std::string, std::string>> files_of(const Run& r) {
  return rn::output_files(r.scenario, r.reps);
}

Run run_scenario(const sc::Scenario& s, int threads) {
  return run_interruptible([&](const std::atomic<bool>& stop) {
    auto reps =
        rn::run_replications(s, 0, s.run.replications, threads, [&stop](std::size_t, std::size_t) {
          if (stop) throw Cancelled{};
        });
    return Run{s, std::move(reps)};
  });
}

py::list breaks_of(const Run& r) {
  py::list out;
  for (const rn::BreakSummary& b : rn::summarize_breaks(r.scenario, r.reps)) {
    py::dict d;
    d["pool"] = b.pool;
    d["district"] = b.district;
    d["what"] = b.what;
    d["share"] = b.share;
    d["first_day_mean"] = b.first_day_mean;
    d["days_mean"] = b.days_mean;
    out.append(d);
  }
  return out;
}

// compare.csv of two runs, as `surgesim compare` computes it.
std::string compare_runs(const Run& a, const Run& b, double alpha) {
  const rn::ReplicationTable ta = rn::replication_table(a.scenario, a.reps);
  const rn::ReplicationTable tb = rn::replication_table(b.scenario, b.reps);
  return rn::compare_csv(rn::compare_tables(ta, tb, alpha));
}

// A sweep's text outputs: sweep.csv (rows sorted) and sweep_summary.csv.
py::tuple sweep_texts(const sc::SweepDesign& d, const std::vector<rn::SweepPoint>& points,
                      const std::vector<std::string>& kpis, const std::vector<std::string>& rows) {
  const std::vector<std::string> sorted = rn::sorted_rows(rows);
  std::string text = rn::sweep_header(d, kpis);
  for (const std::string& r : sorted) text += r;
  return py::make_tuple(text, rn::sweep_summary_csv(d, points, kpis, sorted));
}

// A sweep run here, planned and run with the GIL released.
py::tuple sweep(const std::string& file, const std::string& design,
                const std::vector<std::string>& sets, std::optional<std::size_t> replications,
                int threads) {
  std::vector<std::string> rows;
  rn::SweepPlan plan = run_interruptible([&](const std::atomic<bool>& stop) {
    rn::SweepPlan p = rn::plan_sweep(file, design, sets, replications);
    rn::run_sweep(
        p, rn::all_runs(p), threads, [&rows](const std::string& row) { rows.push_back(row); },
        [&stop] { return stop.load(); });
    return p;
  });
  return sweep_texts(plan.design, plan.points, plan.kpis, rows);
}

// The design, its points and the scenario's KPIs, without loading every point.
struct Design {
  sc::SweepDesign design;
  sc::Scenario base;
  std::vector<rn::SweepPoint> points;
};
Design load_design(const std::string& file, const std::string& design,
                   const std::vector<std::string>& sets, std::optional<std::size_t> replications) {
  Design d{sc::load_design(design), sc::load_scenario(file, sets), {}};
  if (replications) d.design.replications = *replications;
  d.points = rn::design_points(d.design, d.base.run.seed);
  return d;
}

// The runs of a sweep, for another scheduler: the header, each point's index and overrides, and
// the replications a point.
py::tuple sweep_tasks(const std::string& file, const std::string& design,
                      const std::vector<std::string>& sets,
                      std::optional<std::size_t> replications) {
  const Design d = load_design(file, design, sets, replications);
  py::list points;
  for (const rn::SweepPoint& p : d.points)
    points.append(py::make_tuple(p.index, rn::point_overrides(d.design, p)));
  return py::make_tuple(rn::sweep_header(d.design, rn::kpi_names(d.base)), points,
                        d.design.replications);
}

// One run of a sweep: its sweep.csv row, exactly as the local sweep writes it.
std::string sweep_task(const std::string& file, const std::string& design,
                       const std::vector<std::string>& sets,
                       std::optional<std::size_t> replications, std::size_t point,
                       std::size_t replication) {
  const Design d = load_design(file, design, sets, replications);
  if (point >= d.points.size()) throw py::index_error("no point " + std::to_string(point));
  if (replication >= d.design.replications)
    throw py::index_error("no replication " + std::to_string(replication));
  std::vector<std::string> o = sets;
  for (const std::string& s : rn::point_overrides(d.design, d.points[point])) o.push_back(s);
  sc::Scenario s = sc::load_scenario(file, o);
  if (rn::kpi_names(s) != rn::kpi_names(d.base))
    throw py::value_error("point " + std::to_string(point) + " changes the scenario's models");
  s.run.threads = 1;
  return run_interruptible([&](const std::atomic<bool>& stop) {
    const rn::ReplicationResult r = rn::run_replication(s, replication, [&stop] {
      if (stop) throw Cancelled{};
    });
    return rn::sweep_row(d.points[point], replication, d.base.run.seed, r.kpis);
  });
}

// A sweep assembled from rows run elsewhere: the same texts as sweep().
py::tuple sweep_assemble(const std::string& file, const std::string& design,
                         const std::vector<std::string>& sets,
                         std::optional<std::size_t> replications,
                         const std::vector<std::string>& rows) {
  const Design d = load_design(file, design, sets, replications);
  return sweep_texts(d.design, d.points, rn::kpi_names(d.base), rows);
}

}  // namespace

PYBIND11_MODULE(_surgesim, m) {
  m.doc() = "surgesim's engine and models (use the surgesim package, not this module)";
  m.attr("version") = rn::surgesim_version();
  m.attr("commit") = rn::git_commit();

  // A ScenarioError crosses as surgesim.ScenarioError (surgesim/_errors.py makes it from the
  // text, the place, the key path, the message and every problem).
  py::register_local_exception_translator([](std::exception_ptr p) {
    const auto raise = [](const std::string& text, const sc::ScenarioError& e) {
      const py::object make = py::module_::import("surgesim._errors").attr("scenario_error");
      const py::object err = make(text, e.where(), e.key_path(), e.message(), e.all());
      PyErr_SetObject(err.get_type().ptr(), err.ptr());
    };
    try {
      if (p) std::rethrow_exception(p);
    } catch (const sc::ScenarioError& e) {
      raise(e.what(), e);
    } catch (const rn::SweepPointError& e) {
      if (e.error) {
        raise(e.what(), *e.error);
      } else {
        PyErr_SetString(PyExc_ValueError, e.what());
      }
    }
  });

  py::class_<sc::Scenario>(m, "Scenario")
      .def_readonly("name", &sc::Scenario::name)
      .def_property_readonly("seed", [](const sc::Scenario& s) { return s.run.seed; })
      .def_property_readonly("replications",
                             [](const sc::Scenario& s) { return s.run.replications; })
      .def_property_readonly("days", [](const sc::Scenario& s) { return s.run.days; })
      .def_property_readonly("threads", [](const sc::Scenario& s) { return s.run.threads; })
      .def_property_readonly("start_date", [](const sc::Scenario& s) { return s.run.start_date; })
      .def_property_readonly("kpi_names", [](const sc::Scenario& s) { return rn::kpi_names(s); })
      .def_readonly("warnings", &sc::Scenario::warnings)
      .def("resolved_yaml", [](const sc::Scenario& s) { return rn::resolved_yaml(s); });

  m.def(
      "load",
      [](const std::string& path, const std::vector<std::string>& sets) {
        return sc::load_scenario(path, sets);
      },
      py::arg("path"), py::arg("sets") = std::vector<std::string>{});

  py::class_<Run>(m, "Run")
      .def_readonly("scenario", &Run::scenario)
      .def("files", &files_of, "every output file (name, text), as the CLI writes them")
      .def("breaks", &breaks_of)
      .def("warnings", [](const Run& r) { return rn::run_warnings(r.scenario, r.reps); })
      .def("write", [](const Run& r, const std::string& out_dir) {
        rn::OutputFolder::check_target(out_dir);
        rn::OutputFolder out(out_dir);
        rn::write_outputs(out, r.scenario, r.reps);
        out.commit();
      });

  m.def("run", &run_scenario, py::arg("scenario"), py::arg("threads"),
        "runs every replication (the GIL released; Ctrl-C stops it)");
  m.def("compare", &compare_runs, py::arg("a"), py::arg("b"), py::arg("alpha") = 0.05);
  m.def("sweep", &sweep, py::arg("file"), py::arg("design"), py::arg("sets"),
        py::arg("replications"), py::arg("threads"));
  m.def("sweep_tasks", &sweep_tasks, py::arg("file"), py::arg("design"), py::arg("sets"),
        py::arg("replications"));
  m.def("sweep_task", &sweep_task, py::arg("file"), py::arg("design"), py::arg("sets"),
        py::arg("replications"), py::arg("point"), py::arg("replication"));
  m.def("sweep_assemble", &sweep_assemble, py::arg("file"), py::arg("design"), py::arg("sets"),
        py::arg("replications"), py::arg("rows"));
}
