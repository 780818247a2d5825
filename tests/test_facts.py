"""Tests for curriculum.facts: the dated registry, its loader, validator and helpers."""

import dataclasses
import datetime
import subprocess
import sys
import textwrap

import pytest

from curriculum import facts
from curriculum.facts import (
    Fact,
    RegistryError,
    UnknownFactError,
    all_facts,
    cite,
    fact,
    keys_used_in,
    load_registry,
    validate_registry,
    value,
)

GOOD_FACT = """
[voice.demo_limit]
value = 1
unit = "calls/s"
source = "https://example.org/limits"
checked = 2026-11-24
"""


def write(tmp_path, text, name="facts.toml"):
    """Write a TOML registry into tmp_path and return its path."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


class TestValidateRegistry:
    def test_real_registry_has_no_problems(self):
        """The packaged facts.toml passes every rule."""
        assert validate_registry() == []

    def test_good_file_has_no_problems(self, tmp_path):
        """A minimal well-formed registry is valid."""
        assert validate_registry(write(tmp_path, GOOD_FACT)) == []

    def test_missing_source_and_date_are_reported(self, tmp_path):
        """A fact without source or checked date is reported for each."""
        path = write(tmp_path, """
            [voice.broken]
            value = 1
            unit = "calls/s"
        """)
        problems = validate_registry(path)
        assert "voice.broken: missing source" in problems
        assert "voice.broken: missing checked" in problems

    def test_missing_unit_is_reported(self, tmp_path):
        """A fact without a unit is reported."""
        path = write(tmp_path, GOOD_FACT.replace('unit = "calls/s"\n', ""))
        assert validate_registry(path) == ["voice.demo_limit: missing unit"]

    def test_empty_source_is_reported(self, tmp_path):
        """A blank source counts as no source."""
        path = write(tmp_path, GOOD_FACT.replace("https://example.org/limits", " "))
        assert validate_registry(path) == ["voice.demo_limit: source must be a non-empty string"]

    def test_date_given_as_text_is_reported(self, tmp_path):
        """checked must be a TOML date, not a quoted string."""
        path = write(tmp_path, GOOD_FACT.replace("2026-11-24", '"2026-11-24"'))
        [problem] = validate_registry(path)
        assert problem.startswith("voice.demo_limit: checked must be a TOML date")

    @pytest.mark.parametrize("given", ['2023-02-14', '"2017"', '"2003-05"'])
    def test_source_date_may_be_a_date_a_year_or_a_month(self, tmp_path, given):
        """source_date accepts a TOML date, or 'YYYY' / 'YYYY-MM' text when only that is known."""
        path = write(tmp_path, GOOD_FACT + f"source_date = {given}\n")
        assert validate_registry(path) == []

    @pytest.mark.parametrize("given", ['"Feb 2021"', '"2021-13"', '2021', '"2021-02-14"'])
    def test_malformed_source_date_is_reported(self, tmp_path, given):
        """A source_date that is neither a date nor YYYY / YYYY-MM text is named as the problem."""
        path = write(tmp_path, GOOD_FACT + f"source_date = {given}\n")
        [problem] = validate_registry(path)
        assert problem.startswith("voice.demo_limit: source_date must be a TOML date")

    def test_source_date_is_loaded_and_cited(self, tmp_path):
        """A loaded fact carries its source_date, and cite() prints it before the checked date."""
        path = write(tmp_path, GOOD_FACT + "source_date = 2023-02-14\n")
        f = load_registry(path)["voice.demo_limit"]
        assert f.source_date == datetime.date(2023, 2, 14)
        assert cite("webhooks.signature_algorithm").endswith("(source dated 2026-10-30; checked 2026-12-03)")

    def test_datetime_instead_of_date_is_reported(self, tmp_path):
        """A date-time is not a plain date."""
        path = write(tmp_path, GOOD_FACT.replace("2026-11-24", "2026-11-24T10:00:00"))
        [problem] = validate_registry(path)
        assert "checked must be a TOML date" in problem

    def test_disagrees_without_note_is_reported(self, tmp_path):
        """When sources disagree a note must say which value the course uses."""
        path = write(tmp_path, GOOD_FACT + "disagrees = 10\n")
        [problem] = validate_registry(path)
        assert "disagrees is set, so a note must say" in problem

    def test_unknown_field_is_reported(self, tmp_path):
        """A misspelt field name (e.g. 'sorce') is not silently ignored."""
        path = write(tmp_path, GOOD_FACT + 'sorce = "x"\n')
        problems = validate_registry(path)
        assert any("unknown field(s) ['sorce']" in p for p in problems)

    def test_bad_value_type_is_reported(self, tmp_path):
        """A value must be a finite number or a string, not a bool or a list."""
        path = write(tmp_path, GOOD_FACT.replace("value = 1", "value = true"))
        assert validate_registry(path) == [
            "voice.demo_limit: value must be a finite number or a non-empty string"
        ]

    def test_key_without_category_is_reported(self, tmp_path):
        """Keys need at least two dotted parts so they group by topic."""
        path = write(tmp_path, GOOD_FACT.replace("[voice.demo_limit]", "[demo_limit]"))
        [problem] = validate_registry(path)
        assert "key must be dotted lower-case words" in problem

    def test_unreadable_file_is_reported(self, tmp_path):
        """Invalid TOML becomes one problem line instead of a crash."""
        [problem] = validate_registry(write(tmp_path, "[voice\nvalue = "))
        assert "cannot read" in problem

    def test_missing_file_is_reported(self, tmp_path):
        """A path that does not exist becomes one problem line."""
        [problem] = validate_registry(tmp_path / "nope.toml")
        assert "cannot read" in problem


class TestLoadRegistry:
    def test_loads_a_good_file(self, tmp_path):
        """A valid file becomes {key: Fact} with a real date."""
        loaded = load_registry(write(tmp_path, GOOD_FACT))
        assert loaded == {
            "voice.demo_limit": Fact(
                key="voice.demo_limit", value=1, unit="calls/s",
                source="https://example.org/limits", checked=datetime.date(2026, 11, 24),
            )
        }

    def test_broken_file_raises_with_every_problem(self, tmp_path):
        """Loading a broken registry raises RegistryError (a ValueError) listing the problems."""
        path = write(tmp_path, """
            [voice.broken]
            value = 1
            unit = "calls/s"
        """)
        with pytest.raises(RegistryError) as caught:
            load_registry(path)
        assert isinstance(caught.value, ValueError)
        assert caught.value.problems == [
            "voice.broken: missing source", "voice.broken: missing checked"
        ]
        assert "missing source" in str(caught.value)

    def test_default_is_the_packaged_file(self):
        """Without a path it reads the packaged registry."""
        assert load_registry() == all_facts()


class TestFact:
    def test_returns_a_frozen_fact(self):
        """fact() gives a Fact that cannot be changed."""
        f = fact("voice.api_calls_per_second_default")
        assert (f.value, f.unit, f.checked) == (1, "calls/s", datetime.date(2026, 12, 3))
        assert f.source == "https://www.twilio.com/docs/glossary/cps"
        with pytest.raises(dataclasses.FrozenInstanceError):
            f.value = 100

    def test_unknown_key_names_it_and_suggests(self):
        """An unknown key raises KeyError naming the key and the closest keys."""
        with pytest.raises(KeyError) as caught:
            fact("voice.gather.timeout_defualt")
        message = str(caught.value)
        assert "'voice.gather.timeout_defualt'" in message
        assert "did you mean 'voice.gather.timeout_default'" in message
        assert isinstance(caught.value, UnknownFactError)
        assert caught.value.suggestions[0] == "voice.gather.timeout_default"

    def test_suggests_by_last_part(self):
        """A key given without its category still finds the full key."""
        with pytest.raises(KeyError, match="voice.api_calls_per_second_default"):
            fact("api_calls_per_second_default")

    def test_nothing_close_says_where_to_look(self):
        """With no close key the message points to the registry file."""
        with pytest.raises(KeyError, match="see curriculum/facts/facts.toml"):
            fact("zzzz.qqqq")

    def test_non_string_key_is_a_value_error(self):
        """A key that is not a string is an author error naming `key`."""
        with pytest.raises(ValueError, match="key must be a string"):
            fact(42)


class TestValue:
    # Spot checks against /work/shared/reference/platform-facts.md (checked 2026-11).
    @pytest.mark.parametrize("key, expected", [
        ("messaging.mps.us_long_code", 1),
        ("messaging.mps.short_code", 100),
        ("messaging.mps.toll_free_default", 3),
        ("messaging.mps.toll_free_high_throughput_min", 25),
        ("messaging.mps.toll_free_high_throughput_max", 150),
        ("messaging.queue.max_hours", 10),
        ("messaging.us_10dlc.campaign_mps_high", 225),
        ("messaging.us_10dlc.tmobile_daily_cap_max", 200_000),
        ("sms.segment.gsm7_single_chars", 160),
        ("sms.segment.gsm7_concatenated_chars", 153),
        ("sms.segment.ucs2_single_chars", 70),
        ("sms.segment.ucs2_concatenated_chars", 67),
        ("sms.body.max_chars", 1600),
        ("sms.body.recommended_max_chars", 320),
        ("voice.cps_queue_max_hours", 24),
        ("voice.concurrent_calls.trial", 5),
        ("voice.concurrent_calls.individual", 3),
        ("voice.concurrent_calls.business", "unlimited"),
        ("voice.conference.max_participants", 250),
        ("voice.gather.timeout_default", 5),
        ("voice.record_transcribe.max_recording", 120),
        ("voice.sip_trunking.cps_default_per_trunk_region", 1),
        ("webhooks.total_timeout_default", 15000),
        ("webhooks.connect_timeout_default", 5000),
        ("webhooks.read_timeout_default", 15000),
        ("webhooks.retry_count_default", 1),
        ("webhooks.twiml_response_budget", 50),
        ("video.group_room.max_participants", 50),
        ("video.quota.rest_writes_per_second", 20),
        ("verify.code_expiry_default", 10),
        ("sla.monthly_api_uptime", 99.95),
        ("latency.same_datacenter_round_trip", 0.5),
        ("latency.aws_us_east_1_us_west_2_rtt", 87),
        ("latency.voice.g114_one_way_unacceptable", 400),
        ("codec.g711.ethernet_kbps_20ms", 87.2),
        ("video.simulcast.layer_720p_max_kbps", 2500),
        ("incidents.billing_2013.customers_affected", 1.4),
    ])
    def test_matches_reference_sheet(self, key, expected):
        """Values agree with the sourced reference sheet."""
        assert value(key) == expected

    def test_g711_ip_rate_follows_from_the_cisco_formula(self):
        """G.711 at 20 ms: (160 B payload + 40 B IP/UDP/RTP headers) * 8 bits * 50 packets/s = 80 kbps."""
        # 64 kbit/s = 8,000 bytes/s; at 50 packets/s that is 160 B of audio per packet
        assert (value("codec.g711.payload_kbps") * 1000 / 8 / 50 + 40) * 8 * 50 / 1000 == value("codec.g711.ip_kbps_20ms")

    def test_queue_disagreement_is_recorded(self):
        """The older 4 h copy of the 30001 page is kept as the disagreeing value."""
        f = fact("messaging.queue.max_hours")
        assert f.disagrees == 4 and "10" in f.note

    def test_twiml_budget_is_marked_as_an_assumption(self):
        """The 50 ms TwiML figure comes only from the interview guide: the note says so."""
        assert "assum" in fact("webhooks.twiml_response_budget").note.lower()


class TestAllFacts:
    def test_returns_a_fresh_dict(self):
        """Changing the returned dict does not change the registry."""
        first = all_facts()
        first.clear()
        assert len(all_facts()) > 50

    def test_every_fact_is_dated_and_sourced(self):
        """Each fact has a date, a unit and a source; a disagreement always has a note."""
        for key, f in all_facts().items():
            assert f.key == key
            assert isinstance(f.checked, datetime.date) and f.unit and f.source
            assert f.disagrees is None or f.note

    def test_import_reads_nothing(self):
        """Importing the package leaves the cache empty (no I/O at import)."""
        code = "import curriculum.facts.registry as r; assert r._cache == {}, r._cache"
        subprocess.run([sys.executable, "-c", code], check=True)


class TestCite:
    def test_format(self):
        """Value, unit, source and date in one short line."""
        assert cite("voice.api_calls_per_second_default") == (
            "1 calls/s — https://www.twilio.com/docs/glossary/cps (checked 2026-12-03)"
        )

    def test_thousands_and_percent(self):
        """Large numbers get separators; a % unit sits next to the number."""
        assert cite("webhooks.read_timeout_default").startswith("15,000 ms — ")
        assert cite("sla.monthly_api_uptime").startswith("99.95% — ")

    def test_unknown_key(self):
        """cite() raises the same KeyError as fact()."""
        with pytest.raises(KeyError, match="no fact 'sla.uptime'"):
            cite("sla.uptime")


class TestKeysUsedIn:
    def test_finds_all_three_helpers_and_quotings(self):
        """fact(), value() and cite() with single, double and triple quotes are found."""
        code = '''
            from curriculum.facts import fact, value, cite
            mps = value("messaging.mps.us_long_code")
            f = fact('voice.gather.timeout_default')
            print(cite("""sla.monthly_api_uptime"""), cite(\'\'\'sla.x\'\'\'))
            limit = facts.value( key = "video.quota.concurrent_rooms" )
        '''
        assert keys_used_in(code) == {
            "messaging.mps.us_long_code", "voice.gather.timeout_default",
            "sla.monthly_api_uptime", "sla.x", "video.quota.concurrent_rooms",
        }

    def test_understands_raw_notebook_json(self):
        """Escaped quotes as stored in an .ipynb file are understood."""
        assert keys_used_in(r'"source": ["x = value(\"sms.body.max_chars\")"]') == {
            "sms.body.max_chars"
        }

    def test_ignores_other_calls_and_dynamic_keys(self):
        """Other functions, variables and f-strings are not reported."""
        code = 'my_value("a.b"); check_value("c.d"); value(key); value(f"sms.{x}")'
        assert keys_used_in(code) == set()

    def test_rejects_non_text(self):
        """A non-string argument is an author error naming `text`."""
        with pytest.raises(ValueError, match="text must be a string"):
            keys_used_in(None)

    def test_qa_can_find_unknown_keys(self):
        """Together with all_facts() it finds keys a notebook uses that do not exist."""
        code = 'value("messaging.mps.us_long_code") + value("messaging.mps.us_long_cod")'
        assert keys_used_in(code) - set(all_facts()) == {"messaging.mps.us_long_cod"}


class TestPackage:
    def test_public_api(self):
        """The package exports exactly the documented names."""
        assert set(facts.__all__) == {
            "Fact", "RegistryError", "UnknownFactError", "all_facts", "assumption", "cite",
            "default_path", "fact", "keys_used_in", "load_registry", "scenario",
            "scenario_info", "scenario_names", "validate_registry", "value",
        }
