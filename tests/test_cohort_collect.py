"""Collecting an LMS download: Canvas and Moodle names, the latest file wins, nothing dropped silently."""

from __future__ import annotations

import csv
import zipfile
from datetime import datetime

import nbformat
import pytest

from curriculum.cohort import collect, synthetic

pytestmark = [pytest.mark.xdist_group("cohort"), pytest.mark.slow]  # the toy course is released by nbgrader

T0 = datetime(2025, 3, 7, 17, 0)


def _cohort(root, n=3):
    return synthetic.make_cohort(root, "week1", n)


class TestPlan:
    def test_latest_timestamp_wins_and_the_other_is_listed(self):
        """Two files for one student and notebook: the later one is collected, the earlier superseded by it."""
        files = [("doejane_1_10_assignment.ipynb", T0), ("doejane_1_11_assignment-1.ipynb", T0.replace(hour=18))]
        entries = collect.plan(files, ["assignment.ipynb"], "canvas")
        assert [(e.path, e.outcome) for e in entries] == [
            ("doejane_1_10_assignment.ipynb", "superseded"), ("doejane_1_11_assignment-1.ipynb", "collected")]
        assert "doejane_1_11_assignment-1.ipynb" in entries[0].reason

    def test_same_time_higher_reupload_number_wins(self):
        """On equal timestamps Canvas's re-upload number decides: -2 beats -1."""
        files = [("doejane_1_10_assignment-2.ipynb", T0), ("doejane_1_10_assignment-1.ipynb", T0)]
        entries = collect.plan(files, ["assignment.ipynb"], "canvas")
        assert {e.path: e.outcome for e in entries}["doejane_1_10_assignment-2.ipynb"] == "collected"

    def test_every_unmatched_file_has_a_reason(self):
        """Wrong notebook name, not a notebook, a stray file, an id missing from the roster: each is listed."""
        files = [("doejane_1_10_homework.ipynb", T0), ("doejane_1_10_assignment.pdf", T0),
                 ("readme.txt", T0), ("smithbob_2_12_assignment.ipynb", T0)]
        entries = collect.plan(files, ["assignment.ipynb"], "canvas", roster={"1": "jane"})
        reasons = {e.path: e.reason for e in entries}
        assert all(e.outcome == "unmatched" for e in entries)
        assert "not a notebook of this week" in reasons["doejane_1_10_homework.ipynb"]
        assert "not a notebook" in reasons["doejane_1_10_assignment.pdf"]
        assert "not named like a canvas" in reasons["readme.txt"]
        assert "not in the roster" in reasons["smithbob_2_12_assignment.ipynb"]

    def test_moodle_folder_and_flat_names_map_to_one_student(self):
        """Moodle's folder form and its older flat form are the same learner (snake-case name)."""
        files = [("Jane Doe_77_assignsubmission_file_/assignment.ipynb", T0),
                 ("Jane Doe_77_assignsubmission_file_assignment.ipynb", T0.replace(hour=9))]
        entries = collect.plan(files, ["assignment.ipynb"], "moodle")
        assert [(e.student, e.outcome) for e in entries] == [("jane_doe", "collected"), ("jane_doe", "superseded")]

    def test_style_detection_names_the_fix_when_nothing_matches(self):
        """A zip named like neither LMS is a clear error naming the option to use."""
        with pytest.raises(ValueError, match="--style canvas or --style moodle"):
            collect.detect_style(["a.ipynb", "b.txt"])


class TestCollectZip:
    def test_canvas_download_lands_in_submitted_with_timestamps(self, toy_course, tmp_path):
        """Every learner's notebooks reach submitted/<id>/week1 through nbgrader, with timestamp.txt."""
        cohort = _cohort(toy_course)
        download = synthetic.write_lms_zip(cohort, tmp_path / "canvas.zip", "canvas")
        roster = synthetic.write_roster(3, tmp_path / "roster.csv")
        report = collect.collect_zip(toy_course, "week1", download, roster=roster)
        assert report.style == "canvas" and report.students == ["learner01", "learner02", "learner03"]
        for student, notebooks in cohort.items():
            folder = toy_course / "submitted" / student / "week1"
            assert sorted(p.name for p in folder.glob("*.ipynb")) == sorted(notebooks)
            assert (folder / "timestamp.txt").read_text().startswith("2025-03-07")
        got = nbformat.read(str(toy_course / "submitted/learner02/week1/assignment.ipynb"), as_version=4)
        assert got.cells == cohort["learner02"]["assignment.ipynb"].cells

    def test_nothing_is_dropped_silently(self, toy_course, tmp_path):
        """Each file of the zip has one row in the log: collected, superseded (the earlier attempt) or unmatched."""
        download = synthetic.write_lms_zip(_cohort(toy_course), tmp_path / "canvas.zip", "canvas")
        report = collect.collect_zip(toy_course, "week1", download, roster=synthetic.write_roster(3, tmp_path / "r.csv"))
        with zipfile.ZipFile(download) as zf:
            names = sorted(zf.namelist())
        with (toy_course / "cohort" / "collect-week1.csv").open() as fh:
            rows = list(csv.DictReader(fh))
        assert sorted(r["file"] for r in rows) == names
        assert [e.path for e in report.of("unmatched")] == ["instructions_from_the_lms.txt"]
        superseded = report.of("superseded")
        assert len(superseded) == 2 and all("superseded by" in e.reason for e in superseded)
        assert "Unmatched (not collected): 1" in report.render()

    def test_moodle_download_is_detected_without_a_style(self, toy_course, tmp_path):
        """With --style auto, a Moodle download is recognised and its learners named from the folder names."""
        download = synthetic.write_lms_zip(_cohort(toy_course, 2), tmp_path / "moodle.zip", "moodle")
        report = collect.collect_zip(toy_course, "week1", download)
        assert report.style == "moodle"
        assert report.students == sorted(f"{l.first}_{l.last}".lower() for l in synthetic.roster(2))

    def test_bad_inputs_name_the_parameter(self, toy_course, tmp_path):
        """A file that is not a zip, an unknown style and a roster without its columns are clear errors."""
        (tmp_path / "notes.zip").write_text("not a zip")
        with pytest.raises(ValueError, match="zip must be a zip file"):
            collect.collect_zip(toy_course, "week1", tmp_path / "notes.zip")
        download = synthetic.write_lms_zip(_cohort(toy_course, 1), tmp_path / "c.zip", "canvas")
        with pytest.raises(ValueError, match="style must be one of"):
            collect.collect_zip(toy_course, "week1", download, style="blackboard")
        (tmp_path / "roster.csv").write_text("id,name\n1,x\n")
        with pytest.raises(ValueError, match="roster must have the columns lms_id and student_id"):
            collect.collect_zip(toy_course, "week1", download, roster=tmp_path / "roster.csv")
        with pytest.raises(ValueError, match="week must be one of week1"):
            collect.collect_zip(toy_course, "week9", download)
