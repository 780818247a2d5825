"""The grader's parts that need no kernel: answers as plain data, trusted test cells, staging, sandbox plans."""

from __future__ import annotations

import contextlib
import io
import math
import os
import shutil
import sys

import pytest

from curriculum.grading import answers, intake, sandbox, trusted
from curriculum.grading.feedback import HideSecrets, Secrets, check_feedback


def _export(namespace: dict, names: list[str]) -> dict:
    """Run the kernel-side export code on ``namespace`` as the kernel would, and decode what it prints."""
    marker = answers.new_marker()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(answers.export_code(names, marker), namespace)  # noqa: S102 - test data only
    return answers.decode(answers.find_payload(out.getvalue(), marker), names)


class TestAnswersCrossAsPlainData:
    def test_honest_values_cross_unchanged(self):
        numpy = pytest.importorskip("numpy")
        got = _export({"a": 2.5, "b": numpy.float64(0.25), "c": (1, [numpy.int64(3)], {"k": True}), "d": "ms",
                       "e": numpy.arange(3), "f": None}, list("abcdef"))
        assert got == {"a": 2.5, "b": 0.25, "c": [1, [3], {"k": True}], "d": "ms", "e": [0, 1, 2], "f": None}

    def test_a_float_that_lies_crosses_as_its_real_value(self):
        class Liar(float):
            def __eq__(self, other):
                return True

            def __float__(self):
                return 55.5

        assert _export({"x": Liar(1.0)}, ["x"]) == {"x": 1.0}

    def test_functions_modules_and_missing_names_are_named_misses(self):
        got = _export({"f": print, "m": os}, ["f", "m", "gone"])
        assert got["f"].describe("f").startswith("`f` must be a number, text, or a list or dict of those")
        assert got["m"].kind == "module" and got["gone"].kind == "missing"
        assert "Run the answer cell above" in got["gone"].describe("gone")

    def test_whatever_a_hostile_kernel_prints_decodes_to_data_or_a_miss(self):
        for payload in (None, "", "[1]", '{"x": 1}', '{"x": {"value": {"__class__": 1}}}', "{" * 5000,
                        '{"x": {"unsupported": "x; rm -rf /"}}', '{"x": {"value": "' + "a" * 300_000 + '"}}'):
            got = answers.decode(payload, ["x"])["x"]
            assert isinstance(got, (answers.NotPlainData, dict)), payload[:40] if payload else payload
        assert answers.decode('{"x": {"unsupported": "x; rm -rf /"}}', ["x"])["x"].kind == "value of another kind"
        assert answers.decode('{"x": {"value": "' + "a" * 300_000 + '"}}', ["x"])["x"].kind == "too large"

    def test_names_read_are_only_the_free_names_of_the_cell(self):
        source = ('"""Q1"""\nfrom curriculum.feedback import check\nimport math as _m\n_x = _m.ceil(rate)\n'
                  'check("rate", rate, _x)\nfor i in range(2):\n    total = i\nprint(total, other)')
        assert answers.names_read(source) == ["rate", "other"]


class TestTrustedTestCells:
    def test_outputs_are_what_nbgrader_scores(self):
        ok = trusted.run_test_cell('print("`x` is correct.")', {"x": 1})
        assert [o["output_type"] for o in ok] == ["stream"]
        partial = trusted.run_test_cell("round(4 * x, 2)", {"x": 0.4})
        assert partial[-1]["data"]["text/plain"] == "1.6"  # 4 x 0.4 = 1.6 points of partial credit
        failed = trusted.run_test_cell("y = 1\nassert x == 2, 'x is off'", {"x": 1})
        assert failed[-1]["output_type"] == "error" and failed[-1]["traceback"][0] == "AssertionError: x is off"
        assert failed[-1]["traceback"][1] == "----> 2 assert x == 2, 'x is off'"

    def test_a_name_the_student_redefined_is_not_seen_by_the_check(self):
        # `round`, `abs` and `AssertionError` come from the grader's builtins, whatever the notebook did
        outs = trusted.run_test_cell("assert abs(x - 3) < 0.1, 'off'\nround(x)", {"x": 3.0})
        assert outs[-1]["data"]["text/plain"] == "3"

    def test_a_not_plain_answer_is_a_miss_without_running_the_check(self):
        outs = trusted.run_test_cell("raise SystemExit", {"x": answers.NotPlainData("function")})
        assert outs[0]["ename"] == "AnswerNotReadable" and "it is a function" in outs[0]["evalue"]

    def test_a_runaway_check_is_stopped(self, monkeypatch):
        monkeypatch.setattr(trusted, "CHECK_TIMEOUT_S", 0.2)
        outs = trusted.run_test_cell("while True:\n    pass", {})
        assert outs[-1]["ename"] == "CheckTimedOut"


class TestStaging:
    def test_links_devices_and_other_files_are_refused(self, tmp_path):
        folder = tmp_path / "in"
        folder.mkdir()
        (folder / "assignment.ipynb").write_text("{}")
        (tmp_path / "secret.ipynb").write_text("solutions")
        (folder / "lesson.ipynb").symlink_to(tmp_path / "secret.ipynb")
        (folder / "data.csv").write_text("1,2")
        (folder / "sub").mkdir()
        os.mkfifo(folder / "pipe.ipynb")
        (folder / "timestamp.txt").write_text("2026-12-01 10:00:00 UTC")
        staged, notes = intake.stage_submission(folder, tmp_path / "out")
        assert sorted(p.name for p in staged.iterdir()) == ["assignment.ipynb", "timestamp.txt"]
        joined = " ".join(notes)
        for words in ("lesson.ipynb is a symbolic link", "data.csv is not a notebook", "sub/ is a folder",
                      "pipe.ipynb is not a regular file"):
            assert words in joined

    def test_an_oversized_notebook_is_not_graded(self, tmp_path, monkeypatch):
        monkeypatch.setattr(intake, "MAX_NOTEBOOK_BYTES", 10)
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "assignment.ipynb").write_text("x" * 11)
        staged, notes = intake.stage_submission(tmp_path / "in", tmp_path / "out")
        assert list(staged.iterdir()) == [] and "over the 0 MB" in notes[0]


class TestSandboxPlan:
    def test_limits_name_the_parameter(self):
        with pytest.raises(ValueError, match="processes must be at least 8"):
            sandbox.Limits(processes=2)
        with pytest.raises(ValueError, match="memory_mb must be at least 256"):
            sandbox.Limits(memory_mb=True)

    def test_missing_bubblewrap_says_how_to_install_it(self, monkeypatch):
        monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
        with pytest.raises(sandbox.SandboxUnavailable, match="apt-get install bubblewrap"):
            sandbox.find_bwrap()

    @pytest.mark.skipif(shutil.which("bwrap") is None and not os.environ.get("CI"), reason="needs bubblewrap")
    def test_the_plan_shows_no_course_files_and_no_network(self, tmp_path):
        plan = sandbox.plan_sandbox(tmp_path / "k")
        try:
            argv = plan.wrap(["python"])
            joined = " ".join(argv)
            assert "--unshare-net" in argv and "--unshare-pid" in argv and "--die-with-parent" in argv
            assert "--clearenv" in argv and "COURSE_GRADEBOOK_URL" not in joined
            binds = [argv[i + 1] for i, a in enumerate(argv) if a in ("--bind", "--ro-bind")]
            assert not any(b.endswith(("/source", "/release", "gradebook.db", "nbgrader_config.py")) for b in binds)
            writable = [argv[i + 1] for i, a in enumerate(argv) if a == "--bind"]
            assert writable == [str(tmp_path / "k")]  # the kernel's own socket folder, nothing else
            # the private /tmp is mounted before the Python environment, which may live under /tmp
            venv = argv.index(sys.prefix) if sys.prefix in argv else len(argv)
            assert argv.index("/tmp") < venv
        finally:
            plan.cleanup()

    def test_a_python_prefix_holding_a_course_is_refused(self, tmp_path):
        (tmp_path / "nbgrader_config.py").write_text("")
        assert not sandbox._safe_to_show(str(tmp_path))


class TestFeedbackGuard:
    def test_hide_secrets_leaves_a_students_stray_marker_alone(self):
        import nbformat

        answer = nbformat.v4.new_code_cell("# BEGIN HIDDEN TESTS\nx = 1")
        answer.metadata["nbgrader"] = {"solution": True, "grade": False, "grade_id": "a", "locked": False}
        cell, _ = HideSecrets().preprocess_cell(answer, {}, 0)
        assert cell.source == "# BEGIN HIDDEN TESTS\nx = 1"  # the student's own text, not a test cell

    def test_an_oversized_page_is_reported(self, tmp_path, monkeypatch):
        from curriculum.grading import feedback

        monkeypatch.setattr(feedback, "MAX_PAGE_BYTES", 100)
        (tmp_path / "assignment.html").write_text("x" * 200)
        assert [l.kind for l in check_feedback(tmp_path, Secrets(), {"assignment"})] == ["page too large"]

    def test_nan_is_kept_as_a_number(self):
        assert math.isnan(answers.decode('{"x": {"value": NaN}}', ["x"])["x"])
