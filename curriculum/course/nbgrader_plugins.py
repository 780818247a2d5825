"""nbgrader preprocessors the course plugs into nbgrader's own pipeline.

``nbgrader_config.py`` names these classes by import path. They run inside
nbgrader's GenerateAssignment and GenerateFeedback converters; nothing here
re-implements nbgrader.
"""

from __future__ import annotations

from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor

#: Cell metadata key for author-only data (planted wrong answers, see ``course.authoring``).
AUTHOR_KEY = "curriculum"

HIDDEN_PLACEHOLDER = "# (hidden tests ran here; their code is not shown)"


class StripAuthorMetadata(NbGraderPreprocessor):
    """Remove author-only cell metadata so the release never carries it.

    The source notebooks keep planted wrong answers under
    ``cell.metadata["curriculum"]`` for the course QA; learners must not see them.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        cell.metadata.pop(AUTHOR_KEY, None)
        return cell, resources


class HideHiddenTestSource(ClearHiddenTests):
    """Keep hidden test code out of learner feedback.

    nbgrader restores hidden tests before autograding, so an autograded notebook
    holds them, and so would the feedback HTML made from it. This preprocessor
    replaces each hidden region with a one-line placeholder and cuts error
    tracebacks in test cells down to their last line (the check's own message),
    because a traceback quotes the source line that failed.
    """

    def _remove_hidden_test_region(self, cell):
        lines = cell.source.split("\n")
        kept, inside, removed = [], False, False
        for line in lines:
            if self.begin_test_delimeter in line:
                inside, removed = True, True
                kept.append(line[: len(line) - len(line.lstrip())] + HIDDEN_PLACEHOLDER)
            elif self.end_test_delimeter in line:
                inside = False
            elif not inside:
                kept.append(line)
        cell.source = "\n".join(kept)
        return removed

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return cell, resources
