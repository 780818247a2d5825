"""What the lab's Self-grade panel shows: a :class:`SelfGradeResult` as plain JSON-ready data.

The same per-question verdicts as ``curriculum selfgrade`` prints, by question title (never grade ids):

* ``pass``: full marks;
* ``partial``: some points, read as "3.7 of 4" (never "miss");
* ``miss``: answered, no points; the check's one-line message says what to look at again;
* ``todo``: not answered yet;
* ``instructor``: graded by an instructor (written answers), listed apart and not counted.

Only the standard library is imported, so the view is quick to test.

>>> from curriculum.course.selfgrade_results import NotebookReport, QuestionResult, SelfGradeResult
>>> qs = [QuestionResult("assignment", "q1", "Q1: arrival rate", 1.0, 1.0, "auto", True),
...       QuestionResult("assignment", "q2", "Q2: design", 3.72, 4.0, "auto", True, "name the queue"),
...       QuestionResult("assignment", "q3", "Q3: written", 0.0, 2.0, "instructor", False)]
>>> view = result_view(SelfGradeResult("week1", "w", "t", qs, [NotebookReport("assignment", "graded")]))
>>> [(q["status"], q["score_text"]) for q in view["notebooks"][0]["questions"]]
[('pass', '1 of 1'), ('partial', '3.7 of 4'), ('instructor', '2 points')]
>>> view["summary"]
'week1: 4.7 of 5 self-graded points (94%); 2 of 2 questions attempted, 1 passed, 1 partly right.'
"""

from __future__ import annotations

from curriculum.course.selfgrade_results import QuestionResult, SelfGradeResult

__all__ = ["points", "question_status", "result_view"]

_NOTEBOOK_STATUS = {
    "graded": "",
    "missing": "not in your folder",
    "unreadable": "could not be read",
    "failed": "could not be graded",
}


def points(x: float) -> str:
    """A score as a learner reads it: at most one decimal, no trailing ".0".

    >>> points(3.72), points(4.0), points(0.05), points(13)
    ('3.7', '4', '0.1', '13')
    """
    text = f"{float(x):.1f}"
    return text[:-2] if text.endswith(".0") else text


def question_status(q: QuestionResult) -> str:
    """``pass``, ``partial``, ``miss``, ``todo`` or ``instructor`` for one question.

    >>> question_status(QuestionResult("a", "q", "Q", 0.5, 2.0, "auto", True))
    'partial'
    >>> question_status(QuestionResult("a", "q", "Q", 0.0, 2.0, "auto", False))
    'todo'
    """
    if q.graded_by != "auto":
        return "instructor"
    if q.passed:
        return "pass"
    if q.score > 1e-9:
        return "partial"
    return "miss" if q.attempted else "todo"


def _message(q: QuestionResult, status: str) -> str:
    if status in ("pass", "instructor"):
        return ""
    if status == "todo" and q.message == "not answered yet":  # "todo" says that already, as in the terminal
        return ""
    return q.message


def result_view(result: SelfGradeResult, notebook: str | None = None) -> dict:
    """The panel's data: per notebook its questions in order, then the score and what waits for an instructor.

    ``notebook`` (a notebook's name without ``.ipynb``) puts that notebook first, as the one the learner
    pressed the button in.
    """
    notebooks = []
    for nb in result.notebooks:
        questions = []
        for q in (q for q in result.questions if q.notebook == nb.name):
            status = question_status(q)
            score_text = (f"{points(q.max_score)} point{'s' if q.max_score != 1 else ''}" if status == "instructor"
                          else f"{points(q.score)} of {points(q.max_score)}")
            questions.append({"title": q.title, "status": status, "score": q.score, "max_score": q.max_score,
                              "score_text": score_text, "message": _message(q, status)})
        notebooks.append({"name": nb.name, "status": nb.status, "status_text": _NOTEBOOK_STATUS.get(nb.status, nb.status),
                          "problems": list(nb.problems), "questions": questions,
                          "feedback": f"{result.week}/feedback/{nb.name}.html" if nb.feedback_html else None})
    if notebook is not None:
        notebooks.sort(key=lambda n: n["name"] != notebook)
    auto = result.auto
    partial = sum(question_status(q) == "partial" for q in auto)
    share = f" ({result.earned / result.possible:.0%})" if result.possible else ""
    summary = (f"{result.week}: {points(result.earned)} of {points(result.possible)} self-graded points{share}; "
               f"{result.attempted} of {len(auto)} questions attempted, {result.passed} passed"
               + (f", {partial} partly right." if partial else "."))
    waiting = [q.title for q in result.questions if q.graded_by != "auto"]
    instructor = ""
    if waiting:
        instructor = (f"{points(result.instructor_points)} more points wait for an instructor: "
                      + "; ".join(waiting) + ". They are not part of the self-graded score.")
    return {
        "week": result.week,
        "graded_at": result.graded_at,
        "earned": result.earned,
        "possible": result.possible,
        "summary": summary,
        "instructor": instructor,
        "notebooks": notebooks,
        "note": "Graded with the full hidden tests on a private copy: your notebook was not changed.",
    }
