"""surgesim from Python: load a scenario, run it, compare variants and sweep parameters; results
come back as pandas DataFrames holding exactly the CLI's numbers.

    import surgesim
    s = surgesim.load("scenarios/fengtai-majiabao.yaml", set={"clinics[0].doctors": 3})
    r = s.run(seed=7, replications=20)
    r.kpis            # one row per replication
    r.summary         # mean, sd and 95% CI per KPI
    r.series("clinics")
    surgesim.compare("scenarios/beijing-2022-12-no-response.yaml",
                     "scenarios/beijing-lever-beds.yaml", set={"run.scale": 0.05}, replications=10)

Simulation runs with the GIL released; Ctrl-C (or Jupyter's "interrupt kernel") stops a run at
the end of a simulated day and raises KeyboardInterrupt. A scenario that cannot be run raises
surgesim.ScenarioError, located as the CLI locates it.
"""

from ._errors import ScenarioError
from ._api import (
    Comparison,
    Result,
    Scenario,
    Sweep,
    SweepTasks,
    compare,
    load,
    sweep,
    sweep_tasks,
    run_sweep_task,
)
from ._surgesim import version as __version__, commit as __commit__

__all__ = [
    "ScenarioError",
    "Scenario",
    "Result",
    "Comparison",
    "Sweep",
    "SweepTasks",
    "load",
    "compare",
    "sweep",
    "sweep_tasks",
    "run_sweep_task",
]
