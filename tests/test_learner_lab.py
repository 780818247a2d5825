"""The Self-grade endpoint of the learner's lab over HTTP: the server's own authentication, the lab's folder only,
the learner's notebook never changed; learner mode hides nbgrader's instructor tools and an instructor keeps them."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from curriculum.course.layout import ROOT_ENV
from curriculum.learner.labextension import ENDPOINT, Refused, course_root, resolve_notebook
from curriculum.learner.mode import page_config_hook
from tests.conftest import PROJECT_ROOT
from tests.lab_server import TOKEN, running_lab

JUPYTER = Path(os.sys.executable).parent / "jupyter"


def post(url: str, body: dict, headers: dict | None = None, opener=None) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=300) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text or b"{}")
        except ValueError:
            return error.code, {"raw": text.decode(errors="replace")}


class TestPaths:
    def test_only_notebooks_of_a_week_under_the_lab_root(self, tmp_path):
        root = tmp_path / "my-work"
        (root / "week3").mkdir(parents=True)
        (root / "week3" / "assignment.ipynb").write_text("{}")
        (root / "practice").mkdir()
        (root / "practice" / "practice.ipynb").write_text("{}")
        (tmp_path / "outside.ipynb").write_text("{}")
        (root / "week3" / "link.ipynb").symlink_to(tmp_path / "outside.ipynb")
        assert resolve_notebook(root, "week3/assignment.ipynb")[1] == "week3"
        assert resolve_notebook(root, "week3/../week3/assignment.ipynb")[1] == "week3"
        for path, words in (("../outside.ipynb", "outside the lab's folder"),
                            (str(tmp_path / "outside.ipynb"), "outside the lab's folder"),
                            ("week3/link.ipynb", "outside the lab's folder"),
                            ("practice/practice.ipynb", "not in a week's folder"),
                            ("week3/notes.txt", "not a notebook"),
                            ("week3/gone.ipynb", "is not there"),
                            ("", "Say which notebook")):
            with pytest.raises(Refused, match=words):
                resolve_notebook(root, path)

    def test_the_button_finds_the_course_as_the_commands_do(self, tmp_path, monkeypatch):
        """A lab started inside a course folder grades against that course, whatever $CURRICULUM_ROOT says; a lab
        whose workspace lies outside any course folder uses $CURRICULUM_ROOT, and only when it names a course."""
        def course(folder):
            (folder / "source").mkdir(parents=True)
            (folder / "nbgrader_config.py").write_text("")
            return folder.resolve()

        here, other = course(tmp_path / "here"), course(tmp_path / "other")
        (here / "my-work").mkdir()
        (tmp_path / "outside").mkdir()
        monkeypatch.setenv(ROOT_ENV, str(other))
        assert course_root(here / "my-work") == here
        assert course_root(tmp_path / "outside") == other
        monkeypatch.setenv(ROOT_ENV, str(tmp_path / "outside"))
        with pytest.raises(FileNotFoundError, match="No course folder found"):
            course_root(tmp_path / "outside")

    def test_page_config_hook_adds_to_the_disabled_list(self):
        hook = page_config_hook(("@jupyter/nbgrader:assignment-list",))
        assert hook(None, {"disabledExtensions": ["a"]})["disabledExtensions"] == ["a", "@jupyter/nbgrader:assignment-list"]
        assert hook(None, {})["disabledExtensions"] == ["@jupyter/nbgrader:assignment-list"]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("learner-lab")
    workspace = tmp / "my-work"
    with running_lab(workspace, tmp / "lab.log", timeout_s=120) as base:
        yield base, workspace


@pytest.mark.slow
class TestEndpoint:
    def test_needs_the_token_and_refuses_a_path_outside(self, lab):
        base, workspace = lab
        url = f"{base}/{ENDPOINT}"
        status, _ = post(url, {"path": "week1/assignment.ipynb"})
        assert status == 403  # no token, no cookie: refused before anything is read
        status, body = post(url, {"path": "../../etc/passwd"}, {"Authorization": f"token {TOKEN}"})
        assert status == 400 and "outside the lab's folder" in body["error"]

    def test_a_cookie_session_also_needs_the_xsrf_header(self, lab):
        """As in the browser: the login cookie alone is not enough for a POST; with the XSRF token it is."""
        base, _ = lab
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(f"{base}/lab?token={TOKEN}", timeout=30).read()
        xsrf = next(c.value for c in jar if c.name == "_xsrf")
        status, _ = post(f"{base}/{ENDPOINT}", {"path": "week1/nope.ipynb"}, opener=opener)
        assert status == 403
        status, body = post(f"{base}/{ENDPOINT}", {"path": "week1/nope.ipynb"}, {"X-XSRFToken": xsrf}, opener=opener)
        assert status == 400 and "is not there" in body["error"]  # authenticated: the path is what is refused

    def test_grades_a_week_and_leaves_the_notebook_unchanged(self, lab):
        base, workspace = lab
        notebook = workspace / "week1" / "assignment.ipynb"
        before = notebook.read_bytes()
        status, view = post(f"{base}/{ENDPOINT}", {"path": "week1/assignment.ipynb"},
                            {"Authorization": f"token {TOKEN}"})
        assert status == 200, view
        assert notebook.read_bytes() == before
        questions = view["notebooks"][0]["questions"]
        assert view["week"] == "week1" and questions and {q["status"] for q in questions} <= {"todo", "instructor"}
        assert view["summary"].startswith("week1: 0 of ") and "wait for an instructor" in view["instructor"]
        assert all(" " in q["title"] for q in questions)  # titles, not grade ids

    def test_learner_mode_disables_the_instructor_tools(self, lab):
        base, _ = lab
        with urllib.request.urlopen(f"{base}/lab?token={TOKEN}", timeout=30) as response:
            page = response.read().decode()
        config = json.loads(page.split('id="jupyter-config-data" type="application/json">', 1)[1].split("</script>")[0])
        disabled = set(config["disabledExtensions"])
        assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                "@jupyter/nbgrader:validate-assignment", "@jupyterlab/apputils-extension:announcements"} <= disabled
        assert "@jupyter/nbgrader:assignment-list" in disabled  # no exchange on this machine
        assert config.get("news", {}).get("disabled") is True


@pytest.mark.slow
def test_a_lab_terminal_runs_the_commands_the_course_prints(lab):
    """A terminal opened in the learner's lab (File > New > Terminal) finds `curriculum` on its PATH and runs
    `curriculum progress` there, in the lab's folder, as the self-grade page suggests."""
    import websocket  # websocket-client, installed with jupyter_server

    base, workspace = lab
    status, term = post(f"{base}/api/terminals", {}, {"Authorization": f"token {TOKEN}"})
    assert status == 200, term
    ws = websocket.create_connection(f"{base.replace('http', 'ws', 1)}/terminals/websocket/{term['name']}"
                                     f"?token={TOKEN}", timeout=60)
    try:
        ws.send(json.dumps(["stdin", "pwd; command -v curriculum; curriculum progress; echo EXIT-$?\r"]))
        seen = ""
        while not re.search(r"EXIT-\d+", re.sub(r"echo EXIT-\$\?", "", seen)):
            kind, *payload = json.loads(ws.recv())
            if kind == "stdout":
                seen += payload[0]
    finally:
        ws.close()
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen)
    assert "EXIT-0" in text, text
    assert str(PROJECT_ROOT / ".venv" / "bin" / "curriculum") in text
    assert str(workspace) in text  # the terminal starts in the lab's folder
    assert "week1" in text  # progress printed the course's weeks


@pytest.mark.slow
def test_an_instructors_jupyter_keeps_nbgrader_tools():
    """Without make lab's config folder, nbgrader's server extensions and front-end plugins stay enabled."""
    env = {k: v for k, v in os.environ.items() if k != "JUPYTER_CONFIG_PATH"}
    out = subprocess.run([str(JUPYTER), "server", "extension", "list"], cwd=PROJECT_ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.stdout + out.stderr)
    assert re.search(r"nbgrader\.server_extensions\.formgrader\s+enabled", text), text
    learner = dict(env, JUPYTER_CONFIG_PATH=str(PROJECT_ROOT / "curriculum" / "learner" / "lab_config"))
    out = subprocess.run([str(JUPYTER), "labextension", "list"], cwd=PROJECT_ROOT, env=learner,
                         capture_output=True, text=True, timeout=120)
    assert "@jupyter/nbgrader:formgrader" in out.stdout + out.stderr  # listed under "Disabled extensions"
    out = subprocess.run([str(JUPYTER), "labextension", "list"], cwd=PROJECT_ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert "@jupyter/nbgrader:formgrader" not in out.stdout + out.stderr


def test_the_prebuilt_front_end_is_built_from_the_source():
    """The committed build in curriculum/learner/labextensions/ matches labextension/ (run `make labextension`
    after editing it): same package name and version, and the source's strings are in the built code."""
    source = PROJECT_ROOT / "labextension"
    built = PROJECT_ROOT / "curriculum" / "learner" / "labextensions" / "@twilio-pm-course" / "selfgrade"
    src_pkg, built_pkg = (json.loads((d / "package.json").read_text()) for d in (source, built))
    assert (built_pkg["name"], built_pkg["version"]) == (src_pkg["name"], src_pkg["version"])
    assert (built / "static" / built_pkg["jupyterlab"]["_build"]["load"].rsplit("/", 1)[-1]).is_file()
    code = "".join(p.read_text() for p in (built / "static").glob("*.js"))
    strings = re.findall(r"'([A-Za-z][^'\n`${}]{11,})'", (source / "src" / "index.js").read_text())
    assert strings and all(s in code for s in strings), [s for s in strings if s not in code]
    assert json.loads((built / "schemas" / "@twilio-pm-course" / "selfgrade" / "plugin.json").read_text()) == \
        json.loads((source / "schema" / "plugin.json").read_text())
