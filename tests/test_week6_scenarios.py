"""Week 6's prompts say the numbers that scenarios.toml holds: one set of assumptions per prompt.

The Markdown a learner reads cannot compute, so it types the prompt's figures; these tests hold every typed figure
to the stated assumption it comes from (``facts.scenario``), and the catalog's capstone text and checks to the same
table. The expected strings are formatted from the scenario values, and the values themselves are pinned by hand
below, so a changed assumption fails here until the notebooks say the same.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from curriculum.capacity import arrival_rate_per_s
from curriculum.design.catalog import get_prompt
from curriculum.facts import scenario, scenario_info

ROOT = Path(__file__).resolve().parents[1]


def _cell(notebook: str, key: str) -> str:
    """The source of the cell whose grade id or cell id is ``key``."""
    nb = nbformat.read(ROOT / "source" / "week6" / notebook, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == key or cell.get("id") == key:
            return cell.source
    raise AssertionError(f"{notebook} has no cell {key!r}")


def _flat(text: str) -> str:
    """Markdown with its line breaks, quote marks and bold marks taken out, so a phrase can be looked up whole."""
    lines = (line[1:] if line.startswith(">") else line for line in text.splitlines())
    return " ".join(" ".join(lines).replace("**", "").split())


def test_the_assumptions_week6_reads_hold_the_values_its_prompts_state():
    """By hand: 10,000 visits of 15 min, 2 people; 5,000,000 visits a month, 4 min wait, $0.004; 25 people,
    20,000 meetings of 30 min, 8 on average; 360 calls of 240 s, 80% within 20 s."""
    t = lambda k: scenario("telehealth_video", k)  # noqa: E731
    assert (t("concurrent_visits"), t("visit_min"), t("people_per_visit")) == (10_000, 15, 2)
    assert (t("visits_per_month"), t("mean_wait_min"), t("price_per_participant_min_usd")) == (5_000_000, 4, 0.004)
    v = lambda k: scenario("video_meetings", k)  # noqa: E731
    assert (v("max_participants"), v("concurrent_meetings"), v("mean_meeting_min"), v("mean_participants")) == (
        25, 20_000, 30, 8)
    c = lambda k: scenario("clinic_scheduling_line", k)  # noqa: E731
    assert (c("busy_hour_calls"), c("mean_handle_s"), c("answered_within_s"), c("service_level_goal")) == (
        360, 240, 20, 0.80)


def test_visits_per_month_follows_from_the_peak():
    """10,000 at once / 15 min = 40,000 visits in the busiest hour; / 0.16 = 250,000 a day; x 20 days = 5,000,000."""
    busiest_hour = scenario("telehealth_video", "concurrent_visits") * 60 / scenario("telehealth_video", "visit_min")
    assert busiest_hour == 40_000
    assert busiest_hour / 0.16 * 20 == pytest.approx(scenario("telehealth_video", "visits_per_month"))


@pytest.mark.parametrize("name", ["telehealth_video", "video_meetings", "clinic_scheduling_line"])
def test_scenario_prompt_line_states_its_own_numbers(name):
    """The one-line prompt in scenarios.toml names the figures its own table holds."""
    info = scenario_info(name)
    given = {"telehealth_video": ("concurrent_visits", "visit_min"),
             "video_meetings": ("max_participants", "concurrent_meetings"),
             "clinic_scheduling_line": ("busy_hour_calls",)}[name]
    for key in given:
        assert f"{info.assumptions[key].value:,}" in info.prompt, (name, key)


def test_capstone_prompt_in_the_assignment_agrees_with_scenarios():
    """Part F's Markdown states the peak and the visit length of [telehealth_video]."""
    text = _flat(_cell("assignment.ipynb", "w6_capstone_prompt"))
    assert f"{scenario('telehealth_video', 'concurrent_visits'):,} visits at once" in text
    assert f"a visit lasts {scenario('telehealth_video', 'visit_min')} minutes" in text


def test_catalog_capstone_is_built_from_scenarios():
    """The rubric's prompt text and its two figures come from the same table: 10,000 x 2 x 2,500 kbit/s = 50 Gbit/s,
    and 10,000 / 900 s = 11.1 rooms a second."""
    prompt = get_prompt("week6_telehealth_video_visits")
    assert f"{scenario('telehealth_video', 'concurrent_visits'):,} visits at once" in prompt.text
    assert f"lasts {scenario('telehealth_video', 'visit_min')} minutes" in prompt.text
    egress, rooms = (c.expected for c in prompt.numeric_checks)
    assert egress == pytest.approx(50.0)
    assert rooms == pytest.approx(arrival_rate_per_s(10_000, 15 * 60)) == pytest.approx(11.11, abs=0.01)
    assert prompt.text == " ".join(_flat(_cell("assignment.ipynb", "w6_capstone_prompt"))
                                   .split("Prompt. ")[1].split(" Write `telehealth_answer`")[0].strip("*").split())


def test_cost_questions_state_the_telehealth_assumptions():
    """Part B (the wait) and the peak-hour bill quote [telehealth_video]'s month, wait, price and peak."""
    t = lambda k: scenario("telehealth_video", k)  # noqa: E731
    wait = _flat(_cell("assignment.ipynb", "w6_waiting_room_cost_text"))
    assert f"{t('visits_per_month'):,} visits a month" in wait
    assert f"on average {t('mean_wait_min')} minutes before" in wait
    assert f"\\${t('price_per_participant_min_usd')} per participant minute" in wait
    peak = _flat(_cell("assignment.ipynb", "w6_peak_hour_cost_text"))
    assert f"peak is {t('concurrent_visits'):,} two-person visits" in peak
    assert t("people_per_visit") == 2
    assert f"\\${t('price_per_participant_min_usd')} per participant minute" in peak


def test_mock_1_prompt_in_the_lesson_agrees_with_scenarios():
    """Mock 1's prompt, its numbers cell's stated assumptions and the subscribe-cap question are [video_meetings]'s."""
    v = lambda k: scenario("video_meetings", k)  # noqa: E731
    prompt = _flat(_cell("lesson.ipynb", "30fc1f95"))
    assert f"team meetings of up to {v('max_participants')} people" in prompt
    assert f"up to {v('concurrent_meetings'):,} meetings running at once" in prompt
    assert f"A {v('max_participants')}-person meeting in *speaker view*" in _flat(
        _cell("assignment.ipynb", "w6_subscribe_cap_text"))
    said = _flat(_cell("lesson.ipynb", "adab58ac"))
    assert f"meetings assumed to last {v('mean_meeting_min')} minutes and to hold {v('mean_participants')} people" in said


def test_clinic_line_self_check_agrees_with_scenarios():
    """Self-check 5 states [clinic_scheduling_line]'s calls, minutes and service level, and its cell reads them."""
    c = lambda k: scenario("clinic_scheduling_line", k)  # noqa: E731
    text = _flat(_cell("lesson.ipynb", "ba25e553"))
    assert f"{c('busy_hour_calls')} calls in its busy hour, {c('mean_handle_s') // 60} minutes each" in text
    assert f"{c('service_level_goal'):.0%} of calls within {c('answered_within_s')} seconds" in text
    assert 'facts.scenario("clinic_scheduling_line"' in _cell("lesson.ipynb", "7d0c3c29")


def test_week6_code_cells_type_no_prompt_figures():
    """The worked mock's and mock 1's numbers cells read the assumptions instead of typing 20_000, 30 or 0.004."""
    for cell_id in ("bba1c95f", "0ee83edd"):
        source = _cell("lesson.ipynb", cell_id)
        assert 'facts.scenario("video_meetings"' in source or "mock(" in source
        for typed in ("20_000", "= 30, 8", "0.004", "(25,"):
            assert typed not in source, (cell_id, typed)
