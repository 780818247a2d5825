"""Twilio PM system design course: the library the notebooks import.

The package is layered; each part imports only the parts listed before it:

1. ``curriculum.capacity`` and ``curriculum.facts``: back-of-envelope maths and
   the dated registry of platform facts (pure, no I/O but reading the registry).
2. ``curriculum.feedback``: the checks that graded cells call.
3. ``curriculum.design``: the three-layer answer model and its rubric grader.
4. ``curriculum.widgets``: plots, diagrams and ipywidgets explorers.
5. ``curriculum.course``: course tooling (release, QA, grading) and the CLI.

Importing ``curriculum`` itself loads nothing heavy and sets no global state.
"""

__version__ = "0.1.0"
