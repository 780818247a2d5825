"""nbgrader settings for the Twilio PM system design course.

nbgrader reads this file from the course root (this folder). The course uses
nbgrader's default folder layout: ``source/<week>/``, ``release/<week>/``,
``submitted/<student>/<week>/``, ``autograded/...`` and ``feedback/...``.

Gradebook: SQLite in this folder by default. Set ``COURSE_GRADEBOOK_URL`` to any
SQLAlchemy URL (for example ``postgresql://grader@localhost/course``) when
several graders work at once.
"""

import os

_root = os.path.dirname(os.path.abspath(__file__))

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

c.CourseDirectory.course_id = "twilio-pm-system-design"
c.CourseDirectory.root = _root
c.CourseDirectory.db_url = os.environ.get(
    "COURSE_GRADEBOOK_URL", "sqlite:///" + os.path.join(_root, "gradebook.db")
)

# Every released notebook opens with the course header (how to work and submit).
c.IncludeHeaderFooter.header = os.path.join(_root, "source", "header.ipynb")

# What a learner sees where a solution was removed: say what to write, not just "YOUR CODE HERE".
c.ClearSolutions.code_stub = {
    "python": (
        "# YOUR ANSWER HERE: set the variable(s) named in the question above,\n"
        "# then delete the next line and run this cell.\n"
        "raise NotImplementedError(\"Write your answer in this cell\")"
    )
}
c.ClearSolutions.text_stub = (
    "YOUR ANSWER HERE: replace this line with your answer (a few short paragraphs or bullet points)."
)

# Author-only cell metadata (the planted wrong answers the course QA uses) never reaches learners.
c.GenerateAssignment.preprocessors = [
    "curriculum.course.headers.HeaderForGradedWork",  # IncludeHeaderFooter, except for the practice notebook
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "nbgrader.preprocessors.ClearSolutions",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "curriculum.course.nbgrader_plugins.StripAuthorMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# A cell that runs longer than this is stopped and scores zero (an infinite loop must not hang grading).
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

# Feedback shows the learner's work and results, never hidden tests or the mark scheme; any HTML a
# student wrote is sanitized so no script runs in the reader's browser.
# The page names each question and marks hand-graded parts "for your instructor" (grading/templates/feedback/,
# which extends nbgrader's own feedback template).
c.HTMLExporter.sanitize_html = True
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "curriculum.grading.feedback.HideSecrets",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "curriculum.grading.feedback.LearnerLabels",
]
from curriculum.grading.feedback import TEMPLATE_FILE, template_dirs  # noqa: E402

c.HTMLExporter.template_file = TEMPLATE_FILE
c.HTMLExporter.extra_template_basedirs = template_dirs()
