"""Progress across the six weeks, read from the latest self-grade results (JSON only, so it is quick).

``curriculum progress`` in a terminal, or ``show()`` in a notebook, gives for each
week the questions attempted and passed and the autograded points earned of
those possible; a matplotlib chart over the six weeks; and the preparation
checklist from the interview guide, each item ticked by the results that
show it. ``curriculum selfgrade weekN`` writes the results this reads
(``my-work/weekN/feedback/selfgrade.json``).

>>> item = CHECKLIST[0]
>>> item.text
'Clarify requirements before designing'
>>> item.evaluate({})
(False, 'self-grade week 1 to check this')
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from curriculum.course.layout import WEEK_PATTERN, find_root
from curriculum.design.calibration import MIDDLING_CEILING
from curriculum.course.selfgrade_results import FEEDBACK_DIR_NAME, RESULTS_NAME, SelfGradeResult
from curriculum.course.workspace import WORKSPACE_NAME

#: The course runs six weeks; weeks not released yet are shown as such.
COURSE_WEEKS = 6
CHART_NAME = "progress.png"


def _week_number(week: str) -> int:
    return int(week[4:])


def where_title(week: str, question) -> str:
    """'week 1, Q9: the opening ...': a question by its week and title, never its grade id."""
    return f"week {_week_number(week)}, {question.title}"


def _short(question) -> str:
    """'Q9' from 'Q9: the opening ...', else the grade id."""
    head = question.title.split(":", 1)[0]
    return head if len(head) <= 10 and head != question.title else question.grade_id


# -- checklist rules: each returns (met, evidence for the learner) ----------------------------------------

@dataclass(frozen=True)
class Passed:
    """Met when every named question (week, grade id) has been self-graded at full points."""

    questions: tuple[tuple[str, str], ...]

    def evaluate(self, results: dict[str, SelfGradeResult]) -> tuple[bool, str]:
        notes, met = [], True
        for week, grade_id in self.questions:
            result = results.get(week)
            found = next((q for q in result.questions if q.grade_id == grade_id), None) if result else None
            if found is None:
                met = False
                where = f"week {_week_number(week)}"
                notes.append(f"self-grade {where} to check this" if result is None
                             else f"a question of {where} that your latest self-grade does not have")
            else:
                met &= found.passed
                notes.append(f"{where_title(week, found)}: {'passed' if found.passed else 'not passed yet'}")
        return met, "; ".join(notes)


_TAG_WORDS = {"design": ("three-layer design answer", "three-layer design answers"),
              "facts": ("question on Twilio platform facts", "questions on Twilio platform facts")}


@dataclass(frozen=True)
class TaggedPassed:
    """Met when questions of a kind (``design``: rubric-graded three-layer answers; ``facts``: questions whose
    checks read the Twilio facts registry) are passed: at least ``min_questions``, across ``min_weeks`` weeks."""

    tag: str
    min_questions: int = 1
    min_weeks: int = 1
    #: When set, a question counts once its share of points is above this (the design rubric's middling band).
    above_share: float | None = None

    def _counts(self, q) -> bool:
        if self.above_share is None:
            return q.passed
        return q.graded_by == "auto" and q.max_score > 0 and q.score / q.max_score > self.above_share + 1e-9

    def evaluate(self, results: dict[str, SelfGradeResult]) -> tuple[bool, str]:
        passed = [(week, q) for week, r in results.items() for q in r.auto if self.tag in q.tags and self._counts(q)]
        weeks = {week for week, _ in passed}
        met = len(passed) >= self.min_questions and len(weeks) >= self.min_weeks
        one, many = _TAG_WORDS.get(self.tag, (f"{self.tag} question", f"{self.tag} questions"))
        need = f"{self.min_questions} {one if self.min_questions == 1 else many}"
        if self.min_weeks > 1:
            need += f" in {self.min_weeks} weeks"
        bar = "at full points" if self.above_share is None else f"above {self.above_share:.0%} of the points"
        done = ("none yet" if not passed else
                f"{len(passed)} so far, in {len(weeks)} week{'s' if len(weeks) != 1 else ''}")
        return met, f"{done}; needs {need} {bar}"


@dataclass(frozen=True)
class WeeksScored:
    """Met when ``min_weeks`` weeks (from ``from_week`` on) earn at least ``min_share`` of their autograded points."""

    min_share: float
    min_weeks: int
    from_week: int = 1

    def evaluate(self, results: dict[str, SelfGradeResult]) -> tuple[bool, str]:
        good = sorted((w for w, r in results.items() if _week_number(w) >= self.from_week and r.possible
                       and r.earned / r.possible >= self.min_share - 1e-9), key=_week_number)
        scope = f" from week {self.from_week} on" if self.from_week > 1 else ""
        shown = ", ".join(good) if good else "none yet"
        return len(good) >= self.min_weeks, (f"weeks at {self.min_share:.0%} or more{scope}: {shown}; "
                                            f"needs {self.min_weeks}")


@dataclass(frozen=True)
class ChecklistItem:
    """One item of the interview guide's preparation checklist, and the results that tick it (all rules met)."""

    key: str
    text: str
    rules: tuple = ()

    def evaluate(self, results: dict[str, SelfGradeResult]) -> tuple[bool, str]:
        outcomes = [rule.evaluate(results) for rule in self.rules]
        return all(met for met, _ in outcomes), "; ".join(note for _, note in outcomes)


#: The interview guide's preparation checklist, each item tied to the questions and weeks that show it.
CHECKLIST = (
    ChecklistItem("clarify", "Clarify requirements before designing",
                  (Passed((("week1", "opening_is_a_real_clarifying_question"),)),)),
    ChecklistItem("three_layers", "Map your 3-layer approach",
                  (TaggedPassed("design", min_questions=1, above_share=MIDDLING_CEILING),)),
    ChecklistItem("scenarios", "Practice Twilio-specific scenarios",
                  (WeeksScored(0.8, min_weeks=3),)),
    ChecklistItem("ted", "Rehearse TED for each component",
                  (Passed((("week1", "ted_decide_names_the_alternative"),)),
                   TaggedPassed("design", min_questions=2, min_weeks=2))),
    ChecklistItem("stack", "Review Twilio's stack",
                  (TaggedPassed("facts", min_questions=3),)),
    ChecklistItem("deep_dive", "Depth in 2-3 deep-dive areas",
                  (WeeksScored(0.9, min_weeks=2, from_week=2),)),
)


# -- progress ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WeekProgress:
    """One week's line: released or not, self-graded or not, and the counts from the latest self-grade."""

    week: str
    status: str  # "graded", "not graded yet", "not released yet", "results unreadable"
    questions: int = 0
    attempted: int = 0
    passed: int = 0
    earned: float = 0.0
    possible: float = 0.0
    graded_at: str = ""

    @property
    def share(self) -> float | None:
        return self.earned / self.possible if self.status == "graded" and self.possible else None


@dataclass
class Progress:
    """Every week's progress and the checklist, ready to print, chart or show in a notebook."""

    workspace: Path
    weeks: list[WeekProgress]
    checklist: list[tuple[ChecklistItem, bool, str]] = field(default_factory=list)

    def render(self) -> str:
        lines = [f"Progress in {self.workspace} (from your latest self-grades)", "",
                 f"{'week':<7} {'status':<22} {'attempted':>9} {'passed':>7} {'points':>14}"]
        for w in self.weeks:
            if w.status != "graded":
                lines.append(f"{w.week:<7} {w.status:<22}")
                continue
            points = f"{w.earned:g}/{w.possible:g} ({w.share:.0%})" if w.possible else "–"
            lines.append(f"{w.week:<7} {'graded ' + w.graded_at[:10]:<22} {f'{w.attempted}/{w.questions}':>9} "
                         f"{f'{w.passed}/{w.questions}':>7} {points:>14}")
        lines += ["", "Preparation checklist (from the interview guide):"]
        for item, ticked, evidence in self.checklist:
            lines.append(f"  [{'x' if ticked else ' '}] {item.text} — {evidence}")
        from curriculum.course import review

        lines += ["", "What to practise next (skills you missed come back after 1, 3, 7 and 14 days):"]
        lines += review.render(self.workspace)
        if not any(w.status == "graded" for w in self.weeks):
            lines += ["", "No self-grades yet: press Self-grade in a week's assignment when you have answered "
                          "some questions (or run `.venv/bin/curriculum selfgrade week1` in the course folder)."]
        return "\n".join(lines)

    def figure(self):
        """A bar chart of autograded points earned per week, over all six weeks (a matplotlib Figure)."""
        from curriculum.widgets.plots import new_figure

        fig, ax = new_figure(8.0, 3.6)
        labels = [w.week for w in self.weeks]
        shares = [(w.share or 0.0) * 100 for w in self.weeks]
        tried = [100 * w.attempted / w.questions if w.status == "graded" and w.questions else 0.0 for w in self.weeks]
        ax.bar(labels, tried, color="#c9dcfb", width=0.8, label="questions attempted, %")
        bars = ax.bar(labels, shares, color="#0263e0", width=0.5, label="autograded points earned, %")
        for bar, w in zip(bars, self.weeks):
            if w.status == "graded":
                text = f"{w.earned:g}/{w.possible:g} pts\n{w.passed}/{w.questions} passed"
                y = max(bar.get_height(), tried[self.weeks.index(w)])
            else:
                text, y = w.status, 0
            ax.annotate(text, (bar.get_x() + bar.get_width() / 2, y), ha="center", va="bottom", fontsize=8,
                        textcoords="offset points", xytext=(0, 3))
        ax.set_ylim(0, 119)
        ax.set_yticks([0, 25, 50, 75, 100])
        ax.set_ylabel("% of the week")
        ax.legend(loc="upper right", fontsize=8, frameon=False)
        ax.set_title("Self-graded progress by week")
        ax.grid(axis="y", alpha=0.3)
        return fig

    def html(self) -> str:
        rows = []
        for w in self.weeks:
            if w.status == "graded":
                points = f"{w.earned:g} of {w.possible:g}" + (f" ({w.share:.0%})" if w.possible else "")
                cells = (w.week, "graded " + w.graded_at[:10], f"{w.attempted} of {w.questions}",
                         f"{w.passed} of {w.questions}", points)
            else:
                cells = (w.week, w.status, "", "", "")
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        items = "".join(
            f"<li>{'☑' if ticked else '☐'} <b>{html.escape(item.text)}</b> "
            f"<span style='color:#666'>— {html.escape(evidence)}</span></li>"
            for item, ticked, evidence in self.checklist)
        return ("<div class='course-progress'><table><tr><th>week</th><th>status</th><th>attempted</th>"
                f"<th>passed</th><th>points</th></tr>{''.join(rows)}</table>"
                f"<p><b>Preparation checklist</b> (from the interview guide)</p>"
                f"<ul style='list-style:none;padding-left:0'>{items}</ul>"
                f"<p><b>What to practise next</b> (skills you missed come back after 1, 3, 7 and 14 days)</p>"
                f"<ul style='padding-left:1.2em'>{self._review_items()}</ul></div>")

    def _review_items(self) -> str:
        from curriculum.course import review

        return "".join(f"<li>{html.escape(line.strip().removeprefix('- '))}</li>"
                       for line in review.render(self.workspace))


def load_results(workspace: Path) -> tuple[dict[str, SelfGradeResult], list[str]]:
    """The latest self-grade results per week in the workspace, and the weeks whose results could not be read."""
    results, unreadable = {}, []
    for path in sorted(Path(workspace).glob(f"week*/{FEEDBACK_DIR_NAME}/{RESULTS_NAME}")):
        week = path.parent.parent.name
        if not WEEK_PATTERN.match(week):
            continue
        try:
            results[week] = SelfGradeResult.from_json(path.read_text())
        except (OSError, ValueError):
            unreadable.append(week)
    return results, unreadable


def progress(workspace: Path, weeks: int = COURSE_WEEKS) -> Progress:
    """Progress for weeks 1 to ``weeks`` (more if the workspace has more) from the saved self-grade results."""
    if type(weeks) is not int or weeks < 1:
        raise ValueError(f"weeks must be an int >= 1; got {weeks!r}")
    workspace = Path(workspace)
    results, unreadable = load_results(workspace)
    released = {p.name for p in workspace.iterdir() if p.is_dir() and WEEK_PATTERN.match(p.name)} \
        if workspace.is_dir() else set()
    count = max([weeks] + [_week_number(w) for w in released | set(results)])
    lines = []
    for n in range(1, count + 1):
        week = f"week{n}"
        r = results.get(week)
        if r is not None:
            lines.append(WeekProgress(week, "graded", len(r.auto), r.attempted, r.passed, r.earned, r.possible,
                                      r.graded_at))
        elif week in unreadable:
            lines.append(WeekProgress(week, "results unreadable"))
        elif week in released:
            lines.append(WeekProgress(week, "not graded yet"))
        else:
            lines.append(WeekProgress(week, "not released yet"))
    checklist = [(item, *item.evaluate(results)) for item in CHECKLIST]
    if workspace.is_dir():
        from curriculum.course.review import sync_selfgrades

        try:
            sync_selfgrades(workspace, results)  # the learner's own review history, kept in the workspace
        except OSError:
            pass
    return Progress(workspace, lines, checklist)


def find_workspace(start: Path | str | None = None) -> Path:
    """The learner's workspace: the nearest folder at or above ``start`` holding week folders, else ``my-work/``.

    A notebook runs in ``my-work/weekN/`` (or ``my-work/practice/``), so its workspace is found from there.
    """
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if folder.name in ("source", "release") or (folder / "nbgrader_config.py").exists():
            continue
        try:
            if any(p.is_dir() and WEEK_PATTERN.match(p.name) for p in folder.iterdir()):
                return folder
        except OSError:  # a folder we may not list: keep looking further up
            continue
    return find_root(here) / WORKSPACE_NAME


def show(workspace: Path | str | None = None) -> None:
    """Show progress in a notebook: the table, the checklist and the chart."""
    from IPython.display import HTML, display

    from curriculum.widgets.plots import show as show_figure

    try:
        folder = Path(workspace) if workspace else find_workspace()
    except FileNotFoundError:
        display(HTML("<p>No workspace found here: open this notebook from your <code>my-work/</code> folder, "
                     "or call <code>show(workspace='path/to/my-work')</code>.</p>"))
        return
    report = progress(folder)
    display(HTML(report.html()))
    show_figure(report.figure())


def write_chart(report: Progress, path: Path | None = None) -> Path:
    """Save the chart as a PNG (default: ``progress.png`` in the workspace); return its path."""
    from curriculum.widgets.plots import png_bytes

    path = Path(path) if path else report.workspace / CHART_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes(report.figure()))
    return path

