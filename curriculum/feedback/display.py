"""Show a failed check in a notebook as one short line, never as a Python traceback.

When :mod:`curriculum.feedback` is imported inside IPython (a Jupyter kernel), it registers a custom
exception display for :class:`~curriculum.feedback.CheckFailed` with IPython's ``set_custom_exc``. The
cell still fails (the kernel reports an error, so nbgrader still scores it zero and "Run All" stops
there, as before), but the learner reads only::

    ✗ `servers` should be a whole number (an int), not a float — round it the way the question asks.

Imported outside IPython (scripts, the grader, the tests) it changes nothing: no hook, no global state.
Other exceptions keep IPython's usual traceback, since those are bugs worth seeing in full.

>>> one_line(ValueError("`x` is about 2x too high.\\nsecond line"))
'✗ `x` is about 2x too high. second line'
>>> install() is False   # not inside IPython here
True

Reference: IPython, ``InteractiveShell.set_custom_exc``
(https://ipython.readthedocs.io/en/stable/api/generated/IPython.core.interactiveshell.html).
"""

import sys

__all__ = ["install", "one_line"]

MARK = "✗"
_RED = "\x1b[31m"
_RESET = "\x1b[0m"


def one_line(error: BaseException) -> str:
    """The learner's line for a failed check: the mark and the check's message on one line."""
    return f"{MARK} {' '.join(str(error).split())}"


def _show(shell, etype, value, tb, tb_offset=None):
    """IPython's custom exception handler: show the one line as the cell's error output, and return it.

    ``_showtraceback`` is the shell's own way to publish an error (ipykernel sends it to the notebook as
    an ``error`` output with ``ename`` CheckFailed and the message as ``evalue``), with our line as the
    traceback. The cell still counts as failed.
    """
    stb = [f"{_RED}{one_line(value)}{_RESET}"]
    shell._showtraceback(etype, value, stb)
    return stb


def install(error_class=None) -> bool:
    """Register the one-line display for ``error_class`` in the running IPython; False when there is none.

    Looks IPython up in ``sys.modules`` and never imports it. Does nothing when another custom
    exception handler is already registered, so a learner's own tooling is left alone.
    """
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None) if ipython is not None else None
    shell = get() if callable(get) else None
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    if error_class is None:
        from curriculum.feedback.failures import CheckFailed as error_class
    current = tuple(getattr(shell, "custom_exceptions", ()) or ())
    if current and current != (error_class,):
        return False
    shell.set_custom_exc((error_class,), _show)
    return True
