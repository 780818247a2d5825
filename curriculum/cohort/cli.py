"""The instructor's commands: ``curriculum collect | grade | feedback | export | report``.

Thin click wrappers over the functions in this package; ``register(cli)`` adds them to the
course's ``curriculum`` group. Every command takes ``--root`` (the course folder, found from the
current folder by default) and ``--db-url`` (default: the course's gradebook, i.e.
``COURSE_GRADEBOOK_URL`` or ``gradebook.db``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from curriculum.cohort.grading import DEFAULT_MEMORY_MB, DEFAULT_SUBMISSION_TIMEOUT_S
from curriculum.course.layout import find_root

_root_option = click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
                            help="The course folder (default: found from the current folder).")
_db_option = click.option("--db-url", default=None, metavar="URL",
                          help="Gradebook URL (default: $COURSE_GRADEBOOK_URL, else gradebook.db in the course).")


def _root(root: Path | None) -> Path:
    try:
        return find_root(root)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None


def _week(root: Path, week: str) -> str:
    from curriculum.course.layout import Course

    try:
        return Course(root).require_week(week)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="WEEK") from None


@click.command()
@_root_option
@_db_option
@click.argument("week")
@click.option("--zip", "zip_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The bulk download from the LMS (a .zip of every learner's files).")
@click.option("--style", type=click.Choice(["auto", "canvas", "moodle"]), default="auto", show_default=True,
              help="How the LMS names files (auto: whichever matches most names).")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CSV with columns lms_id,student_id mapping LMS user ids to course student ids.")
def collect(root, db_url, week, zip_path, style, roster):
    """Import an LMS download for WEEK into submitted/ (the latest file per student and notebook wins)."""
    from curriculum.cohort.collect import collect_zip

    root = _root(root)
    _week(root, week)
    try:
        report = collect_zip(root, week, zip_path, style, roster, db_url)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(report.render())
    click.echo(f"Every file and its outcome: {root / 'cohort' / f'collect-{week}.csv'}")


@click.command()
@_root_option
@_db_option
@click.argument("week")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Submissions graded at once (default: one per core).")
@click.option("--student", "students", multiple=True, help="Grade only this student (repeatable).")
@click.option("--cell-timeout", type=click.FloatRange(min=1), default=None,
              help="Seconds a cell may run (default: Execute.timeout in nbgrader_config.py).")
@click.option("--submission-timeout", type=click.FloatRange(min=1), default=DEFAULT_SUBMISSION_TIMEOUT_S,
              show_default=True, help="Wall-clock seconds for one submission before it is stopped and reported.")
@click.option("--memory-mb", type=click.IntRange(min=256), default=DEFAULT_MEMORY_MB, show_default=True,
              help="Memory limit of each student's kernel and everything it starts, MB.")
@click.option("--no-sandbox", is_flag=True,
              help="Run student code without the bubblewrap sandbox (it can then read and change what you can).")
def grade(root, db_url, week, workers, students, cell_timeout, submission_timeout, memory_mb, no_sandbox):
    """Autograde every submission of WEEK in parallel, each in a sandbox (safe to run again)."""
    from curriculum.cohort.grading import default_workers, find_submissions, grade_week
    from curriculum.grading.sandbox import SandboxUnavailable

    root = _root(root)
    _week(root, week)
    if no_sandbox:
        click.secho("Warning: --no-sandbox: each submission's code runs with your rights. It can read the "
                    "solutions and the gradebook, change files and reach the network. The checks still run "
                    "outside the student's code. This run is marked in the grading log.", fg="yellow", err=True)
    total = len(students) or len(find_submissions(root, week))
    click.echo(f"Grading {total} submission(s) of {week} with {workers or default_workers()} workers...")
    on_terminal = sys.stdout.isatty()
    with click.progressbar(length=max(total, 1), label="Grading", show_eta=True, show_pos=True,
                           item_show_func=lambda r: f"{r.student}: {r.status}" if r else "") as bar:
        def advance(result, done, total_, eta_s):
            bar.update(1, result)
            if not on_terminal:  # click draws nothing in a log file: one line per submission instead
                click.echo(f"[{done}/{total_}] {result.student}: {result.status} "
                           f"({int(eta_s // 60)}:{int(eta_s % 60):02d} left)")

        try:
            run = grade_week(root, week, workers=workers, db_url=db_url, students=list(students) or None,
                             cell_timeout_s=cell_timeout, submission_timeout_s=submission_timeout,
                             memory_mb=memory_mb, sandbox=not no_sandbox, on_result=advance)
        except SandboxUnavailable as exc:
            raise click.ClickException(f"{exc} To grade anyway without it, pass --no-sandbox.") from None
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(run.render())
    if any(not r.ok for r in run.results):
        sys.exit(1)


@click.command()
@_root_option
@_db_option
@click.argument("week")
def feedback(root, db_url, week):
    """Write nbgrader feedback (HTML) for every graded student of WEEK; fail if hidden tests show."""
    from curriculum.cohort.feedback import feedback_week

    root = _root(root)
    _week(root, week)
    run = feedback_week(root, week, db_url)
    click.echo(run.render())
    if run.leaks:
        sys.exit(1)


@click.command()
@_root_option
@_db_option
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="CSV file to write (default: cohort/grades.csv in the course).")
def export(root, db_url, output):
    """Write grades as CSV: one row per student, a column per week and the total."""
    from curriculum.cohort.export import export_grades

    path = export_grades(_root(root), output, db_url)
    click.echo(f"Grades: {path}")


@click.command()
@_root_option
@_db_option
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write (default: cohort/report.html in the course).")
def report(root, db_url, output):
    """Write the cohort report (HTML): question difficulty, distributions, totals, most failed tests."""
    from curriculum.cohort.report import build_report

    path = build_report(_root(root), output, db_url)
    click.echo(f"Report: {path}")


COMMANDS = (collect, grade, feedback, export, report)


def register(group: click.Group) -> None:
    """Add the instructor commands to the ``curriculum`` click group."""
    for command in COMMANDS:
        group.add_command(command)
