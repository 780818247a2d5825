"""The learner workspace: new release files come in, the learner's own work is never overwritten."""

from __future__ import annotations

import pytest

from curriculum.course.workspace import prepare_workspace

pytestmark = [pytest.mark.xdist_group("toy_course"), pytest.mark.slow]  # the toy course is released by nbgrader


class TestPrepareWorkspace:
    def test_first_run_copies_every_release_notebook(self, toy_course):
        """A new workspace receives every released notebook, in week folders."""
        update = prepare_workspace(toy_course)
        assert sorted(update.copied) == ["week1/assignment.ipynb", "week1/lesson.ipynb"]
        assert (toy_course / "my-work/week1/lesson.ipynb").read_bytes() == \
            (toy_course / "release/week1/lesson.ipynb").read_bytes()

    def test_learner_work_is_never_overwritten(self, toy_course):
        """A notebook the learner changed stays byte for byte; a second run copies nothing."""
        prepare_workspace(toy_course)
        mine = toy_course / "my-work/week1/assignment.ipynb"
        mine.write_text('{"my": "work"}')
        update = prepare_workspace(toy_course)
        assert update.copied == [] and "week1/assignment.ipynb" in update.kept
        assert mine.read_text() == '{"my": "work"}'

    def test_new_week_arrives_beside_old_work(self, toy_course):
        """A week released later is added without touching earlier weeks."""
        prepare_workspace(toy_course)
        (toy_course / "release/week2").mkdir()
        (toy_course / "release/week2/lesson.ipynb").write_text("{}")
        update = prepare_workspace(toy_course)
        assert update.copied == ["week2/lesson.ipynb"]

    def test_missing_release_is_a_clear_error(self, tmp_path):
        """Without release/ the learner is told what to run."""
        (tmp_path / "source").mkdir()
        with pytest.raises(FileNotFoundError, match="curriculum release"):
            prepare_workspace(tmp_path)
