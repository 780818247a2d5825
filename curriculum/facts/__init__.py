"""The dated registry of platform facts (limits, latencies, codec rates).

Every number a lesson or grader quotes about Twilio or the network comes from
``facts.toml`` in this package, with its unit, its source and the day the
source was read. Use :func:`value` in calculations and :func:`cite` in prose:

>>> from curriculum.facts import value, cite
>>> value("messaging.mps.us_long_code")
1
>>> cite("webhooks.connect_timeout_default")
'5,000 ms — https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides (checked 2026-12-03)'

Each interview prompt's stated assumptions (hold time, message length, ...) are
in ``scenarios.toml``, one set per prompt, read with :func:`scenario`:

>>> from curriculum.facts import scenario
>>> scenario("voice_messaging", "concurrent_calls")
10000

Importing the package reads nothing; the files are parsed on the first lookup.

Reference: ``curriculum/facts/facts.toml`` and /work/shared/reference/platform-facts.md.
"""

from curriculum.facts.registry import (
    Fact,
    RegistryError,
    UnknownFactError,
    all_facts,
    cite,
    default_path,
    fact,
    keys_used_in,
    load_registry,
    validate_registry,
    value,
)
from curriculum.facts.scenarios import assumption, scenario, scenario_info, scenario_names

__all__ = [
    "Fact",
    "RegistryError",
    "UnknownFactError",
    "all_facts",
    "assumption",
    "cite",
    "default_path",
    "fact",
    "keys_used_in",
    "load_registry",
    "scenario",
    "scenario_info",
    "scenario_names",
    "validate_registry",
    "value",
]
