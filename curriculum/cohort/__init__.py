"""The cohort instructor's workflow: collect from an LMS, grade in parallel, feedback, grades and a report.

Each step is a plain function the tests call, with a thin ``curriculum`` command over it:

* :mod:`.collect`  - ``curriculum collect WEEK --zip FILE`` (nbgrader's ZipCollectApp, Canvas/Moodle names)
* :mod:`.grading`  - ``curriculum grade WEEK --workers N`` (parallel, sandboxed nbgrader autograde, notes per student)
* :mod:`.feedback` - ``curriculum feedback WEEK`` (nbgrader feedback, checked for anything secret)
* :mod:`.export`   - ``curriculum export`` (one CSV row per student, a column per week and the total)
* :mod:`.report`   - ``curriculum report`` (HTML: difficulty, distributions, totals, most failed tests)
* :mod:`.synthetic` - a deterministic synthetic cohort for the benchmark, the demo and the tests
* :mod:`.demo`     - ``make demo-cohort``: every step above on a synthetic cohort in a throwaway folder

How grading is fast and safe: :mod:`.worker` (long-lived worker processes, each holding the course's
one grader, :class:`curriculum.grading.grader.Grader`: sandboxed kernels started ahead, test cells run
outside the student's code). All output of these tools goes to ``cohort/`` in the course folder.
"""
