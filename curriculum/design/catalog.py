"""The course's six design prompts, one per week, with what an interviewer expects of each answer.

Each week's notebook grades its three-layer answer with
``grade_prompt("<prompt id>", answer)``; the prompt's figures are worked out
here with the capacity library, the facts registry and the prompt's stated
assumptions (``facts.scenario``, where the prompt has a table in
``scenarios.toml``), once, so no notebook repeats them. A prompt carries:

* ``domain``: the concepts, components and numbers a good answer reasons about,
  each with synonyms. Questions, explanations and deep-dive areas count only
  when they speak this domain.
* ``dimensions``: extra keywords for the clarifying dimensions that change the
  design (scale and peak, whose system it is, the success metric, compliance and
  retention, scope and MVP).
* ``countables``, ``quality_terms``: the prompt's own units and quality metrics.
* ``numeric_checks`` and ``ranges``: the figures to check, tight and loose.
* ``examples``: every suggestion the rubric makes for this prompt, in its words.
* ``curveballs``: constraints an interviewer may change mid-answer.

>>> sorted(PROMPT_IDS)[:2]
['week1_reminder_calls', 'week2_voice_messaging']
>>> get_prompt("week5_verify_hardening").numeric_checks[0].expected
150000.0
"""

from __future__ import annotations

from functools import lru_cache

from curriculum import capacity as _cap
from curriculum.capacity import resilience as _res
from curriculum.capacity.messaging import drain_time_s
from curriculum.capacity.senders import campaign_segments, mps_needed, mps_to_provision
from curriculum.capacity.storage import BYTES_PER_TB, recording_storage_per_day_bytes
from curriculum.design.prompts import Curveball, NumericCheck, PlausibleRange, Prompt
from curriculum.facts import scenario, value as fact

__all__ = ["PROMPT_IDS", "WEEK_PROMPTS", "get_prompt", "prompts"]

#: The design question of each week, by prompt id.
WEEK_PROMPTS = {
    "week1": "week1_reminder_calls",
    "week2": "week2_voice_messaging",
    "week3": "week3_refill_webhook",
    "week4": "week4_school_closure",
    "week5": "week5_verify_hardening",
    "week6": "week6_telehealth_video_visits",
}
PROMPT_IDS = tuple(WEEK_PROMPTS.values())


def _week1() -> Prompt:
    rate = _cap.arrival_rate_per_s(150_000 * 30 / (3 * 3600), 30)  # 150,000 calls over 3 h: 13.9 calls/s
    concurrent = _cap.offered_load(rate, 30)
    return Prompt(
        prompt_id="week1_reminder_calls",
        title="Appointment reminder calls",
        week="week1",
        text=("A clinic network wants Twilio to phone 150,000 patients with a 30-second appointment reminder, "
              "all between 9:00 and 12:00 on weekdays. Design the reminder-calling system."),
        required_metrics=(("calls per second", "cps", "calls/s"), ("concurrent", "concurrency"),
                          ("delivered", "answer rate", "completion", "answered", "confirmed")),
        required_components=(("scheduler", "queue"),),
        numeric_checks=(
            NumericCheck(("calls per second", "cps", "calls/s"), rate, 0.05,
                         "outbound calls per second over the 3-hour window"),
            NumericCheck(("concurrent",), concurrent, 0.10, "concurrent calls at 30 s each"),
        ),
        domain=(("reminder",), ("patient",), ("clinic",), ("appointment",), ("call", "calling", "phone", "dial"),
                ("calls per second", "cps", "calls/s"), ("concurrent", "at once"), ("window", "morning", "9:00"),
                ("voicemail", "answering machine", "machine detection"), ("retry", "retries", "call again"),
                ("confirm", "confirmation", "cancel", "key press", "keypad", "gather"), ("twiml", "webhook"), ("rest api", "api"),
                ("answer rate", "answered", "no answer", "unanswered"), ("time zone",), ("spam", "caller id"),
                ("opt out", "opt-out", "consent"), ("no-show", "missed appointment"), ("pace", "paced", "pacing")),
        dimensions={
            "scale": ("150,000", "patients", "window", "9:00", "12:00", "spread"),
            "ownership": ("clinic network", "clinic's", "the clinics", "their system", "caller id"),
            "success": ("answered", "answer", "confirm", "delivered", "no-show", "missed"),
            "compliance": ("consent", "opt out", "opt-out", "hipaa", "health", "time zone", "quiet hours"),
            "scope": ("voicemail", "text message", "sms", "retry", "key", "reschedule"),
        },
        countables=("calls", "reminders", "patients", "appointments", "retries", "attempts", "jobs"),
        quality_terms=("answer rate", "answered", "delivered", "confirmed", "confirmation", "completion",
                       "no-show", "reached"),
        component_terms=(("scheduler", "schedule"), ("queue", "pacer", "paced"), ("placer", "dialer", "caller",
                         "worker"), ("twiml", "endpoint", "webhook", "gather"), ("results", "outcome", "report"),
                         ("retry",), ("status callback", "callback"), ("text fallback", "sms fallback"),
                         ("appointment", "clinic feed")),
        ranges=(PlausibleRange(("calls per second", "cps", "calls/s"), 5, 50),
                PlausibleRange(("concurrent",), 100, 2_000),
                PlausibleRange(("delivered", "answer rate", "answered", "confirmed"), 30, 100),
                PlausibleRange(("latency",), 1, 5_000)),
        examples={
            "question": "How many patients are called each weekday, and must every call fall between 9:00 and 12:00?",
            "assumption": "Assume the 150,000 calls spread evenly over the three-hour window.",
            "scale_metric": "'outbound calls per second: <number> calls/s'",
            "quality_metric": "'reminders answered or left as voicemail: <number> %'",
            "component": "a reminder scheduler that paces call jobs",
            "decide": "'a paced job queue rather than firing every reminder call at 9:00'",
            "tradeoff": "'one retry after 30 minutes vs no retry: +<n>% calls for +<n>% reminders answered'",
            "story": "'As a clinic scheduler, I want ... so that fewer appointments are missed.'",
            "risk": "'calls flagged as spam: register the caller ID and keep one number per clinic'",
            "mvp": "reminder calls with a confirm key first, text fallback and rescheduling later",
        },
        curveballs=(
            Curveball("burst", "The clinics now want all 150,000 reminders placed between 9:00 and 9:30 instead "
                      "of over three hours: ten times the rate.", ("scheduler", "placer", "queue", "dialer"),
                      (("calls per second", "cps", "rate", "limit"), ("raise", "request", "spread", "stretch",
                                                                       "stagger", "window")),
                      "A good reply redoes the rate (about ten times the calls per second), checks it against "
                      "the account's calls-per-second limit, and either asks for a raise or negotiates a longer "
                      "window, since a burst above the limit only queues."),
            Curveball("outage", "Your carrier route fails at 10:00 with half the reminders still to place.",
                      ("placer", "dialer", "queue", "retry"), (("retry", "resume", "requeue", "later"),
                                                                ("text", "sms", "fallback", "second")),
                      "A good reply keeps the unplaced jobs in the queue, resumes or reschedules them when the "
                      "route is back (or inside the window if possible), and sends a text to those who cannot be "
                      "called in time, without calling anyone twice."),
            Curveball("compliance", "A new rule: patients must have agreed to automated calls, and no call may "
                      "reach anyone before 9:00 in their own time zone.", ("scheduler", "queue"),
                      (("consent", "opt", "agreed"), ("time zone", "local time"))),
        ),
    )


def _week2() -> Prompt:
    sc = lambda key: scenario("voice_messaging", key)  # noqa: E731 - the prompt's stated assumptions
    calls, blocking = sc("concurrent_calls"), sc("blocking_target")
    messages, message_s, days = sc("messages_per_day"), sc("message_s"), sc("retention_days")
    trunks = _cap.trunks_for(calls, blocking)
    gbps = calls * 2 * _cap.voice_bandwidth_kbps("G.711", 20, "ethernet") / 1e6
    tb_day = recording_storage_per_day_bytes(messages, message_s, fact("codec.g711.payload_kbps")) / BYTES_PER_TB
    minutes_month = messages * message_s / 60 * 30  # a 30-day month of messages, each transcribed once
    transcripts_usd = minutes_month * sc("transcription_price_per_min_usd")
    eu_tb = tb_day * days * sc("eu_caller_share")  # EU callers' recordings held in the EU, G.711 as received
    return Prompt(
        prompt_id="week2_voice_messaging",
        title="Voice messaging for 10,000 concurrent calls, with transcripts and EU recordings",
        week="week2",
        text=(f"Design a voice messaging system on Twilio: callers ring a business's number, hear its greeting and "
              f"leave a message that the business's staff play back in an app. In the busy hour {calls:,} calls "
              f"are in progress ({calls:,} Erlangs offered) and at most {blocking:.0%} may be blocked at set-up. "
              f"Calls arrive as G.711 with 20 ms packets. Every call leaves a message of {message_s} seconds on "
              f"average: {messages:,} messages a day, kept {days} days. The interviewer adds: every message now "
              f"gets a written transcript, the recordings of callers in the EU ({sc('eu_caller_share'):.0%} of "
              f"messages) must stay in the EU, and the business wants the monthly cost."),
        required_metrics=(("concurrent", "concurrency"), ("trunk",), ("storage",),
                          ("transcription", "transcribed", "transcript"), ("eu",), ("cost",)),
        required_components=(("recording", "recordings"), ("transcriber", "transcription", "transcripts"),
                             ("eu", "in-region", "regional")),
        numeric_checks=(
            NumericCheck(("concurrent", "concurrency"), calls, 0.0, "the busy-hour concurrent calls the prompt gives"),
            NumericCheck(("trunk",), trunks, 0.001, "the whole trunks Erlang B needs for 10,000 Erlangs at 1% blocking"),
            NumericCheck(("bandwidth",), gbps, 0.05,
                         "the Gbit/s of all G.711 calls, 20 ms packets, both directions, on Ethernet"),
            NumericCheck(("storage per day", "daily storage", "storage a day"), tb_day, 0.05,
                         "the TB of new G.711 recordings a day, as received"),
            NumericCheck(("minutes transcribed", "transcription minutes", "minutes of transcription"),
                         minutes_month, 0.05, "the minutes of audio transcribed in a 30-day month"),
            NumericCheck(("transcription cost", "transcript cost", "cost of transcripts", "cost of transcription"),
                         transcripts_usd, 0.05, "the monthly cost of transcripts at the assumed price per minute, in $"),
            NumericCheck(("eu recordings", "held in the eu", "eu storage", "stored in the eu"), eu_tb, 0.05,
                         "the TB of EU callers' recordings held in the EU over the retention period, as received"),
        ),
        domain=(("voicemail", "voice message", "message", "messages"), ("caller",), ("business", "businesses"),
                ("greeting",), ("recording", "recordings", "recorded", "audio"), ("trunk",), ("erlang",),
                ("blocking", "blocked", "busy signal", "set-up", "dropout"), ("concurrent", "busy hour", "at once"),
                ("g.711", "codec", "opus", "mp3"), ("bandwidth", "gbit/s", "kbit/s"), ("storage", "tb", "stored"),
                ("playback", "play back", "listen"), ("transcript", "transcription"), ("staff",), ("carrier",),
                ("message index",), ("eu", "in-region", "region", "data residency"),
                ("cost", "price", "per month", "monthly"),
                ("retention", "30 days", "delete")),
        dimensions={
            "scale": ("10,000", "busy hour", "erlangs", "per business", "all businesses"),
            "ownership": ("all businesses", "single business", "largest", "platform-wide", "the business's"),
            "success": ("dropout", "blocked", "blocking", "cut off", "get through", "ready to play"),
            "compliance": ("kept", "retention", "country", "countries", "recording", "consent", "delete"),
            "scope": ("transcript", "transcription", "playback", "notification", "at launch"),
        },
        countables=("calls", "trunks", "erlangs", "messages", "recordings", "businesses", "callers"),
        quality_terms=("blocking", "blocked", "set-up", "ready to play", "answer rate", "playback", "delivered"),
        component_terms=(("router", "routing"), ("twiml", "webhook", "greeting"), ("recording", "audio store",
                         "object storage"), ("message index", "message store", "index", "metadata"),
                         ("notifier", "notification", "push"), ("playback", "player"), ("transcription",
                         "transcriber"), ("trunk", "sip")),
        ranges=(PlausibleRange(("concurrent",), 5_000, 20_000), PlausibleRange(("trunk",), 9_000, 12_000),
                PlausibleRange(("blocking", "blocked"), 0.01, 5), PlausibleRange(("bandwidth",), 0.5, 5),
                PlausibleRange(("storage per day", "daily storage"), 0.3, 5),
                PlausibleRange(("minutes transcribed", "transcription minutes"), 1e7, 5e8),
                PlausibleRange(("transcription cost", "transcript cost"), 1e5, 5e7),
                PlausibleRange(("eu recordings", "held in the eu", "eu storage"), 0.5, 50)),
        examples={
            "question": "Does 'under 1% dropout' mean callers who cannot get through, or calls cut off after they connect?",
            "assumption": "Assume the 10,000-call peak is platform-wide, offered by many businesses at once.",
            "scale_metric": "'trunks needed: <number> trunks'",
            "quality_metric": "'call set-up blocking: <number> %'",
            "component": "a call router that answers each inbound call",
            "decide": "'object storage for the recordings rather than audio blobs in the message index'",
            "tradeoff": "'one pooled trunk group vs a group per business: <n> vs <n> trunks'",
            "story": "'As a receptionist, I want callers I miss to leave a message ... so that I can call back.'",
            "risk": "'a carrier outage moves its calls onto the other trunks: keep spare trunks per region'",
            "mvp": "record, transcribe and play back first, with EU recordings in an EU region; more regions later",
        },
        curveballs=(
            Curveball("burst", "A storm closes offices across a region and calls to your businesses jump to ten "
                      "times the busy hour for an hour.", ("router", "trunk", "recording"),
                      (("trunk", "erlang", "capacity", "headroom"), ("block", "busy", "queue", "shed", "cap"))),
            Curveball("outage", "The carrier that brings half your calls fails for two hours.", ("router", "trunk"),
                      (("carrier", "second", "failover", "route"), ("trunk", "headroom", "capacity"))),
            Curveball("compliance", "A new rule: any caller may ask for their recording and its transcript to be "
                      "deleted, and you must confirm it within 30 days.",
                      ("recording", "store", "index", "transcriber", "transcription"),
                      (("delete", "deletion", "erase"), ("transcript", "index", "copies", "backup"))),
        ),
    )


def _week3() -> Prompt:
    sc = lambda key: scenario("pharmacy_refill_line", key)  # noqa: E731 - the prompt's stated assumptions
    calls, hold_s, shards = sc("concurrent_calls"), sc("mean_hold_s"), sc("stock_shards")
    stock_per_s = _cap.arrival_rate_per_s(calls, hold_s) * sc("stock_checks_per_call")
    slow_share = _cap.slow_request_probability(sc("shard_fast_share"), shards)
    target = fact("webhooks.twiml_response_budget")
    query = fact("latency.aws_inter_az_rtt_max") + 4
    budget = _cap.latency_budget([("network", fact("latency.same_datacenter_round_trip")), ("TLS", 1.5),
                                  ("query 1", query), ("query 2", query), ("TwiML", 2), ("parse", 5)], target)
    return Prompt(
        prompt_id="week3_refill_webhook",
        title="Pharmacy refill line: call-control webhook",
        week="week3",
        text=(f"A pharmacy chain's refill line takes up to {calls:,} calls at once at its peak; calls last "
              f"{hold_s} seconds on average, and each call makes {sc('requests_per_call')} webhook requests "
              "(greeting, menu choice, prescription number). Design the call-control webhook service so that each "
              f"TwiML request answers within the assumed TwiML budget of {target:g} ms. To say whether a refill is "
              f"in stock, the prescription-number step asks all {shards} stock shards at once and waits for the "
              f"slowest; each shard is slow (beyond its p99) 1 time in {round(1 / (1 - sc('shard_fast_share')))}."),
        required_metrics=(("requests per second", "request rate"), ("total latency",), ("headroom",),
                          ("stock checks", "stock lookups"), ("slow shard", "slow stock")),
        required_components=(("webhook", "twiml"), ("fallback",), ("stock service", "stock shards", "stock"),
                             ("refill queue", "order queue")),
        numeric_checks=(
            NumericCheck(("requests per second", "request rate"), _cap.arrival_rate_per_s(3_000, 120) * 3, 0.05,
                         "webhook requests per second at the peak (calls starting per second x requests per call)"),
            NumericCheck(("total latency",), budget.total_ms, 0.05, "the total of the Part A stages, in ms"),
            NumericCheck(("headroom",), budget.headroom_ms, 0.05, "the TwiML budget minus the total, in ms"),
            NumericCheck(("stock checks per second", "stock lookups per second"), stock_per_s, 0.05,
                         "stock checks per second at the peak (calls starting per second x stock checks per call)"),
            NumericCheck(("slow shard", "slow stock"), 100 * slow_share, 0.05,
                         f"the % of stock checks that wait for at least one slow shard of the {shards}"),
        ),
        domain=(("pharmacy", "pharmacist"), ("refill", "prescription"), ("caller", "call", "calls"),
                ("webhook",), ("twiml",), ("latency", "delay", "pause", "silence", "slow"), ("ms", "millisecond"),
                ("budget",), ("headroom",), ("p95", "p99", "tail"), ("timeout",), ("fallback", "fallback url"),
                ("cache", "cached"), ("database", "query", "queries"), ("region", "data centre", "data center"),
                ("menu", "greeting", "gather", "key press"), ("requests per second", "request rate"),
                ("stock", "in stock"), ("shard", "shards", "fan-out", "fan out"), ("hedge", "hedged"),
                ("recorded", "confirmation")),
        dimensions={
            "scale": ("3,000", "requests", "per call", "peak"),
            "ownership": ("pharmacy's", "our service", "our webhook", "their database", "pharmacy chain"),
            "success": ("slow", "pause", "delay", "wait", "first prompt", "under a minute"),
            "compliance": ("prescription", "health", "hipaa", "patient data", "log", "region"),
            "scope": ("look up", "greeting", "down", "fallback", "pharmacist", "transfer"),
        },
        countables=("requests", "calls", "queries", "callers", "refills", "prescriptions", "checks", "shards"),
        quality_terms=("latency", "delay", "headroom", "p95", "p99", "silence", "timeout", "fallback"),
        component_terms=(("webhook", "call-control", "call control"), ("twiml",), ("cache", "cached"),
                         ("database", "pharmacy system", "records"), ("fallback",), ("refill queue", "queue",
                         "order queue"), ("load balancer",)),
        ranges=(PlausibleRange(("requests per second", "request rate"), 20, 300),
                PlausibleRange(("total latency",), 5, 200), PlausibleRange(("headroom",), -100, 50),
                PlausibleRange(("fallback",), 0.5, 15),
                PlausibleRange(("stock checks per second", "stock lookups per second"), 5, 100),
                PlausibleRange(("slow shard", "slow stock"), 1, 100)),
        examples={
            "question": "When callers say the line is slow, is it the wait before the greeting or the pause after a key press?",
            "assumption": "Assume Twilio's requests and the webhook servers sit in the same region.",
            "scale_metric": "'webhook requests per second at peak: <number> requests/s'",
            "quality_metric": "'total latency of one TwiML request: <number> ms'",
            "component": "a fallback that speaks a recorded message when the webhook fails",
            "decide": "'cache the caller's open refills rather than query the pharmacy database on every request'",
            "tradeoff": "'a 2 s timeout vs the default: <n> s of silence before the fallback'",
            "story": "'As a pharmacy customer, I want the line to move without pauses, so that my refill is ordered fast.'",
            "risk": "'a slow pharmacy database pushes requests past the budget: cache, and time out to the fallback'",
            "mvp": "refill by prescription number first, pharmacist transfer and text confirmation later",
        },
        curveballs=(
            Curveball("burst", "A recall notice makes ten times the usual callers ring at once for an hour.",
                      ("webhook", "cache", "database"), (("cache", "capacity", "scale", "servers"),
                                                         ("fallback", "queue", "shed", "timeout"))),
            Curveball("outage", "The pharmacy database in your region is down for 30 minutes.",
                      ("database", "webhook", "fallback", "cache"), (("fallback", "cache", "stale"),
                                                                    ("queue", "later", "callback", "record"))),
            Curveball("compliance", "A new rule: prescription details may not leave the pharmacy's own data "
                      "centre region, and every lookup must be logged.", ("cache", "database", "webhook"),
                      (("region", "data centre", "data center", "local"), ("log", "audit"))),
        ),
    )


def _week4() -> Prompt:
    sc = lambda key: scenario("school_closure", key)  # noqa: E731 - the prompt's stated assumptions
    notice, recipients, deadline_min = sc("notice_text"), sc("recipients"), sc("deadline_min")
    segments = campaign_segments(notice, recipients)
    window_s = deadline_min * 60
    short_mps = fact("messaging.mps.short_code")
    return Prompt(
        prompt_id="week4_school_closure",
        title="School closure notices by SMS",
        week="week4",
        text=(f"When snow closes the schools, a school district texts a closure notice to {recipients:,} parents and "
              f"staff at {sc('send_time')} in the morning; everyone must have it within {deadline_min} minutes. The "
              f"district sends from its one short code, which sends {short_mps:g} segments per second by default; "
              f"more throughput can be bought on the same short code. The notice reads: \"{notice}\" "
              "Design the notification service."),
        required_metrics=(("total segments",), ("per second", "mps"), ("throughput to buy", "throughput bought",
                          "bought throughput"), ("delivered", "delivery")),
        required_components=(("queue",), ("short code",), ("status", "callback", "webhook")),
        numeric_checks=(
            NumericCheck(("total segments",), segments, 0.02,
                         "the segments in the whole burst (recipients x segments per notice)"),
            NumericCheck(("per second", "mps"), mps_needed(segments, window_s), 0.05,
                         "the segments per second that send the burst inside the window"),
            NumericCheck(("throughput to buy", "throughput bought", "bought throughput"),
                         mps_to_provision(segments, window_s, short_mps), 0,
                         "the segments per second to buy on the one short code, rounded up to whole steps of its "
                         "default rate"),
            NumericCheck(("default rate",), drain_time_s(segments, short_mps) / 60, 0.05,
                         "the minutes the short code needs to send the burst at its default rate"),
        ),
        domain=(("school", "schools", "district"), ("parent", "parents", "staff", "pupil"), ("closure", "closed",
                "snow"), ("notice", "text", "texts", "sms"), ("segment", "segments", "gsm-7", "ucs-2", "emoji"),
                ("short code", "long code", "toll-free", "sender"), ("mps", "per second", "throughput", "bought"),
                ("window", "20 minutes", "burst"), ("queue", "send queue", "pace", "paced"), ("delivered", "delivery",
                "status callback"), ("opt out", "opt-out", "stop"), ("carrier", "carriers"), ("recipient",
                "recipients")),
        dimensions={
            "scale": (f"{recipients:,}", "recipients", "per child", "one text", "burst"),
            "ownership": ("district", "who decides", "who sends", "district office", "own short code"),
            "success": ("by what time", "delivered", "within the window", f"{deadline_min} minutes", "reach"),
            "compliance": ("opt out", "opt-out", "stop", "consent", "short code", "registered", "carrier"),
            "scope": ("voice call", "email", "language", "languages", "reply", "app"),
        },
        countables=("segments", "texts", "notices", "recipients", "parents", "messages"),
        quality_terms=("delivered", "delivery", "delivery rate", "within the window", "failed", "undelivered"),
        component_terms=(("console", "closure console", "sender app"), ("queue", "send queue", "pacer"),
                         ("short code", "sender", "messaging service"), ("status callback", "status", "callback",
                         "webhook"), ("delivery report", "report", "dashboard"), ("recipient list", "contacts",
                         "roster"), ("voice fallback", "fallback")),
        ranges=(PlausibleRange(("total segments",), 200_000, 800_000), PlausibleRange(("per second", "mps"), 100, 700),
                PlausibleRange(("throughput to buy", "throughput bought", "bought throughput"), 100, 1_000),
                PlausibleRange(("default rate",), 10, 200), PlausibleRange(("delivered", "delivery"), 50, 100)),
        examples={
            "question": "How many parents and staff get the notice, and does a parent of two pupils get one text or two?",
            "assumption": "Assume the notice stays in plain GSM-7 text with no emoji.",
            "scale_metric": "'segments per second needed: <number> segments/s'",
            "quality_metric": "'notices delivered within the window: <number> %'",
            "component": "a send queue that paces segments at the short code's bought rate",
            "decide": "'throughput bought on the one short code rather than a pool of numbers for the same notice'",
            "tradeoff": "'<n> MPS bought vs the default rate: <n> min vs <n> min to send every notice'",
            "story": "'As a parent, I want to learn before I leave home that schools are closed, so that ...'",
            "risk": "'an emoji turns the notice into UCS-2 and triples the segments: check the encoding before sending'",
            "mvp": "one text per recipient first, voice calls for undelivered texts and other languages later",
        },
        curveballs=(
            Curveball("burst", "A second district joins on the same morning: ten times the recipients, same "
                      f"{deadline_min}-minute window.", ("queue", "short code", "sender"),
                      (("throughput", "mps", "buy", "bought"), ("window", "stretch", "priority", "stagger")),
                      "A good reply redoes the segments per second (ten times the rate), asks Twilio for that much "
                      "throughput on the short code well ahead of winter, and if it cannot be had in time, "
                      "agrees a longer window or sends the most urgent recipients first, rather than adding "
                      "numbers for the same notice."),
            Curveball("outage", "One carrier stops accepting your short code traffic at 6:05.", ("short code",
                      "queue", "status"), (("retry", "requeue", "resend", "later"), ("voice", "fallback",
                                                                                    "toll-free", "email"))),
            Curveball("compliance", "A new rule: every notice must carry opt-out wording, and no parent who "
                      "replied STOP may get one.", ("queue", "console", "recipient"),
                      (("opt out", "opt-out", "stop"), ("segment", "length", "encoding", "characters"))),
        ),
    )


def _week5() -> Prompt:
    sc = lambda key: scenario("bank_sign_in", key)  # noqa: E731 - the prompt's stated assumptions
    peak, per_hour, hours, prefixes = (sc("sign_ins_per_s"), sc("pumped_codes_per_hour"), sc("pumping_hours"),
                                       sc("pumped_prefixes"))
    retries, base_s, cap_s = sc("app_retries"), sc("backoff_base_s"), sc("backoff_cap_s")
    per_prefix = _res.token_bucket_admitted(sc("prefix_bucket_per_min") / 60, sc("prefix_bucket_burst"),
                                            per_hour / prefixes / 3600, hours * 3600)
    keys = _cap.offered_load(peak, fact("verify.code_expiry_default") * 60)
    pumped = _res.sms_pumping_cost_usd(prefixes * per_prefix, _cap.sms_segments(sc("own_code_text")).segments,
                                       sc("pumped_segment_price_usd"))
    return Prompt(
        prompt_id="week5_verify_hardening",
        title="Harden a Verify sign-in code flow",
        week="week5",
        text=(f"A bank's app signs in up to {peak:,} customers per second at its evening peak with SMS codes from "
              f"Twilio Verify. Last month bots pumped {per_hour:,} codes an hour for {hours} hours overnight, spread "
              f"over {prefixes} number prefixes abroad. During a partial outage the app's retries each asked Verify "
              "to send again, so some customers got several texts before Verify's own cap stopped them, and the "
              f"bank's own sign-in records were duplicated. The app retries up to {retries} times with full-jitter "
              f"backoff, base {base_s:g} s, cap {cap_s:g} s. Harden the sign-in code flow."),
        required_metrics=(("verification", "sign-in"), ("idempotency",), ("retry wait", "backoff"),
                          ("pumped", "pumping"), ("success", "conversion", "delivered", "delivery")),
        required_components=(("limiter", "rate limit"), ("idempotency", "dedupe", "deduplication")),
        numeric_checks=(
            NumericCheck(("idempotency",), keys, 0.05,
                         "the idempotency keys held when each sign-in's key is kept for the code lifetime"),
            NumericCheck(("retry wait", "backoff"), _res.worst_case_wait_s(retries, base_s, cap_s), 0.05,
                         f"the longest total wait across the app's {retries} retries, in seconds"),
            NumericCheck(("pumped", "pumping"), pumped, 0.05,
                         "the most a pumped night costs behind the per-prefix bucket of Q11, in dollars"),
        ),
        domain=(("bank",), ("sign-in", "sign in", "login"), ("code", "codes", "otp", "one-time"), ("verify",
                "verification", "verifications"), ("pumping", "pumped", "fraud", "bots", "toll fraud"),
                ("prefix", "prefixes", "country", "countries"), ("retry", "retries", "backoff", "jitter"),
                ("idempotency", "idempotent", "duplicate", "dedupe"), ("rate limit", "limiter", "token bucket"),
                ("conversion", "entered"), ("cost", "spend", "$"), ("outage",), ("customer", "customers"),
                ("blocked", "requests per second")),
        dimensions={
            "scale": (f"{peak:,}", "sign-ins", "evening peak", f"{per_hour:,}"),
            "ownership": ("bank's", "verify", "our app", "the bank", "twilio verify"),
            "success": ("conversion", "entered", "share of codes", "exactly one code", "delivered"),
            "compliance": ("countries", "country", "travelling", "kept", "fraud", "geo", "block"),
            "scope": ("retry", "second code", "reuse", "willing to risk", "block", "first"),
        },
        countables=("codes", "keys", "verifications", "sign-ins", "requests", "prefixes", "retries",
                    "attempts", "segments"),
        quality_terms=("conversion", "codes entered", "success", "success rate", "delivered", "delivery",
                       "cost per verification", "duplicate"),
        component_terms=(("sign-in api", "sign-in", "login api", "api"), ("idempotency", "dedupe",
                         "deduplication"), ("limiter", "rate limit", "token bucket"), ("conversion monitor",
                         "monitor", "fraud", "geo permissions", "geo"), ("verify",), ("retry", "backoff")),
        ranges=(PlausibleRange(("verification requests", "verifications per second", "sign-ins per second"),
                               100, 1_000), PlausibleRange(("idempotency",),
                50_000, 500_000), PlausibleRange(("retry wait", "backoff"), 3, 60),
                PlausibleRange(("pumped", "pumping"), 100, 20_000), PlausibleRange(("conversion",), 10, 100)),
        examples={
            "question": "What share of codes do customers enter today, so that a drop can reveal pumping?",
            "assumption": "Assume each sign-in's idempotency key is kept for the code lifetime.",
            "scale_metric": "'verification requests per second: <number> req/s'",
            "quality_metric": "'share of codes entered (conversion): <number> %'",
            "component": "an idempotency store that ties each retry to the sign-in it belongs to",
            "decide": "'a per-prefix rate limiter rather than switching off every country abroad'",
            "tradeoff": "'per-prefix bucket vs no limit: at most $<n> a night instead of $<n>'",
            "story": "'As a bank customer, I want exactly one code within seconds, so that I can sign in.'",
            "risk": "'a traveller in a blocked country cannot sign in: offer a voice code or app approval'",
            "mvp": "idempotency keys and per-prefix limits first, conversion alerts and geo rules later",
        },
        curveballs=(
            Curveball("burst", "A payday app release sends sign-ins to ten times the evening peak for an hour.",
                      ("limiter", "idempotency", "sign-in"), (("keys", "memory", "store", "capacity"),
                                                              ("limit", "bucket", "quota", "raise"))),
            Curveball("outage", "Verify's SMS channel to one country fails for an hour.", ("sign-in", "retry",
                      "verify"), (("voice", "whatsapp", "channel", "fallback"), ("retry", "backoff", "reuse"))),
            Curveball("compliance", "A new rule: sign-in codes may be sent only to countries the customer has "
                      "registered, and codes must expire within 5 minutes.", ("idempotency", "limiter",
                      "sign-in"), (("country", "countries", "geo", "registered"), ("5 minutes", "expiry",
                                                                                  "lifetime", "keys"))),
        ),
    )


def _week6() -> Prompt:
    sc = lambda key: scenario("telehealth_video", key)  # noqa: E731 - the prompt's stated assumptions
    visits, visit_min = sc("concurrent_visits"), sc("visit_min")
    egress = visits * _cap.conference_bandwidth("sfu", sc("people_per_visit"),
                                                fact("video.simulcast.layer_720p_max_kbps")).server_egress_kbps / 1e6
    rooms_per_s = _cap.arrival_rate_per_s(visits, visit_min * 60)
    return Prompt(
        prompt_id="week6_telehealth_video_visits",
        title="Telehealth video visits",
        week="week6",
        text=("A telehealth company wants video visits on Twilio. A patient joins from a phone or laptop, a "
              "clinician from the clinic, and the patient waits in a virtual waiting room until the clinician "
              f"is ready. At the peak there are {visits:,} visits at once, and a visit lasts {visit_min} minutes "
              "on average."),
        required_metrics=(("concurrent", "concurrency"), ("egress",), ("room creation", "rooms created",
                          "rooms per second"), ("delay", "latency")),
        required_components=(("waiting", "lobby"), ("sfu", "media")),
        numeric_checks=(
            NumericCheck(("egress",), egress, 0.05,
                         "server egress in Gbit/s for two 720p streams per visit at the peak"),
            NumericCheck(("room creation", "rooms created", "rooms per second"), rooms_per_s, 0.05,
                         "rooms created per second to keep the peak going (Little's law)"),
        ),
        domain=(("telehealth", "video visit", "visit", "visits"), ("patient",), ("clinician", "doctor"),
                ("video",), ("waiting room", "lobby", "waiting"), ("room", "rooms", "group room"), ("sfu",
                "media server", "forwarding"), ("egress", "bandwidth", "gbit/s", "kbps"), ("720p", "360p",
                "simulcast", "layer"), ("delay", "latency", "one-way"), ("quota", "quotas"), ("recording",
                "recorded"), ("interpreter", "family"), ("hipaa", "health data"), ("mobile", "laptop", "phone")),
        dimensions={
            "scale": (f"{visits:,}", "visits at once", "morning rush", "time zones", f"{visit_min} minutes"),
            "ownership": ("telehealth company", "their app", "clinic's", "company's"),
            "success": ("joined", "join", "first attempt", "video fails", "quality"),
            "compliance": ("recorded", "recording", "hipaa", "health", "stored", "where"),
            "scope": ("interpreter", "family", "phone call", "reschedule", "first release"),
        },
        countables=("visits", "rooms", "participants", "patients", "clinicians", "streams", "tokens"),
        quality_terms=("delay", "latency", "joined", "join", "first attempt", "video quality", "dropped"),
        component_terms=(("waiting room", "lobby", "waiting"), ("sfu", "media room", "media", "group room"),
                         ("scheduler", "visit scheduler", "booking"), ("visit records", "records", "visit log"),
                         ("token", "access token", "auth"), ("phone fallback", "fallback")),
        ranges=(PlausibleRange(("egress",), 10, 200), PlausibleRange(("room creation", "rooms created",
                "rooms per second"), 2, 60), PlausibleRange(("concurrent",), 5_000, 20_000),
                PlausibleRange(("delay", "latency"), 20, 1_000)),
        examples={
            "question": "Is every visit one patient and one clinician, or do interpreters and family members join?",
            "assumption": "Assume two people per visit, each watching the other at the 720p layer.",
            "scale_metric": "'room creations per second: <number> rooms/s'",
            "quality_metric": "'one-way video delay: <number> ms'",
            "component": "a virtual waiting room that admits the patient when the clinician is ready",
            "decide": "'group rooms through the SFU rather than peer-to-peer video'",
            "tradeoff": "'720p vs a 360p cap: <n> Gbps vs <n> Gbps of egress at the peak'",
            "story": "'As a patient, I want to see my clinician on video from home, so that I get care without travelling.'",
            "risk": "'a weak mobile link freezes the video: step down the layer, then fall back to a phone call'",
            "mvp": "one-to-one visits first, interpreters, recording and group visits later",
        },
        curveballs=(
            Curveball("burst", "A flu season Monday brings ten times the usual visits at once.",
                      ("sfu", "media", "waiting", "room"), (("quota", "rooms", "limit", "raise"),
                                                            ("egress", "layer", "360p", "bandwidth"))),
            Curveball("outage", "The media region serving most patients fails during the morning rush.",
                      ("sfu", "media", "room"), (("region", "reconnect", "failover"), ("phone", "audio",
                                                                                      "fallback"))),
            Curveball("compliance", "A new rule: every visit must be recorded and the recording kept in the "
                      "patient's own country for seven years.", ("sfu", "media", "records", "room"),
                      (("recording", "recorded", "record"), ("country", "region", "retention", "years",
                                                              "storage"))),
        ),
    )


_BUILDERS = {
    "week1_reminder_calls": _week1,
    "week2_voice_messaging": _week2,
    "week3_refill_webhook": _week3,
    "week4_school_closure": _week4,
    "week5_verify_hardening": _week5,
    "week6_telehealth_video_visits": _week6,
}


@lru_cache(maxsize=None)
def get_prompt(prompt_id: str) -> Prompt:
    """The course prompt ``prompt_id`` (a week id such as ``"week3"`` works too).

    Raises ``ValueError`` naming the known ids for an unknown one.

    >>> get_prompt("week1").prompt_id
    'week1_reminder_calls'
    """
    key = WEEK_PROMPTS.get(prompt_id, prompt_id)
    if key not in _BUILDERS:
        raise ValueError(f"prompt_id: unknown prompt {prompt_id!r}; known: {', '.join(PROMPT_IDS)}")
    return _BUILDERS[key]()


def prompts() -> tuple[Prompt, ...]:
    """All six prompts, in week order."""
    return tuple(get_prompt(p) for p in PROMPT_IDS)
