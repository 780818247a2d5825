"""The three-layer answer: model, Markdown parser, prompts, rubric, reference answers, follow-ups.

A learner writes an answer as Markdown (:data:`TEMPLATE`) or as a dict
(problem definition, high-level design, deep dive, optional wrap-up);
:func:`parse_answer` checks its shape and :func:`grade` scores it on substance
with partial credit and feedback in the prompt's own words. The six course
prompts live in :mod:`curriculum.design.catalog`, so a notebook's test cell is
``grade_prompt("week3", refill_answer)``. After a graded attempt,
:func:`reference_after_attempt` shows the reference answer and
:func:`follow_ups` the interviewer's pushback. This package imports nothing
from nbgrader, jupyter_client or the widgets.

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
from curriculum.design.prompts import (
    Curveball,
    NumericCheck,
    PlausibleRange,
    Prompt,
    sms_reminder_prompt,
    voice_messaging_prompt,
)
from curriculum.design.rubric import DEFAULT_POINTS, GradeResult, ItemResult, grade, grade_prompt
from curriculum.design.catalog import PROMPT_IDS, WEEK_PROMPTS, get_prompt
from curriculum.design.markdown import TEMPLATE, parse_markdown, to_markdown
from curriculum.design.references import SELF_REVIEW, reference_after_attempt, reference_markdown, review
from curriculum.design.followups import curveball_regrade, follow_ups

__all__ = [
    "PROMPT_IDS",
    "SELF_REVIEW",
    "TEMPLATE",
    "WEEK_PROMPTS",
    "Curveball",
    "PlausibleRange",
    "curveball_regrade",
    "follow_ups",
    "get_prompt",
    "grade_prompt",
    "parse_markdown",
    "reference_after_attempt",
    "reference_markdown",
    "review",
    "to_markdown",
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
