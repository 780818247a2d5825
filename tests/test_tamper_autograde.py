"""A learner cannot pass hidden tests by tampering: proven through nbgrader's real autograde of Week 1."""

from __future__ import annotations

import pytest

from curriculum.course import authoring
from curriculum.course.nbgrader_driver import scratch_course
from tests.conftest import PROJECT_ROOT

pytestmark = [pytest.mark.xdist_group("week1_tamper"), pytest.mark.slow]

TAMPER = '''
# Replace the checkers and builtins in the notebook's namespace...
def check(*args, **kwargs):
    print("passed!")
def check_number(*args, **kwargs):
    print("passed!")
AssertionError = Exception
abs = lambda x: 0
isinstance = lambda *args: True
# ...try to patch the checker module itself...
import curriculum.feedback as _f
try:
    _f.check = check
except AttributeError:
    pass
# ...and answer with a number that claims to equal anything.
class Liar(float):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    def __lt__(self, other):
        return False
    def __gt__(self, other):
        return False
arrival_rate_per_s = Liar(1.0)
'''


def test_tampering_learner_scores_zero_on_that_question():
    """Redefined checks, builtins, a patched module and a lying number still score 0; other answers keep their points."""
    source = PROJECT_ROOT / "source/week1/assignment.ipynb"
    nb = authoring.read(source)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "arrival_rate_answer":
            cell.source = authoring.replace_solution(cell.source, TAMPER.strip())
    with scratch_course(PROJECT_ROOT, ["week1"]) as scratch:
        scratch.submit("week1", "mallory", {"assignment.ipynb": nb})
        scores = {s.grade_id: s for s in scratch.autograde("week1", "mallory")}
    assert scores["arrival_rate_littles_law"].score == 0
    # the solutions of every other question are still there: those that do not use this answer keep their points
    others = [s for s in scores.values() if s.autograded and s.max_score > 0 and s.grade_id != "arrival_rate_littles_law"]
    assert sum(s.score == s.max_score for s in others) >= len(others) // 2, [(s.grade_id, s.score) for s in others]
