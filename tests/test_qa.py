"""The course QA on a toy course: it passes a sound week and catches each planted defect."""

from __future__ import annotations

import json

import nbformat
import pytest

from curriculum.course import authoring as a
from curriculum.course import qa

pytestmark = [pytest.mark.xdist_group("toy_course"), pytest.mark.slow]  # nbgrader runs on the toy course


def _edit(path, change):
    nb = nbformat.read(str(path), as_version=4)
    change(nb)
    nbformat.write(nb, str(path))


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _checks(report):
    return {f.check for f in report.findings}


class TestSoundWeek:
    def test_toy_course_passes_every_check(self, toy_course):
        """A sound week passes all six checks, and the report says so."""
        report = qa.run_qa(toy_course)
        assert report.ok, report.render()
        assert "QA passed." in report.render()


class TestPlantedDefects:
    def test_wrong_solution_is_caught(self, toy_course):
        """A source solution that fails its own test is reported under 'solutions' with the question."""
        _edit(toy_course / "source/week1/assignment.ipynb",
              lambda nb: setattr(_cell(nb, "rate_answer"), "source",
                                 a.replace_solution(_cell(nb, "rate_answer").source, "rate_per_s = 1.0")))
        findings = qa.check_grading(toy_course, ["week1"], ("solutions",))
        assert [(f.check, f.question) for f in findings] == [("solutions", "rate_littles_law")]

    def test_test_that_passes_on_blank_is_caught(self, toy_course):
        """A test cell with no real check gives points to an untouched notebook: 'blank' reports it."""
        def weaken(nb):
            _cell(nb, "rate_littles_law").source = '"""Always passes"""\npass'
        _edit(toy_course / "source/week1/assignment.ipynb", weaken)
        findings = qa.check_grading(toy_course, ["week1"], ("blank",))
        assert [(f.check, f.question) for f in findings] == [("blank", "rate_littles_law")]

    def test_wrong_answer_that_still_passes_is_caught(self, toy_course):
        """A tolerance so loose that the planted unit slip passes is reported under 'wrong'."""
        def loosen(nb):
            _cell(nb, "rate_littles_law").source = (
                '"""Loose check"""\nassert type(rate_per_s) is float\n'
                "### BEGIN HIDDEN TESTS\nassert 1 < rate_per_s < 10_000\n### END HIDDEN TESTS")
        _edit(toy_course / "source/week1/assignment.ipynb", loosen)
        findings = qa.check_grading(toy_course, ["week1"], ("wrong",))
        assert [(f.check, f.question) for f in findings] == [("wrong", "rate_littles_law")]
        assert "hold time taken in minutes" in findings[0].message

    def test_question_without_wrong_answer_is_caught(self, toy_course):
        """Every autograded question needs a planted wrong answer."""
        _edit(toy_course / "source/week1/assignment.ipynb",
              lambda nb: _cell(nb, "rate_answer").metadata.pop("curriculum"))
        findings = qa.check_grading(toy_course, ["week1"], ("wrong",))
        assert [(f.check, f.question) for f in findings] == [("wrong", "rate_littles_law")]

    def test_stale_release_is_caught(self, toy_course):
        """Editing source/ without re-releasing makes release/ stale."""
        _edit(toy_course / "source/week1/assignment.ipynb",
              lambda nb: _cell(nb, "toy_intro").__setitem__("source", "# Toy week, reworded"))
        findings = qa.check_release(toy_course, ["week1"])
        assert [f.notebook for f in findings] == ["release/week1/assignment.ipynb"]

    def test_hand_edited_and_extra_release_files_are_caught(self, toy_course):
        """A hand edit in release/ and a file with no source are both drift."""
        (toy_course / "release/week1/notes.txt").write_text("hand made")
        _edit(toy_course / "release/week1/lesson.ipynb", lambda nb: nb.cells.append(a.markdown("extra")))
        paths = sorted(f.notebook for f in qa.check_release(toy_course, ["week1"]))
        assert paths == ["release/week1/lesson.ipynb", "release/week1/notes.txt"]

    def test_committed_output_is_caught(self, toy_course):
        """A code cell with outputs in source/ or release/ is reported with its cell number."""
        def add_output(nb):
            nb.cells[-1 if nb.cells[-1].cell_type == "code" else 1].outputs = [
                nbformat.v4.new_output("stream", name="stdout", text="2\n")]
        _edit(toy_course / "source/week1/lesson.ipynb", add_output)
        findings = [f for f in qa.check_static(toy_course, ["week1"]) if "outputs" in f.message]
        assert [f.notebook for f in findings] == ["source/week1/lesson.ipynb"]

    def test_generic_grade_id_and_missing_docstring_are_caught(self, toy_course):
        """Grade ids must say what they check, and test cells open with a docstring."""
        def rename(nb):
            cell = _cell(nb, "rate_littles_law")
            cell.metadata.nbgrader["grade_id"] = "cell-3f2a"
            cell.source = cell.source.split("\n", 1)[1]
        _edit(toy_course / "source/week1/assignment.ipynb", rename)
        messages = [f.message for f in qa.check_static(toy_course, ["week1"]) if f.question == "cell-3f2a"]
        assert any("snake_case" in m for m in messages) and any("docstring" in m for m in messages)

    def test_invalid_notebook_json_is_reported_not_raised(self, toy_course):
        """A notebook that is not valid JSON is a finding, and the other notebooks are still checked."""
        (toy_course / "source/week1/lesson.ipynb").write_text("{not json")
        findings = qa.check_static(toy_course, ["week1"])
        assert any(f.notebook == "source/week1/lesson.ipynb" and "cannot be read" in f.message for f in findings)

    def test_unknown_fact_key_is_caught(self, toy_course):
        """A notebook that reads a fact the registry does not have is reported with the key."""
        _edit(toy_course / "source/week1/lesson.ipynb",
              lambda nb: nb.cells.append(a.code('from curriculum import facts\nfacts.value("voice.calls_per_second_typo")')))
        findings = [f for f in qa.check_static(toy_course, ["week1"]) if "fact key" in f.message]
        assert [f.notebook for f in findings] == ["source/week1/lesson.ipynb"]
        assert "voice.calls_per_second_typo" in findings[0].message

    def test_lesson_that_errors_is_caught(self, toy_course):
        """A lesson that raises stops the 'lessons' check with the error's last line."""
        _edit(toy_course / "source/week1/lesson.ipynb", lambda nb: nb.cells.append(a.code("1 / 0")))
        findings = qa.check_lessons(toy_course, ["week1"])
        assert len(findings) == 1 and "ZeroDivisionError" in findings[0].message

    def test_unknown_check_name_is_a_clear_error(self, toy_course):
        """Asking for a check that does not exist names the valid ones."""
        with pytest.raises(ValueError, match="release, static, solutions, blank, wrong, lessons"):
            qa.run_qa(toy_course, checks=("speed",))


class TestReleaseCarriesNoAuthorData:
    def test_planted_wrong_answers_and_hidden_tests_stay_out_of_release(self, toy_course):
        """The release has no solutions, no hidden tests, no mark scheme and no planted wrong answers."""
        text = (toy_course / "release/week1/assignment.ipynb").read_text()
        for secret in ("10_000 / 180", "BEGIN HIDDEN TESTS", "abs(rate_per_s", "2 points: names",
                       "hold time taken in minutes", '"curriculum"'):
            assert secret not in text, secret
        meta = json.loads(text)["cells"]
        assert all("curriculum" not in c["metadata"] for c in meta)
