"""The self-paced learner's path in a real browser: `make lab`, headless Chromium, the real week 1 and practice notebooks.

One JupyterLab server and one browser serve the session (the tests run in one xdist group); each test opens and
runs the notebook it needs, so none depends on another. Screenshots are saved to artifacts/browser/ (git ignores it).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from curriculum.widgets.drills import make_problem
from tests.browser.conftest import ARTIFACTS, TOKEN
from tests.conftest import PROJECT_ROOT

pytestmark = [pytest.mark.xdist_group("browser"), pytest.mark.slow]  # JupyterLab and Chromium

ACTIVE = ".jp-NotebookPanel:not(.lm-mod-hidden)"
CURRICULUM = Path(sys.executable).parent / "curriculum"


def open_notebook(page, path: str) -> None:
    """File ▸ Open from Path…, as a learner would, then wait for the notebook's cells and an idle kernel."""
    page.keyboard.press("Escape")  # close any menu left open
    page.locator(".lm-MenuBar-itemLabel", has_text="File").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Open from Path").first.click()
    page.locator(".jp-Dialog input").first.fill(path)
    page.keyboard.press("Enter")
    page.wait_for_selector(f".lm-TabBar-tab.lm-mod-current:has-text('{Path(path).name}')")
    page.wait_for_selector(f"{ACTIVE} .jp-Notebook .jp-Cell")
    page.wait_for_selector(f"{ACTIVE} .jp-Notebook-ExecutionIndicator[data-status='idle']")


def run_all(page) -> None:
    """Run ▸ Run All Cells, then wait until every code cell has run (its prompt shows a number).

    The menu is clicked again only if no cell was even queued (no ``[*]``): running all twice would clear
    outputs the tests are about to read.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    prompts = f"document.querySelectorAll('{ACTIVE} .jp-CodeCell .jp-InputArea-prompt')"
    for _ in range(3):
        page.locator(f"{ACTIVE} .jp-Notebook").click(position={"x": 5, "y": 5})
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        try:
            page.wait_for_function(f"() => [...{prompts}].some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))",
                                   timeout=10_000)
            break
        except PlaywrightTimeout:  # nothing queued: the click landed before the notebook had the focus
            pass
    else:
        pytest.fail("Run All Cells did not start the notebook")
    page.wait_for_function(f"() => [...{prompts}].every(p => /\\[\\d+\\]/.test(p.textContent))", timeout=180_000)


def open_and_run(page, path: str) -> None:
    """Open a notebook and make sure all its cells have run (again only if some have not)."""
    open_notebook(page, path)
    done = page.evaluate(
        f"() => {{ const p = [...document.querySelectorAll('{ACTIVE} .jp-CodeCell .jp-InputArea-prompt')];"
        " return p.length > 0 && p.every(e => /\\[\\d+\\]/.test(e.textContent)); }")
    if not done:
        run_all(page)


def wait_for_text(page, selector: str, needle: str, timeout_ms: int = 30_000) -> None:
    """Wait until the first element matching ``selector`` contains ``needle`` (textContent: works off-screen).

    On a timeout the page is saved to artifacts/browser/failed-*.png before the error is raised.
    """
    try:
        page.wait_for_function(
            "([sel, needle]) => { const e = document.querySelector(sel); return !!e && e.textContent.includes(needle); }",
            arg=[selector, needle], timeout=timeout_ms)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"failed-{re.sub(r'[^a-z0-9]+', '-', needle.lower())[:40]}.png"))
        raise


def bring(locator):
    """Scroll an element to the middle of the notebook and return it.

    JupyterLab skips rendering off-screen cells (CSS content-visibility), so an off-screen widget has no box
    and Playwright would wait for it to become visible; scrolling with the DOM API needs only that it exists.
    """
    locator.wait_for(state="attached")
    locator.evaluate("e => e.scrollIntoView({block: 'center'})")
    return locator


def shot(locator, name: str) -> None:
    bring(locator).screenshot(path=str(ARTIFACTS / name))


def curriculum(*args: str) -> str:
    """Run the course CLI as a learner would from the course folder; fail with its output if it fails."""
    out = subprocess.run([str(CURRICULUM), *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
                         check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


class TestLesson:
    def test_explorer_renders_and_its_slider_changes_the_output(self, page):
        """Week 1's lesson runs all cells; the Little's law explorer renders, and moving a slider redraws it."""
        open_and_run(page, "week1/lesson.ipynb")
        output = ".course-explorer .widget-output pre"
        wait_for_text(page, output, "10,000 calls in progress")
        assert "55.6 new calls per second" in page.locator(output).first.text_content()
        explorer = bring(page.locator(".course-explorer").first)
        explorer.locator("img").first.wait_for()  # the curve is drawn too
        shot(explorer, "lesson-explorer-before.png")
        handle = bring(explorer.locator(".noUi-handle").first)
        handle.focus()
        handle.press("ArrowRight")  # one step: 10,000 -> 10,100 concurrent calls
        wait_for_text(page, output, "10,100 calls in progress")
        assert "56.1 new calls per second" in page.locator(output).first.text_content()
        shot(explorer, "lesson-explorer-after.png")

    def test_self_check_gives_feedback(self, page):
        """Self-check 1: a per-minute answer gets the unit-slip message, the right one a tick."""
        open_and_run(page, "week1/lesson.ipynb")
        # Start from the end of the lesson, as after reading it: the self-check is off-screen and not rendered.
        page.locator(f"{ACTIVE} .jp-WindowedPanel-outer").first.evaluate("e => { e.scrollTop = e.scrollHeight; }")
        check = bring(page.locator(".course-selfcheck").first)
        box = check.locator("input").first
        box.fill("600")  # 2,400 calls / 4 min per minute, not per second
        check.locator("button", has_text="Check").click()
        wait_for_text(page, ".course-selfcheck", "✗")
        assert "minutes vs seconds" in check.text_content()
        box.fill("10")
        check.locator("button", has_text="Check").click()
        wait_for_text(page, ".course-selfcheck", "✓ arrival_rate_per_s is correct.")  # the name shows as code
        assert "`" not in check.text_content()
        shot(check, "lesson-selfcheck.png")


class TestPractice:
    def test_drill_grades_a_right_and_a_wrong_answer(self, page):
        """The practice notebook's Little's law drill: right answer ✓ and a streak of 1; a wrong one ✗, streak 0."""
        open_and_run(page, "practice/practice.ipynb")
        drill = bring(page.locator(".course-drill").first)

        def current_problem():
            text = drill.locator(".course-drill-question").text_content()
            skill, seed = re.search(r"\(problem (\w+)/(\d+)\)", text).groups()
            return make_problem(skill, int(seed))

        def answer(value: float) -> None:
            box = bring(drill.locator(".course-drill-answer input"))
            box.fill(f"{value:.6g}")
            box.press("Enter")  # the box sends its value on Enter (or when it loses focus)
            drill.locator("button", has_text="Check").click()

        right = current_problem()
        assert right.skill == "littles_law"
        answer(right.expected)
        wait_for_text(page, ".course-drill .course-drill-feedback", "✓")
        assert "Streak 1 · best 1 · 1 of 1" in drill.locator(".course-drill-streak").text_content()
        shot(drill, "practice-drill-right.png")

        drill.locator("button", has_text="New problem").click()
        page.wait_for_function(  # the whole form is reset: new seed, empty answer box, no feedback
            """(old) => { const d = document.querySelector('.course-drill');
                return !d.querySelector('.course-drill-question').textContent.includes(old)
                    && d.querySelector('.course-drill-answer input').value === ''
                    && d.querySelector('.course-drill-feedback').textContent === ''; }""",
            arg=f"/{right.seed})")
        wrong = current_problem()
        answer(wrong.expected * 5)
        wait_for_text(page, ".course-drill .course-drill-feedback", "✗")
        assert "3-10x too high" in drill.locator(".course-drill-feedback").text_content()  # a band, not the ratio
        drill.locator("button", has_text="Show working").click()
        wait_for_text(page, ".course-drill .course-drill-working", "Answer:")
        assert "Streak 0 · best 1 · 1 of 2" in drill.locator(".course-drill-streak").text_content()
        shot(drill, "practice-drill-wrong.png")
        page.screenshot(path=str(ARTIFACTS / "practice-notebook.png"))


class TestNbgraderExtension:
    def test_nbgrader_is_loaded_with_its_instructor_tools_off(self, page, lab):
        """nbgrader's JupyterLab extension is installed and loads, but the learner's lab shows none of its
        instructor tools (no Nbgrader menu, no Validate); the course's Self-grade button is in their place."""
        base, _ = lab
        open_notebook(page, "practice/practice.ipynb")
        toolbar = page.locator(f"{ACTIVE} .jp-Toolbar").first.text_content()
        assert "Validate" not in toolbar and "Self-grade" in toolbar
        assert "Nbgrader" not in page.locator(".lm-MenuBar-itemLabel").all_text_contents()
        page.screenshot(path=str(ARTIFACTS / "learner-lab.png"))
        status = page.evaluate(
            "async (url) => (await (await fetch(url)).json())", f"{base}/lab/api/extensions?token={TOKEN}")
        nbgrader = [e for e in status if e["name"] in ("@jupyter/nbgrader", "jupyter-nbgrader")]
        assert nbgrader and nbgrader[0]["enabled"] and nbgrader[0]["status"] == "ok"


class TestWorkThenSelfgrade:
    def test_answer_in_browser_then_selfgrade_and_progress_show_it(self, page, lab):
        """Work Q1 in the browser and save; `curriculum selfgrade week1` and `curriculum progress` show the change."""
        _, workspace = lab
        before = curriculum("selfgrade", "week1", "--workspace", str(workspace))
        assert re.search(r"todo +0/1 +Q1: arrival rate", before)
        assert "week1: 0 of 15 autograded points" in before

        open_notebook(page, "week1/assignment.ipynb")
        cell = page.locator(f"{ACTIVE} .jp-CodeCell").filter(has_text="YOUR ANSWER HERE").first
        bring(cell.locator(".cm-content")).click()
        # Type only once the editor has the focus: keys in command mode are notebook shortcuts.
        page.wait_for_selector(f"{ACTIVE} .jp-Notebook.jp-mod-editMode .jp-mod-active .cm-editor.cm-focused")
        page.keyboard.press("Control+a")
        page.keyboard.type("arrival_rate_per_s = 10_000 / 60")
        cell = page.locator(f"{ACTIVE} .jp-CodeCell").filter(has_text="arrival_rate_per_s = 10_000 / 60").first
        assert "YOUR ANSWER HERE" not in cell.text_content()
        page.keyboard.press("Shift+Enter")  # run the answer, then its visible check
        page.keyboard.press("Shift+Enter")
        wait_for_text(page, f"{ACTIVE} .jp-Notebook", "`arrival_rate_per_s` is a number in the plausible range")
        page.keyboard.press("Control+s")
        saved = workspace / "week1" / "assignment.ipynb"
        page.wait_for_function("() => !document.querySelector('.lm-TabBar-tab.lm-mod-current.jp-mod-dirty')")
        sources = ["".join(c["source"]) for c in json.loads(saved.read_text())["cells"]]
        assert "arrival_rate_per_s = 10_000 / 60" in sources
        shot(cell, "assignment-q1-answered.png")

        after = curriculum("selfgrade", "week1", "--workspace", str(workspace))
        assert re.search(r"pass +1/1 +Q1: arrival rate", after)
        assert "week1: 1 of 15 autograded points (7%); 1 of 12 questions attempted, 1 passed." in after
        assert (workspace / "week1" / "feedback" / "assignment.html").is_file()
        progress = curriculum("progress", "--workspace", str(workspace), "--chart", str(ARTIFACTS / "progress.png"))
        assert re.search(r"week1 +graded \S+ +1/12 +1/12 +1/15 \(7%\)", progress)
        (ARTIFACTS / "selfgrade-week1.txt").write_text(after + "\n" + progress)
