"""The course command line: ``curriculum COMMAND`` (or ``python -m curriculum COMMAND``).

Each command is a thin layer over a function the tests call directly.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from curriculum.course.layout import find_root

_root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="The course folder (default: found from the current folder).",
)


def _course_root(root: Path | None) -> Path:
    try:
        return find_root(root)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
@click.version_option(package_name="twilio-pm-system-design-course")
def cli() -> None:
    """Twilio PM system design course: learner, instructor and author tools."""


@cli.command()
@_root_option
@click.argument("weeks", nargs=-1)
def release(root: Path | None, weeks: tuple[str, ...]) -> None:
    """Regenerate release/ from source/ with nbgrader (all weeks and practice, or the WEEKS named)."""
    from curriculum.course.layout import Course
    from curriculum.course.release import write_release

    root = _course_root(root)
    course = Course(root)
    try:
        chosen = [course.require_assignment(w) for w in weeks] or None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="WEEKS") from None
    written = write_release(root, chosen)
    click.echo(f"Released {', '.join(written)} to {course.release_dir}")


@cli.command()
@_root_option
@click.option("--week", "weeks", multiple=True, help="Check only this week (repeatable).")
@click.option("--check", "checks", multiple=True, help="Run only this check (repeatable): "
              "release, static, solutions, blank, wrong, lessons.")
def qa(root: Path | None, weeks: tuple[str, ...], checks: tuple[str, ...]) -> None:
    """Run the course QA and exit non-zero on any finding."""
    from curriculum.course.qa import CHECKS, run_qa

    root = _course_root(root)
    try:
        report = run_qa(root, list(weeks) or None, tuple(checks) or CHECKS)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    click.echo(report.render())
    sys.exit(0 if report.ok else 1)


@cli.command()
@_root_option
@click.option("--workspace", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to put your copy (default: my-work/ in the course folder).")
def workspace(root: Path | None, workspace: Path | None) -> None:
    """Copy new release notebooks into your workspace; never overwrite your work."""
    from curriculum.course.workspace import prepare_workspace

    root = _course_root(root)
    click.echo(prepare_workspace(root, workspace).summary())


# -- learner: self-grading and progress (curriculum/course/selfgrade.py, progress.py) --------------------

_workspace_option = click.option(
    "--workspace", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Your workspace (default: $CURRICULUM_WORKSPACE, else my-work/ in the course folder).")


@cli.command()
@_root_option
@_workspace_option
@click.option("--timeout", "timeout_s", type=float, default=None,
              help="Seconds a cell may run before it is stopped (default: the course's setting).")
@click.argument("week")
def selfgrade(root: Path | None, workspace: Path | None, timeout_s: float | None, week: str) -> None:
    """Grade your own notebooks of WEEK with the full hidden tests (your notebooks are not changed)."""
    from curriculum.course.selfgrade import selfgrade as run_selfgrade

    root = _course_root(root)
    try:
        result = run_selfgrade(root, week, workspace, timeout_s=timeout_s)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="WEEK") from None
    click.echo(result.render())


@cli.command()
@_root_option
@_workspace_option
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to save the chart (default: progress.png in your workspace).")
def progress(root: Path | None, workspace: Path | None, chart: Path | None) -> None:
    """Your progress over the six weeks and the preparation checklist, from your latest self-grades."""
    from curriculum.course.progress import progress as read_progress
    from curriculum.course.progress import write_chart
    from curriculum.course.workspace import default_workspace

    folder = workspace or default_workspace(_course_root(root))
    report = read_progress(folder)
    click.echo(report.render())
    click.echo(f"\nChart: {write_chart(report, chart)}")


@cli.command()
@_root_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the page (default: docs/rubric-calibration.md in the course folder).")
def calibration(root: Path | None, out: Path | None) -> None:
    """Grade the design rubric's calibration set and write docs/rubric-calibration.md (scores per prompt and item)."""
    from curriculum.design.calibration import write_page

    click.echo(f"wrote {write_page(out or _course_root(root) / 'docs' / 'rubric-calibration.md')}")


# Instructor commands (collect, grade, feedback, export, report) live in curriculum.cohort.
from curriculum.cohort.cli import register as _register_cohort  # noqa: E402

_register_cohort(cli)


def main() -> None:
    cli(prog_name="curriculum")
