"""Shared fixtures: the project root, and a small toy course built with the authoring factories."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from curriculum.course import authoring as a
from curriculum.course.nbgrader_driver import ensure_tools_on_path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _tools_on_path():
    ensure_tools_on_path()


@pytest.fixture
def project_root() -> Path:
    return PROJECT_ROOT


#: Programs a fast test must not start (see _is_slow_command).
_SLOW_PROGRAM = re.compile(r"^(jupyter(-\w+)?|nbgrader|chromium|chrome|playwright|make|node)$")
_SLOW_CURRICULUM = {"selfgrade", "qa", "release", "grade", "feedback", "collect", "demo-cohort"}


def _is_slow_command(argv: list[str]) -> bool:
    """A kernel, nbgrader, JupyterLab, a browser, make, or a `curriculum` command that runs nbgrader."""
    names = [Path(a).name for a in argv]
    if any(_SLOW_PROGRAM.match(n) for n in names[:1]) or any(n.startswith("ipykernel") for n in names):
        return True
    for i, name in enumerate(names[:-1]):
        module = names[i + 1] if name == "-m" else None
        if module and module.split(".")[0] in {"jupyter", "nbgrader", "playwright", "jupyterlab"}:
            return True
        if (name == "curriculum" or module in {"curriculum", "curriculum.cli"}) and any(
                later in _SLOW_CURRICULUM for later in names[i + 1:]):
            return True
    return False


@pytest.fixture(autouse=True)
def _slow_work_needs_the_slow_mark(request, monkeypatch):
    """In a run that deselects slow tests (``make test-fast``), a test not marked ``slow`` fails if it starts a
    kernel, runs an nbgrader converter (release, autograde, feedback) or starts one of the commands above."""
    if "not slow" not in (request.config.getoption("markexpr") or "") or request.node.get_closest_marker("slow"):
        yield
        return
    import subprocess

    import jupyter_client.manager
    import nbgrader.converters.base

    caught: list[str] = []
    if "toy_course_template" in request.fixturenames:   # session-scoped: released with nbgrader before this runs
        caught.append("the toy course (released by nbgrader) was used")

    def refuse(what):
        caught.append(what)
        raise RuntimeError(f"{what} in a test not marked slow: add @pytest.mark.slow (or pytestmark)")

    async def no_kernel(self, *args, **kwargs):
        refuse("a kernel started")

    def no_converter(self, *args, **kwargs):
        refuse(f"nbgrader {type(self).__name__} ran")

    real_popen_init = subprocess.Popen.__init__

    def checked_popen(self, args, *rest, **kwargs):
        argv = args.split() if isinstance(args, str) else [str(a) for a in args]
        if _is_slow_command(argv):
            refuse(f"`{' '.join(argv)[:120]}` started")
        real_popen_init(self, args, *rest, **kwargs)

    monkeypatch.setattr(jupyter_client.manager.KernelManager, "_async_launch_kernel", no_kernel)
    monkeypatch.setattr(nbgrader.converters.base.BaseConverter, "start", no_converter)
    monkeypatch.setattr(subprocess.Popen, "__init__", checked_popen)
    yield
    if caught:
        pytest.fail(f"{caught[0]} in a test not marked slow: mark it @pytest.mark.slow", pytrace=False)


def toy_assignment():
    """One graded question (2 points, with a planted unit slip) and one hand-graded task."""
    return a.new_notebook([
        a.markdown("# Toy week\nHow many new calls per second keep 10,000 calls of 180 s going?", grade_id="toy_intro"),
        a.answer("rate_answer", "", "rate_per_s = 10_000 / 180",
                 wrong=[("hold time taken in minutes", "rate_per_s = 10_000 / 3")]),
        a.tests("rate_littles_law", 2, "Arrival rate from Little's law, calls per second",
                "assert type(rate_per_s) is float, 'rate_per_s should be a number'",
                "assert abs(rate_per_s - 10_000 / 180) < 0.5, 'rate_per_s is off'"),
        a.written_task("toy_design_narrative", 3, "Explain your design in three sentences.",
                       "- 1 point: states the user\n- 2 points: names a trade-off with a number"),
        a.markdown("Your answer here."),
    ])


def toy_lesson():
    return a.new_notebook([a.markdown("# Toy lesson"), a.code("x = 1 + 1\nprint(x)")])


def build_toy_course(root: Path) -> Path:
    """A course folder with the real nbgrader config and header, and one toy week, released."""
    (root / "source" / "week1").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "nbgrader_config.py", root)
    shutil.copy(PROJECT_ROOT / "source" / "header.ipynb", root / "source")
    nbformat.write(toy_assignment(), str(root / "source" / "week1" / "assignment.ipynb"))
    nbformat.write(toy_lesson(), str(root / "source" / "week1" / "lesson.ipynb"))
    from curriculum.course.release import write_release

    write_release(root)
    return root


@pytest.fixture(scope="session")
def toy_course_template(tmp_path_factory) -> Path:
    return build_toy_course(tmp_path_factory.mktemp("toy") / "course")


@pytest.fixture
def toy_course(toy_course_template, tmp_path) -> Path:
    """A fresh copy of the released toy course that a test may break."""
    target = tmp_path / "course"
    shutil.copytree(toy_course_template, target)
    return target
