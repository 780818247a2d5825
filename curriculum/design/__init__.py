"""The three-layer answer model and its rubric grader.

A learner writes an answer as a dict (problem definition, high-level design,
deep dive); :func:`parse_answer` checks its shape and :func:`grade` scores it
with partial credit and learner-facing feedback. Prompts carry the
prompt-specific expectations, with expected numbers passed in by the caller.

>>> from curriculum.design import grade, voice_messaging_prompt
>>> from curriculum.design.examples import strong_voice_answer
>>> result = grade(strong_voice_answer(), voice_messaging_prompt(trunks_needed=9_970))
>>> result.score == result.max_score
True
"""

from curriculum.design.model import (
    LAYERS,
    Answer,
    AnswerError,
    Component,
    Flow,
    FocusArea,
    HighLevelDesign,
    Metric,
    ProblemDefinition,
    Tradeoff,
    parse_answer,
)
from curriculum.design.prompts import NumericCheck, Prompt, sms_reminder_prompt, voice_messaging_prompt
from curriculum.design.rubric import DEFAULT_POINTS, GradeResult, ItemResult, grade

__all__ = [
    "DEFAULT_POINTS",
    "LAYERS",
    "Answer",
    "AnswerError",
    "Component",
    "Flow",
    "FocusArea",
    "GradeResult",
    "HighLevelDesign",
    "ItemResult",
    "Metric",
    "NumericCheck",
    "ProblemDefinition",
    "Prompt",
    "Tradeoff",
    "grade",
    "parse_answer",
    "sms_reminder_prompt",
    "voice_messaging_prompt",
]
