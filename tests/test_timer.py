"""The mock-interview timer: phase logic on an injected clock, and a widget that never blocks the kernel."""

from __future__ import annotations

import threading
import time

import pytest

from curriculum.widgets.timer import (
    PHASES,
    InterviewClock,
    Phase,
    TimerWidget,
    format_mm_ss,
    mock_interview_timer,
    status_html,
)


class FakeClock:
    """A clock the test moves by hand (seconds)."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    fake = FakeClock()
    return fake, InterviewClock(clock=fake)


def _at(clock_pair, seconds):
    fake, interview = clock_pair
    fake.now = 1000.0 + seconds
    return interview.status()


class TestPhases:
    def test_the_four_phases_of_a_45_minute_interview(self):
        """Clarify 5, high-level design 15, deep dive 20, wrap-up 5: 45 minutes, each with what to produce."""
        assert [(p.title, p.minutes) for p in PHASES] == [
            ("Clarify", 5), ("High-level design", 15), ("Deep dive", 20), ("Wrap-up", 5)]
        assert InterviewClock().total_s == 45 * 60
        assert "clarifying questions" in PHASES[0].produce and "TED" in PHASES[1].produce
        assert "trade-offs" in PHASES[2].produce and "Recap" in PHASES[3].produce

    @pytest.mark.parametrize("elapsed_s, title, left", [
        (0, "Clarify", "5:00"),
        (299, "Clarify", "0:01"),
        (300, "High-level design", "15:00"),    # 5 min: the phase changes exactly at the boundary
        (7 * 60 + 30, "High-level design", "12:30"),
        (20 * 60, "Deep dive", "20:00"),        # 5 + 15
        (39 * 60 + 59.5, "Deep dive", "0:01"),  # rounds up: a running phase never shows 0:00
        (40 * 60, "Wrap-up", "5:00"),           # 5 + 15 + 20
    ])
    def test_phase_and_time_left_at_each_moment(self, clock, elapsed_s, title, left):
        """The phase and its time left follow the elapsed time, with boundaries at 5, 20 and 40 minutes."""
        clock[1].start()
        status = _at(clock, elapsed_s)
        assert (status.phase.title, format_mm_ss(status.phase_left_s)) == (title, left)
        assert not status.finished and status.total_left_s == pytest.approx(45 * 60 - elapsed_s)

    def test_time_up_reports_overtime(self, clock):
        """After 45 minutes the interview is finished and the overtime counts up."""
        clock[1].start()
        assert _at(clock, 45 * 60).finished
        status = _at(clock, 46 * 60 + 30)
        assert status.finished and status.overtime_s == 90 and status.phase_left_s == 0

    def test_pause_stops_the_clock_and_start_resumes(self, clock):
        """Paused time does not count: 2 min run, 10 min paused, 1 min run = 3 min elapsed."""
        fake, interview = clock
        interview.start()
        fake.now += 120
        interview.pause()
        fake.now += 600
        assert interview.elapsed_s() == 120 and not interview.status().running
        interview.start()
        fake.now += 60
        assert interview.elapsed_s() == 180 and interview.status().running

    def test_next_phase_jumps_to_the_start_of_the_next(self, clock):
        """Next phase from 2 min into Clarify lands at 5:00, the start of the high-level design."""
        fake, interview = clock
        interview.start()
        fake.now += 120
        interview.next_phase()
        status = interview.status()
        assert status.phase.key == "high_level" and status.phase_elapsed_s == 0
        for _ in range(3):
            interview.next_phase()
        assert interview.status().finished

    def test_reset_goes_back_to_the_start(self, clock):
        """Reset stops the clock at zero, in the first phase."""
        fake, interview = clock
        interview.start()
        fake.now += 1000
        interview.reset()
        status = interview.status()
        assert status.index == 0 and status.total_elapsed_s == 0 and not status.running

    def test_phases_must_have_positive_length(self):
        """A phase of zero minutes is a ValueError naming `phases`."""
        with pytest.raises(ValueError, match="phases must each last more than 0 minutes"):
            InterviewClock((Phase("x", "X", 0, "nothing"),))
        with pytest.raises(ValueError, match="phases must hold at least one Phase"):
            InterviewClock(())

    def test_format_refuses_negative_seconds(self):
        """format_mm_ss names its parameter for a negative time."""
        with pytest.raises(ValueError, match="seconds must be >= 0"):
            format_mm_ss(-1)


class TestDisplay:
    def test_status_text_marks_done_current_and_next(self, clock):
        """The panel ticks finished phases, marks the current one, and says what it should produce."""
        clock[1].start()
        text = status_html(_at(clock, 21 * 60))
        assert "✓ Clarify" in text and "✓ High-level design" in text and "▶ Deep dive" in text
        assert "· Wrap-up" in text and "19:00</span> left in this phase" in text
        assert PHASES[2].produce.split(":")[0] in text

    def test_paused_and_finished_are_said(self, clock):
        """A paused clock says so; at the end it says time is up and by how much."""
        assert "(paused)" in status_html(clock[1].status())
        clock[1].start()
        assert "Time is up</b> — 1:00 over" in status_html(_at(clock, 46 * 60))


class TestWidget:
    def test_start_returns_at_once_and_a_thread_keeps_the_display_current(self):
        """start() returns immediately; the background thread redraws as the (injected) clock moves."""
        fake = FakeClock()
        widget = TimerWidget(InterviewClock(clock=fake), tick_s=0.01)
        widget.start()   # that it returns at once is counted in test_timer_thread_never_holds_the_main_thread
        try:
            assert "Clarify" in widget.display.value
            fake.now += 6 * 60
            deadline = time.monotonic() + 5
            while "▶ High-level design" not in widget.display.value and time.monotonic() < deadline:
                time.sleep(0.01)
            assert "▶ High-level design" in widget.display.value
            assert widget._thread.daemon and widget._thread.is_alive()
            assert widget.progress.value == pytest.approx(60 / (15 * 60))
        finally:
            widget.stop()
        assert not widget._thread.is_alive()

    def test_buttons_drive_the_clock(self):
        """Start, Next phase, Pause and Reset buttons act on the clock and redraw."""
        fake = FakeClock()
        widget = TimerWidget(InterviewClock(clock=fake), tick_s=10)
        try:
            widget.start_button.click()
            widget.next_button.click()
            assert "▶ High-level design" in widget.display.value
            widget.pause_button.click()
            assert "(paused)" in widget.display.value and not widget.clock.running
            widget.reset_button.click()
            assert "▶ Clarify" in widget.display.value and widget.clock.elapsed_s() == 0
        finally:
            widget.stop()

    def test_timer_thread_never_holds_the_main_thread(self):
        """start() hands the ticking to a daemon thread and returns; the caller then acts while the timer ticks.

        Counted, not timed: start() runs in a helper thread with a generous 10 s bound (it does one refresh and
        spawns a thread, so it returns in well under a millisecond: see bench/bench_learner.py); a start() that
        ran the ticking loop itself would never return. Then the caller presses Next phase while the timer's
        own thread goes on redrawing.
        """
        widget = mock_interview_timer(tick_s=0.005)
        refreshed_by = []
        real_refresh = widget.refresh

        def counting_refresh():
            refreshed_by.append(threading.current_thread().name)
            return real_refresh()

        widget.refresh = counting_refresh
        caller = threading.Thread(target=widget.start, name="cell", daemon=True)
        caller.start()
        caller.join(10)
        try:
            assert not caller.is_alive(), "start() did not return: the clock ticks in the caller's thread"
            assert refreshed_by[0] == "cell"           # start() draws once itself, then leaves it to the timer
            widget.next_button.click()                 # the learner's next action runs in the caller's thread
            assert refreshed_by[-1] == threading.current_thread().name
            assert widget.clock.status().phase.key == "high_level"
            deadline = time.monotonic() + 10
            while refreshed_by.count("mock-interview-timer") < 3 and time.monotonic() < deadline:
                time.sleep(0.01)
            assert refreshed_by.count("mock-interview-timer") >= 3, "the timer's thread never redrew"
            assert "▶ High-level design" in widget.display.value
        finally:
            widget.stop()
        assert not widget._thread.is_alive()

    def test_tick_must_be_positive(self):
        """tick_s names itself when it is not a positive number of seconds."""
        with pytest.raises(ValueError, match="tick_s must be > 0 seconds"):
            TimerWidget(InterviewClock(), tick_s=0)
