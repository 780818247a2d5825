"""`make mutation`'s machinery (bench/mutation.py and its test-order plugin): the right tests, mutmut's own verdicts
read from the files mutmut 3.8.1 writes, and one real sampled run that prints its figure."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
import mutation  # noqa: E402  (bench/ is not a package)
import mutation_plugin  # noqa: E402


def test_each_package_is_tested_by_its_own_unit_tests():
    """The selection is the package's own test files, and a module's test file is found by its name."""
    assert "tests/test_traffic.py" in mutation.unit_tests("capacity")
    assert "tests/test_feedback.py" in mutation.unit_tests("feedback")
    assert "tests/test_design_rubric.py" in mutation.unit_tests("design")
    assert not any("selfgrade" in t or "lab" in t for p in mutation.AIMS for t in mutation.unit_tests(p))


def test_the_config_mutates_one_package_and_runs_only_fast_tests(tmp_path):
    config = mutation._config("design", PROJECT_ROOT)
    assert "source_paths = curriculum/design/" in config
    assert '-m "not slow"' in config and "-p mutation_plugin" in config
    assert "curriculum/design/catalog.py" in config  # left unmutated, with its reason in DO_NOT_MUTATE
    assert "    curriculum/capacity/" in config and "    curriculum/design/" not in config.split("also_copy")[1].split(
        "pytest_add_cli_args")[0]


def test_jobs_and_packages_are_checked_before_any_work(capsys):
    with pytest.raises(SystemExit):
        mutation.main(["--jobs", "0", "feedback"])
    assert "--jobs must be 1 or more; got 0" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        mutation.main(["grading"])
    assert "unknown package 'grading'" in capsys.readouterr().err


def test_the_order_plugin_runs_the_fastest_timed_tests_first(tmp_path, monkeypatch):
    (tmp_path / "mutmut-stats.json").write_text('{"duration_by_test": {"t::slow": 3.0, "t::fast": 0.001, "t::mid": 0.2}}')
    monkeypatch.chdir(tmp_path)
    mutation_plugin._durations.cache_clear()
    items = [SimpleNamespace(nodeid=n) for n in ("t::slow", "t::untimed", "t::mid", "t::fast")]
    mutation_plugin.pytest_collection_modifyitems(None, None, items)
    assert [i.nodeid for i in items] == ["t::fast", "t::mid", "t::slow", "t::untimed"]
    mutation_plugin._durations.cache_clear()


def test_the_plugin_empties_the_librarys_caches_before_each_run():
    """A cache filled while mutmut collected the tests would answer from unmutated code (rubric's keyword
    patterns did, until this): every run starts with the curriculum's caches empty."""
    from curriculum.design import rubric

    rubric._keyword_pattern("per second")
    assert rubric._keyword_pattern.cache_info().currsize > 0
    assert mutation_plugin.clear_caches() >= 2  # rubric's two, and the catalog's
    assert rubric._keyword_pattern.cache_info().currsize == 0
    items = []
    rubric._keyword_pattern("per second")
    mutation_plugin.pytest_collection_modifyitems(None, None, items)
    assert rubric._keyword_pattern.cache_info().currsize == 0


def test_mutmut_is_the_pinned_version_whose_files_are_read():
    """bench/mutation.py reads mutmut's exit codes (mutmut.stats.status_by_exit_code) and result files, and the plugin
    its stats file: internal names, so the version is pinned in pyproject.toml and checked here."""
    from importlib.metadata import version

    pin = re.search(r'"mutmut==([\d.]+)"', (PROJECT_ROOT / "pyproject.toml").read_text())
    assert pin, "pyproject.toml must pin mutmut (==): bench/mutation.py reads its internal files"
    assert version("mutmut") == pin.group(1)
    from mutmut.stats import status_by_exit_code

    assert (status_by_exit_code[1], status_by_exit_code[0], status_by_exit_code[33]) == ("killed", "survived",
                                                                                          "no tests")


@pytest.mark.slow
def test_a_sampled_run_prints_mutmuts_figure(tmp_path):
    """`bench/mutation.py feedback --sample 5 --keep` mutates a throwaway copy, prints one row whose counts add up,
    and writes nothing into the project (mutmut's mutants/ and setup.cfg stay in the copy); the kept copy holds the files the plugin and the counts read."""
    run = subprocess.run([sys.executable, str(PROJECT_ROOT / "bench" / "mutation.py"), "feedback", "--sample", "5",
                          "--keep", "--jobs", "2"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    row = re.search(r"^feedback\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)%\s+90%\s+\d+s\s+commit (\w+)\s+\((.+)\)$",
                    run.stdout, re.M)
    assert row, run.stdout
    total, killed, survived, no_tests, timeout = map(int, row.groups()[:5])
    assert total > 20 and killed > 0 and killed + survived + no_tests + timeout == total
    assert float(row.group(6)) == pytest.approx(100 * (killed + timeout) / (total - 0), abs=0.1)
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert row.group(7) == head.stdout.strip()  # the figure names the commit it measured
    work = Path(row.group(8))
    try:
        assert (work / "mutants" / "mutmut-stats.json").is_file()
        assert "duration_by_test" in (work / "mutants" / "mutmut-stats.json").read_text()
        assert list((work / "mutants").rglob("*.py.meta"))
    finally:
        subprocess.run(["rm", "-rf", str(work)])
    assert not (PROJECT_ROOT / "mutants").exists() and not (PROJECT_ROOT / "setup.cfg").exists()
