"""The dated registry of platform facts (limits, latencies, codec rates).

Every number a lesson or grader quotes about Twilio or the network comes from
``facts.toml`` in this package, with its unit, its source and the day the
source was read. Use :func:`value` in calculations and :func:`cite` in prose:

>>> from curriculum.facts import value, cite
>>> value("messaging.mps.us_long_code")
1
>>> cite("webhooks.connect_timeout_default")
'5,000 ms — https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides (checked 2026-11-24)'

Importing the package reads nothing; the file is parsed on the first lookup.

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
