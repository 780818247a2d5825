"""How a check reports: :class:`CheckFailed` for a miss, one stdout line for a pass.

nbgrader scores a test cell zero when it raises, and also when it writes
anything to stderr. So a failed check raises :class:`CheckFailed` (an
``AssertionError``) with a message written for the learner, and a passed
check prints one short line to stdout and nothing else.

>>> confirm("`x` is correct.")
`x` is correct.
>>> fail("x", "is about 2x too high", unit="ms", hint="Count both directions.")
Traceback (most recent call last):
...
curriculum.feedback.CheckFailed: `x` is about 2x too high. Expected unit: ms. Hint: Count both directions.

Reference: nbgrader, "Autograding" (https://nbgrader.readthedocs.io/en/stable/user_guide/autograding.html).
"""

import sys

from curriculum.feedback import _readonly

__all__ = ["CheckFailed", "confirm", "fail"]


class CheckFailed(AssertionError):
    """A graded check did not pass; the message says what to look at again.

    Subclasses ``AssertionError`` so nbgrader and plain ``assert``-style tools
    treat it as a failed test, while course tooling can tell it from a crash.

    >>> issubclass(CheckFailed, AssertionError)
    True

    Reference: nbgrader, "Autograder tests" (any exception scores zero).
    """


# Shown as curriculum.feedback.CheckFailed, the name learners import.
CheckFailed.__module__ = "curriculum.feedback"


def fail(name: str, problem: str, *, unit=None, hint=None):
    """Raise :class:`CheckFailed` with ``"`name` problem."`` plus unit and hint.

    >>> fail("rate", "is text, not a number")
    Traceback (most recent call last):
    ...
    curriculum.feedback.CheckFailed: `rate` is text, not a number.

    Reference: house style, "a check's message tells the learner what is wrong".
    """
    message = f"`{name}` {problem}"
    if not message.endswith((".", "?", "!")):
        message += "."
    if unit is not None:
        message += f" Expected unit: {unit}."
    if hint is not None:
        message += f" Hint: {hint}"
    raise CheckFailed(message)


def confirm(line: str) -> None:
    """Print one confirmation line to stdout (never stderr).

    >>> confirm("`q1` is correct.")
    `q1` is correct.

    Reference: nbgrader gives zero to a cell that writes to stderr.
    """
    print(line, file=sys.stdout)


_readonly.lock(__name__)
