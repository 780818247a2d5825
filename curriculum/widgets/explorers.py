"""ipywidgets explorers: sliders that redraw a plot and a small table as they move.

Each explorer is built by :func:`explorer` from a ``draw(**values)`` function and
its controls, so the drawing logic stays a plain function that tests can call.
"""

from __future__ import annotations

import math


def explorer(draw, **controls):
    """A box with the controls and an output area that ``draw(**values)`` refills on every change.

    Outside a running kernel the output area prints terminal control codes, so
    this is shown in ``tests/test_widgets.py`` rather than as a doctest.
    """
    import ipywidgets as w

    output = w.interactive_output(draw, controls)
    for control in controls.values():
        # A slider next to a long label ("fan-out (calls per request)") is squeezed to a few pixels unless it
        # has a width of its own; 30em leaves a usable track for ranges up to 1,000 and beyond.
        if "Slider" in type(control).__name__ and not control.layout.width:
            control.layout.width = "30em"
    box = w.VBox([w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap")), output])
    box.add_class("course-explorer")
    return box


def littles_law_summary(concurrent_calls: float, mean_hold_s: float) -> dict[str, float]:
    """The numbers the Little's law explorer shows, from :mod:`curriculum.capacity`.

    >>> s = littles_law_summary(10_000, 180)
    >>> round(s["arrival_rate_per_s"], 2), round(s["busy_hour_call_attempts"]), s["cps_to_request"]
    (55.56, 200000, 56)
    """
    from curriculum.capacity import arrival_rate_per_s, busy_hour_call_attempts

    rate = arrival_rate_per_s(concurrent_calls, mean_hold_s)
    return {
        "arrival_rate_per_s": rate,
        "busy_hour_call_attempts": busy_hour_call_attempts(concurrent_calls, mean_hold_s),
        "cps_to_request": math.ceil(rate - 1e-9),
    }


def littles_law_explorer(concurrent_calls: int = 10_000, mean_hold_s: int = 180):
    """Sliders for concurrency and hold time; shows arrivals per second, busy-hour attempts and a curve."""
    import ipywidgets as w

    from curriculum.widgets.plots import arrival_rate_curve, show

    def draw(concurrent_calls, mean_hold_s):
        s = littles_law_summary(concurrent_calls, mean_hold_s)
        print(f"{concurrent_calls:,} calls in progress, {mean_hold_s} s each on average")
        print(f"  -> {s['arrival_rate_per_s']:,.1f} new calls per second")
        print(f"  -> {s['busy_hour_call_attempts']:,.0f} call attempts in the busy hour")
        print(f"  -> request a limit of at least {s['cps_to_request']:,} calls per second")
        show(arrival_rate_curve(concurrent_calls, mark_hold_s=mean_hold_s))

    style = {"description_width": "initial"}
    return explorer(
        draw,
        concurrent_calls=w.IntSlider(value=concurrent_calls, min=100, max=50_000, step=100,
                                     description="concurrent calls", style=style, continuous_update=False),
        mean_hold_s=w.IntSlider(value=mean_hold_s, min=10, max=900, step=10,
                                description="mean hold (s)", style=style, continuous_update=False),
    )
