"""The course header for graded work only: the practice notebook opens with its own introduction.

nbgrader's ``IncludeHeaderFooter`` puts ``source/header.ipynb`` ("Restart and run all ... before you
submit or self-grade") on top of every released notebook. The practice notebook is never submitted or
self-graded, so that header only misleads there. :class:`HeaderForGradedWork` is the same preprocessor,
configured the same way (``c.IncludeHeaderFooter.header`` applies to it, a traitlets subclass), that leaves
out the assignments named in ``skip`` (``practice`` by default).

Reference: nbgrader, ``IncludeHeaderFooter``
(https://nbgrader.readthedocs.io/en/stable/configuration/config_options.html).
"""

from __future__ import annotations

from nbgrader.preprocessors import IncludeHeaderFooter
from traitlets import List, Unicode

from curriculum.course.layout import PRACTICE


class HeaderForGradedWork(IncludeHeaderFooter):
    """``IncludeHeaderFooter`` for every assignment except those in ``skip`` (the practice notebook)."""

    skip = List(Unicode(), default_value=[PRACTICE],
                help="Assignments released without the header and footer").tag(config=True)

    def preprocess(self, nb, resources):
        if resources.get("nbgrader", {}).get("assignment") in self.skip:
            return nb, resources
        return super().preprocess(nb, resources)
