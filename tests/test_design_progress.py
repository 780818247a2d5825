"""The checklist item "Map your 3-layer approach" ticks only from design answers above the rubric's middling band."""

from __future__ import annotations

from curriculum.course.progress import CHECKLIST
from curriculum.course.selfgrade_results import QuestionResult
from curriculum.design.calibration import MIDDLING_CEILING


class _Result:
    def __init__(self, score: float):
        self.auto = [QuestionResult("assignment", "reminder_design_rubric", "Part E", score, 4.0, "auto", True,
                                    tags=("design",))]


def _ticked(score: float) -> bool:
    item = next(i for i in CHECKLIST if i.text == "Map your 3-layer approach")
    return item.evaluate({"week1": _Result(score)})[0]


def test_middling_answer_does_not_tick():
    """3 of 4 points is 75%, the top of the middling band: not yet."""
    assert MIDDLING_CEILING == 0.75
    assert not _ticked(3.0)


def test_strong_answer_ticks_without_full_marks():
    """3.5 of 4 (87.5%) is above the middling band, so it ticks though it is not full marks."""
    assert _ticked(3.5)
