"""Shared fixtures: the repository, the CLI built beside the module, temporary folders."""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(os.environ.get("SURGESIM_ROOT", pathlib.Path(__file__).resolve().parents[2]))
CLI = os.environ.get("SURGESIM_CLI", str(ROOT / "build" / "bin" / "surgesim"))
SCENARIOS = ROOT / "scenarios"


def cli(*args, check=True):
    """Runs the surgesim CLI; returns the CompletedProcess (text)."""
    p = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError(f"surgesim {' '.join(map(str, args))}: exit {p.returncode}\n"
                             f"{p.stderr}")
    return p


@pytest.fixture
def scenarios():
    return SCENARIOS
