"""The checks behind every graded notebook cell, with messages for the learner.

A test cell imports the check it needs inside the cell, then calls it::

    from curriculum.feedback import check
    check("arrival_rate_per_s", arrival_rate_per_s, 55.6, rtol=0.01, unit="calls/s")

A pass prints one line to stdout; a miss raises :class:`CheckFailed` (an
``AssertionError``) whose message says what is wrong without giving the
answer away (in a notebook it shows as that one line, no traceback:
:mod:`curriculum.feedback.display`):

>>> from curriculum.feedback import check
>>> check("arrival_rate_per_s", 3336, 55.6, rtol=0.01, unit="calls/s")
Traceback (most recent call last):
...
curriculum.feedback.CheckFailed: `arrival_rate_per_s` is too high: off by a factor of about 60 — check minutes vs seconds (or hours vs minutes). Expected unit: calls/s.

Only plain ``int``/``float`` (and numpy integer or floating scalars) count as
numbers. The package and its submodules are read-only once imported, so a
notebook cannot replace a check by assigning to the module:

>>> import curriculum.feedback
>>> curriculum.feedback.check = print
Traceback (most recent call last):
...
AttributeError: curriculum.feedback is read-only: the course's checks cannot be replaced from a notebook (tried to set 'check')

Reference: nbgrader, "Autograding"
(https://nbgrader.readthedocs.io/en/stable/user_guide/autograding.html).
"""

from curriculum.feedback import _readonly
from curriculum.feedback.checks import (
    check,
    check_choice,
    check_number,
    check_record,
    check_set,
)
from curriculum.feedback.failures import CheckFailed

__all__ = [
    "CheckFailed",
    "check",
    "check_choice",
    "check_number",
    "check_record",
    "check_set",
]

# Inside a Jupyter kernel, a failed check shows one line instead of a traceback (nothing happens elsewhere).
from curriculum.feedback import display as _display  # noqa: E402

_display.install(CheckFailed)

_readonly.lock(__name__)
