"""Make the feedback modules read-only, so a notebook cannot swap a check out.

A learner's notebook runs in the same Python process as the graded test
cells. If ``curriculum.feedback.check`` could be reassigned from a notebook,
``check = lambda *a, **k: None`` on the module would pass every hidden test.
Each feedback module therefore swaps its class for :class:`ReadOnlyModule`
once it has finished loading; setting or deleting an attribute then raises
``AttributeError``.

>>> import types
>>> demo = types.ModuleType("demo")
>>> demo.__class__ = ReadOnlyModule
>>> demo.answer = 42
Traceback (most recent call last):
...
AttributeError: demo is read-only: the course's checks cannot be replaced from a notebook (tried to set 'answer')

This stops ordinary assignment (``module.name = ...``, ``setattr``, ``del``);
it is not a sandbox against deliberate introspection.

Reference: "Customizing module attribute access", Python Language Reference
3.3.2.1 (https://docs.python.org/3/reference/datamodel.html#customizing-module-attribute-access).
"""

import sys
import types


class ReadOnlyModule(types.ModuleType):
    """A module type whose attributes cannot be set or deleted.

    >>> issubclass(ReadOnlyModule, types.ModuleType)
    True

    Reference: Python data model, ``module.__class__`` assignment (3.5+).
    """

    __slots__ = ()

    def __setattr__(self, name, value):
        raise AttributeError(
            f"{self.__name__} is read-only: the course's checks cannot be replaced "
            f"from a notebook (tried to set {name!r})"
        )

    def __delattr__(self, name):
        raise AttributeError(
            f"{self.__name__} is read-only: the course's checks cannot be removed "
            f"from a notebook (tried to delete {name!r})"
        )


def lock(module_name: str) -> None:
    """Make the already-imported module ``module_name`` read-only.

    >>> lock("curriculum.feedback")  # already locked: nothing changes
    >>> type(sys.modules["curriculum.feedback"]).__name__
    'ReadOnlyModule'

    Reference: :class:`ReadOnlyModule`.
    """
    module = sys.modules[module_name]
    if type(module) is not ReadOnlyModule:
        module.__class__ = ReadOnlyModule


lock(__name__)
