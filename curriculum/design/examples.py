"""Two worked answers to the voice messaging prompt: one strong, one weak.

The Week 1 and 2 lessons show them side by side. Each function returns a fresh
dict, so a lesson may edit its copy without changing the other.

The strong answer's figures: 10,000 concurrent calls read as 10,000 Erlangs;
Erlang B gives 9,970 trunks at 1% blocking and 10,170 at 0.1%; one dedicated
group of 100 Erlangs needs 117 trunks at 1%, so 100 such groups need 11,700.
A 60 s message at 32 kbit/s MP3 is 240 kB (960 kB as 128 kbit/s WAV); four
million messages a day kept 30 days is about 29 TB (115 TB as WAV). The 50 ms
TwiML webhook budget is an assumption taken from the interview guide.

>>> strong_voice_answer()["problem_definition"]["metrics"][1]["value"]
9970
>>> strong_voice_answer() is not strong_voice_answer()
True
"""

from __future__ import annotations

__all__ = ["strong_voice_answer", "weak_voice_answer"]


def strong_voice_answer() -> dict:
    """A full-marks answer: clarified, quantified, one page, argued, deep.

    >>> answer = strong_voice_answer()
    >>> len(answer["high_level_design"]["components"]), len(answer["deep_dive"])
    (6, 2)
    """
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
                "The peak is 10,000 concurrent calls platform-wide, each holding about 60 seconds.",
                "At most 1% of call attempts may be blocked at set-up in the busy hour (blocked calls cleared).",
                "Our TwiML webhook answers within a 50 ms budget, a figure taken from the interview guide.",
                "Recordings are kept for 30 days and then deleted.",
            ],
            "metrics": [
                {"name": "concurrent calls at peak", "value": 10000, "unit": "calls", "target": "busy hour"},
                {"name": "trunks needed", "value": 9970, "unit": "trunks", "target": "Erlang B at 1% blocking"},
                {"name": "call set-up blocking", "value": 1, "unit": "%", "target": "at most 1% of attempts"},
                {"name": "TwiML webhook p95 latency", "value": 50, "unit": "ms", "target": "within the assumed budget"},
                {"name": "messages recorded per day", "value": 4000000, "unit": "messages",
                 "target": "15% in the busy hour"},
                {"name": "recording storage, 30 days", "value": 29, "unit": "TB", "target": "MP3 at 32 kbit/s"},
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
                        "keep p95 under 50 ms."
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
                        "option": "Size for 1% blocking with Erlang B",
                        "alternative": "Size for 0.1% blocking",
                        "impact": (
                            "9,970 trunks vs 10,170: 200 more trunks (+2%) to block ten times fewer calls"
                        ),
                        "decision": (
                            "Keep 1%: it meets the target, and we revisit it if blocked callers turn out to"
                            " churn."
                        ),
                    },
                    {
                        "option": "One pooled trunk group for all businesses",
                        "alternative": "A dedicated group per business (100 businesses of 100 Erlangs)",
                        "impact": "9,970 pooled trunks vs 100 x 117 = 11,700 dedicated (+17%)",
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
                        "option": "MP3 at 32 kbit/s",
                        "alternative": "WAV at 128 kbit/s",
                        "impact": "240 kB vs 960 kB per minute: about 29 TB vs 115 TB over 30 days (-75%)",
                        "decision": (
                            "MP3: voicemail is speech, and the quality loss is hard to hear on a phone."
                        ),
                    },
                    {
                        "option": "Delete recordings after 30 days",
                        "alternative": "Keep them until the business deletes them",
                        "impact": "storage stays near 29 TB instead of growing about 1 TB a day",
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
