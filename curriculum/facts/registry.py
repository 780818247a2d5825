"""Load, look up, cite and validate the dated facts registry (``facts.toml``).

Every platform limit the course uses lives in one TOML file next to this
module, one table per fact, each with its unit, its source and the day the
source was read. Lessons and graders read values from here instead of
hard-coding them, so a changed limit is fixed in one place.

Nothing is read when the module is imported: the registry is parsed on the
first lookup and cached.

Reference: TOML 1.0 (https://toml.io/en/v1.0.0), read with :mod:`tomllib`.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import importlib.resources
import math
import os
import re
import tomllib

__all__ = [
    "Fact",
    "RegistryError",
    "UnknownFactError",
    "all_facts",
    "cite",
    "default_path",
    "fact",
    "keys_used_in",
    "load_registry",
    "validate_registry",
    "value",
]

#: Fields a fact table may have; the first four are required.
REQUIRED_FIELDS = ("value", "unit", "source", "checked")
OPTIONAL_FIELDS = ("note", "disagrees", "source_date")

#: A source's own date when only its year or month is known ("2017", "2003-05").
_PARTIAL_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?\Z")

_KEY_PART = re.compile(r"[a-z0-9_]+\Z")

# Filled by _registry() on the first lookup, never at import.
_cache: dict[str, dict[str, "Fact"]] = {}


@dataclasses.dataclass(frozen=True)
class Fact:
    """One dated fact: a value with its unit, source and the day it was checked.

    >>> f = fact("voice.api_calls_per_second_default")
    >>> (f.value, f.unit, f.checked.isoformat())
    (1, 'calls/s', '2026-12-03')

    Reference: the registry file ``curriculum/facts/facts.toml``.
    """

    key: str
    value: int | float | str
    unit: str
    source: str
    checked: datetime.date
    note: str | None = None
    disagrees: object = None
    #: The source's own date (publication or last update), when it states one:
    #: a TOML date, or "YYYY" / "YYYY-MM" text when only that much is known.
    source_date: datetime.date | str | None = None


class RegistryError(ValueError):
    """The registry file is malformed; ``problems`` lists what is wrong.

    >>> str(RegistryError(["a: no source", "b: no unit"]))
    'facts registry has 2 problem(s):\\n  a: no source\\n  b: no unit'

    Reference: :func:`validate_registry` produces the problem lines.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"facts registry has {len(self.problems)} problem(s):\n{lines}")


class UnknownFactError(KeyError):
    """A key that is not in the registry; the message suggests close keys.

    >>> str(UnknownFactError("voice.cps", ["voice.cps_queue_max_hours"]))
    "no fact 'voice.cps' in the registry; did you mean 'voice.cps_queue_max_hours'?"

    Reference: suggestions come from :func:`difflib.get_close_matches`.
    """

    def __init__(self, key: str, suggestions: list[str]):
        self.key = key
        self.suggestions = list(suggestions)
        if self.suggestions:
            close = ", ".join(repr(s) for s in self.suggestions)
            message = f"no fact {key!r} in the registry; did you mean {close}?"
        else:
            message = f"no fact {key!r} in the registry (see curriculum/facts/facts.toml)"
        super().__init__(message)

    def __str__(self) -> str:
        # KeyError.__str__ would wrap the message in quotes.
        return str(self.args[0])


# Show the errors under the package that users import them from.
RegistryError.__module__ = UnknownFactError.__module__ = "curriculum.facts"


def default_path():
    """Return the location of the packaged ``facts.toml``.

    >>> default_path().name
    'facts.toml'

    Reference: :func:`importlib.resources.files`.
    """
    return importlib.resources.files(__package__).joinpath("facts.toml")


def _read_toml(path) -> dict:
    """Parse a TOML file given as a path or a Traversable."""
    if isinstance(path, (str, os.PathLike)):
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _flatten(table: dict, prefix: str, out: dict, problems: list[str]) -> None:
    """Collect fact tables (tables holding at least one non-table field) by dotted key."""
    fields = {k: v for k, v in table.items() if not isinstance(v, dict)}
    children = {k: v for k, v in table.items() if isinstance(v, dict)}
    if fields:
        if not prefix:
            problems.append(f"top level: fields {sorted(fields)} belong inside a [table]")
        else:
            out[prefix] = fields
            if children:
                problems.append(f"{prefix}: a fact cannot also hold sub-tables {sorted(children)}")
            return
    for name, child in children.items():
        _flatten(child, f"{prefix}.{name}" if prefix else name, out, problems)
    if prefix and not fields and not children:
        problems.append(f"{prefix}: empty table")


def _is_number(x: object) -> bool:
    return type(x) in (int, float) and math.isfinite(x)


def _table_problems(key: str, fields: dict) -> list[str]:
    """List what is wrong with one fact table."""
    problems = []
    parts = key.split(".")
    if len(parts) < 2 or not all(_KEY_PART.match(p) for p in parts):
        problems.append(
            f"{key}: key must be dotted lower-case words, e.g. 'voice.gather.timeout_default'"
        )
    for name in REQUIRED_FIELDS:
        if name not in fields:
            problems.append(f"{key}: missing {name}")
    unknown = sorted(set(fields) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        problems.append(f"{key}: unknown field(s) {unknown}; valid fields are "
                        f"{list(REQUIRED_FIELDS + OPTIONAL_FIELDS)}")
    if "value" in fields:
        v = fields["value"]
        if not (_is_number(v) or (type(v) is str and v.strip())):
            problems.append(f"{key}: value must be a finite number or a non-empty string")
    for name in ("unit", "source"):
        if name in fields and not (type(fields[name]) is str and fields[name].strip()):
            problems.append(f"{key}: {name} must be a non-empty string")
    if "checked" in fields:
        c = fields["checked"]
        # tomllib gives datetime.date for a bare date; datetime.datetime is a subclass.
        if type(c) is not datetime.date:
            problems.append(f"{key}: checked must be a TOML date like 2026-11-24, "
                            f"not {type(c).__name__}")
    if "source_date" in fields:
        d = fields["source_date"]
        if not (type(d) is datetime.date or (type(d) is str and _PARTIAL_DATE.match(d))):
            problems.append(f"{key}: source_date must be a TOML date like 2023-02-14, "
                            f"or text \"YYYY\" or \"YYYY-MM\", not {d!r}")
    if "note" in fields and not (type(fields["note"]) is str and fields["note"].strip()):
        problems.append(f"{key}: note must be a non-empty string")
    if "disagrees" in fields and "note" not in fields:
        problems.append(f"{key}: disagrees is set, so a note must say which value "
                        "the course uses and why")
    return problems


def validate_registry(path=None) -> list[str]:
    """Return a list of problems in a registry file; empty means it is valid.

    Checks every fact for a value, a unit, a source and a ``checked`` date, a
    note wherever ``disagrees`` is set, unknown fields and the key format.

    >>> validate_registry()
    []

    Reference: the field list in the header of ``facts.toml``.
    """
    source = default_path() if path is None else path
    try:
        data = _read_toml(source)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return [f"{source}: cannot read: {exc}"]
    tables: dict[str, dict] = {}
    problems: list[str] = []
    _flatten(data, "", tables, problems)
    if not tables and not problems:
        problems.append(f"{source}: no facts")
    for key, fields in tables.items():
        problems.extend(_table_problems(key, fields))
    return problems


def load_registry(path=None) -> dict[str, Fact]:
    """Read a registry file into ``{key: Fact}``; raise if it has problems.

    ``path`` defaults to the packaged ``facts.toml``. Raises
    :class:`RegistryError` (a ``ValueError``) listing every problem.

    >>> facts = load_registry()
    >>> facts["sms.segment.gsm7_single_chars"].value
    160

    Reference: :func:`validate_registry` for the rules.
    """
    source = default_path() if path is None else path
    problems = validate_registry(source)
    if problems:
        raise RegistryError(problems)
    tables: dict[str, dict] = {}
    _flatten(_read_toml(source), "", tables, [])
    return {
        key: Fact(
            key=key,
            value=fields["value"],
            unit=fields["unit"],
            source=fields["source"],
            checked=fields["checked"],
            note=fields.get("note"),
            disagrees=fields.get("disagrees"),
            source_date=fields.get("source_date"),
        )
        for key, fields in sorted(tables.items())
    }


def _registry() -> dict[str, Fact]:
    """The packaged registry, parsed on first use and then cached."""
    if "facts" not in _cache:
        _cache["facts"] = load_registry()
    return _cache["facts"]


def all_facts() -> dict[str, Fact]:
    """Return every fact as ``{key: Fact}`` (a fresh dict; facts are frozen).

    >>> facts = all_facts()
    >>> facts["video.group_room.max_participants"].value
    50

    Reference: ``curriculum/facts/facts.toml``.
    """
    return dict(_registry())


def _suggest(key: str, keys: list[str]) -> list[str]:
    """Up to three existing keys close to ``key``, by whole key and by last part."""
    found = difflib.get_close_matches(key, keys, n=3, cutoff=0.6)
    last = key.rsplit(".", 1)[-1]
    by_last = {k.rsplit(".", 1)[-1]: k for k in keys}
    for name in difflib.get_close_matches(last, list(by_last), n=3, cutoff=0.7):
        if by_last[name] not in found:
            found.append(by_last[name])
    return found[:3]


def fact(key: str) -> Fact:
    """Return the :class:`Fact` stored under ``key``.

    An unknown key raises :class:`UnknownFactError` (a ``KeyError``) that
    names the key and suggests the closest existing keys.

    >>> fact("webhooks.read_timeout_default").unit
    'ms'
    >>> fact("api_calls_per_second_default")
    Traceback (most recent call last):
    ...
    curriculum.facts.UnknownFactError: no fact 'api_calls_per_second_default' in the registry; did you mean 'voice.api_calls_per_second_default'?

    Reference: ``curriculum/facts/facts.toml``.
    """
    if type(key) is not str:
        raise ValueError(f"key must be a string such as 'voice.gather.timeout_default', "
                         f"not {type(key).__name__}")
    facts = _registry()
    try:
        return facts[key]
    except KeyError:
        raise UnknownFactError(key, _suggest(key, list(facts))) from None


def value(key: str) -> int | float | str:
    """Return just the value of the fact under ``key``.

    >>> value("sms.segment.ucs2_concatenated_chars")
    67

    Reference: ``curriculum/facts/facts.toml``.
    """
    return fact(key).value


def _format_value(v: int | float | str) -> str:
    if type(v) is int:
        return f"{v:,}"
    if type(v) is float:
        return f"{v:,}" if abs(v) >= 1000 else repr(v)
    return str(v)


def cite(key: str) -> str:
    """Return a short learner-facing citation: value, unit, source and date(s).

    The source's own date comes first when the registry records one, then the
    day the course last checked it.

    >>> cite("voice.api_calls_per_second_default")
    '1 calls/s — https://www.twilio.com/docs/glossary/cps (checked 2026-12-03)'
    >>> cite("webhooks.signature_algorithm")
    'HMAC-SHA1 algorithm — https://www.twilio.com/docs/usage/webhooks/webhooks-security (source dated 2026-10-30; checked 2026-12-03)'
    >>> cite("api.too_many_requests_error_code").split(" — ")[0]
    '20429 Twilio error code'

    Reference: ``curriculum/facts/facts.toml``.
    """
    f = fact(key)
    # Codes and statuses are identifiers, not amounts: no thousands separator ("20429", not "20,429").
    is_identifier = any(word in f.unit.lower() for word in ("code", "status"))
    amount = str(f.value) if is_identifier else _format_value(f.value)
    spacer = "" if f.unit.startswith("%") else " "
    dated = "" if f.source_date is None else f"source dated {_iso(f.source_date)}; "
    return f"{amount}{spacer}{f.unit} — {f.source} ({dated}checked {f.checked.isoformat()})"


def _iso(d: datetime.date | str) -> str:
    return d if type(d) is str else d.isoformat()


_USE = re.compile(
    r"""(?<![\w])(?:fact|value|cite)\s*\(\s*(?:key\s*=\s*)?[rRuU]?"""
    r"""(?P<q>\\?(?:'''|\"\"\"|'|"))(?P<key>[^'"\\\n]+)(?P=q)"""
)


def keys_used_in(text: str) -> set[str]:
    """Return the registry keys a piece of code passes to ``fact``, ``value`` or ``cite``.

    Finds string literals (any quoting, also ``key=...``) given as the first
    argument, with or without a qualifier such as ``facts.value(...)``. Keys
    built at run time (f-strings, variables) are not seen. Quotes escaped as
    in a raw ``.ipynb`` file (``\\"``) are understood too.

    >>> sorted(keys_used_in('value("voice.api_calls_per_second_default") + facts.cite(\\'sms.x\\')'))
    ['sms.x', 'voice.api_calls_per_second_default']

    Reference: the course QA fails a notebook that uses a key not in the registry.
    """
    if type(text) is not str:
        raise ValueError(f"text must be a string of code, not {type(text).__name__}")
    return {m.group("key").strip() for m in _USE.finditer(text)}
