"""The cohort report: one HTML page of pandas tables and matplotlib charts from the gradebook.

Sections:

1. **Question difficulty** - for every graded cell: points, mean score, share of students at full marks.
2. **Score distribution per week** - a histogram of students' week totals, and a summary table.
3. **Student totals** - each student's score per week and in total (the same numbers as the export).
4. **Most often failed** - the autograded questions failed most often, with the check that failed
   them: the assertion line (from the traceback in ``autograded/``), marked *hidden* when it sits in
   the hidden tests, and the most common failure message. This page is for instructors: it shows
   hidden test code; never give it to learners.

Charts use matplotlib's object API (``Figure``), so building a report changes no global plotting state.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path

import nbformat
import pandas as pd

from curriculum.cohort.export import _week_key, grades_table
from curriculum.cohort.grading import COHORT_DIR, gradebook_url
from curriculum.course.nbgrader_driver import load_config
from curriculum.grading.feedback import BEGIN_HIDDEN, END_HIDDEN

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_ARROW = re.compile(r"^-+>\s*(\d+)\s?(.*)$")


def cell_scores(root: Path, db_url: str | None = None) -> pd.DataFrame:
    """One row per student and graded cell: week, student, notebook, question, kind, score, max_score, needs_manual."""
    from nbgrader.api import Gradebook

    root = Path(root)
    rows = []
    with Gradebook(gradebook_url(root, db_url), load_config(root).CourseDirectory.course_id) as gb:
        for assignment in gb.assignments:
            for sub in gb.assignment_submissions(assignment.name):
                for nb in sub.notebooks:
                    for grade in nb.grades:
                        rows.append({
                            "week": assignment.name, "student": sub.student_id, "notebook": nb.name,
                            "question": grade.name, "kind": "auto" if grade.auto_score is not None else "manual",
                            "score": float(grade.score or 0.0), "max_score": float(grade.max_score or 0.0),
                            "needs_manual": bool(grade.needs_manual_grade),
                        })
    columns = ["week", "student", "notebook", "question", "kind", "score", "max_score", "needs_manual"]
    return pd.DataFrame(rows, columns=columns)


def difficulty(scores: pd.DataFrame) -> pd.DataFrame:
    """Per question: points, students, mean score, its share of the points, share at full marks, answers
    still to grade by hand (they count 0 until graded)."""
    graded = scores[scores.max_score > 0].copy()
    graded["full"] = graded.score >= graded.max_score
    table = graded.groupby(["week", "notebook", "question", "kind"], sort=False).agg(
        points=("max_score", "first"), students=("student", "nunique"), mean_score=("score", "mean"),
        full_marks_share=("full", "mean"), to_grade_by_hand=("needs_manual", "sum"))
    table["mean_share"] = table.mean_score / table.points
    table["to_grade_by_hand"] = table.to_grade_by_hand.astype(int)
    table = table.reset_index()
    table["_order"] = table.week.map(_week_key)
    return table.sort_values(["_order", "mean_share"]).drop(columns="_order").reset_index(drop=True)


def failing_check(cell) -> tuple[str, str, bool]:
    """``(message, failing line, inside hidden tests)`` for a graded code cell that lost points."""
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if not errors:
        streams = [o for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr"]
        return ("output on stderr" if streams else "partial credit", "", False)
    err = errors[-1]
    message = f"{err.get('ename', 'Error')}: {err.get('evalue', '')}".strip().rstrip(":")
    traceback = [_ANSI.sub("", line) for chunk in err.get("traceback", []) for line in chunk.splitlines()]
    line_no, code = None, ""
    # an IPython traceback names the cell before its arrow; the grader's own (test cells run outside the
    # kernel) is only the message and the arrow line
    in_cell = not any(line.startswith(("Cell In[", "Input In [")) for line in traceback)
    for line in traceback:
        if line.startswith("Cell In[") or line.startswith("Input In ["):
            in_cell = True
            continue
        m = _ARROW.match(line.strip()) if in_cell else None
        if m:
            line_no, code = int(m.group(1)), m.group(2).strip()
            break
    hidden = False
    if line_no is not None:
        lines = cell.source.split("\n")
        inside = False
        for number, text in enumerate(lines, start=1):
            if BEGIN_HIDDEN in text:
                inside = True
            elif END_HIDDEN in text:
                inside = False
            if number == line_no:
                hidden = inside
                code = text.strip() or code
                break
    return message[:300], code[:300], hidden


def failures(root: Path, scores: pd.DataFrame) -> pd.DataFrame:
    """One row per autograded cell that lost points, with the failing check read from ``autograded/``."""
    root = Path(root)
    lost = scores[(scores.kind == "auto") & (scores.score < scores.max_score)]
    cache: dict[Path, dict] = {}
    rows = []
    for r in lost.itertuples():
        path = root / "autograded" / r.student / r.week / f"{r.notebook}.ipynb"
        if path not in cache:
            try:
                nb = nbformat.read(str(path), as_version=4)
                cache[path] = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
            except Exception:
                cache[path] = {}
        cell = cache[path].get(r.question)
        message, check, hidden = failing_check(cell) if cell is not None else ("not graded (no autograded notebook)", "", False)
        rows.append({"week": r.week, "notebook": r.notebook, "question": r.question, "student": r.student,
                     "message": message, "check": check, "hidden": hidden})
    return pd.DataFrame(rows, columns=["week", "notebook", "question", "student", "message", "check", "hidden"])


def most_failed(scores: pd.DataFrame, fails: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The ``top`` autograded questions failed most often, each with its commonest failing check and message."""
    if fails.empty:
        return pd.DataFrame(columns=["week", "question", "failed", "of", "failing check", "hidden", "message"])
    totals = scores[scores.kind == "auto"].groupby(["week", "question"]).student.nunique()
    rows = []
    for (week, question), group in fails.groupby(["week", "question"]):
        check, count = Counter(zip(group.check, group.hidden)).most_common(1)[0]
        rows.append({"week": week, "question": question, "failed": group.student.nunique(),
                     "of": int(totals.get((week, question), 0)), "failing check": check[0] or "(no traceback line)",
                     "hidden": "hidden" if check[1] else "visible", "message": Counter(group.message).most_common(1)[0][0]})
    table = pd.DataFrame(rows)
    table["_order"] = table.week.map(_week_key)
    return table.sort_values(["failed", "_order"], ascending=[False, True]).drop(columns="_order").head(top).reset_index(drop=True)


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _distribution_chart(scores: pd.DataFrame) -> str | None:
    from matplotlib.figure import Figure

    week_totals = scores.groupby(["week", "student"]).agg(score=("score", "sum"), max_score=("max_score", "sum")).reset_index()
    weeks = sorted(week_totals.week.unique(), key=_week_key)
    if not weeks:
        return None
    fig = Figure(figsize=(3.2 * len(weeks), 2.6))
    axes = fig.subplots(1, len(weeks), squeeze=False)[0]
    for ax, week in zip(axes, weeks):
        part = week_totals[week_totals.week == week]
        top = float(part.max_score.max() or 1)
        ax.hist(part.score, bins=min(10, max(3, len(part))), range=(0, top), color="#F22F46", edgecolor="white")
        ax.set_title(f"{week} (max {top:g})")
        ax.set_xlabel("score")
        ax.set_ylabel("students")
    return _png(fig)


def _totals_chart(table: pd.DataFrame) -> str | None:
    from matplotlib.figure import Figure

    weeks = [c for c in table.columns if c != "total"]
    if table.empty or not weeks:
        return None
    fig = Figure(figsize=(max(5, 0.35 * len(table) + 2), 3))
    ax = fig.subplots()
    bottom = pd.Series(0.0, index=table.index)
    for week in weeks:
        ax.bar(table.index, table[week], bottom=bottom, label=week)
        bottom += table[week]
    ax.set_ylabel("points")
    ax.set_title("Points per student, stacked by week")
    ax.tick_params(axis="x", labelrotation=90)
    ax.legend(fontsize="small")
    return _png(fig)


def _difficulty_chart(table: pd.DataFrame) -> str | None:
    from matplotlib.figure import Figure

    if table.empty:
        return None
    fig = Figure(figsize=(6, max(2, 0.28 * len(table) + 1)))
    ax = fig.subplots()
    labels = [f"{w} {q}" for w, q in zip(table.week, table.question)]
    ax.barh(labels, table.mean_share * 100, color="#0263E0")
    ax.set_xlim(0, 100)
    ax.set_xlabel("mean score, % of the points")
    ax.invert_yaxis()
    return _png(fig)


def _table(df: pd.DataFrame, percent: tuple[str, ...] = ()) -> str:
    shown = df.copy()
    for col in percent:
        if col in shown:
            shown[col] = (shown[col] * 100).round(0).astype(int).astype(str) + "%"
    return shown.to_html(index=False, float_format=lambda v: f"{v:.2f}", border=0, classes="t", escape=True)


def build_report(root: Path, path: Path | None = None, db_url: str | None = None) -> Path:
    """Write the cohort report (default ``cohort/report.html``); return its path."""
    root = Path(root)
    path = Path(path) if path else root / COHORT_DIR / "report.html"
    scores = cell_scores(root, db_url)
    totals = grades_table(root, db_url)
    diff = difficulty(scores)
    fails = failures(root, scores)
    worst = most_failed(scores, fails)
    pending = int(scores.needs_manual.sum()) if not scores.empty else 0
    week_totals = scores.groupby(["week", "student"]).score.sum().groupby("week").describe()
    week_totals = week_totals.reindex(sorted(week_totals.index, key=_week_key)).reset_index() if not scores.empty else pd.DataFrame()
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(loader=PackageLoader("curriculum.cohort", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    # pandas escapes every cell (student ids, messages); the template escapes every other string
    page = env.get_template("report.html.j2").render(
        students=len(totals), questions=len(diff), generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        pending=pending,
        difficulty_table=Markup(_table(diff, ("mean_share", "full_marks_share"))),
        difficulty_chart=_difficulty_chart(diff),
        distribution_chart=_distribution_chart(scores) if not scores.empty else None,
        week_table=Markup(_table(week_totals.rename(columns={"50%": "median"}).drop(
            columns=["25%", "75%"], errors="ignore"))) if not week_totals.empty else "",
        totals_table=Markup(totals.round(2).reset_index().to_html(index=False, border=0, classes="t", escape=True)),
        totals_chart=_totals_chart(totals),
        failed_table=Markup(_table(worst)) if not worst.empty else "",
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page)
    return path
