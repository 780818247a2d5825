"""Worked answers the lessons show: the voice messaging prompt (one strong, one weak) and week 3's after-hours line.

The Week 1 and 2 lessons show the voice messaging pair side by side; the Week 3
lesson shows :func:`strong_after_hours_answer`. Each function returns a fresh
dict, so a lesson may edit its copy without changing the other.
:data:`LESSON_EXAMPLES` lists every full-marks example a lesson shows, by week,
so a test can check that none of them is a near-answer to a graded question.

The strong answer's figures come from the prompt's stated assumptions
(``facts.scenario("voice_messaging", ...)``), the facts registry and the
capacity library: 10,000 concurrent calls read as 10,000 Erlangs; Erlang B
gives 9,970 trunks at 1% blocking and 10,170 at 0.1%; one dedicated group of
100 Erlangs needs 117 trunks at 1%, so 100 such groups need 11,700. A 40 s
message re-encoded at 32 kbit/s is 160 kB (320 kB as G.711 at 64 kbit/s, as
received); four million messages a day kept 30 days is 19.2 TB (38.4 TB as
G.711). The 50 ms TwiML webhook budget is an assumption taken from the
interview guide (``facts.value("webhooks.twiml_response_budget")``).

Week 5's lesson grades a third, :func:`overload_protection_answer`, a
full-marks deep dive on protecting a messaging API from a flood; its figures
are computed here with :mod:`curriculum.capacity.resilience` from the prompt's
stated assumptions (``facts.scenario("messaging_api_overload", ...)``) and the
SLA in the facts registry.

Week 6's lesson shows :func:`strong_meetings_answer`, its worked mock interview (a customer's video
meetings product, not the graded telehealth capstone) written as a three-layer answer.

>>> strong_voice_answer()["problem_definition"]["metrics"][1]["value"]
9970
>>> strong_voice_answer() is not strong_voice_answer()
True
"""

from __future__ import annotations

from curriculum import capacity as _cap
from curriculum.capacity import resilience as _res
from curriculum.capacity.storage import BYTES_PER_TB, recording_storage_per_day_bytes, retained_storage_bytes
from curriculum.capacity.video import max_mesh_participants, simulcast_room_bandwidth, thumbnails_within_cap
from curriculum.capacity.webhooks import retry_load_multiplier, time_to_fallback_ms
from curriculum.facts import scenario as _scenario, value as _fact

__all__ = ["LESSON_EXAMPLES", "LESSON_OTP_RECIPIENTS", "LESSON_OTP_TEXT", "LESSON_OTP_WINDOW_S", "otp_burst_answer",
           "over_engineered_otp_answer", "overload_protection_answer", "strong_after_hours_answer", "strong_meetings_answer",
           "strong_voice_answer", "weak_voice_answer"]

#: The options :func:`overload_protection_answer` weighs against its own choices: these are the answer's
#: alternatives, not assumptions of the prompt. A smaller burst (requests), a faster refill (tokens per
#: second), and the official libraries' retries (count, base s, cap s) with full jitter.
_SMALL_BURST = 100
_FAST_REFILL_PER_S = 500
_CLIENT_RETRIES, _CLIENT_BASE_S, _CLIENT_CAP_S = 3, 1, 20


def strong_voice_answer() -> dict:
    """A full-marks answer: clarified, quantified, one page, argued, deep.

    Every figure is worked out from ``facts.scenario("voice_messaging", ...)``, the facts registry and the
    capacity library (see the module docstring).

    >>> answer = strong_voice_answer()
    >>> len(answer["high_level_design"]["components"]), len(answer["deep_dive"])
    (6, 2)
    >>> answer["problem_definition"]["metrics"][5]["value"]
    19.2
    """
    v = lambda key: _scenario("voice_messaging", key)  # noqa: E731 - the prompt's stated assumptions
    calls, blocking, hold_s, message_s = (v("concurrent_calls"), v("blocking_target"), v("mean_hold_s"),
                                          v("message_s"))
    messages, days, kbps = v("messages_per_day"), v("retention_days"), v("compressed_kbps")
    g711_kbps = _fact("codec.g711.payload_kbps")
    budget_ms = _fact("webhooks.twiml_response_budget")
    trunks, strict = _cap.trunks_for(calls, blocking), _cap.trunks_for(calls, blocking / 10)
    group = 100  # the alternative: 100 businesses of 100 Erlangs each, each with its own trunk group
    dedicated = group * _cap.trunks_for(calls / group, blocking)
    held_tb = retained_storage_bytes(recording_storage_per_day_bytes(messages, message_s, kbps), days) / BYTES_PER_TB
    g711_tb = (retained_storage_bytes(recording_storage_per_day_bytes(messages, message_s, g711_kbps), days)
               / BYTES_PER_TB)
    per_day_tb = recording_storage_per_day_bytes(messages, message_s, kbps) / BYTES_PER_TB
    kb, g711_kb = message_s * kbps / 8, message_s * g711_kbps / 8
    return {
        "problem_definition": {
            "user_story": (
                "As the owner of a small business with a Twilio number, I want callers who miss me to leave "
                "a message I can play back in my app within a minute, so that no customer call is lost."
            ),
            "clarifying_questions": [
                "Who leaves the messages, and who plays them back: end callers and the business's staff?",
                "Is the busy-hour peak of 10,000 concurrent calls for the whole platform or for one business?",
                "How long must recordings be kept, and must some stay inside one country?",
                "Do businesses need a transcript in the first release, or is playback enough?",
            ],
            "assumptions": [
                f"The peak is {calls:,} concurrent calls platform-wide, each holding about {hold_s:g} seconds "
                f"with a {message_s:g}-second message.",
                f"At most {blocking:.0%} of call attempts may be blocked at set-up in the busy hour "
                "(blocked calls cleared).",
                f"Our TwiML webhook answers within a {budget_ms:g} ms budget, a figure taken from the interview guide.",
                f"Recordings are kept for {days:g} days and then deleted.",
            ],
            "metrics": [
                {"name": "concurrent calls at peak", "value": calls, "unit": "calls", "target": "busy hour"},
                {"name": "trunks needed", "value": trunks, "unit": "trunks",
                 "target": f"Erlang B at {blocking:.0%} blocking"},
                {"name": "call set-up blocking", "value": round(blocking * 100, 2), "unit": "%",
                 "target": f"at most {blocking:.0%} of attempts"},
                {"name": "TwiML webhook p95 latency", "value": budget_ms, "unit": "ms",
                 "target": "within the assumed budget"},
                {"name": "messages recorded per day", "value": messages, "unit": "messages",
                 "target": f"{v('busy_hour_share'):.0%} in the busy hour"},
                {"name": f"recording storage, {days:g} days", "value": round(held_tb, 1), "unit": "TB",
                 "target": f"MP3 at {kbps:g} kbit/s"},
            ],
        },
        "high_level_design": {
            "actors": ["Caller", "Carrier", "Business app"],
            "components": [
                {
                    "name": "Call router",
                    "tell": (
                        "Answers each inbound call from the carrier and runs the call flow for the dialled "
                        "number."
                    ),
                    "explain": (
                        "Every call passes through it at set-up, so this is where the 10,000-call peak and "
                        "the 1% blocking target are met."
                    ),
                    "decide": (
                        "One shared router pool behind all trunks rather than a pool per business, because "
                        "pooled capacity blocks fewer calls per trunk."
                    ),
                },
                {
                    "name": "TwiML webhook",
                    "tell": "Returns the TwiML that plays the business's greeting and records the caller.",
                    "explain": (
                        "Greetings differ per business, so the call flow is looked up per call inside the "
                        "set-up budget."
                    ),
                    "decide": (
                        "Greetings cached in memory instead of read from the database on every call, to "
                        f"keep p95 under {budget_ms:g} ms."
                    ),
                },
                {
                    "name": "Recording store",
                    "tell": "Keeps each message's audio file for 30 days.",
                    "explain": (
                        "About a terabyte of audio arrives each day and is played rarely, so it needs cheap"
                        " bulk storage."
                    ),
                    "decide": "Object storage with signed links over audio blobs in the message database.",
                },
                {
                    "name": "Message index",
                    "tell": "Holds one row per message: business, caller number, length, listened or not.",
                    "explain": (
                        "The app lists and filters a business's messages in milliseconds, which the audio "
                        "store cannot do."
                    ),
                    "decide": (
                        "One relational table partitioned by business, not a separate store per message "
                        "type."
                    ),
                },
                {
                    "name": "Notifier",
                    "tell": "Tells the business that a new message has arrived.",
                    "explain": (
                        "Staff act on a message within minutes only if they hear about it without checking."
                    ),
                    "decide": (
                        "Push notification with SMS fallback rather than email, which people read hours "
                        "later."
                    ),
                },
                {
                    "name": "Playback API",
                    "tell": "Lets the business app list, play and delete its own messages.",
                    "explain": (
                        "Each business may reach only its own recordings, so every request is checked "
                        "against the account."
                    ),
                    "decide": (
                        "Short-lived signed audio links instead of streaming audio through our servers."
                    ),
                },
            ],
            "flows": [
                ["Caller", "Carrier", "dials the number"],
                ["Carrier", "Call router", "SIP INVITE"],
                ["Call router", "TwiML webhook", "call webhook"],
                ["TwiML webhook", "Call router", "greeting + record"],
                ["Call router", "Recording store", "audio file"],
                ["Call router", "Message index", "recording callback"],
                ["Message index", "Notifier", "new message"],
                ["Notifier", "Business app", "push / SMS"],
                ["Message index", "Playback API", "message list"],
                ["Recording store", "Playback API", "signed link"],
                ["Playback API", "Business app", "list + play"],
            ],
        },
        "deep_dive": [
            {
                "area": "Trunk sizing at call set-up",
                "tradeoffs": [
                    {
                        "option": f"Size for {blocking:.0%} blocking with Erlang B",
                        "alternative": f"Size for {blocking / 10:.1%} blocking",
                        "impact": (
                            f"{trunks:,} trunks vs {strict:,}: {strict - trunks:,} more trunks "
                            f"(+{(strict - trunks) / trunks:.0%}) to block ten times fewer calls"
                        ),
                        "decision": (
                            "Keep 1%: it meets the target, and we revisit it if blocked callers turn out to"
                            " churn."
                        ),
                    },
                    {
                        "option": "One pooled trunk group for all businesses",
                        "alternative": (f"A dedicated group per business ({group} businesses of "
                                        f"{calls / group:g} Erlangs)"),
                        "impact": (f"{trunks:,} pooled trunks vs {group} x {dedicated // group} = {dedicated:,} "
                                   f"dedicated (+{(dedicated - trunks) / trunks:.0%})"),
                        "decision": (
                            "Pool, and cap each business's concurrent calls so one cannot starve the rest."
                        ),
                    },
                ],
                "risks": [
                    "A regional carrier outage moves its calls onto the remaining trunks; keep headroom per region."
                ],
            },
            {
                "area": "Recording storage",
                "tradeoffs": [
                    {
                        "option": f"MP3 at {kbps:g} kbit/s",
                        "alternative": f"G.711 as received, {g711_kbps:g} kbit/s",
                        "impact": (f"{kb:g} kB vs {g711_kb:g} kB per {message_s:g} s message: {held_tb:.1f} TB vs "
                                   f"{g711_tb:.1f} TB over {days:g} days ({held_tb / g711_tb - 1:.0%})"),
                        "decision": (
                            "MP3: voicemail is speech, and the quality loss is hard to hear on a phone."
                        ),
                    },
                    {
                        "option": "Delete recordings after 30 days",
                        "alternative": "Keep them until the business deletes them",
                        "impact": (f"storage stays near {held_tb:.1f} TB instead of growing about "
                                   f"{per_day_tb:.2f} TB a day"),
                        "decision": "30 days by default, with longer retention as a paid option.",
                    },
                ],
                "risks": ["Some countries require recordings to stay in-region; the store needs a region per account."],
            },
        ],
    }


def weak_voice_answer() -> dict:
    """An answer that loses points on every rubric item: the guide's BAD column.

    It starts from technology, asks nothing, splits everything into services
    without a reason, draws 12 boxes and trades off without numbers.

    >>> answer = weak_voice_answer()
    >>> answer["problem_definition"]["clarifying_questions"], len(answer["high_level_design"]["components"])
    ([], 12)
    """
    names = [
        "API gateway service", "User service", "Auth service", "Call service", "Voicemail service",
        "Kafka service", "Recording service", "Notification service", "Billing service",
        "Analytics service", "Search service", "Admin service",
    ]
    return {
        "problem_definition": {
            "user_story": "We will use Kafka and microservices on Kubernetes to build voicemail.",
            "clarifying_questions": [],
            "assumptions": [],
            "metrics": [
                {"name": "performance", "value": 1, "unit": ""},
                {"name": "scalability", "value": 100, "unit": "%"},
            ],
        },
        "high_level_design": {
            "actors": ["Caller"],
            "components": [
                {
                    "name": name,
                    "tell": "A microservice.",
                    "explain": "Microservices are best practice.",
                    "decide": "Use Kubernetes.",
                }
                for name in names
            ],
            "flows": [
                ["Caller", "API gateway service", "request"],
                ["API gateway service", "Call service", "request"],
                ["Call service", "Kafka service", "event"],
                ["Kafka service", "Voicemail service", "event"],
                ["Voicemail service", "Recording service", "event"],
            ],
        },
        "deep_dive": [
            {
                "area": "Scalability",
                "tradeoffs": [
                    {
                        "option": "Kafka",
                        "alternative": "RabbitMQ",
                        "impact": "Kafka is faster and scales better",
                        "decision": "Kafka",
                    }
                ],
                "risks": [],
            }
        ],
    }


def overload_protection_answer() -> dict:
    """Week 5's full-marks deep dive: overload protection for a messaging REST API under a flood.

    Every figure is computed from the prompt's stated assumptions
    (``scenarios.toml``, ``[messaging_api_overload]``), the SLA in the facts
    registry and :mod:`curriculum.capacity.resilience`: a fleet serving
    40,000 req/s sheds 80% of a 200,000 req/s flood; a stolen key at
    2,000 req/s for 60 s gets 7,000 requests through a bucket of 100/s with a
    burst of 1,000 (6,100 with a burst of 100); three jittered retries with a
    1 s base wait at most 7 s in all.

    >>> answer = overload_protection_answer()
    >>> [m["value"] for m in answer["problem_definition"]["metrics"]][:3]
    [20000, 200000, 80.0]
    >>> len(answer["high_level_design"]["components"]), len(answer["deep_dive"])
    (5, 2)

    Reference: the Week 5 lesson, section 9; Twilio's SLA (``sla.monthly_api_uptime`` in ``facts.toml``).
    """
    sc = lambda key: _scenario("messaging_api_overload", key)  # noqa: E731
    peak, flood, fleet = sc("normal_peak_rps"), sc("attack_rps"), sc("fleet_rps")
    rate, burst, key_rps, p99_ms = sc("account_rate_per_s"), sc("account_burst"), sc("stolen_key_rps"), sc("p99_target_ms")
    window_s = 60
    bucket_big = _res.token_bucket_admitted(rate, burst, key_rps, window_s)
    bucket_small = _res.token_bucket_admitted(rate, _SMALL_BURST, key_rps, window_s)
    bucket_fast = _res.token_bucket_admitted(_FAST_REFILL_PER_S, burst, key_rps, window_s)
    shed_share = _res.shed_fraction(flood, fleet)
    jitter_worst = _res.worst_case_wait_s(_CLIENT_RETRIES, _CLIENT_BASE_S, _CLIENT_CAP_S)
    sla = _fact("sla.monthly_api_uptime") / 100  # stored in percent
    return {
        "problem_definition": {
            "user_story": ("As a business that sends order updates through the messaging API, I want my requests to keep "
                           "working while someone else's traffic floods the platform, so that my customers still get "
                           "their texts."),
            "clarifying_questions": [
                "Which requests must keep working first during a flood: sends, status reads or sign-in codes?",
                "How much traffic arrives at the normal peak, and how large have past floods been?",
                "Does a request we refuse on purpose count against the monthly availability promise?",
                "Do most clients use our official libraries, so that we can change how they retry?",
            ],
            "assumptions": [
                f"The normal peak is {peak:,} requests per second and a flood reaches {flood:,}.",
                f"The fleet serves {fleet:,} requests per second within its latency target.",
                f"Each account has a token bucket of {rate:,} requests per second with a burst of {burst:,}.",
            ],
            "metrics": [
                {"name": "API requests per second at peak", "value": peak, "unit": "req/s", "target": "normal busy hour"},
                {"name": "flood requests per second", "value": flood, "unit": "req/s", "target": "design for"},
                {"name": "share shed during a flood", "value": round(shed_share * 100, 1), "unit": "%",
                 "target": "refused with 429"},
                {"name": "downtime budget per month", "value": round(_cap.downtime_s(sla, "month") / 60, 1),
                 "unit": "minutes", "target": "monthly availability promise"},
                {"name": "p99 latency of admitted requests", "value": p99_ms, "unit": "ms", "target": "during a flood too"},
            ],
        },
        "high_level_design": {
            "actors": ["Customer app", "Botnet", "Carriers"],
            "components": [
                {"name": "Edge load balancer",
                 "tell": "Terminates TLS and spreads requests across servers in each region.",
                 "explain": ("A flood arrives here first, so requests with bad signatures or unknown accounts must be "
                             "dropped before they cost anything."),
                 "decide": ("A managed edge with volumetric scrubbing rather than our own proxies, since floods ten "
                            "times the peak exceed what we would run.")},
                {"name": "Rate limiter",
                 "tell": "Keeps one token bucket per account and answers 429 when the bucket is empty.",
                 "explain": "One noisy or compromised account must not use up capacity that other customers rely on.",
                 "decide": ("Per-account buckets instead of one global limit, so a flood from one key is refused "
                            "without touching the others.")},
                {"name": "Load shedder",
                 "tell": "Refuses the lowest-priority requests when the whole fleet is above its capacity.",
                 "explain": "A botnet spread over many accounts passes every bucket and still overloads the fleet.",
                 "decide": ("Shed by priority, status reads before sends, rather than queueing everything until all "
                            "requests time out.")},
                {"name": "API servers",
                 "tell": "Validate each send request and hand it to the send queue.",
                 "explain": f"They must answer within the p99 target at the normal peak of {peak:,} requests a second.",
                 "decide": ("Stateless servers that scale out rather than sticky sessions, so any server can take any "
                            "request.")},
                {"name": "Send queue",
                 "tell": "Holds accepted messages until each sender's carrier rate lets them out.",
                 "explain": "Carriers take messages at fixed rates per sender, far slower than the API accepts them.",
                 "decide": "A durable queue over sending inline, so a slow carrier never holds an API request open."},
            ],
            "flows": [
                ["Customer app", "Edge load balancer", "API requests"],
                ["Botnet", "Edge load balancer", "flood"],
                ["Edge load balancer", "Rate limiter", "clean traffic"],
                ["Rate limiter", "Load shedder", "within account limits"],
                ["Load shedder", "API servers", "admitted requests"],
                ["API servers", "Send queue", "accepted messages"],
                ["Send queue", "Carriers", "SMS"],
                ["Rate limiter", "Customer app", "429 with Retry-After"],
            ],
        },
        "deep_dive": [
            {"area": "Per-account token buckets",
             "tradeoffs": [
                 {"option": f"Burst of {burst:,} requests", "alternative": f"Burst of {_SMALL_BURST:,} requests",
                  "impact": (f"a flooding key gets {bucket_big:,.0f} requests through in {window_s} s instead of "
                             f"{bucket_small:,.0f} (+{bucket_big - bucket_small:,.0f} requests), but a real "
                             f"{burst:,}-message campaign starts at once"),
                  "decision": (f"Burst of {burst:,}: legitimate campaigns matter more than "
                               f"{bucket_big - bucket_small:,.0f} extra flood requests per key.")},
                 {"option": f"Refill at {rate:,} tokens per second",
                  "alternative": f"Refill at {_FAST_REFILL_PER_S:,} tokens per second",
                  "impact": (f"an empty bucket refills in {_res.token_bucket_refill_s(rate, burst):g} s instead of "
                             f"{_res.token_bucket_refill_s(_FAST_REFILL_PER_S, burst):g} s, and a flooding key gets "
                             f"{bucket_fast - bucket_big:,.0f} fewer requests a minute"),
                  "decision": f"{rate:,} per second by default, raised per account on request."},
             ],
             "risks": ["A botnet spread over thousands of stolen keys stays under every bucket."]},
            {"area": "Shedding and retries during a flood",
             "tradeoffs": [
                 {"option": "Shed at the edge with an immediate 429", "alternative": "Queue every request",
                  "impact": (f"{shed_share:.0%} of a {flood:,} req/s flood is refused in milliseconds, and the admitted "
                             f"{fleet:,} req/s keep their {p99_ms} ms p99"),
                  "decision": "Shed early; a queue only turns a flood into timeouts for everyone."},
                 {"option": (f"Official libraries retry {_CLIENT_RETRIES} times with full jitter, base "
                             f"{_CLIENT_BASE_S:g} s, cap {_CLIENT_CAP_S:g} s"),
                  "alternative": f"Retry at once, {_CLIENT_RETRIES} times",
                  "impact": (f"each refused request still becomes up to "
                             f"{_res.worst_case_amplification([_CLIENT_RETRIES])} attempts, but spread over up to "
                             f"{jitter_worst:g} s instead of the same second"),
                  "decision": "Jittered backoff that honours Retry-After, shipped in every official library."},
             ],
             "risks": ["Old client versions that retry without backoff keep hammering until they upgrade."]},
        ],
    }


def _after_hours_stages(network_ms: float) -> list[tuple[str, float]]:
    """The stages of one call-control request of the after-hours line, in ms, for a server ``network_ms`` away.

    The database sits next to the server, so a query costs one same-data-centre
    round trip plus the scenario's query time.

    >>> [f"{ms:g}" for _, ms in _after_hours_stages(0.5)]
    ['0.5', '2', '6.5', '3', '5']
    """
    a = lambda key: _scenario("after_hours_clinic_line", key)  # noqa: E731
    query_ms = _fact("latency.same_datacenter_round_trip") + a("query_ms")
    return [("network round trip", network_ms), ("TLS and load balancer", a("tls_and_load_balancer_ms")),
            ("caller lookup", query_ms), ("build the TwiML", a("build_twiml_ms")),
            ("Twilio parses the TwiML", a("twilio_parse_ms"))]


def strong_after_hours_answer() -> dict:
    """A full-marks answer to the Week 3 lesson's prompt: a clinic's after-hours line that greets callers by name.

    The interviewer's prompt (``facts.scenario``'s ``after_hours_clinic_line``): "Our IVR feels slow. Design the
    service that tells Twilio what to do on each call." Every figure is computed here from the scenario's
    assumptions, the facts registry and the capacity library: the latency budget of one request with the server
    next to Twilio (17.0 ms of the assumed 50 ms) and in us-west-2 (103.5 ms), the request rate at the evening peak
    (300 calls of 90 s, 2 requests each: 6.67 requests/s), the silence before the fallback URL with a 1,000 ms
    connect timeout (2 s instead of 10 s) and the retry load in an outage (2 attempts per step).

    >>> answer = strong_after_hours_answer()
    >>> [m["value"] for m in answer["problem_definition"]["metrics"]]
    [6.67, 17.0, 33.0, 2.0]
    >>> len(answer["high_level_design"]["components"]), len(answer["deep_dive"])
    (4, 2)

    References
    ----------
    Twilio, "Webhooks (HTTP callbacks): Connection Overrides"
    (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides) for the timeouts and retries;
    the facts registry for the round trips and the assumed 50 ms TwiML budget.
    """
    a = lambda key: _scenario("after_hours_clinic_line", key)  # noqa: E731
    target_ms = _fact("webhooks.twiml_response_budget")
    near_ms = _fact("latency.same_datacenter_round_trip")
    west_ms = _fact("latency.aws_us_east_1_us_west_2_rtt")
    near = _cap.latency_budget(_after_hours_stages(near_ms), target_ms)
    west = _cap.latency_budget(_after_hours_stages(west_ms), target_ms)
    query_ms = dict(_after_hours_stages(near_ms))["caller lookup"]
    rps = _cap.arrival_rate_per_s(a("peak_concurrent_calls"), a("mean_hold_s")) * a("requests_per_call")
    timeouts = {"connect_timeout_ms": _fact("webhooks.connect_timeout_default"),
                "read_timeout_ms": _fact("webhooks.read_timeout_default"),
                "total_timeout_ms": _fact("webhooks.total_timeout_default"),
                "retry_count": _fact("webhooks.retry_count_default")}
    default_s = time_to_fallback_ms(**timeouts) / 1000
    fast = {**timeouts, "connect_timeout_ms": 1000}
    fast_s = time_to_fallback_ms(**fast) / 1000
    tries = retry_load_multiplier(1.0, fast["retry_count"], attempt_ms=fast["connect_timeout_ms"],
                                  total_timeout_ms=fast["total_timeout_ms"])
    gather_ms = _fact("voice.gather.timeout_default") * 1000
    calls, hold = a("peak_concurrent_calls"), a("mean_hold_s")
    return {
        "problem_definition": {
            "user_story": (
                "As a patient calling my clinic after hours, I want to be greeted by name and reach the on-call "
                "nurse's menu without dead air, so that I do not hang up thinking the line is broken."
            ),
            "business_goal": (
                "Fewer patients hang up and go to the emergency room for something the nurse line could handle; "
                "we will know from the share of after-hours calls that reach a menu choice."
            ),
            "clarifying_questions": [
                "Is this the clinic's own webhook service on Twilio, or Twilio's call engine that feels slow?",
                "When callers say the line is slow, is it the pause before the first prompt or the delay once they talk?",
                f"How many calls arrive at once at the evening peak, and is {target_ms:g} ms per request the target?",
                "What must the greeting look up before it speaks, and may patient names be cached outside the database?",
                "What should a caller hear when our service is down: a recorded message or the nurse's number?",
            ],
            "assumptions": [
                f"Twilio's requests and our servers meet in one data centre region, {near_ms:g} ms apart.",
                f"The evening peak is {calls:,} calls at once, each about {hold:g} seconds with "
                f"{a('requests_per_call')} webhook requests.",
                f"The {target_ms:g} ms TwiML budget is an assumption from the interview guide, not a Twilio figure.",
            ],
            "metrics": [
                {"name": "webhook requests per second at peak", "value": round(rps, 2), "unit": "requests/s",
                 "target": "evening peak"},
                {"name": "total latency of one TwiML request", "value": round(near.total_ms, 1), "unit": "ms",
                 "target": "same region, typical"},
                {"name": "latency headroom", "value": round(near.headroom_ms, 1), "unit": "ms",
                 "target": f"against the {target_ms:g} ms budget"},
                {"name": "silence before the fallback when the server is unreachable", "value": fast_s,
                 "unit": "s", "target": "at most"},
            ],
        },
        "high_level_design": {
            "actors": ["Caller", "Twilio"],
            "components": [
                {
                    "name": "Call-control webhook",
                    "tell": "Answers each of Twilio's requests with the TwiML for the next step of the call.",
                    "explain": (
                        "Every call waits on it when it arrives and after each menu choice, so its time is "
                        "the caller's silence."
                    ),
                    "decide": (
                        f"One app next to Twilio's requests rather than a chain of services across regions, "
                        f"because each hop adds a round trip to a {near.total_ms:.1f} ms request."
                    ),
                },
                {
                    "name": "Caller cache",
                    "tell": "Keeps recent callers' names and clinics in memory beside the webhook.",
                    "explain": (
                        f"The caller lookup costs {query_ms:.1f} ms of every greeting, the largest stage we control."
                    ),
                    "decide": "An in-memory cache with a 5-minute lifetime instead of a query on every call.",
                },
                {
                    "name": "Patient database",
                    "tell": "Holds each patient's name, phone numbers and clinic.",
                    "explain": "It is the record the cache is filled from when a caller is not in memory.",
                    "decide": "Kept in the webhook's region rather than the head office's data centre.",
                },
                {
                    "name": "Fallback TwiML",
                    "tell": "Static TwiML on separate hosting that gives the on-call nurse's number.",
                    "explain": "It is all a caller hears when the webhook fails, so it must stay up on its own.",
                    "decide": "Static hosting over a second copy of the webhook app, since it has nothing that can fail.",
                },
            ],
            "flows": [
                ["Caller", "Twilio", "dials the clinic"],
                ["Twilio", "Call-control webhook", "what next?"],
                ["Call-control webhook", "Twilio", "TwiML"],
                ["Call-control webhook", "Caller cache", "who is calling?"],
                ["Caller cache", "Patient database", "on a miss"],
                ["Twilio", "Fallback TwiML", "on failure"],
            ],
        },
        "deep_dive": [
            {
                "area": "Keeping each TwiML request inside the budget",
                "tradeoffs": [
                    {
                        "option": "Serve the webhook from Twilio's region",
                        "alternative": "One deployment in us-west-2",
                        "impact": (f"{near.total_ms:.1f} ms vs {west.total_ms:.1f} ms per request: the far "
                                   f"server alone is {-west.headroom_ms:.1f} ms over the {target_ms:g} ms budget"),
                        "decision": "Deploy next to Twilio's requests; the distance is the one stage no code fixes.",
                    },
                    {
                        "option": "End each menu on the first key press",
                        "alternative": "Wait for the Gather timeout",
                        "impact": f"up to {gather_ms:,.0f} ms less silence per menu step, far more than the webhook",
                        "decision": "Ask for one digit, so the next request starts at the key press.",
                    },
                ],
                "risks": [
                    "A cold cache after a deploy sends every greeting to the database: warm it with the day's "
                    "callers before switching traffic.",
                ],
            },
            {
                "area": "When the webhook fails",
                "tradeoffs": [
                    {
                        "option": "Connect timeout override of 1,000 ms",
                        "alternative": "Twilio's default timeouts",
                        "impact": f"fallback after {fast_s:g} s instead of {default_s:g} s of silence",
                        "decision": "Shorten it: the nurse's number is better than silence.",
                    },
                    {
                        "option": "Keep the default single retry",
                        "alternative": "The maximum of 5 retries",
                        "impact": (f"in an outage the {rps:.2f} requests/s become {rps * tries:.1f} connection "
                                   f"attempts/s, {tries:g} per step, and callers reach the fallback "
                                   f"{fast_s:g} s after dialling"),
                        "decision": "One retry: more would add silence for callers and load on a failing server.",
                    },
                ],
                "risks": [
                    "A server that is alive but slow to accept connections is abandoned after 1 s: alert on "
                    "connection errors and keep spare servers.",
                ],
            },
        ],
        "wrap_up": {
            "summary": (
                f"One call-control webhook in Twilio's region answers {rps:.2f} requests a second in about "
                f"{near.total_ms:.1f} ms, greets callers from a cache, and falls back to static TwiML with the "
                f"nurse's number within {fast_s:g} s when it fails."
            ),
            "mvp": ["Greeting by name, one menu and the fallback message with the nurse's number."],
            "later": ["Transfer to the on-call nurse and a text summary of the call for the morning team."],
            "next_steps": ["Measure each stage's p99 in production and alert when the headroom falls below 10 ms."],
        },
    }


def strong_meetings_answer() -> dict:
    """A full-marks answer to Week 6's Mock 1: a customer's video meetings product on Twilio Video.

    The interviewer's prompt (``facts.scenario``'s ``video_meetings``): meetings of up to 25 people, up to
    20,000 meetings at once on a Monday morning. It is the worked mock interview of the Week 6 lesson written
    as a three-layer answer, and it is not the graded capstone (telehealth visits). Every figure is computed
    here from the scenario's assumptions (30-minute meetings of 8 people on average, an assumed
    \\$0.004 per participant minute), the facts registry's Video limits and simulcast layers, and the capacity
    library: 160,000 participants at the peak, 16x the default participant quota and 2x the room quota;
    11.1 rooms created a second against 20 REST writes a second; a full 25-person speaker view would need
    5,950 kbit/s per receiver, over the 4,000 kbit/s subscribe cap, which leaves the speaker and
    10 thumbnails; about \\$38,400 for the Monday peak hour.

    >>> answer = strong_meetings_answer()
    >>> [m["value"] for m in answer["problem_definition"]["metrics"]][:3]
    [160000, 20000, 11.1]
    >>> len(answer["high_level_design"]["components"]), len(answer["deep_dive"])
    (5, 2)

    Reference: the Week 6 lesson, sections 7-9; Twilio's Programmable Video limits (``video.*`` in ``facts.toml``).
    """
    m = lambda key: _scenario("video_meetings", key)  # noqa: E731 - the prompt's stated assumptions
    meetings, max_people = m("concurrent_meetings"), m("max_participants")
    meeting_min, average_people, price_usd = m("mean_meeting_min"), m("mean_participants"), m(
        "price_per_participant_min_usd")
    layers_kbps = [_fact(k) for k in ("video.simulcast.layer_720p_max_kbps", "video.simulcast.layer_360p_kbps",
                                      "video.simulcast.layer_180p_kbps")]
    cap_kbps = _fact("video.participant.max_subscribe_kbps")
    room_limit = _fact("video.group_room.max_participants")
    room_quota, participant_quota = _fact("video.quota.concurrent_rooms"), _fact("video.quota.concurrent_participants")
    write_quota = _fact("video.quota.rest_writes_per_second")
    participants = meetings * average_people
    rooms_per_s = round(_cap.arrival_rate_per_s(meetings, meeting_min * 60), 1)
    full_view = simulcast_room_bandwidth(max_people, layers_kbps)
    fits = thumbnails_within_cap(cap_kbps, layers_kbps[0], layers_kbps[2])
    capped_mbps = max_people * cap_kbps / 1000
    uncapped_mbps = max_people * full_view.client_down_kbps / 1000
    peak_hour_usd = participants * 60 * price_usd
    mesh_max = max_mesh_participants(3000, layers_kbps[1])
    return {
        "problem_definition": {
            "user_story": (
                "As a team lead, I want to open a meeting from my calendar and have my team see and hear each "
                "other within seconds, so that Monday planning starts on time."
            ),
            "business_goal": (
                "The customer sells meetings that start on time for every team at the Monday peak; the measure is "
                "the share of joins under 3 seconds, at a media bill per participant minute the plan can carry."
            ),
            "clarifying_questions": [
                "Whose system is this: Twilio's own media platform, or the customer's meetings product built on "
                "Twilio Video?",
                f"Do all {max_people} people talk on camera, or do a few present while the rest watch?",
                f"How many people does an average meeting have, given that {max_people} is the maximum?",
                "Must meetings be recorded, and must meeting data stay in one region?",
            ],
            "assumptions": [
                "The customer's product on Twilio Video: Twilio runs the SFU, we own rooms, tokens, quotas and cost.",
                f"Meetings last {meeting_min} minutes and hold {average_people} people on average; everyone may talk.",
                f"Video costs ${price_usd} per participant minute (an assumption: check today's price sheet).",
                "No recording in the first release; US only.",
            ],
            "metrics": [
                {"name": "participants at the peak", "value": participants, "unit": "participants",
                 "target": "Monday morning"},
                {"name": "meetings in progress at the peak", "value": meetings, "unit": "rooms",
                 "target": "one group room per meeting"},
                {"name": "meetings started per second", "value": rooms_per_s, "unit": "meetings/s",
                 "target": f"Little's law at {meeting_min}-minute meetings"},
                {"name": "join time", "value": 3, "unit": "s", "target": "p95 of joins"},
                {"name": "download per receiver in a full meeting", "value": cap_kbps, "unit": "kbit/s",
                 "target": "at most the subscribe cap"},
                {"name": "media cost of the peak hour", "value": round(peak_hour_usd), "unit": "USD",
                 "target": f"{participants:,} participants x 60 minutes"},
            ],
        },
        "high_level_design": {
            "actors": ["Meeting app", "Calendar"],
            "components": [
                {"name": "Scheduler and token service",
                 "tell": "Creates each meeting and gives every invitee a short-lived access token for its room.",
                 "explain": "Only invitees may join, and it is where the rooms in use are counted against the quota.",
                 "decide": "Tokens minted per person by our backend rather than a shared link, because links get "
                           "forwarded."},
                {"name": "Group rooms",
                 "tell": "One Twilio group room per meeting; Twilio's SFU forwards each person's video to the others.",
                 "explain": (f"Each person uploads one stream whatever the size: a mesh on a 3,000 kbit/s uplink "
                             f"stops at {mesh_max} people."),
                 "decide": (f"An SFU room over a mesh (upload grows with every peer) or a mixed MCU stream (delay, "
                            f"no per-person layout); {max_people} fits the room limit of {room_limit}.")},
                {"name": "Client bandwidth profile",
                 "tell": "The app subscribes to the active speaker large and to the others as small thumbnails.",
                 "explain": (f"A participant may receive at most {cap_kbps:,} kbit/s, and a full {max_people}-person "
                             f"speaker view would need {full_view.client_down_kbps:,.0f} kbit/s."),
                 "decide": (f"Keep the speaker and {fits} thumbnails and switch the other tracks off, rather than "
                            "sending every receiver every stream.")},
                {"name": "Room lifecycle worker",
                 "tell": "Creates rooms just before a meeting starts and listens to the room status callbacks.",
                 "explain": (f"{rooms_per_s} creations a second against {write_quota} REST writes a second leave no "
                             "room for a second write per meeting."),
                 "decide": ("One write per meeting (create), with the end seen in the status callback, instead of "
                            f"a create-and-close pair at {2 * rooms_per_s:.1f} writes a second.")},
                {"name": "Usage and cost dashboard",
                 "tell": "Shows participant minutes per customer team, per hour.",
                 "explain": "The bill counts participant minutes, so this is the product's unit economics.",
                 "decide": "Fed by room status callbacks rather than by polling the REST API, whose read quota "
                           "we would burn."},
            ],
            "flows": [
                ["Calendar", "Scheduler and token service", "meeting booked"],
                ["Meeting app", "Scheduler and token service", "join request"],
                ["Scheduler and token service", "Room lifecycle worker", "create the room"],
                ["Room lifecycle worker", "Group rooms", "REST create"],
                ["Scheduler and token service", "Meeting app", "access token"],
                ["Meeting app", "Group rooms", "audio and video"],
                ["Client bandwidth profile", "Group rooms", "track priorities"],
                ["Group rooms", "Room lifecycle worker", "status callbacks"],
                ["Room lifecycle worker", "Usage and cost dashboard", "participant minutes"],
            ],
        },
        "deep_dive": [
            {"area": "Account quotas at the Monday peak",
             "tradeoffs": [
                 {"option": "Ask Twilio to raise both quotas before launch, sized for 1.5x the peak",
                  "alternative": "Spread customers over several Twilio accounts",
                  "impact": (f"{participants:,} participants is {participants / participant_quota:.0f}x the "
                             f"default {participant_quota:,}, and {meetings:,} rooms {meetings / room_quota:.0f}x "
                             f"the default {room_quota:,}; one account keeps one token service and one bill"),
                  "decision": "Raise the quotas, participants first since they bind first, and alert at 70% of each."},
                 {"option": "One REST write per meeting",
                  "alternative": "Create and then complete each room by REST",
                  "impact": (f"{rooms_per_s} requests/s vs {2 * rooms_per_s:.1f} requests/s against a default of "
                             f"{write_quota} requests/s"),
                  "decision": "One write: the status callback already tells us when a room ends."},
             ],
             "risks": ["The raise is not granted in time: the scheduler refuses meetings above the quota with a "
                       "clear message, and the launch goes to the teams that fit."]},
            {"area": "Bandwidth and cost per meeting",
             "tradeoffs": [
                 {"option": f"A bandwidth profile: the speaker and {fits} thumbnails under the cap",
                  "alternative": "Every receiver subscribes to every stream",
                  "impact": (f"a full meeting sends about {capped_mbps:,.0f} Mbit/s from the SFU instead of "
                             f"{uncapped_mbps:,.0f} Mbit/s, and each receiver stays at {cap_kbps:,} kbit/s"),
                  "decision": "The profile: it keeps weak home Wi-Fi usable and the subscribe cap is respected."},
                 {"option": "Cameras on by default",
                  "alternative": "Cameras off by default for listeners",
                  "impact": (f"the peak hour costs about ${peak_hour_usd:,.0f} either way, since the bill counts "
                             "participant minutes, not bits"),
                  "decision": "Cameras on, with a data-saver setting for phones; check audio-only pricing first."},
             ],
             "risks": ["A customer later wants all-hands meetings for thousands: that outgrows a room, and with "
                       "Twilio Live retired it goes to a streaming service, not a Twilio product."]},
        ],
        "wrap_up": {
            "summary": (
                f"One group room per meeting, tokens minted per person, a bandwidth profile that fits the speaker "
                f"and {fits} thumbnails under the {cap_kbps:,} kbit/s cap, and one REST write per meeting; "
                f"{participants:,} participants and {meetings:,} rooms at the peak cost about "
                f"${peak_hour_usd:,.0f} an hour."
            ),
            "mvp": ["Scheduled meetings of up to 25 with speaker view, tokens and the quota alerts."],
            "later": ["Recording, regions outside the US and large all-hands through a streaming service."],
            "next_steps": ["Request the participant and room quota raises and load-test joins at 1.5x the peak."],
        },
    }


#: Every full-marks example a lesson shows, by week: (name, builder).


# --- the lesson's two worked answers ---------------------------------------------------------

#: The lesson's OTP burst: recipients, the code text, and the time the codes must go out in, s; the stated
#: assumptions of the ``otp_burst`` prompt in ``scenarios.toml``.
LESSON_OTP_RECIPIENTS = _scenario("otp_burst", "codes")
LESSON_OTP_TEXT = _scenario("otp_burst", "code_text")
LESSON_OTP_WINDOW_S = _scenario("otp_burst", "window_min") * 60


def _otp_numbers() -> dict:
    from curriculum.capacity.senders import mps_needed, mps_to_provision

    segments = LESSON_OTP_RECIPIENTS * _cap.sms_segments(LESSON_OTP_TEXT).segments
    short = _fact("messaging.mps.short_code")
    need = mps_needed(segments, LESSON_OTP_WINDOW_S)
    emoji = LESSON_OTP_RECIPIENTS * _cap.sms_segments(LESSON_OTP_TEXT + " 🔐").segments
    return {
        "segments": segments, "mps_needed": need, "short_mps": short,
        "one_short_code_s": _cap.drain_time_s(segments, short),
        "bought_s": _cap.drain_time_s(segments, mps_to_provision(segments, LESSON_OTP_WINDOW_S, short)),
        "emoji_segments": emoji, "expiry_min": _fact("verify.code_expiry_default"),
        "dlc_high": _fact("messaging.us_10dlc.campaign_mps_high"),
        "to_buy": mps_to_provision(segments, LESSON_OTP_WINDOW_S, short),
        "queue_h": _fact("messaging.queue.max_hours"),
    }


def otp_burst_answer() -> dict:
    """The lesson's full-marks answer: an SMS one-time-code service sized for a burst of a million codes.

    Its numbers come from the library and the facts registry: the codes'
    segments, the segments per second the 10-minute window needs, the
    throughput to buy on one short code for it, and the drain times.

    >>> answer = otp_burst_answer()
    >>> len(answer["high_level_design"]["components"]), answer["problem_definition"]["metrics"][1]["value"]
    (5, 1700.0)
    """
    n = _otp_numbers()
    return {
        "problem_definition": {
            "user_story": ("As a Streamflix subscriber who was signed out after a security reset, I want my sign-in "
                           "code to arrive within seconds, so that I can get back to my show."),
            "clarifying_questions": [
                "Whose system is it: Streamflix's sign-in on Twilio (our senders, our cost), or Twilio's own platform?",
                "How many people must sign in again, and over how many minutes do they arrive?",
                "Which countries are the subscribers in, and can we use a short code there?",
                "Is SMS the only channel, or may a code also go by voice call or email when a text fails?",
                "How long should a code stay valid, and how many wrong tries do we allow?",
            ],
            "assumptions": [
                f"{LESSON_OTP_RECIPIENTS:,} US subscribers ask for a code within the first "
                f"{LESSON_OTP_WINDOW_S // 60} minutes.",
                "The code text is plain GSM-7 and fits in one segment; no emoji.",
                f"Codes expire after {n['expiry_min']} minutes, the Verify default.",
            ],
            "metrics": [
                {"name": "segments per second at peak", "value": round(n["mps_needed"], 1), "unit": "segments/s",
                 "target": f"for {LESSON_OTP_WINDOW_S // 60} minutes"},
                {"name": "short code throughput to buy", "value": n["to_buy"], "unit": "segments/s",
                 "target": f"on one short code (default {n['short_mps']} MPS)"},
                {"name": "codes delivered within 30 s", "value": 95, "unit": "%", "target": "p95 delivery"},
                {"name": "code expiry", "value": n["expiry_min"], "unit": "min", "target": "codes older are dropped"},
            ],
        },
        "high_level_design": {
            "actors": ["Subscriber", "Carrier network"],
            "components": [
                {"name": "Code API",
                 "tell": "Takes a phone number, makes a six-digit code and later checks the code the user types.",
                 "explain": f"Every sign-in calls it twice (ask, then check), with {n['mps_needed']:,.0f} code requests "
                            "per second at the peak.",
                 "decide": "One small endpoint for create and check rather than separate services, since both "
                           "read the same code record and grow together."},
                {"name": "Code store",
                 "tell": "Keeps a hash of each code with its expiry time and the number of tries.",
                 "explain": f"A code must stop working after {n['expiry_min']} minutes and after a few wrong guesses.",
                 "decide": "A key-value store with a time-to-live instead of a relational table, because nothing "
                           "is kept once a code expires."},
                {"name": "Send queue",
                 "tell": "Holds the outgoing code texts and releases them at the pool's sending rate.",
                 "explain": "Sign-ins arrive in a burst faster than any single sender can send.",
                 "decide": "Our own paced queue rather than firing every request at the API, so no message sits "
                           f"past the {n['queue_h']} h sender queue and stale codes are dropped, not sent."},
                {"name": "Short code",
                 "tell": f"One short code in a Messaging Service, with throughput bought up to {n['to_buy']:,.0f} MPS.",
                 "explain": f"The peak needs {n['mps_needed']:,.0f} segments per second; the short code sends "
                            f"{n['short_mps']} by default, and more is bought on the same number.",
                 "decide": "Bought throughput on one short code rather than a pool of numbers, which carriers do not "
                           "accept for one use case, or 10DLC, whose limit is per campaign."},
                {"name": "Status webhook",
                 "tell": "Receives each message's delivery status from Twilio.",
                 "explain": "We measure the delivered share and spot queue overflow errors during the burst.",
                 "decide": "Status callbacks instead of polling the API for a million messages."},
            ],
            "flows": [
                ["Subscriber", "Code API", "asks for a code"],
                ["Code API", "Code store", "hash + expiry"],
                ["Code API", "Send queue", "code text"],
                ["Send queue", "Short code", "paced sends"],
                ["Short code", "Carrier network", "SMS segments"],
                ["Carrier network", "Subscriber", "code arrives"],
                ["Short code", "Status webhook", "delivery status"],
            ],
        },
        "deep_dive": [
            {"area": "Throughput for the burst",
             "tradeoffs": [
                 {"option": f"Buy {n['to_buy']:,.0f} MPS on the short code", "alternative": "stay at the default rate",
                  "impact": f"{n['bought_s'] / 60:.1f} min to send every code instead of {n['one_short_code_s'] / 3600:.1f} h",
                  "decision": "Buy the throughput, weeks before launch: at the default rate most codes expire in the queue."},
                 {"option": "A short code", "alternative": "a 10DLC campaign at the top trust band",
                  "impact": f"{n['to_buy']:,.0f} MPS bought vs {n['dlc_high']} MPS for the whole campaign",
                  "decision": "Short code for sign-in codes; or hand the whole flow to Verify, which runs its own senders."},
             ],
             "risks": ["A short code and its extra throughput take weeks to approve: order them before the launch."]},
            {"area": "Message text and cost",
             "tradeoffs": [
                 {"option": "Plain GSM-7 text", "alternative": "the same text with a lock emoji",
                  "impact": f"{n['segments']:,} segments instead of {n['emoji_segments']:,}",
                  "decision": f"No emoji: it multiplies the bill and the sending time by "
                              f"{n['emoji_segments'] // n['segments']}."},
                 {"option": f"Drop codes older than {n['expiry_min']} min", "alternative": "send every queued code",
                  "impact": f"0 segments spent on dead codes vs up to {n['segments']:,} in a bad backlog",
                  "decision": "Set each message's validity period to the code expiry."},
             ],
             "risks": ["SMS pumping fraud: limit codes per number prefix and per country, or use Verify's Fraud Guard."]},
        ],
    }


def over_engineered_otp_answer() -> dict:
    """The same prompt answered with a service for every noun: the lesson's 'spot the mistake' design.

    The problem definition is the strong one; the high-level design splits a
    five-box pipeline into nine services whose explanations give no reason
    to stand alone.

    >>> answer = over_engineered_otp_answer()
    >>> len(answer["high_level_design"]["components"])
    9
    """
    answer = otp_burst_answer()
    names = ["API gateway service", "User service", "OTP generation service", "OTP validation service",
             "Template service", "Rate limiter service", "Notification service", "SMS service",
             "Analytics service"]
    tells = ["Routes every request to the right service.", "Looks up the user's profile and phone number.",
             "Generates the six-digit code.", "Compares the typed code with the stored one.",
             "Renders the message text from a template.", "Counts requests for each caller.",
             "Decides which channel sends the message.", "Calls the Twilio Messaging API.",
             "Collects events for dashboards."]
    answer["high_level_design"] = {
        "actors": ["Subscriber"],
        "components": [
            {"name": name, "tell": tell, "explain": f"The {name.lower()} owns this part of the flow.",
             "decide": f"A separate {name.lower()} rather than a module, following microservice best practice."}
            for name, tell in zip(names, tells)
        ],
        "flows": [["Subscriber", names[0], "request"]]
        + [[a, b, "call"] for a, b in zip(names, names[1:])]
        + [[names[7], "Subscriber", "SMS"]],
    }
    return answer


LESSON_EXAMPLES = {
    "week1": ("strong_voice_answer", strong_voice_answer),
    "week2": ("strong_voice_answer", strong_voice_answer),
    "week3": ("strong_after_hours_answer", strong_after_hours_answer),
    "week4": ("otp_burst_answer", otp_burst_answer),
    "week5": ("overload_protection_answer", overload_protection_answer),
    "week6": ("strong_meetings_answer", strong_meetings_answer),
}
