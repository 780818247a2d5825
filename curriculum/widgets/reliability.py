"""Week 5 figures and explorer: redundancy and downtime, backoff schedules, a token bucket under attack.

Every number comes from :mod:`curriculum.capacity` (availability) and
:mod:`curriculum.capacity.resilience` (backoff, token bucket). Figures are
built with matplotlib's object API (no pyplot, no global state) and returned;
the lesson shows them with :func:`curriculum.widgets.plots.show`.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from curriculum.widgets.plots import new_figure

__all__ = [
    "redundancy_table",
    "redundancy_figure",
    "backoff_figure",
    "attack_arrivals",
    "token_bucket_summary",
    "token_bucket_figure",
    "token_bucket_explorer",
]

_BLUE, _RED, _GREY, _GREEN = "#0263e0", "#f22f46", "#8c8c8c", "#1b7f3b"


def redundancy_table(single: tuple[float, ...] = (0.99, 0.995, 0.999), max_copies: int = 4,
                     period: str = "month") -> list[dict]:
    """Availability and downtime (minutes per period) for 1..max_copies independent copies.

    One row per (single-copy availability, copies), from
    :func:`curriculum.capacity.parallel` and :func:`curriculum.capacity.downtime_s`
    (a month is 30 days, a year 365).

    >>> rows = redundancy_table((0.99,), max_copies=2)
    >>> [(r["copies"], round(r["availability"], 6), round(r["downtime_min"], 2)) for r in rows]
    [(1, 0.99, 432.0), (2, 0.9999, 4.32)]
    """
    from curriculum.capacity import downtime_s, parallel

    if max_copies < 1:
        raise ValueError(f"max_copies must be a whole number >= 1, got {max_copies!r}")
    rows = []
    for a in single:
        for n in range(1, max_copies + 1):
            both = parallel(a, n)
            rows.append({"single": a, "copies": n, "availability": both,
                         "downtime_min": downtime_s(both, period) / 60})
    return rows


def redundancy_figure(single: tuple[float, ...] = (0.99, 0.995, 0.999), max_copies: int = 4,
                      period: str = "month", target: float | None = None,
                      target_label: str = "target") -> Figure:
    """Downtime per period (log scale) against the number of independent copies.

    ``target`` (a fraction such as 0.9995) draws the downtime it allows as a
    dashed line.

    >>> fig = redundancy_figure(target=0.9995)
    >>> fig.axes[0].get_yscale(), fig.axes[0].get_xlabel()
    ('log', 'independent copies (any one can serve)')
    """
    from curriculum.capacity import downtime_s

    rows = redundancy_table(single, max_copies, period)
    fig, ax = new_figure()
    colours = [_BLUE, _RED, _GREEN, _GREY, "#7d3cff", "#ff8c00"]
    for i, a in enumerate(single):
        mine = [r for r in rows if r["single"] == a and r["downtime_min"] > 0]
        ax.plot([r["copies"] for r in mine], [r["downtime_min"] for r in mine], "o-",
                color=colours[i % len(colours)], label=f"one copy at {a * 100:g}%")
    if target is not None:
        ax.axhline(downtime_s(target, period) / 60, color="black", linestyle="--", linewidth=1,
                   label=f"{target_label}: {target * 100:g}%")
    ax.set_yscale("log")
    ax.set_xticks(range(1, max_copies + 1))
    ax.set_xlabel("independent copies (any one can serve)")
    ax.set_ylabel(f"downtime, minutes per {period}")
    days = {"month": "30-day month", "year": "365-day year", "week": "week", "day": "day"}.get(period, period)
    ax.set_title(f"Downtime per {days} vs redundancy (copies fail independently)")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize="small")
    return fig


def backoff_figure(retries: int = 6, base_s: float = 0.5, cap_s: float = 8) -> Figure:
    """Bars for each retry: the wait ceiling, and the mean wait with equal and with full jitter.

    >>> fig = backoff_figure(6, 0.5, 8)
    >>> fig.axes[0].get_xlabel()
    'retry number'
    """
    import numpy as np

    from curriculum.capacity.resilience import backoff_schedule

    modes = [("none", "no jitter (= worst case)", _GREY), ("equal", "equal jitter, mean", _BLUE),
             ("full", "full jitter, mean", _RED)]
    fig, ax = new_figure()
    x = np.arange(1, retries + 1)
    width = 0.27
    for i, (mode, label, colour) in enumerate(modes):
        s = backoff_schedule(retries, base_s, cap_s, mode)
        ax.bar(x + (i - 1) * width, s.expected_s, width, label=label, color=colour)
    worst = backoff_schedule(retries, base_s, cap_s, "none")
    ax.axhline(cap_s, color="black", linestyle=":", linewidth=1, label=f"cap {cap_s:g} s")
    ax.set_xticks(x)
    ax.set_xlabel("retry number")
    ax.set_ylabel("wait before the retry, seconds")
    ax.set_title(f"Exponential backoff, base {base_s:g} s, cap {cap_s:g} s: "
                 f"worst case {worst.worst_case_total_s:g} s in total")
    ax.grid(alpha=0.3, axis="y")
    ax.legend(fontsize="small")
    return fig


def attack_arrivals(normal_per_s: float, attack_per_s: float, attack_start_s: int, attack_s: int,
                    duration_s: int) -> list[float]:
    """Requests per second: a steady normal rate, with an attack rate in its place for a while.

    >>> attack_arrivals(50, 2_000, 2, 3, 6)
    [50, 50, 2000, 2000, 2000, 50]
    """
    if not 0 <= attack_start_s <= duration_s or attack_s < 0:
        raise ValueError("attack_start_s must be in [0, duration_s] and attack_s >= 0, "
                         f"got {attack_start_s!r} and {attack_s!r}")
    return [attack_per_s if attack_start_s <= t < attack_start_s + attack_s else normal_per_s
            for t in range(duration_s)]


def token_bucket_summary(rate_per_s: float, burst: float, attack_per_s: float, normal_per_s: float = 50,
                         attack_start_s: int = 30, attack_s: int = 60, duration_s: int = 150) -> dict:
    """The numbers the token bucket explorer shows, from :mod:`curriculum.capacity.resilience`.

    One API key's traffic: ``normal_per_s`` requests a second, replaced by
    ``attack_per_s`` for ``attack_s`` seconds from ``attack_start_s``, through
    a bucket that refills at ``rate_per_s`` and holds ``burst`` tokens.

    >>> s = token_bucket_summary(100, 1_000, 2_000)
    >>> s["admitted_during_attack"], round(s["shed_share_during_attack"], 3), s["refill_s"]
    (7000.0, 0.942, 10.0)
    """
    from curriculum.capacity.resilience import (
        token_bucket_admitted,
        token_bucket_refill_s,
        token_bucket_time_to_empty_s,
        token_bucket_trace,
    )

    arrivals = attack_arrivals(normal_per_s, attack_per_s, attack_start_s, attack_s, duration_s)
    trace = token_bucket_trace(arrivals, rate_per_s, burst)
    offered_attack = attack_per_s * attack_s
    admitted_attack = token_bucket_admitted(rate_per_s, burst, attack_per_s, attack_s)
    return {
        "arrivals": arrivals,
        "trace": trace,
        "offered": sum(arrivals),
        "admitted": trace.total_admitted,
        "shed": trace.total_shed,
        "offered_during_attack": offered_attack,
        "admitted_during_attack": admitted_attack,
        "shed_share_during_attack": 0.0 if offered_attack == 0 else 1 - admitted_attack / offered_attack,
        "time_to_empty_s": token_bucket_time_to_empty_s(rate_per_s, burst, attack_per_s),
        "refill_s": token_bucket_refill_s(rate_per_s, burst),
    }


def token_bucket_figure(rate_per_s: float, burst: float, attack_per_s: float, **scenario) -> Figure:
    """Offered and admitted requests per second through the attack, with the shed part shaded.

    >>> fig = token_bucket_figure(100, 1_000, 2_000)
    >>> fig.axes[0].get_ylabel()
    'requests per second'
    """
    s = token_bucket_summary(rate_per_s, burst, attack_per_s, **scenario)
    t = list(range(len(s["arrivals"])))
    admitted = list(s["trace"].admitted)
    fig, ax = new_figure()
    ax.fill_between(t, admitted, s["arrivals"], step="post", color=_RED, alpha=0.25, label="shed (HTTP 429)")
    ax.step(t, s["arrivals"], where="post", color=_GREY, label="offered")
    ax.step(t, admitted, where="post", color=_BLUE, linewidth=2, label="admitted")
    ax.axhline(rate_per_s, color=_GREEN, linestyle="--", linewidth=1, label=f"sustained rate {rate_per_s:,.0f}/s")
    ax.set_yscale("log")
    low = min(x for x in admitted + s["arrivals"] if x > 0)
    ax.set_ylim(low / 2, max(s["arrivals"]) * 3)
    ax.set_xlabel("time, seconds")
    ax.set_ylabel("requests per second")
    ax.set_title(f"Token bucket: {rate_per_s:,.0f} tokens/s, burst {burst:,.0f}, attack {attack_per_s:,.0f} req/s")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="upper right")
    return fig


def token_bucket_explorer(rate_per_s: int = 100, burst: int = 1_000, attack_per_s: int = 2_000):
    """Sliders for the bucket's rate and burst and the attack's rate; shows admitted vs shed."""
    import ipywidgets as w

    from curriculum.widgets.explorers import explorer
    from curriculum.widgets.plots import show

    def draw(rate_per_s, burst, attack_per_s):
        s = token_bucket_summary(rate_per_s, burst, attack_per_s)
        empty = s["time_to_empty_s"]
        print(f"Bucket: {rate_per_s:,} tokens/s sustained, {burst:,} burst. Attack: {attack_per_s:,} req/s for 60 s.")
        print(f"  during the attack: {s['admitted_during_attack']:,.0f} of {s['offered_during_attack']:,.0f} "
              f"admitted, {s['shed_share_during_attack']:.1%} shed with HTTP 429")
        print("  the full bucket lasts " + ("for ever (the attack is under the rate)" if empty == float("inf")
                                            else f"{empty:,.1f} s of the attack"))
        print(f"  after the attack it refills in {s['refill_s']:,.1f} s")
        show(token_bucket_figure(rate_per_s, burst, attack_per_s))

    style = {"description_width": "initial"}
    return explorer(
        draw,
        rate_per_s=w.IntSlider(value=rate_per_s, min=10, max=1_000, step=10, description="rate (tokens/s)",
                               style=style, continuous_update=False),
        burst=w.IntSlider(value=burst, min=100, max=10_000, step=100, description="burst (tokens)",
                          style=style, continuous_update=False),
        attack_per_s=w.IntSlider(value=attack_per_s, min=100, max=10_000, step=100,
                                 description="attack (req/s)", style=style, continuous_update=False),
    )
