"""nbgrader preprocessors the course plugs into nbgrader's own pipeline.

``nbgrader_config.py`` names these classes by import path. This one runs inside
nbgrader's GenerateAssignment converter; what feedback runs is in
``curriculum.grading.feedback``. Nothing here re-implements nbgrader.
"""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor

#: Cell metadata key for author-only data (planted wrong answers, see ``course.authoring``).
AUTHOR_KEY = "curriculum"


class StripAuthorMetadata(NbGraderPreprocessor):
    """Remove author-only cell metadata so the release never carries it.

    The source notebooks keep planted wrong answers under
    ``cell.metadata["curriculum"]`` for the course QA; learners must not see them.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        cell.metadata.pop(AUTHOR_KEY, None)
        return cell, resources
