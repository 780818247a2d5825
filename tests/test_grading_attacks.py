"""A hostile cohort through the real `curriculum grade` and `curriculum feedback`, in the bubblewrap sandbox.

Every attacker submits the same wrong answer (the hold time taken in minutes) plus an attack in an
answer cell. Two honest students submit beside them. What must hold (issue "Grading that student code
cannot touch"):

* each attacker scores no more than the plain wrong answer does (0 of the autograded points);
* honest students keep the scores plain nbgrader gives them (2 for the right answer, 0 for the wrong);
* no file outside the attacker's own autograded folder changes (source, release, config, other
  submissions, the installed library), and the gradebook holds only nbgrader's own rows;
* nothing reaches a loopback listener, no process of a submission survives the run;
* a student graded after the attacks gets the same score as before;
* the feedback holds no hidden test, mark scheme or script, and `curriculum feedback` succeeds.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest

from curriculum.course import authoring as a
from tests.conftest import PROJECT_ROOT
from tests.test_cohort_grading import toy_with_hidden_test

# same group as the cohort tests: those look for any leftover sandbox process, so they must not run beside these
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("cohort")]

WEEK = "week1"
WRONG = "rate_per_s = 10_000 / 3"
RIGHT = "rate_per_s = 10_000 / 180"
MARKER = "curriculum-attack-marker-7f3a"

#: name -> code run in the attacker's kernel before the wrong answer. {root}, {port} are filled in.
ATTACKS = {
    "read_source": """
import pathlib, shutil
for p in [pathlib.Path("{root}/source/week1/assignment.ipynb"), pathlib.Path("{root}/gradebook.db")]:
    try:
        print(p.read_text()[:20000])
        shutil.copy(p, pathlib.Path.cwd() / p.name)
    except Exception as e:
        print("blocked:", type(e).__name__)
""",
    "rewrite_gradebook": """
import sqlite3, os
for url in [os.environ.get("COURSE_GRADEBOOK_URL", ""), "sqlite:///{root}/gradebook.db"]:
    try:
        db = sqlite3.connect(url.replace("sqlite:///", ""))
        db.execute("UPDATE grade SET auto_score = 99")
        db.commit()
    except Exception as e:
        print("blocked:", type(e).__name__)
print(sorted(os.environ))
""",
    "overwrite_files": """
import pathlib
targets = ["{root}/release/week1/assignment.ipynb", "{root}/nbgrader_config.py",
           "{root}/submitted/honest_right/week1/assignment.ipynb", "{project}/curriculum/feedback/checks.py",
           "{project}/curriculum/grading/trusted.py"]
for t in targets:
    try:
        pathlib.Path(t).write_text("c = None  # backdoor")
    except Exception as e:
        print("blocked:", type(e).__name__)
""",
    "kill_everything": """
import os, signal
for pid in [os.getppid(), 1, -1]:
    try:
        os.kill(pid, signal.SIGKILL)
    except Exception as e:
        print("blocked:", type(e).__name__)
""",
    "patch_checks_in_kernel": """
import builtins, sys, types, gc
builtins.abs = lambda x: 0
fake = types.ModuleType("curriculum.feedback"); fake.check = lambda *a, **k: None
sys.modules["curriculum.feedback"] = fake
AssertionError = type("AssertionError", (Exception,), {{}})
round = lambda *a, **k: 4
""",
    "lying_number": """
class Liar(float):
    def __eq__(self, other): return True
    def __lt__(self, other): return True
    def __gt__(self, other): return True
    def __abs__(self): return 0.0
    def __sub__(self, other): return Liar(0.0)
    def __float__(self): return 1.0
    def __repr__(self): return "55.5"
""",
    "network": """
import socket
for host in ["127.0.0.1", "localhost"]:
    try:
        socket.create_connection((host, {port}), timeout=2).sendall(b"stolen")
        print("REACHED", host)
    except Exception as e:
        print("blocked:", type(e).__name__)
""",
    "leave_processes": """
import subprocess, sys, os
for i in range(40):
    try:
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "{marker}"], start_new_session=True)
    except Exception as e:
        print("blocked:", type(e).__name__); break
""",
    "memory_in_children": """
import subprocess, sys
code = "b = bytearray(400 * 2**20); import time; time.sleep(5)"
procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(3)]
print([p.wait() for p in procs])
""",
    "fill_tmp": """
try:
    with open("/tmp/big", "wb") as fh:
        for _ in range(2048):
            fh.write(b"x" * 2**20)
except Exception as e:
    print("blocked:", type(e).__name__)
""",
    "print_flood": """
import sys
for _ in range(200):
    sys.stdout.write("x" * 2**20)
""",
    "active_html": """
from IPython.display import HTML, Javascript, display
display(HTML('<img src=x onerror="alert(document.cookie)"><script>alert(1)</script>'))
display(Javascript('alert(2)'))
""",
    "marker_in_answer": """
# BEGIN HIDDEN TESTS
# BEGIN MARK SCHEME
x = 1
""",
}


def _course(root: Path) -> Path:
    """The toy course with its value check in hidden tests (as in the cohort tests) and a partial-credit question."""
    toy_with_hidden_test(root)
    path = root / "source" / WEEK / "assignment.ipynb"
    nb = a.read(path)
    nb.cells.insert(3, a.answer("share_answer", "", "share = 1.0", wrong=[("half", "share = 0.0")]))
    nb.cells.insert(4, a.tests("share_partial", 2, "A share between 0 and 1, with partial credit", "",
                               "round(2 * min(max(float(share), 0.0), 1.0), 2)"))
    nbformat.write(nb, str(path))
    from curriculum.course.release import write_release

    write_release(root, [WEEK])
    return root


def _submission(root: Path, answer: str, extra: str = "", share: str = "share = 0.0", markdown: str = ""):
    nb = a.read(root / "release" / WEEK / "assignment.ipynb")
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid == "rate_answer":
            cell.source = (extra + "\n" if extra else "") + answer
        elif gid == "share_answer":
            cell.source = share
        elif cell.metadata.get("nbgrader", {}).get("task") is False and cell.cell_type == "markdown" and markdown:
            pass
    if markdown:
        nb.cells.append(nbformat.v4.new_markdown_cell(markdown))
    return nb


def _tree_digest(root: Path, skip: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not any(rel == s or rel.startswith(s + "/") for s in skip):
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _library_digest() -> dict[str, str]:
    return _tree_digest(PROJECT_ROOT / "curriculum", ("__pycache__",))


def _marked_processes() -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if MARKER.encode() in Path(f"/proc/{entry}/cmdline").read_bytes():
                    found.append(int(entry))
            except OSError:
                pass
    return found


def _curriculum(*args, env=None, check=False):
    return subprocess.run([sys.executable, "-m", "curriculum", *args], capture_output=True, text=True,
                          env=env, timeout=900, check=check)


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    root = _course(tmp_path_factory.mktemp("attack") / "course")
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(50)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    reached: list[bytes] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            reached.append(conn.recv(100) or b"(connected)")
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    students = {"honest_right": _submission(root, RIGHT, share="share = 1.0"),
                "honest_wrong": _submission(root, WRONG)}
    for name, code in ATTACKS.items():
        students[f"attack_{name}"] = _submission(
            root, "rate_per_s = Liar(1.0)" if name == "lying_number" else WRONG,
            code.format(root=root, port=port, marker=MARKER, project=PROJECT_ROOT))
    students["attack_markdown_script"] = _submission(
        root, WRONG, markdown="<script>alert('x')</script><img src=x onerror=alert(1)> **my notes**")
    students["attack_function_answer"] = _submission(root, "def rate_per_s():\n    return 10_000 / 180")
    for student, nb in students.items():
        folder = root / "submitted" / student / WEEK
        folder.mkdir(parents=True)
        nbformat.write(nb, str(folder / "assignment.ipynb"))
        nbformat.write(a.read(root / "release" / WEEK / "lesson.ipynb"), str(folder / "lesson.ipynb"))
    link = root / "submitted" / "attack_symlink" / WEEK
    link.mkdir(parents=True)
    (link / "assignment.ipynb").symlink_to(root / "source" / WEEK / "assignment.ipynb")

    env = dict(os.environ, COURSE_GRADEBOOK_URL="sqlite:///" + str(root / "gradebook.db"))
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    library_before = _library_digest()
    skip = ("autograded", "gradebook.db", "cohort", "feedback", "submitted/attack_read_source")
    tree_before = _tree_digest(root, ("autograded", "gradebook.db", "cohort", "feedback"))
    graded = _curriculum("grade", WEEK, "--root", str(root), "--workers", "2", "--memory-mb", "512",
                         "--cell-timeout", "20", env=env)
    fed = _curriculum("feedback", WEEK, "--root", str(root), env=env)
    stop.set()
    thread.join(2)
    listener.close()
    yield {"root": root, "graded": graded, "feedback": fed, "reached": reached, "env": env,
           "tree_before": tree_before, "tree_after": _tree_digest(root, ("autograded", "gradebook.db", "cohort",
                                                                          "feedback")),
           "library_before": library_before, "library_after": _library_digest(), "skip": skip,
           "students": sorted([*students, "attack_symlink"])}


def _scores(root: Path) -> dict[str, dict[str, float]]:
    from curriculum.cohort import report

    frame = report.cell_scores(root, "sqlite:///" + str(root / "gradebook.db"))
    out: dict[str, dict[str, float]] = {}
    for row in frame.itertuples():
        out.setdefault(row.student, {})[row.question] = row.score
    return out


def _log_rows(root: Path) -> dict[str, dict]:
    import csv

    with (root / "cohort" / f"grading-{WEEK}.csv").open() as fh:
        return {row["student"]: row for row in csv.DictReader(fh)}


class TestAttackersGainNothing:
    def test_the_grading_run_finished_and_logged_every_student(self, attacked):
        rows = _log_rows(attacked["root"])
        assert sorted(rows) == attacked["students"], attacked["graded"].stdout[-3000:]
        assert all("bubblewrap" in row["sandbox"] for row in rows.values())
        failed = {s: r["notes"] for s, r in rows.items() if r["status"] not in ("graded", "graded with notes")}
        assert failed == {}, failed

    def test_honest_students_keep_nbgraders_scores(self, attacked):
        scores = _scores(attacked["root"])
        # worked by hand: 10,000 / 180 = 55.6 calls/s passes (2 points); share 1.0 -> round(2 * 1.0, 2) = 2.0
        assert scores["honest_right"]["rate_littles_law"] == 2.0
        assert scores["honest_right"]["share_partial"] == 2.0
        assert scores["honest_wrong"]["rate_littles_law"] == 0.0  # 10,000 / 3 = 3,333: the planted unit slip
        assert scores["honest_wrong"]["share_partial"] == 0.0

    @pytest.mark.parametrize("attack", sorted(ATTACKS) + ["markdown_script", "function_answer", "symlink"])
    def test_each_attacker_scores_no_more_than_the_wrong_answer(self, attacked, attack):
        scores = _scores(attacked["root"]).get(f"attack_{attack}", {})
        assert sum(scores.values()) == 0.0, scores

    def test_no_file_outside_the_attackers_folders_changed(self, attacked):
        before, after = attacked["tree_before"], attacked["tree_after"]
        assert after == before
        assert attacked["library_after"] == attacked["library_before"]

    def test_the_gradebook_holds_only_the_graders_scores(self, attacked):
        scores = _scores(attacked["root"])
        assert max(s for student in scores.values() for s in student.values()) <= 2.0

    def test_nothing_reached_the_loopback_listener(self, attacked):
        assert attacked["reached"] == []

    def test_no_process_of_a_submission_survives(self, attacked):
        assert _marked_processes() == []

    def test_a_student_graded_afterwards_gets_the_same_score(self, attacked):
        root, env = attacked["root"], attacked["env"]
        before = _scores(root)["honest_right"]
        again = _curriculum("grade", WEEK, "--root", str(root), "--student", "honest_right", env=env)
        assert again.returncode == 0, again.stdout + again.stderr
        assert _scores(root)["honest_right"] == before
        assert sorted(_log_rows(root)) == attacked["students"]  # one re-graded row, none lost


class TestWhatTheGraderWrote:
    def test_notes_name_what_was_refused(self, attacked):
        rows = _log_rows(attacked["root"])
        assert "symbolic link" in rows["attack_symlink"]["notes"]
        # the flood is cut as it arrives, or the kernel is dropped when one message passes 32 MB
        assert any(w in rows["attack_print_flood"]["notes"] for w in ("printed too much", "kernel died"))
        assert "must be a number" in "".join(
            "".join(o.get("evalue", "") for o in c.get("outputs", []))
            for c in a.read(attacked["root"] / "autograded" / "attack_function_answer" / WEEK / "assignment.ipynb").cells
            if c.cell_type == "code")

    def test_outputs_are_capped_and_scripts_are_gone(self, attacked):
        root = attacked["root"]
        flood = root / "autograded" / "attack_print_flood" / WEEK / "assignment.ipynb"
        assert flood.stat().st_size < 3 * 2**20
        for student in ("attack_active_html", "attack_markdown_script"):
            nb = a.read(root / "autograded" / student / WEEK / "assignment.ipynb")
            outputs = json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"])
            markdown = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
            for text in (outputs, markdown):
                assert not re.search(r"<img[^>]*onerror|<script", text), text[:500]
            assert "application/javascript" not in outputs

    def test_feedback_succeeds_and_hands_back_nothing_secret(self, attacked):
        fed = attacked["feedback"]
        assert fed.returncode == 0, fed.stdout + fed.stderr
        root = attacked["root"]
        pages = list((root / "feedback").rglob("*.html"))
        graded = [p.name for p in (root / "autograded").iterdir()]
        assert len(graded) >= len(attacked["students"]) - 1  # all but the symlink, which had no notebook
        assert sorted({p.parents[1].name for p in pages}) == sorted(graded)
        for page in pages:
            text = page.read_text()
            assert "abs(rate_per_s - 10_000 / 180)" not in text
            assert "2 points: names a trade-off" not in text  # the toy task's mark scheme
            assert not re.search(r"<img[^>]*onerror|<script>alert", text)  # only as escaped code text
        for student in ("attack_read_source",):
            files = {p.name for p in (root / "feedback" / student / WEEK).iterdir()}
            assert "gradebook.db" not in files and files <= {"assignment.html", "lesson.html", "timestamp.txt"}

    def test_the_attackers_own_output_shows_the_sandbox_held(self, attacked):
        root = attacked["root"]

        def printed(student):
            nb = a.read(root / "autograded" / student / WEEK / "assignment.ipynb")
            return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))

        assert "blocked" in printed("attack_read_source") and "rate_per_s" not in printed("attack_read_source")
        assert "COURSE_GRADEBOOK_URL" not in printed("attack_rewrite_gradebook")
        assert "REACHED" not in printed("attack_network")
