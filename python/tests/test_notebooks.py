"""The notebooks execute headless (jupyter nbconvert --execute), each well inside two minutes."""
import os
import subprocess
import time

import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_the_notebook_executes(notebook, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the notebook's own
    t0 = time.perf_counter()
    p = subprocess.run(["jupyter", "nbconvert", "--to", "notebook", "--execute",
                        "--ExecutePreprocessor.timeout=300", "--output-dir", str(tmp_path),
                        str(notebook)], capture_output=True, text=True, env=env, cwd=ROOT)
    assert p.returncode == 0, p.stderr[-4000:]
    assert (tmp_path / notebook.name).exists()
    assert time.perf_counter() - t0 < 120, "over two minutes"
