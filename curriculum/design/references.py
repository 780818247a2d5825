"""Reference (model) answers, one per course prompt, in Markdown, and the self-review checklist.

A reference answer is strong: it scores at least 85% on its prompt (the
calibration tests hold it to that), and its figures are the ones the prompt
checks, worked out in the week's notebook with the capacity library; money
figures are labelled as assumptions. It is shown only after a first graded
attempt, as the drills show their working only after an answer:
:func:`reference_after_attempt` refuses until the learner's own answer parses
and earns some points, and then returns the reference beside the learner's
answer and the self-review checklist for what no program can judge.

>>> from curriculum.design.rubric import grade_prompt
>>> grade_prompt("week5", reference_markdown("week5")).fraction >= 0.85
True
>>> reference_after_attempt("week5", "")
Traceback (most recent call last):
...
ValueError: attempt: grade a first attempt of your own before you look at the reference answer (yours is empty)
"""

from __future__ import annotations

from dataclasses import dataclass

from curriculum.design.catalog import WEEK_PROMPTS, get_prompt
from curriculum.design.markdown import parse_markdown, to_markdown
from curriculum.design.model import Answer

__all__ = ["SELF_REVIEW", "ReferenceView", "reference_after_attempt", "reference_answer", "reference_markdown",
           "review"]

#: What no program can judge: read your answer against these after the rubric and the reference.
SELF_REVIEW = (
    "Clarity: could an interviewer repeat your design in two sentences after hearing it once?",
    "Pacing: would your answer fit 5 minutes of questions, 15 of high-level design, 20 of deep dive and 5 to wrap up?",
    "Reasons: is each Explain true for this customer, not only on topic?",
    "Alternatives: would a serious engineer weigh the option each Decide turns down?",
    "Numbers: can you redo each figure aloud from the prompt in under a minute?",
    "Pushback: for your riskiest decision, what would you say if the interviewer asked you to defend it?",
)

_REFERENCES = {
    'week1_reminder_calls': """\
# Problem definition

User story: As a clinic scheduler, I want every patient with an appointment tomorrow to get a short reminder call in the morning, so that fewer appointments are missed.
Business goal: Fewer missed appointments: each no-show is an empty slot the clinic pays for, so the goal is a lower no-show rate at a known price per reminder.

## Clarifying questions
- How many reminder calls per day, and must they all happen in the 9:00 to 12:00 window?
- What should happen when a patient does not answer: retry, voicemail, or a text message?
- Do patients need to confirm or cancel by pressing a key during the call?
- Which time zones do the clinics cover?

## Assumptions
- 150,000 calls spread evenly over the 3-hour morning window.
- Each reminder call lasts about 30 seconds when answered.
- Calls are placed through the REST API, so the account's calls-per-second limit applies.

## Metrics
- outbound calls per second: 13.9 calls/s (sustained over 3 h)
- concurrent calls: 417 calls (at most)
- reminders delivered: 95 % (answered or left as voicemail)
- confirmation webhook latency: 200 ms (p95)
- voice cost per reminder call: $0.014 (assumption: about 1 minute billed at $0.014)

# High-level design

## Actors
- Clinic system
- Patient

## Components

### Reminder scheduler
Tell: Loads tomorrow's appointments and queues one call job per patient.
Explain: The window is three hours, so jobs must be paced to the calls-per-second limit instead of fired at once.
Decide: A paced job queue rather than a burst of API requests, since requests above the limit wait in Twilio's queue and blur our retry timing.

### Call placer
Tell: Takes jobs off the queue and creates calls through the REST API at a fixed rate.
Explain: One place controls the outbound calls per second, so raising the limit is a single setting.
Decide: A single rate-limited worker pool instead of one per clinic, because the CPS limit is per account.

### TwiML endpoint
Tell: Returns the spoken reminder and gathers a key press to confirm or cancel.
Explain: Each call needs the patient's own appointment time in its message.
Decide: Dynamic TwiML from our endpoint over static TwiML bins, because each message is personalised.

### Results store
Tell: Records each call's outcome and the patient's key press.
Explain: The clinic needs to see who confirmed and who must be called again.
Decide: A plain relational table instead of an event stream, since volume is only 150,000 rows a day.

## Flows
- Clinic system -> Reminder scheduler: appointments for tomorrow
- Reminder scheduler -> Call placer: paced call jobs
- Call placer -> Patient: outbound call
- Patient -> TwiML endpoint: answers, presses a key
- TwiML endpoint -> Results store: outcome and key press
- Results store -> Clinic system: confirmation report

# Deep dive

## Pacing against the CPS limit
- Option: Request a raised CPS limit
  - Instead of: Stay at the default and stretch the window
  - Impact: 13.9 calls/s fits the 3 h window; at 1 call/s the window would be 41.7 hours
  - Decision: Request the raise; the window is a product requirement.
- Option: Retry unanswered calls once after 30 min
  - Instead of: No retries
  - Impact: +10% calls in the window for about +5% reminders delivered
  - Decision: One retry, then fall back to a text message.
- Risk: Carrier spam labelling if many calls come from one number.
- Risk: Calls from one unknown number get labelled as spam: register the caller ID and show each clinic's own number.

# Wrap-up

Summary: A scheduler loads tomorrow's appointments and a single paced placer calls about 13.9 patients a second, so 150,000 reminders fit the 9:00 to 12:00 window, with one retry and a text fallback.

## MVP
- Reminder calls with a press-1-to-confirm key and one retry for patients who do not answer.

## Later
- A text fallback for patients never reached, rescheduling by phone and per-clinic caller ID.

## Next steps
- Request the raised calls-per-second limit and load-test the placer at 14 calls per second.
""",
    'week2_voice_messaging': """\
# Problem definition

User story: As a receptionist at a busy dental practice, I want every message a caller leaves to reach my phone as a recording and a written transcript within a minute, so that I can read who called and call every patient back the same day.
Business goal: Businesses keep every caller they miss: a message they can read at a glance turns a lost call into a callback, and the transcript is a paid feature only if its monthly cost leaves a margin.

## Clarifying questions
- Does under 1% dropout mean callers who cannot get through at the busiest hour, or calls cut off after they connect?
- Is the 10,000-call peak for all businesses together, or for the largest single business?
- Which callers count as EU callers: callers ringing an EU number, or businesses based in the EU?
- Must the transcript be ready when the staff are notified, or may it follow a few minutes later?

## Assumptions
- Dropout means blocking at set-up: at most 1% of call attempts in the busy hour find no free trunk.
- The peak is platform-wide: 10,000 Erlangs offered by many businesses at once.
- Messages average 40 seconds, 4,000,000 a day, deleted after 30 days, and a month has 30 days.
- One message in five (20%) comes from an EU caller, and its recording and transcript stay in an EU region.
- Transcription costs $0.05 per minute of audio and object storage $0.023 per GB-month: both planning prices, not quotes.

## Metrics
- concurrent calls in the busy hour: 10,000 calls (offered load in Erlangs)
- trunks needed: 9,970 trunks (Erlang B at 1% blocking)
- call set-up blocking: 1 % (at most, busy hour)
- media bandwidth, all calls: 1.744 Gbit/s (G.711, 20 ms, both directions, Ethernet)
- recording storage per day: 1.28 TB/day (G.711 as received)
- minutes transcribed per month: 80,000,000 min (4,000,000 messages of 40 s for 30 days)
- transcription cost per month: $4,000,000 (assumption: $0.05 per minute)
- EU recordings held in the EU: 7.68 TB (20% of 30 days, G.711 as received; 3.84 TB once re-encoded)
- recording storage cost per month: $442 (assumption: 19.2 TB at $0.023 per GB-month)
- transcript ready after hang-up: 60 s (p95)

# High-level design

## Actors
- Caller
- Carrier
- Staff app

## Components

### Call router
Tell: Answers each incoming call from the carrier and starts the flow for the number that was dialled.
Explain: All 10,000 concurrent calls pass through it at set-up, so its trunk pool decides whether we meet 1% blocking.
Decide: One shared trunk pool for every business rather than a group per business, with a cap on each business's calls.

### TwiML webhook
Tell: Tells Twilio what to do on each call: play this business's greeting, then record the caller.
Explain: Greetings differ per business and EU callers must be recorded in the EU, so the answer is looked up on every call.
Decide: Greetings and each number's region held in memory and refreshed when edited, instead of a database read on every call.

### Recording store
Tell: Keeps the audio of every message until it is 30 days old, in the caller's region.
Explain: About 1.28 TB of new audio lands each day and most of it is played once, so cost per terabyte matters most.
Decide: Object storage reached through signed links rather than audio blobs inside the message database, which would grow by 1.28 TB a day.

### EU region store
Tell: Holds the recordings and transcripts of EU callers in an EU region, such as Twilio's IE1 Region in Ireland.
Explain: EU callers' recordings must stay in the EU: 7.68 TB of audio held there, one fifth of the total.
Decide: A second regional stack for EU numbers rather than one US store with access rules, because data does not leave a Region on its own.

### Transcriber
Tell: Turns each finished recording into text and writes the transcript next to the message.
Explain: Every message gets a transcript: 80,000,000 minutes a month, the largest cost of the service at $4,000,000.
Decide: Batch transcription of the stored recording rather than Record's built-in transcription, which skips messages over 120 s.

### Message index
Tell: Holds one row per message: business, caller, length, region, transcript, heard or not, and where the audio is.
Explain: Staff scroll, search and filter their inbox in the app, which needs quick queries the audio store cannot answer.
Decide: A relational table partitioned by business and kept in each business's region rather than one global table.

### Notifier
Tell: Alerts the business's staff as soon as a new message lands, with the first line of its transcript.
Explain: A message only helps if someone hears about it within the minute the user story promises.
Decide: Push notification with an SMS fallback over an outbound phone call, which the calls-per-second limit would pace.

### Playback API
Tell: Lets the staff app list, read, play and delete the business's own messages.
Explain: Each business may reach only its own recordings, so every request is checked against the account.
Decide: Short-lived signed links to the audio instead of streaming it through our own servers.

## Flows
- Caller -> Carrier: dials the business
- Carrier -> Call router: incoming call
- Call router -> TwiML webhook: which flow and which region?
- TwiML webhook -> Call router: greeting, then record
- Call router -> Recording store: message audio
- Call router -> EU region store: EU callers' audio
- Recording store -> Transcriber: finished recording
- EU region store -> Transcriber: EU recording, transcribed in the EU
- Transcriber -> Message index: transcript
- Message index -> Notifier: new message
- Notifier -> Staff app: push or SMS
- Staff app -> Playback API: list, read and play
- Playback API -> Message index: inbox query
- Playback API -> Recording store: signed link

# Deep dive

## Transcripts and their cost
- Option: Batch transcription of each stored recording
  - Instead of: Record's built-in transcription (transcribe=true)
  - Impact: every message gets a transcript, even past the 120 s that Record's transcription accepts, for one extra request per message
  - Decision: Batch: the transcript is promised for every message, and the audio is already stored.
- Option: Transcribe each message as it lands
  - Instead of: Transcribe overnight in one batch
  - Impact: transcript 60 s after hang-up instead of up to 24 h later, at the same $4,000,000 a month
  - Decision: Transcribe at once: a transcript read the next day misses the same-day callback.
- Option: Charge transcripts as a paid add-on
  - Instead of: Include them in the base price
  - Impact: $0.033 per message (40 s at $0.05 per minute), $4,000,000 a month against $442 for storage
  - Decision: A paid add-on priced per message, and ask for a volume price at 80,000,000 minutes a month.
- Risk: Transcription cost grows with message length, not message count: cap messages at 120 s and alert when the average passes 40 s.

## Where the recordings live
- Option: A second regional stack for EU numbers
  - Instead of: One store in the US with access rules for EU data
  - Impact: 7.68 TB held in the EU and 30.72 TB in the US, at the cost of running two stacks
  - Decision: Two regions: the rule is where the data rests, and access rules do not change that.
- Option: Re-encode messages to Opus at 32 kbit/s
  - Instead of: Store G.711 as received
  - Impact: 19.2 TB vs 38.4 TB held over 30 days (-50%), $442 vs $883 a month
  - Decision: Re-encode after the transcript is made from the original, and keep the original until the copy is verified.
- Risk: A caller on a US number who lives in the EU is recorded in the US: ask the business which numbers serve EU callers, and move those numbers to the EU stack.

# Wrap-up

Summary: A shared call router on a pool of 9,970 trunks answers callers, a TwiML webhook plays the greeting and records each message in the caller's region, and a transcriber writes every transcript within a minute for about $4,000,000 a month, by far the largest cost.

## MVP
- Record, transcribe and play back messages, with EU numbers on an EU stack and a push notification for each message.

## Later
- More regions, search across transcripts and longer paid retention.

## Next steps
- Ask for a volume price on 80,000,000 minutes a month, and check which numbers serve EU callers.
""",
    'week3_refill_webhook': """\
# Problem definition

User story: As a pharmacy customer calling to reorder a prescription, I want the line to greet me and move through the menu without awkward pauses, so that my refill is ordered in under a minute.
Business goal: Refills ordered by phone without a pharmacist on the line: every call the webhook completes saves staff time, so the goal is calls completed without transfer.

## Clarifying questions
- When callers say the line is slow, is it the wait before the first prompt or the delay while talking?
- Where are most callers, and which region will send our webhook requests?
- What must the greeting look up before it speaks: the caller's name, open refills, store hours?
- What should a caller hear if our service is down: a recorded message or a transfer to a pharmacist?

## Assumptions
- A peak of 3,000 concurrent calls lasting 120 seconds on average.
- Each call makes 3 webhook requests: greeting, menu choice and prescription number.
- The 50 ms TwiML budget is an assumption from the interview guide, not a Twilio figure.
- Twilio's requests and our servers share one data centre region.
- The stock check asks all 20 stock shards once per call, and each shard is slow 1 time in 100, independently.

## Metrics
- webhook requests per second at peak: 75 requests/s (busy hour)
- total latency of one TwiML request: 23.8 ms (typical, same region)
- latency headroom: 26.2 ms (against the 50 ms budget)
- stock checks per second at peak: 25 checks/s (one per call)
- stock checks that meet a slow shard: 18.2 % (fan-out 20 at p99)
- silence before fallback when the server is unreachable: 2 s (at most)
- webhook hosting cost per month: $600 (assumption: four small servers for 75 requests/s with headroom)

# High-level design

## Actors
- Caller
- Twilio

## Components

### Call-control webhook
Tell: Answers each Twilio request with TwiML for the greeting and the refill menu.
Explain: Every call waits on it three times, so it must answer well inside the budget.
Decide: One webhook app in Twilio's region rather than a chain of services, since each hop adds a round trip to a 23.8 ms request.

### Customer cache
Tell: Keeps each caller's name and open refills in memory next to the webhook.
Explain: Two database queries spend 14.8 ms of the budget; a cache hit costs under 1 ms.
Decide: An in-memory cache with a 5-minute lifetime instead of querying the database on every request.

### Pharmacy database
Tell: Holds customers, prescriptions and refill orders.
Explain: It is the record the cache is filled from and where refill orders are written.
Decide: Kept in the webhook's region, not the head office's European data centre.

### Stock service
Tell: Says whether a drug is in stock, from 20 shards that each hold one slice of the stock data.
Explain: A live check waits for the slowest of 20 shards, so 18.2% of checks meet a slow one, 4.55 a second at the peak.
Decide: Check stock in the refill queue after the caller hangs up rather than during the call, and text the caller if the drug is out.

### Refill queue
Tell: Takes confirmed refills and sends the confirmation text after the call step returns.
Explain: The REST API can answer Too Many Requests, and a caller must not hear silence while the confirmation text waits.
Decide: Queue the text and reply with TwiML at once rather than call the API inside the webhook.

### Fallback TwiML
Tell: Static TwiML on separate hosting that apologises and offers a transfer to a pharmacist.
Explain: It is all a caller hears when the webhook fails, so it must stay up on its own.
Decide: Static hosting over a second copy of the webhook app, since it has nothing that can fail.

## Flows
- Caller -> Twilio: dials the refill line
- Twilio -> Call-control webhook: HTTP request per call step
- Call-control webhook -> Customer cache: who is calling?
- Customer cache -> Pharmacy database: on a miss
- Call-control webhook -> Refill queue: confirmed refill
- Refill queue -> Pharmacy database: write the order
- Refill queue -> Stock service: is it in stock?
- Twilio -> Fallback TwiML: if the webhook fails

# Deep dive

## Keeping each TwiML request inside the budget
- Option: Serve the webhook from Twilio's region
  - Instead of: One deployment in us-west-2
  - Impact: saves 86.5 ms per request, more than the whole 50 ms budget
  - Decision: Deploy next to Twilio's requests.
- Option: In-memory customer cache
  - Instead of: Two database queries per request
  - Impact: -14.8 ms per request on a hit; data up to 5 minutes stale
  - Decision: Cache names and open refills; read stock live.
- Risk: A stale cache could read out a refill that was just cancelled.
- Risk: A slow pharmacy database pushes requests past the budget, and Twilio's 2 s fallback only covers a server it cannot reach: cache open refills per caller, and give each query a timeout inside the 26.2 ms of headroom so the webhook itself answers with the apology TwiML.

## When the webhook fails
- Option: Connect timeout override of 1,000 ms
  - Instead of: Twilio's default timeouts
  - Impact: fallback after 2 s instead of 10 s of silence
  - Decision: Shorten it; the fallback offers a pharmacist, which is better than silence.
- Option: Keep the retry count at 1
  - Instead of: The maximum of 5 retries
  - Impact: with the servers unreachable, the 75 requests/s become 150 connection attempts/s instead of 450 (2 tries per step instead of 6, since six 1 s attempts fit in the 15 s total timeout), and the fallback comes after 2 s instead of 6 s
  - Decision: One retry, and keep the default retry policy, which retries only connection timeouts: a server that answers with an error goes straight to the fallback instead of being asked again.
- Risk: A server that is alive but slow to accept connections is abandoned after 1 s: alert on connection errors (11205) and keep headroom in the server pool.
- Risk: A server that accepts the call step but never answers keeps the caller in silence for the whole 15 s total timeout, because read timeouts are not retried and the first wait fills it: set a shorter read timeout override as well.

## The stock check's slow shards
- Option: Check stock in the refill queue after the call
  - Instead of: Ask all 20 shards during the prescription-number step
  - Impact: 0% of calls wait on a slow shard instead of 18.2% of stock checks (4.55 a second at the peak)
  - Decision: Move it out of the call: the caller only needs to hear that the refill is ordered, and an out-of-stock text follows within minutes.
- Option: Ask only the shard that holds the drug
  - Instead of: Ask all 20 shards and wait for the slowest
  - Impact: 1% vs 18.2% of stock checks meet a slow shard, but the stock service must look drugs up by shard
  - Decision: Ask the stock team for a lookup by drug; until then the check stays in the queue.
- Risk: A caller hears "ordered" for a drug that is out of stock: send the text within 5 minutes and offer another pharmacy nearby.

# Wrap-up

Summary: One call-control webhook in the same region as Twilio answers 75 requests a second in about 23.8 ms, reads cached refills instead of the pharmacy database, and falls back to recorded TwiML within 2 s when it fails.

## MVP
- Refill by prescription number with the cache and the fallback message.

## Later
- A transfer to a pharmacist and a text confirmation when the refill is ready.

## Next steps
- Measure the p99 of each stage in production and alert when the latency headroom falls below 10 ms.
""",
    'week4_school_closure': """\
# Problem definition

User story: As a parent of a pupil in the district, I want to learn before I leave home that the schools are closed, so that I do not drive my child through the snow for nothing.
Business goal: Every family learns of the closure before leaving home: the district's goal is no pupil at a closed school, shown by the share of notices delivered in the window.

## Clarifying questions
- How many parents and staff get the notice, and does each person get one text or one per child?
- By what time must everyone have it, and who decides to send it?
- Do all recipients have US mobile numbers that accept texts from the district's short code?
- Should a parent who does not get the text receive a voice call instead?

## Assumptions
- 260,000 recipients, one text each, all sent in one burst.
- The notice stays in plain GSM-7 text, with no emoji.
- The district sends from its one approved short code, in a Messaging Service, at 100 segments per second by default.

## Metrics
- total segments in the burst: 260,000 segments (per closure notice)
- segments per second needed: 216.7 segments/s (for 20 minutes)
- minutes to send at the default rate: 43.3 min (one short code at 100 segments/s: misses the window)
- throughput to buy on the short code: 300 segments/s (rounded up to whole steps of 100)
- notices delivered within the window: 98 % (at least)
- SMS cost per closure notice burst: $2,158 (assumption: 260,000 segments at $0.0083)

# High-level design

## Actors
- District office
- Parent

## Components

### Closure console
Tell: A page where the superintendent approves the notice text and presses send.
Explain: A closure is rare and serious, so one named person must confirm it before anything goes out.
Decide: A two-step approve-and-send page rather than sending straight from the weather feed, to avoid false alarms.

### Send queue
Tell: Holds one job per recipient and releases them at the short code's bought rate.
Explain: The burst is 260,000 segments, far more than any sender takes in one go.
Decide: A paced queue instead of calling the API as fast as possible, so no message overflows the sender queue.

### Short code
Tell: The district's one short code in a Messaging Service, with 300 segments per second bought on it.
Explain: The window needs 216.7 segments per second; at the default 100 the burst takes 43.3 minutes.
Decide: Throughput bought on the one short code rather than a pool of numbers for the same notice, which carriers do not accept.

### Status callback
Tell: Receives the delivery status of every notice from Twilio.
Explain: The office needs to know who did not get the notice within the window.
Decide: Callbacks instead of polling the API for a quarter of a million messages.

### Delivery report
Tell: Shows delivered, failed and pending counts, and lists who needs a call.
Explain: Failed numbers get a voice call from the school office before 7:00.
Decide: A simple table per school rather than a live analytics dashboard.

## Flows
- District office -> Closure console: approves the notice
- Closure console -> Send queue: one job per recipient
- Send queue -> Short code: paced sends
- Short code -> Parent: closure text
- Short code -> Status callback: delivery status
- Status callback -> Delivery report: delivered / failed
- Delivery report -> District office: who still needs a call

# Deep dive

## Throughput for the morning burst
- Option: Buy 300 segments per second on the short code
  - Instead of: the default rate of 100
  - Impact: 14.4 min instead of 43.3 min to send every notice
  - Decision: Buy it, ordered from Twilio before winter: the default rate misses the 20-minute window.
- Option: Plain GSM-7 text
  - Instead of: the same notice with a snowflake emoji
  - Impact: 260,000 segments instead of 780,000
  - Decision: No emoji: it triples the cost and the sending time.
- Risk: A second closure notice on the same morning doubles the burst; the queue sends it after the first, so it arrives later.
- Risk: An emoji turns the notice into UCS-2 and triples the segments; Smart Encoding fixes curly quotes but not emoji, so the console checks the encoding before sending.

# Wrap-up

Summary: The district office writes one GSM-7 notice, a send queue paces 260,000 segments at about 216.7 a second through its one short code with 300 segments per second bought on it, and status callbacks feed a delivery report within the 20 minutes.

## MVP
- One text per recipient from the short code, with the delivery report.

## Later
- A voice call for undelivered texts and notices in the families' own languages.

## Next steps
- Order the extra throughput now, and run a test burst to staff numbers each autumn to confirm it.
""",
    'week5_verify_hardening': """\
# Problem definition

User story: As a bank customer signing in on my phone, I want exactly one code to arrive within seconds, so that I get into my account without waiting or guessing which code is right.
Business goal: Customers sign in with one code and the bank stops paying for pumped messages: conversion stays near 80% while fraud spend falls to a known cap.

## Clarifying questions
- Which countries do real customers sign in from, and which countries did the pumped codes go to?
- When the app retries, may the customer ever get a second code, or must a retry reuse the pending one?
- What share of codes do customers enter today, so that a drop can reveal pumping?
- How much pumped SMS spend in one night is the bank willing to risk before codes are blocked?

## Assumptions
- A peak of 250 sign-ins per second, each asking for one code.
- Each sign-in's idempotency key is kept for the code lifetime of 10 minutes.
- A segment to the pumped country costs about $0.08.

## Metrics
- verification requests per second: 250 req/s (evening peak)
- idempotency keys held: 150,000 keys (one per sign-in, kept for the code lifetime)
- worst-case retry wait: 15 s (far inside the code lifetime)
- pumped SMS cost per night, capped: $3,104 (at most, behind per-prefix limits)
- code delivery success rate: 98 % (at least, excluding blocked requests)
- share of codes entered (conversion): 80 % (alert when a country falls below 50%)
- SMS cost per verification: $0.16 (2 segments at $0.08 to the pumped country)

# High-level design

## Actors
- Customer
- Bots
- Twilio Verify

## Components

### Sign-in API
Tell: Receives each request for a code and each code the customer types.
Explain: Every code request passes through it, so this is where retries, duplicates and bots are first seen.
Decide: One endpoint that reuses the pending verification instead of starting a new one on every tap or retry.

### Idempotency store
Tell: Remembers each request's key together with the verification it started.
Explain: A retry after a timeout must find the sign-in it belongs to; without a key the bank opens a second sign-in record and asks Verify to send again.
Decide: Keys kept for the code lifetime rather than a whole day: 150,000 keys instead of 21,600,000, because a request older than its code is useless.

### Per-prefix rate limiter
Tell: Keeps a token bucket for each destination number prefix.
Explain: Pumping concentrates on a few number ranges, while real customers are spread thin across many.
Decide: Limits per prefix instead of per phone number, since bots rotate through the numbers of a range.

### Conversion monitor
Tell: Tracks the share of codes that customers enter, by country and by prefix.
Explain: Pumped codes are never entered, so a falling share is the earliest sign of an attack.
Decide: Live alerts that can switch a country off, over a nightly report that arrives after the money is spent.

## Flows
- Customer -> Sign-in API: code request with idempotency key
- Bots -> Sign-in API: scripted code requests
- Sign-in API -> Idempotency store: look up or save the key
- Sign-in API -> Per-prefix rate limiter: take a token for the prefix
- Per-prefix rate limiter -> Twilio Verify: start verification
- Twilio Verify -> Customer: SMS code
- Sign-in API -> Conversion monitor: codes sent and entered
- Conversion monitor -> Per-prefix rate limiter: block a prefix or country

# Deep dive

## SMS pumping
- Option: Verify geo permissions: switch off countries with no customers
  - Instead of: Leave every country on
  - Impact: an unguarded night costs $15,360; with the pumped country off it costs $0, but a customer travelling there cannot sign in
  - Decision: Switch off every country without customers; keep Fraud Guard on for the rest.
- Option: Per-prefix bucket of 1 code per minute, burst 5
  - Instead of: No per-prefix limit
  - Impact: at most $3,104 a night instead of $15,360 (80% less), but a customer who asks twice in a minute waits up to 60 s
  - Decision: Use the per-prefix limit where we do have customers, with the alert as a backstop.
- Risk: Pumping aimed at a country where customers live passes geo permissions; Fraud Guard and the conversion alert must catch it.
- Risk: A traveller in a country the limiter throttles cannot sign in: offer a voice code or in-app approval as a second channel.

## Retries and idempotency
- Option: 4 retries with full jitter, base 1 s, cap 8 s
  - Instead of: 2 retries
  - Impact: 99.8% of sign-ins get through when 30% of attempts fail, instead of 97.3%, for a worst-case wait of 15 s instead of 3 s
  - Decision: 4 retries in the app only; the backend does not retry, so layers never multiply.
- Option: Keep keys for the code lifetime
  - Instead of: Keep keys for 24 hours
  - Impact: 150,000 keys (30 MB at 200 bytes) instead of 21,600,000 keys (4.3 GB)
  - Decision: Code lifetime: a retry can never arrive after the code it asked for has expired.
- Option: Resend reuses the pending sign-in and its verification
  - Instead of: A new sign-in record on every tap
  - Impact: 1 sign-in record per customer per 10 minutes instead of up to 5, one per text Verify sends before its cap (error 60203)
  - Decision: Reuse the pending sign-in; Verify's send cap already bounds the texts, so we do not rebuild it.
- Risk: A customer who reinstalls the app loses the key and starts a new verification; Verify's own send limits bound the damage.

# Wrap-up

Summary: An idempotency store holding 150,000 keys makes retries reuse the pending code, a per-prefix rate limiter caps a pumped night near $3,104, and a conversion monitor alerts when a country's share of codes entered falls.

## MVP
- Idempotency keys on every sign-in and the per-prefix limits on the pumped prefixes.

## Later
- Conversion alerts per country, geo permissions and a second channel for travellers.

## Next steps
- Replay last month's pumped night against the limiter and tune the bucket sizes.
""",
    'week6_telehealth_video_visits': """\
# Problem definition

User story: As a patient, I want to see my clinician on video from home at the time of my appointment, so that I get care without travelling; as a clinician, I want the next patient ready when I am.
Business goal: Clinicians see more patients on time: a visit that starts at the first attempt keeps the clinic's schedule, which is what the telehealth company sells.

## Clarifying questions
- Is every visit one patient and one clinician, or do interpreters and family members join as well?
- Is the peak of 10,000 visits at once spread across time zones, or one morning rush?
- Must visits be recorded, and where may the recordings and visit data be stored?
- What should happen when a patient's video fails: fall back to a phone call, or reschedule?

## Assumptions
- Two people per visit; each watches the other large, at the 720p layer's maximum rate.
- Visits last 15 minutes on average and each visit gets its own group room.
- Visits are not recorded in the first release.

## Metrics
- concurrent visits at peak: 10,000 rooms (busy hour)
- server egress at peak: 50 Gbit/s (two 720p streams per visit)
- room creations per second: 11.1 rooms/s (sustained at the peak)
- one-way video delay: 150 ms (p95, mouth to ear (ITU-T G.114))
- visits joined at the first attempt: 99 % (at least)
- media cost per visit: $0.12 (assumption: 2 participants x 15 minutes at $0.004 per participant-minute)

# High-level design

## Actors
- Patient app
- Clinician app

## Components

### Visit scheduler
Tell: Holds each appointment and issues a short-lived access token when a patient or clinician joins.
Explain: Only the two people booked for a visit may enter its room, and it knows when visits start.
Decide: Tokens minted by our backend per visit rather than one shared room link, because links leak.

### Virtual waiting room
Tell: Keeps arrived patients in a queue with their status until the clinician admits them.
Explain: Patients arrive early and clinicians run late; the queue shows who is waiting and for how long.
Decide: A lightweight queue outside the media room instead of an open video room, so no media flows while waiting.

### SFU media room
Tell: A group room per visit that forwards each side's audio and video to the other.
Explain: Home networks are uneven; a forwarding server keeps each upload to a single stream.
Decide: Group rooms through the SFU over peer-to-peer calls, because the SFU handles firewalls and adds participants; at 10,000 visits at once that means raised participant and room quotas.

### Visit records
Tell: Stores each visit's times, participants and outcome for the clinic.
Explain: Clinics bill and audit visits, and support needs to see why a visit failed.
Decide: A relational table keyed by visit instead of room event logs, since the clinic queries by appointment.

## Flows
- Patient app -> Visit scheduler: join request
- Visit scheduler -> Virtual waiting room: patient checked in
- Clinician app -> Virtual waiting room: admit next patient
- Virtual waiting room -> SFU media room: create room, hand out tokens
- Patient app -> SFU media room: audio and video
- Clinician app -> SFU media room: audio and video
- SFU media room -> Visit records: room ended, duration

# Deep dive

## Media bandwidth per visit
- Option: Simulcast off in two-person rooms
  - Instead of: Simulcast on everywhere
  - Impact: saves 650 kbps of upload per person; no egress change in a 1:1 visit
  - Decision: Off for two-person visits, on when an interpreter makes it three.
- Option: Forward the 720p layer
  - Instead of: Cap visits at 360p
  - Impact: 50.0 Gbps vs 10.0 Gbps of egress at the peak
  - Decision: 720p: clinicians examine skin and eyes; let the bandwidth estimate step down on weak links.
- Risk: Patients on weak mobile links: fall back to audio, then to a phone call.
- Risk: A weak mobile link freezes the video: step down the simulcast layer, then fall back to a phone call into the same visit.

## Quotas and room lifecycle
- Option: Request higher participant and room quotas
  - Instead of: Stay on the default quotas
  - Impact: 20,000 participants is 200% of the default 10,000 participants, and 10,000 rooms is 100% of the default 10,000 rooms
  - Decision: Raise the participant quota first, since two people per visit reach it at 5,000 visits, and the room quota too, both sized for 1.5x the peak.
- Option: One REST write per visit (create the room)
  - Instead of: Create and then complete each room by REST
  - Impact: 11.1 requests/s vs 22.2 requests/s against a default of 20 writes/s
  - Decision: One write per visit, and ask for a higher write quota as well.
- Risk: A morning rush above the plan would hit the participant quota first: watch participants connected and the rate of room creations.

# Wrap-up

Summary: A virtual waiting room admits each patient to a two-person SFU room when the clinician is ready; 10,000 visits at once need about 50 Gbit/s of egress and 11.1 room creations a second, inside raised participant and room quotas.

## MVP
- One-to-one video visits with the waiting room and the phone fallback.

## Later
- Interpreters and family members in the room, recording and group visits.

## Next steps
- Request the raised participant and room quotas and load-test the morning rush at 1.5x the peak.
""",
}


def _key(prompt_id: str) -> str:
    return get_prompt(WEEK_PROMPTS.get(prompt_id, prompt_id)).prompt_id


def reference_markdown(prompt_id: str) -> str:
    """The reference answer to ``prompt_id`` (or a week id), as Markdown.

    >>> reference_markdown("week1").splitlines()[0]
    '# Problem definition'
    """
    return _REFERENCES[_key(prompt_id)]


def reference_answer(prompt_id: str) -> Answer:
    """The reference answer to ``prompt_id``, parsed."""
    return parse_markdown(reference_markdown(prompt_id))


@dataclass(frozen=True)
class ReferenceView:
    """The learner's answer and the reference, side by side, with the self-review checklist.

    ``str(view)`` is plain text; Jupyter shows :meth:`_repr_html_` as two columns.
    """

    prompt_id: str
    yours: str
    reference: str
    your_score: float
    checklist: tuple[str, ...] = SELF_REVIEW
    follow_ups: tuple[str, ...] = ()

    def __str__(self) -> str:
        lines = [f"Your answer ({self.your_score:.0%})", "", self.yours, "", "Reference answer", "", self.reference,
                 "", "Self-review (no program can judge these):"]
        lines += [f"- {c}" for c in self.checklist]
        if self.follow_ups:
            lines += ["", "The interviewer pushes back:"] + [f"- {q}" for q in self.follow_ups]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        def pre(text: str) -> str:
            return f"<pre style='white-space:pre-wrap;font-size:90%'>{html.escape(text)}</pre>"

        items = "".join(f"<li>{html.escape(c)}</li>" for c in self.checklist)
        asks = "".join(f"<li>{html.escape(q)}</li>" for q in self.follow_ups)
        pushback = f"<p><b>The interviewer pushes back:</b></p><ul>{asks}</ul>" if asks else ""
        return (
            "<div style='display:flex;gap:1em'>"
            f"<div style='flex:1'><b>Your answer ({self.your_score:.0%})</b>{pre(self.yours)}</div>"
            f"<div style='flex:1'><b>Reference answer</b>{pre(self.reference)}</div></div>"
            f"<p><b>Self-review</b> (no program can judge these):</p><ul>{items}</ul>{pushback}"
        )


def reference_after_attempt(prompt_id: str, attempt) -> ReferenceView:
    """The reference answer next to ``attempt``, once the attempt is a graded answer of the learner's own.

    Raises ``ValueError`` (parameter ``attempt``) while the attempt is empty,
    malformed or scores nothing, so the reference never replaces a first try.
    """
    from curriculum.design.rubric import grade_prompt

    if attempt is None or (isinstance(attempt, str) and not attempt.strip()):
        raise ValueError("attempt: grade a first attempt of your own before you look at the reference answer "
                         "(yours is empty)")
    result = grade_prompt(prompt_id, attempt)
    if not result.well_formed:
        raise ValueError(f"attempt: fix your answer first, so it can be graded: {result.items[0].feedback}")
    if result.score <= 0:
        raise ValueError("attempt: your answer earns no points yet; write a first attempt of your own, grade it, "
                         "then compare it with the reference")
    yours = attempt if isinstance(attempt, str) else to_markdown(attempt)
    return ReferenceView(_key(prompt_id), yours, reference_markdown(prompt_id), result.fraction)


@dataclass(frozen=True)
class _Message:
    text: str

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def review(prompt_id: str, attempt) -> object:
    """What a notebook shows after the rubric cell: the reference beside the attempt, the self-review checklist
    and the interviewer's follow-ups; or, before a first graded attempt, a line saying what to do first.

    >>> print(review("week3", ""))
    attempt: grade a first attempt of your own before you look at the reference answer (yours is empty)
    """
    from curriculum.design.followups import follow_ups

    try:
        view = reference_after_attempt(prompt_id, attempt)
    except ValueError as err:
        return _Message(str(err))
    questions = tuple(q.question for q in follow_ups(prompt_id, attempt))
    return ReferenceView(view.prompt_id, view.yours, view.reference, view.your_score,
                         follow_ups=questions)
