"""Which failures the cohort grader tries once more, with a stand-in worker (no nbgrader, no kernel)."""

from __future__ import annotations

import threading

import pytest

from curriculum.cohort import grading
from curriculum.grading.kernels import KERNEL_DIED_AT_START


class ScriptedWorker:
    """Answers each request with the next of ``answers``; counts the requests."""

    def __init__(self, answers):
        self.answers, self.asked, self.proc = list(answers), 0, object()

    def start(self):
        self.proc = object()

    def ask(self, request, timeout):
        self.asked += 1
        return self.answers.pop(0)

    def kill(self):
        self.proc = None


def failed(error):
    return {"ok": False, "error": f"Traceback ...\nRuntimeError: {error}", "notes": [f"nbgrader could not grade "
                                                                                    f"this submission: {error}"]}


GRADED = {"ok": True, "notes": [], "seconds": 2.5, "timings": {}}


def grade(worker):
    return grading._grade_with(worker, "week1", "learner04", 60, threading.Event())


@pytest.mark.parametrize("error", [KERNEL_DIED_AT_START, "database is locked", "could not serialize access"])
def test_a_failure_before_any_submission_code_ran_is_tried_once_more(error):
    worker = ScriptedWorker([failed(error), GRADED])
    result = grade(worker)
    assert (result.status, worker.asked) == ("graded", 2)


def test_the_same_failure_twice_is_reported_not_retried_for_ever():
    worker = ScriptedWorker([failed(KERNEL_DIED_AT_START), failed(KERNEL_DIED_AT_START), GRADED])
    result = grade(worker)
    assert (result.status, worker.asked) == ("failed", 2)
    assert result.notes == [f"nbgrader could not grade this submission: {KERNEL_DIED_AT_START}"]


def test_a_failure_of_the_submission_itself_is_not_retried():
    worker = ScriptedWorker([failed("NameError: name 'x' is not defined"), GRADED])
    assert (grade(worker).status, worker.asked) == ("failed", 1)
