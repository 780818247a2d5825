"""Mutation score of the library's pure parts: how many planted bugs the fast unit tests catch.

``make mutation`` runs mutmut (``pip install -e ".[mutation]"``, pinned: this script reads mutmut's result
files) over ``curriculum/capacity/``, ``curriculum/feedback/`` and ``curriculum/design/``, one package at a time,
and prints the share of mutants killed per package against the course's aim (90 %, 90 %, 80 %), with the commit
it measured. It is a benchmark, not a pass/fail test, and it is CPU heavy: it runs at ``nice -n 19`` with one
worker process unless ``--jobs`` says more.

Each package is mutated in a throwaway copy of the committed project (``git archive HEAD``: mutmut writes a
``mutants/`` folder next to the code it mutates; the working tree is never touched, and edits in progress in it
do not count). Only that package's fast unit tests and its doctests run against the mutants:
``tests/test_<module>.py`` for each module, plus ``tests/test_<package>*.py``, fastest first
(``bench/mutation_plugin.py``), stopping at the first failure.

    python bench/mutation.py                      # all three packages, every mutant
    python bench/mutation.py capacity --jobs 2    # one package, two mutants at a time
    python bench/mutation.py design --sample 20   # a systematic fifth of the mutants: a quicker estimate
    python bench/mutation.py design --workdir /tmp/mut   # kept in /tmp/mut/design; run again to carry on
    python bench/mutation.py capacity --keep      # keep the copy, with survivors.txt (mutmut results) in it

Sizes on 2026-12-04 (commit 9715601): capacity/ 3,225 mutants, feedback/ 1,269, design/ 9,643 (design/catalog.py
left out). A full run of capacity/ or feedback/ takes minutes on one core; design/ takes hours.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Folders some unit tests read (the published calibration page, the source and release notebooks).
DATA = ("docs", "source", "release")

#: Files left unmutated, and why: design/catalog.py is the prompts' text, built once at import, where mutmut's
#: trampolines never switch a mutant on (every mutant there "survives" whatever the tests do).
DO_NOT_MUTATE = {"design": ["curriculum/design/catalog.py"]}

#: package -> the share of mutants its tests should kill.
AIMS = {"capacity": 0.90, "feedback": 0.90, "design": 0.80}


def unit_tests(package: str, root: Path = ROOT) -> list[str]:
    """The fast unit test files of a package, relative to ``root``: one per module, and its own files."""
    modules = sorted(p.stem for p in (root / "curriculum" / package).glob("*.py") if not p.stem.startswith("_"))
    names = {f"tests/test_{m}.py" for m in modules} | {
        str(p.relative_to(root)) for p in (root / "tests").glob(f"test_{package}*.py")}
    return sorted(n for n in names if (root / n).exists())


def _config(package: str, root: Path) -> str:
    also = [f"curriculum/{p.name}" + ("/" if p.is_dir() else "") for p in sorted((root / "curriculum").iterdir())
            if p.name != package and p.name != "__pycache__"] + [f"{d}/" for d in DATA if (root / d).is_dir()]
    selection = unit_tests(package, root) + [f"curriculum/{package}"]
    lines = ["[mutmut]", f"source_paths = curriculum/{package}/", "use_git_change_detection = false",
             "timeout_multiplier = 5.0",
             ] + (["do_not_mutate ="] + [f"    {p}" for p in DO_NOT_MUTATE[package]] if package in DO_NOT_MUTATE else []) + [
             "also_copy ="] + [f"    {a}" for a in also] + [
             "pytest_add_cli_args = -p no:cacheprovider -p no:xdist -p mutation_plugin -q -m \"not slow\"",
             "pytest_add_cli_args_test_selection ="] + [f"    {s}" for s in selection]
    return "\n".join(lines) + "\n"


def _copy_project(target: Path) -> None:
    """The committed project (``git archive HEAD``), so edits in progress in the working tree do not count.

    Outside a git checkout the working tree is copied instead.
    """
    paths = ["curriculum", "tests", "pyproject.toml", "nbgrader_config.py", *DATA]
    target.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD", *paths], cwd=ROOT, capture_output=True)
    if archive.returncode == 0:
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    else:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
        shutil.copytree(ROOT / "curriculum", target / "curriculum", ignore=ignore)
        shutil.copytree(ROOT / "tests", target / "tests", ignore=ignore)
        for name in ("pyproject.toml", "nbgrader_config.py"):
            shutil.copy2(ROOT / name, target / name)
        for name in DATA:
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, target / name, ignore=ignore)
    # mutmut reads [tool.mutmut] from pyproject.toml before setup.cfg: keep the per-package config in setup.cfg.
    if "[tool.mutmut]" in (target / "pyproject.toml").read_text():
        raise SystemExit("pyproject.toml has a [tool.mutmut] table; bench/mutation.py writes its own config")


#: ``--sample PCT``: mutmut's mutant names end in ``__mutmut_<n>``; a systematic sample keeps the names whose n
#: ends in the digits below (about PCT percent of the mutants, spread over every function with ten or more; the 5%
#: sample, n a multiple of 20, reaches only functions with twenty or more).
SAMPLE_PATTERNS = {5: "*__mutmut_*[02468]0", 10: "*__mutmut_*0", 20: "*__mutmut_*[05]", 50: "*__mutmut_*[02468]"}


def run_package(package: str, keep: bool = False, sample: int | None = None, jobs: int = 1,
                workdir: Path | None = None) -> dict:
    """Mutate one package in a temporary copy; return mutmut's counts and the killed share.

    With ``workdir``, the copy is ``workdir/package`` and is kept: given the same folder again, a run that was
    stopped part way goes on from the mutants it had not yet tried (mutmut keeps each verdict in ``mutants/``),
    against the copy's own commit, written in ``workdir/package/COMMIT``.
    """
    if workdir is not None:
        work, keep = Path(workdir).resolve() / package, True
        resumed = (work / "setup.cfg").is_file()
    else:
        work, resumed = Path(tempfile.mkdtemp(prefix=f"mutation-{package}-")), False
    try:
        if not resumed:
            _copy_project(work)
            (work / "setup.cfg").write_text(_config(package, work))
            commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
            (work / "COMMIT").write_text(commit.stdout.strip() or "working tree")
        # bench/ on the path for the mutation_plugin (fastest tests first, empty caches; the same tests)
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg",
               "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).resolve().parent),
                                                           os.environ.get("PYTHONPATH")]))}
        mutmut = [sys.executable, "-m", "mutmut"]
        nice = ["nice", "-n", "19"] if shutil.which("nice") else []
        names = [SAMPLE_PATTERNS[sample]] if sample else []
        started = time.perf_counter()
        run = subprocess.run(nice + mutmut + ["run", "--max-children", str(jobs), *names], cwd=work, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - started
        stats = _counts(work, SAMPLE_PATTERNS[sample] if sample else None)
        if run.returncode != 0 or stats["not_checked"] == stats["total"]:
            raise RuntimeError(f"mutmut failed on {package} (exit {run.returncode}); its copy is kept in {work}:\n"
                               f"{run.stderr[-3000:]}")
        tested = stats["total"] - stats.get("skipped", 0) - stats.get("not_checked", 0)
        stats["score"] = (stats["killed"] + stats.get("timeout", 0)) / tested if tested else 0.0
        stats["seconds"] = seconds
        stats["commit"] = (work / "COMMIT").read_text().strip() if (work / "COMMIT").is_file() else "?"
        if keep:
            stats["workdir"] = str(work)
            results = subprocess.run(mutmut + ["results"], cwd=work, env=env, capture_output=True, text=True)
            (work / "survivors.txt").write_text(results.stdout)
        return stats
    except RuntimeError:
        keep = True
        raise
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def _results(work: Path) -> dict[str, int | None]:
    """mutant name -> mutmut's exit code (1 killed, 0 survived, 33 no tests, -24 and 36 timeouts, None not run)."""
    codes = {}
    for meta in (work / "mutants").rglob("*.py.meta"):
        codes.update(json.loads(meta.read_text()).get("exit_code_by_key", {}))
    return codes


def _counts(work: Path, pattern: str | None = None) -> dict:
    """Counts by outcome, from mutmut's own result files (restricted to ``pattern`` for a sample)."""
    import fnmatch

    from mutmut.stats import status_by_exit_code   # mutmut's own reading of its exit codes

    codes = {n: c for n, c in _results(work).items() if pattern is None or fnmatch.fnmatch(n, pattern)}
    stats = {"total": len(codes), "killed": 0, "survived": 0, "no_tests": 0, "skipped": 0, "timeout": 0,
             "not_checked": 0}
    key = {"killed": "killed", "survived": "survived", "no tests": "no_tests", "skipped": "skipped",
           "timeout": "timeout", "not checked": "not_checked", "check was interrupted by user": "not_checked",
           "caught by type check": "killed",
           # the mutant crashed the test process (a signal or a pytest internal error): the tests noticed it
           "segfault": "killed", "suspicious": "killed"}
    for code in codes.values():
        stats[key[status_by_exit_code[code]]] += 1
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", help="any of " + ", ".join(AIMS) + " (default: all)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copies (survivors.txt in each)")
    parser.add_argument("--sample", type=int, choices=sorted(SAMPLE_PATTERNS), metavar="PCT",
                        help="run a systematic sample of about PCT%% of the mutants (5, 10, 20 or 50): a quicker estimate")

    parser.add_argument("--workdir", type=Path, metavar="DIR",
                        help="mutate in DIR/PACKAGE and keep it; given the same DIR again, a stopped run carries on")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="mutants run at once (default 1, so a shared machine keeps a core; 2 on an idle 2-core machine)")

    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be 1 or more; got {args.jobs}")
    unknown = [p for p in args.packages if p not in AIMS]
    if unknown:
        parser.error(f"unknown package {unknown[0]!r}: choose from {', '.join(AIMS)}")
    if args.sample:
        print(f"A {args.sample}% sample of the mutants (mutmut names matching {SAMPLE_PATTERNS[args.sample]}).")
    print(f"{'package':<10} {'mutants':>7} {'killed':>7} {'survived':>8} {'no tests':>8} {'timeout':>7} "
          f"{'killed %':>8} {'aim':>5} {'time':>7}")
    for package in args.packages or AIMS:
        s = run_package(package, keep=args.keep, sample=args.sample, jobs=args.jobs, workdir=args.workdir)
        print(f"{package:<10} {s['total']:>7} {s['killed']:>7} {s['survived']:>8} {s.get('no_tests', 0):>8} "
              f"{s.get('timeout', 0):>7} {s['score']:>8.1%} {AIMS[package]:>5.0%} {s['seconds']:>6.0f}s"
              + f"  commit {s['commit']}" + (f"  ({s['workdir']})" if "workdir" in s else ""), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
