"""The rubric's calibration set: for every prompt, answers of known quality and the score band each must land in.

For each of the course's prompts:

* ``strong``: the reference answer (:mod:`curriculum.design.references`);
* ``middling``: the reference with its work half done: two questions, no
  assumptions, two metrics, the Decides without their alternatives, one focus
  area with one trade-off, no wrap-up;
* ``weak``: a technology-first answer: no questions, metrics without units, a
  service per box, trade-offs without numbers;
* gamed answers, the right shape with no substance: ``gamed_nonsense`` (every
  field filled with sentences about something else), ``gamed_keywords`` (the
  prompt's own domain words as lists), ``gamed_pasted`` (the prompt's text in
  every field), ``gamed_tbd`` ("TBD" everywhere);
* ``other_prompt``: a sound answer written for a different prompt (the next
  week's reference).

:data:`BANDS` gives the expected share of the maximum for each kind; the tests
hold every prompt to them, and ``python -m curriculum.design.calibration``
writes ``docs/rubric-calibration.md`` with every answer's score per item, so a
learner or an instructor can see how the rubric behaves.

>>> answers = calibration_answers("week1_reminder_calls")
>>> list(answers)[:3]
['strong', 'middling', 'weak']
>>> in_band("gamed_tbd", 0.1), in_band("strong", 0.8)
(True, False)
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from curriculum.design.catalog import PROMPT_IDS, get_prompt
from curriculum.design.markdown import to_markdown
from curriculum.design.model import parse_answer
from curriculum.design.references import reference_markdown
from curriculum.design.rubric import ITEM_TITLES, grade_prompt

__all__ = ["BANDS", "KINDS", "MIDDLING_CEILING", "calibration_answers", "calibration_table", "in_band",
           "write_page"]

#: Each kind of calibration answer and the band (low, high) its share of the maximum must fall in.
BANDS = {
    "strong": (0.85, 1.0),
    "middling": (0.40, 0.75),
    "weak": (0.0, 0.35),
    "gamed_nonsense": (0.0, 0.35),
    "gamed_keywords": (0.0, 0.35),
    "gamed_pasted": (0.0, 0.35),
    "gamed_tbd": (0.0, 0.35),
    "other_prompt": (0.0, 0.60),
}
KINDS = tuple(BANDS)
#: The top of the middling band: a design answer above it shows the three-layer approach (progress ticks it).
MIDDLING_CEILING = BANDS["middling"][1]


def in_band(kind: str, fraction: float) -> bool:
    """True when ``fraction`` (a share of the maximum) lies in the band of ``kind``."""
    low, high = BANDS[kind]
    return low - 1e-9 <= fraction <= high + 1e-9


def _dict(prompt_id: str) -> dict:
    a = parse_answer(reference_markdown(prompt_id))
    pd, hld = a.problem_definition, a.high_level_design
    return {
        "problem_definition": {
            "user_story": pd.user_story, "business_goal": pd.business_goal,
            "clarifying_questions": list(pd.clarifying_questions), "assumptions": list(pd.assumptions),
            "metrics": [{"name": m.name, "value": m.value, "unit": m.unit, "target": m.target} for m in pd.metrics],
        },
        "high_level_design": {
            "actors": list(hld.actors),
            "components": [{"name": c.name, "tell": c.tell, "explain": c.explain, "decide": c.decide}
                           for c in hld.components],
            "flows": [[f.source, f.target, f.label] for f in hld.flows],
        },
        "deep_dive": [{"area": fa.area, "risks": list(fa.risks),
                       "tradeoffs": [{"option": t.option, "alternative": t.alternative, "impact": t.impact,
                                      "decision": t.decision} for t in fa.tradeoffs]} for fa in a.deep_dive],
        "wrap_up": {"summary": a.wrap_up.summary, "mvp": list(a.wrap_up.mvp), "later": list(a.wrap_up.later),
                    "next_steps": list(a.wrap_up.next_steps)},
    }


def _middling(prompt_id: str) -> dict:
    a = _dict(prompt_id)
    pd = a["problem_definition"]
    pd["clarifying_questions"] = pd["clarifying_questions"][:2]
    pd["assumptions"] = []
    pd["business_goal"] = ""
    pd["metrics"] = pd["metrics"][:2]
    for c in a["high_level_design"]["components"]:
        c["decide"] = c["decide"].split(" rather than ")[0].split(" instead of ")[0].split(" over ")[0]
        c["decide"] = c["decide"].split(" vs ")[0].split(",")[0]
    a["deep_dive"] = a["deep_dive"][:1]
    a["deep_dive"][0]["tradeoffs"] = a["deep_dive"][0]["tradeoffs"][:1]
    a["deep_dive"][0]["risks"] = []
    a["wrap_up"] = {"summary": "", "mvp": [], "later": [], "next_steps": []}
    return a


def _weak() -> dict:
    names = ["API gateway service", "User service", "Auth service", "Core service", "Worker service",
             "Kafka service", "Storage service", "Notification service", "Billing service", "Analytics service"]
    return {
        "problem_definition": {
            "user_story": "We will use Kafka and microservices on Kubernetes to build it.",
            "clarifying_questions": [], "assumptions": [],
            "metrics": [{"name": "performance", "value": 1, "unit": ""},
                        {"name": "scalability", "value": 100, "unit": "x"}],
        },
        "high_level_design": {
            "actors": ["User"],
            "components": [{"name": n, "tell": "A microservice.", "explain": "Microservices are best practice.",
                            "decide": "Use Kubernetes."} for n in names],
            "flows": [["User", names[0], "request"], [names[0], names[3], "request"], [names[3], names[5], "event"]],
        },
        "deep_dive": [{"area": "Scalability", "risks": [],
                       "tradeoffs": [{"option": "Kafka", "alternative": "RabbitMQ",
                                      "impact": "Kafka is faster and scales better", "decision": "Kafka"}]}],
    }


def _shape(questions, assumptions, metrics, components, tradeoffs, story, extras) -> dict:
    """An answer with the right shape, filled from the given texts."""
    names = [c[0] for c in components]
    return {
        "problem_definition": {"user_story": story, "business_goal": extras, "clarifying_questions": questions,
                               "assumptions": assumptions,
                               "metrics": [{"name": n, "value": v, "unit": u, "target": t} for n, v, u, t in metrics]},
        "high_level_design": {
            "actors": ["Someone"],
            "components": [{"name": n, "tell": t, "explain": e, "decide": d} for n, t, e, d in components],
            "flows": [["Someone", names[0], extras[:20] or "x"]] + [[a, b, "it"] for a, b in zip(names, names[1:])],
        },
        "deep_dive": [{"area": area, "risks": [extras] if extras else [],
                       "tradeoffs": [{"option": o, "alternative": al, "impact": im, "decision": de}
                                     for o, al, im, de in offs]} for area, offs in tradeoffs],
        "wrap_up": {"summary": extras, "mvp": [extras] if extras else [], "later": [extras] if extras else [],
                    "next_steps": [extras] if extras else []},
    }


def _nonsense() -> dict:
    comps = [(f"Box {k}", "It is a box that holds things.", "Because boxes are useful for many things.",
              "We do not know yet.") for k in "ABCD"]
    return _shape(
        ["Is the sky blue?", "Do cats bark?", "Why is the grass so green today?"],
        ["The moon is made of cheese today.", "Bananas are yellow when they are ripe."],
        [("speed", 2, "x", "better"), ("time", 3, "s", ""), ("goodness", 97, "%", "")],
        comps, [("Things", [("Do it", "Not do it", "2 x better", "Yes"), ("Go fast", "Go slow", "3 s", "Fast")])],
        "As a user, I want bananas so that purple.", "We will see how it goes later on.")


def _keywords(prompt_id: str) -> dict:
    p = get_prompt(prompt_id)
    words = [g[0] for g in p.domain]
    soup = " ".join(words[:8])
    comps = [(" ".join(g[:2]).title(), " ".join(words[i:i + 5]), " ".join(words[i + 1:i + 6]),
              " ".join(words[i + 2:i + 7])) for i, g in enumerate(p.component_terms[:5])]
    metrics = [(" ".join(words[i:i + 2]), 100 * (i + 1), p.countables[i % len(p.countables)], soup)
               for i in range(4)]
    return _shape([soup + "?", " ".join(words[3:10]) + "?", " ".join(words[6:13]) + "?"],
                  [soup, " ".join(words[2:9])], metrics, comps,
                  [(" ".join(words[:2]), [(words[0], words[1], f"10 {p.countables[0]} {words[2]}", words[3]),
                                          (words[4], words[5], f"5 % {words[6]}", words[7])])],
                  soup, " ".join(words[1:9]))


def _pasted(prompt_id: str) -> dict:
    text = get_prompt(prompt_id).text
    comps = [(f"Part {k}", text, text + " ", " " + text) for k in "ABC"]
    return _shape([text + "?", text + " ?", "? " + text + "?"], [text], [(text, 1, "%", text)], comps,
                  [(text, [(text, text, text, text)])], text, text)


def _tbd() -> dict:
    comps = [(f"TBD {k}", "TBD", "TBD", "TBD") for k in "ABC"]
    return _shape(["TBD?", "TBD?", "TBD?"], ["TBD"], [("TBD", 0, "TBD", "TBD")], comps,
                  [("TBD", [("TBD", "TBD", "TBD", "TBD")])], "TBD", "TBD")


def calibration_answers(prompt_id: str) -> dict[str, object]:
    """Every calibration answer for ``prompt_id``, by kind (see :data:`BANDS`); the strong one is Markdown."""
    pid = get_prompt(prompt_id).prompt_id
    other = PROMPT_IDS[(PROMPT_IDS.index(pid) + 1) % len(PROMPT_IDS)]
    return {
        "strong": reference_markdown(pid),
        "middling": to_markdown(_middling(pid)),
        "weak": _weak(),
        "gamed_nonsense": _nonsense(),
        "gamed_keywords": _keywords(pid),
        "gamed_pasted": _pasted(pid),
        "gamed_tbd": _tbd(),
        "other_prompt": reference_markdown(other),
    }


def calibration_table() -> dict[str, dict[str, object]]:
    """``{prompt_id: {kind: GradeResult}}`` for the whole calibration set."""
    return {pid: {kind: grade_prompt(pid, answer) for kind, answer in calibration_answers(pid).items()}
            for pid in PROMPT_IDS}


def _pct(x: float) -> str:
    return f"{x:.0%}"


def write_page(path: Path | str = "docs/rubric-calibration.md") -> Path:
    """Write the calibration page (Markdown): a summary per prompt, then every answer's score per item."""
    path = Path(path)
    table = calibration_table()
    lines = [
        "# How the design rubric behaves: the calibration set",
        "",
        "Generated by `python -m curriculum.design.calibration` (or `curriculum calibration`); do not edit by hand.",
        "",
        "For each week's design prompt the rubric grades a strong answer (the reference answer), a middling one, "
        "a weak one, four gamed answers with the right shape and no substance, and a sound answer written for a "
        "different prompt. The tests hold every score to its band:",
        "",
        "| Kind | Band (share of the maximum) | What it is |",
        "|---|---|---|",
    ]
    about = {
        "strong": "the reference answer",
        "middling": "the reference with half its work undone: two questions, two metrics, Decides without "
                    "alternatives, one trade-off, no wrap-up",
        "weak": "technology first: no questions, metrics without units, a service per box",
        "gamed_nonsense": "every field filled with sentences about something else (\"Is the sky blue?\")",
        "gamed_keywords": "the prompt's own domain words as keyword lists",
        "gamed_pasted": "the prompt's text pasted into every field",
        "gamed_tbd": "\"TBD\" in every field",
        "other_prompt": "a sound answer to the next week's prompt",
    }
    for kind, (low, high) in BANDS.items():
        lines.append(f"| `{kind}` | {_pct(low)} to {_pct(high)} | {about[kind]} |")
    lines += ["", "## Summary", "", "| Prompt | " + " | ".join(f"`{k}`" for k in KINDS) + " |",
              "|---" * (len(KINDS) + 1) + "|"]
    for pid, results in table.items():
        lines.append(f"| `{pid}` | " + " | ".join(_pct(results[k].fraction) for k in KINDS) + " |")
    for pid, results in table.items():
        prompt = get_prompt(pid)
        items = [i.item_id for i in results["strong"].items]
        lines += ["", f"## {prompt.title} (`{pid}`)", "", f"> {prompt.text}", "",
                  "| Item | " + " | ".join(f"`{k}`" for k in KINDS) + " |", "|---" * (len(KINDS) + 1) + "|"]
        for item in items:
            cells = []
            for k in KINDS:
                r = results[k]
                found = [i for i in r.items if i.item_id == item]
                cells.append(f"{found[0].points:g} / {found[0].max_points:g}" if found else "0 (malformed)")
            lines.append(f"| {ITEM_TITLES[item]} | " + " | ".join(cells) + " |")
        lines.append("| **Total** | " + " | ".join(
            f"**{results[k].score:g} / {results[k].max_score:g} ({_pct(results[k].fraction)})**" for k in KINDS)
            + " |")
    lines += ["", "## What the rubric cannot judge", "",
              "It matches words and numbers against what each prompt expects, so it cannot tell whether an "
              "argument is right: a fluent answer that draws the wrong conclusion from the right figures, a reason "
              "that is on topic but false, or a clear answer delivered badly can still score well. The reference "
              "answer, the self-review checklist, the interviewer's follow-ups and your instructor cover that.", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines))
    return path


def main(argv: list[str] | None = None) -> int:
    """``python -m curriculum.design.calibration [PATH]``: write the page and print where."""
    argv = sys.argv[1:] if argv is None else argv
    out = write_page(argv[0] if argv else "docs/rubric-calibration.md")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
