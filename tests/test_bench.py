"""`make bench` as the README tells an instructor and an author to run it (smaller sizes, the same scripts)."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.conftest import PROJECT_ROOT


@pytest.mark.slow
def test_make_bench_prints_every_figure():
    """Each of the four benchmarks runs to the end and prints its figure: the Erlang B timings, the learner's hot
    paths against their test bounds, the Self-grade button's press times, and the cohort grader against plain
    nbgrader with identical scores (bench_grading exits 1 when any cell's score differs)."""
    done = subprocess.run(["make", "-s", "bench", "BENCH_STUDENTS=2", "BENCH_RUNS=1"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=1200)
    out = done.stdout
    assert done.returncode == 0, out[-3000:] + done.stderr[-3000:]
    assert re.search(r"erlang_b\(10_000, +10,300\) +[\d.]+ us +B = 4\.571e-05", out), out[:2000]
    assert re.search(r"progress: read and render six weeks x 40 questions +[\d.]+ ms", out)
    assert re.search(r"next 1 presses: [\d.]+ s; median [\d.]+ s", out)
    assert "Synthetic cohort: 2 students" in out
    assert re.search(r"ratio +: [\d.]+x faster \(sandbox on\)", out)
    assert re.search(r"scores +: identical over \d+ graded cells", out)
