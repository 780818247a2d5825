"""One set of stated assumptions per interview prompt (``scenarios.toml``).

A prompt that comes back in several weeks must tell one story: the voice
messaging prompt holds its calls 60 s in every week, not 180 s in one and 60 s
in the next. Lessons and assignments read those assumptions from here instead
of typing them, and the course labels each one as an assumption with its
one-line reason. Platform limits are not assumptions: they live in
``facts.toml`` (:func:`curriculum.facts.value`).

Nothing is read at import; the file is parsed on the first lookup and cached.

>>> scenario("voice_messaging", "mean_hold_s")
60
>>> assumption("voice_messaging", "mean_hold_s").label()
'60 s (assumption: A caller hears a greeting of about 15-20 s and leaves a message of about 40 s; voicemail calls are short.)'

Reference: ``curriculum/facts/scenarios.toml``; TOML 1.0 read with :mod:`tomllib`.
"""

from __future__ import annotations

import dataclasses
import difflib
import importlib.resources
import math
import tomllib

__all__ = ["Assumption", "Scenario", "assumption", "scenario", "scenario_info", "scenario_names"]

_HEADER_FIELDS = ("prompt", "weeks", "whose_system")
_WHOSE = ("twilio", "customer")
_cache: dict[str, dict[str, "Scenario"]] = {}


@dataclasses.dataclass(frozen=True)
class Assumption:
    """One stated assumption of a prompt: a value, its unit and why it is fair.

    >>> Assumption("x", "hold", 60, "s", "short calls").label()
    '60 s (assumption: short calls)'

    Reference: the field list in the header of ``scenarios.toml``.
    """

    scenario: str
    key: str
    value: int | float | str
    unit: str
    why: str

    def label(self) -> str:
        """The value with its unit, marked as an assumption with its reason."""
        v = self.value
        amount = f"{v:,}" if type(v) is int else (f"{v:g}" if type(v) is float else str(v))
        return f"{amount} {self.unit} (assumption: {self.why})"


@dataclasses.dataclass(frozen=True)
class Scenario:
    """One interview prompt with its assumptions.

    >>> scenario_info("clinic_reminder_calls").whose_system
    'customer'

    Reference: ``curriculum/facts/scenarios.toml``.
    """

    name: str
    prompt: str
    weeks: tuple[int, ...]
    whose_system: str
    assumptions: dict[str, Assumption]


def _path():
    return importlib.resources.files(__package__).joinpath("scenarios.toml")


def _is_value(v: object) -> bool:
    return (type(v) in (int, float) and math.isfinite(v)) or (type(v) is str and bool(v.strip()))


def _parse(data: dict) -> dict[str, Scenario]:
    """Turn the TOML tables into scenarios; raise ValueError listing every problem."""
    problems: list[str] = []
    out: dict[str, Scenario] = {}
    for name, table in data.items():
        if not isinstance(table, dict):
            problems.append(f"{name}: a scenario must be a [table]")
            continue
        missing = [f for f in _HEADER_FIELDS if f not in table]
        if missing:
            problems.append(f"{name}: missing {', '.join(missing)}")
            continue
        if table["whose_system"] not in _WHOSE:
            problems.append(f"{name}: whose_system must be one of {list(_WHOSE)}")
        items: dict[str, Assumption] = {}
        for key, fields in table.items():
            if key in _HEADER_FIELDS:
                continue
            if not isinstance(fields, dict):
                problems.append(f"{name}.{key}: an assumption must be a sub-table with value, unit and why")
                continue
            bad = [f for f in ("value", "unit", "why") if f not in fields]
            if bad or not _is_value(fields.get("value")) or not str(fields.get("why", "")).strip():
                problems.append(f"{name}.{key}: needs a value, a unit and a one-line why")
                continue
            items[key] = Assumption(name, key, fields["value"], str(fields["unit"]), str(fields["why"]))
        if not items:
            problems.append(f"{name}: no assumptions")
        out[name] = Scenario(name, str(table["prompt"]), tuple(table["weeks"]), table["whose_system"], items)
    if problems:
        raise ValueError("scenarios.toml has problems:\n  " + "\n  ".join(problems))
    return out


def _scenarios() -> dict[str, Scenario]:
    if "all" not in _cache:
        with _path().open("rb") as handle:
            _cache["all"] = _parse(tomllib.load(handle))
    return _cache["all"]


def _close(word: str, options) -> str:
    near = difflib.get_close_matches(word, list(options), n=3, cutoff=0.5)
    return f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""


def scenario_names() -> list[str]:
    """Every prompt that has a table in ``scenarios.toml``, sorted.

    >>> "voice_messaging" in scenario_names()
    True

    Reference: ``curriculum/facts/scenarios.toml``.
    """
    return sorted(_scenarios())


def scenario_info(name: str) -> Scenario:
    """The prompt text, weeks, whose system it is, and every assumption of one scenario.

    >>> scenario_info("voice_messaging").weeks
    (1, 2, 3)
    >>> scenario_info("voicemail")
    Traceback (most recent call last):
    ...
    ValueError: name 'voicemail' is not a scenario in scenarios.toml; did you mean 'voice_messaging', 'ai_voice_agent'?

    Reference: ``curriculum/facts/scenarios.toml``.
    """
    found = _scenarios()
    if type(name) is not str or name not in found:
        raise ValueError(f"name {name!r} is not a scenario in scenarios.toml"
                         f"{_close(str(name), found)}")
    return found[name]


def assumption(name: str, key: str) -> Assumption:
    """The :class:`Assumption` stored for ``key`` in scenario ``name``.

    >>> assumption("voice_messaging", "message_s").unit
    's'
    >>> assumption("voice_messaging", "hold_s")
    Traceback (most recent call last):
    ...
    ValueError: key 'hold_s' is not an assumption of scenario 'voice_messaging'; did you mean 'mean_hold_s'?

    Reference: ``curriculum/facts/scenarios.toml``.
    """
    info = scenario_info(name)
    if type(key) is not str or key not in info.assumptions:
        raise ValueError(f"key {key!r} is not an assumption of scenario {name!r}"
                         f"{_close(str(key), info.assumptions)}")
    return info.assumptions[key]


def scenario(name: str, key: str) -> int | float | str:
    """Return the value a prompt's stated assumption takes, e.g. its mean hold time in s.

    >>> scenario("pharmacy_refill_line", "concurrent_calls")
    3000

    Reference: ``curriculum/facts/scenarios.toml``.
    """
    return assumption(name, key).value
