"""Run a graded test cell's code in the grader, with the student's answers bound as plain data.

The test cells are the course's own code (nbgrader puts them back from the gradebook before grading,
so a student cannot edit them). :func:`run_test_cell` executes one with a fresh namespace holding
only the answers it reads (see :mod:`.answers`) and returns what a kernel would have produced, as
nbformat outputs, so that nbgrader scores it exactly as it scores a cell run in a kernel:

* what the cell prints becomes a ``stream`` output;
* an exception becomes an ``error`` output (zero points): ``Name: message``, then the one line of the
  check that failed (``----> 3 assert ...``) for the instructor's report; feedback pages keep only the
  first line (:class:`curriculum.grading.feedback.HideSecrets`), so hidden test code never reaches a
  learner;
* the value of a last bare expression becomes an ``execute_result`` (nbgrader's partial credit).

No student code runs here: the namespace holds numbers, text, lists and dicts.

>>> outs = run_test_cell('print("ok")\\nround(x * 2, 1)', {"x": 1.26})
>>> [o["output_type"] for o in outs], outs[1]["data"]["text/plain"]
(['stream', 'execute_result'], '2.5')
>>> run_test_cell('assert x > 2, "`x` is too low."', {"x": 1})[0]["traceback"]
['AssertionError: `x` is too low.', '----> 1 assert x > 2, "`x` is too low."']

Reference: nbgrader, "Autograder tests" and partial credit
(https://nbgrader.readthedocs.io/en/stable/user_guide/creating_and_grading_assignments.html).
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import signal
import threading

from nbformat.v4 import new_output

from curriculum.grading.answers import NotPlainData

#: Seconds a trusted check may take (a check over a huge hostile text must not hang the grader).
CHECK_TIMEOUT_S = 20
#: Characters of printed output kept from one check.
MAX_CHECK_OUTPUT_CHARS = 20_000


class CheckTimedOut(Exception):
    """A trusted check ran longer than :data:`CHECK_TIMEOUT_S`."""


def error_output(ename: str, evalue: str, where: str | None = None):
    """An nbformat error output: ``Name: message``, and the failing line of the check when known."""
    traceback = [f"{ename}: {evalue}"] + ([where] if where else [])
    return new_output("error", ename=ename, evalue=evalue, traceback=traceback)


def _failing_line(exc: BaseException, lines: list[str]) -> str | None:
    """``----> N source`` for the deepest frame of the exception that is in the check itself."""
    import traceback as tb

    found = None
    for frame in tb.extract_tb(exc.__traceback__):
        if frame.filename == "<check>" and frame.lineno and 0 < frame.lineno <= len(lines):
            found = f"----> {frame.lineno} {lines[frame.lineno - 1].strip()}"
    return found


@contextlib.contextmanager
def _time_limit(seconds: float):
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise CheckTimedOut(f"the check took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_test_cell(source: str, answers: dict[str, object]) -> list:
    """Execute a test cell's ``source`` with ``answers`` bound; return nbformat outputs."""
    for name, value in answers.items():
        if isinstance(value, NotPlainData):
            return [error_output("AnswerNotReadable", value.describe(name))]
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines), filename="<check>")
    except SyntaxError as exc:
        return [error_output("SyntaxError", f"the check itself does not parse ({exc.msg}); tell your instructor")]
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    namespace = {"__name__": "__main__", "__builtins__": builtins, **answers}
    out, err = io.StringIO(), io.StringIO()
    outputs = []
    result = None
    failure = None
    try:
        with _time_limit(CHECK_TIMEOUT_S), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            exec(compile(tree, "<check>", "exec"), namespace)  # noqa: S102 - the course's own test code
            if last is not None:
                result = eval(compile(last, "<check>", "eval"), namespace)  # noqa: S307
    except (Exception, CheckTimedOut) as exc:  # a failed check, or a crash in a check: both score zero
        failure = exc
    printed = out.getvalue()
    if len(printed) > MAX_CHECK_OUTPUT_CHARS:
        printed = printed[:MAX_CHECK_OUTPUT_CHARS] + "\n[... output cut ...]\n"
    if printed:
        outputs.append(new_output("stream", name="stdout", text=printed))
    if err.getvalue():
        outputs.append(new_output("stream", name="stderr", text=err.getvalue()[:MAX_CHECK_OUTPUT_CHARS]))
    if failure is not None:
        name = type(failure).__name__
        message = str(failure).strip() or "the check did not pass"
        outputs.append(error_output(name, message, _failing_line(failure, lines)))
    elif result is not None:
        outputs.append(new_output("execute_result", data={"text/plain": repr(result)}, execution_count=None))
    return outputs
