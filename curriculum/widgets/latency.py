"""Week 3 widgets: latency budgets, the tail at scale and webhook fallback timing.

Plain functions build the numbers, tables and figures (so tests can call them);
the two explorers wrap them in sliders with :func:`curriculum.widgets.explorers.explorer`.
Every number comes from :mod:`curriculum.capacity` or the facts registry.
"""

from __future__ import annotations

from collections.abc import Sequence

from curriculum.capacity.latency import LatencyBudget, latency_budget, slow_request_probability
from curriculum.capacity.webhooks import time_to_fallback_ms
from curriculum.widgets.plots import new_figure

__all__ = [
    "SERVER_LOCATIONS",
    "server_round_trip_ms",
    "example_stages",
    "budget_markdown",
    "budget_figure",
    "budget_explorer",
    "tail_summary",
    "tail_curve_figure",
    "tail_explorer",
    "fallback_figure",
]

_BLUE, _RED, _GREY = "#0263e0", "#f22f46", "#8891aa"
_STAGE_COLOURS = ("#0263e0", "#6e9ef5", "#14b053", "#f2be5a", "#8c5bd8", "#f22f46", "#00a7b5", "#ad6800")

#: Where the webhook server runs, relative to where Twilio's request comes from (assumed near us-east-1),
#: and the facts-registry key of the round trip that location costs.
SERVER_LOCATIONS = {
    "same data centre": "latency.same_datacenter_round_trip",
    "us-west-2 (from us-east-1)": "latency.aws_us_east_1_us_west_2_rtt",
    "eu-west-1 (from us-east-1)": "latency.aws_us_east_1_eu_west_1_rtt",
}

#: Stage times the lesson assumes, in ms: givens of the worked example, not measurements.
EXAMPLE_ASSUMPTIONS_MS = {"tls_and_load_balancer": 2.0, "query": 6.0, "build_twiml": 3.0, "twilio_parse": 5.0}


def server_round_trip_ms(location: str) -> float:
    """The network round trip for a server location, read from the facts registry.

    >>> server_round_trip_ms("same data centre")
    0.5
    >>> server_round_trip_ms("us-west-2 (from us-east-1)")
    87
    """
    from curriculum import facts

    if location not in SERVER_LOCATIONS:
        raise ValueError(f"location must be one of {list(SERVER_LOCATIONS)}, got {location!r}")
    return facts.value(SERVER_LOCATIONS[location])


def example_stages(server_location: str = "same data centre", db_queries: int = 1,
                   query_ms: float = EXAMPLE_ASSUMPTIONS_MS["query"]) -> list[tuple[str, float]]:
    """The stages of the lesson's call-control request, in order, as (name, ms) pairs.

    The network round trip comes from the facts registry; the database sits next
    to the server, so each query costs a same-data-centre round trip plus
    ``query_ms``. The other stage times are the lesson's stated assumptions
    (:data:`EXAMPLE_ASSUMPTIONS_MS`).

    >>> stages = example_stages()
    >>> [round(ms, 1) for _, ms in stages]
    [0.5, 2.0, 6.5, 3.0, 5.0]
    >>> latency_budget(example_stages("us-west-2 (from us-east-1)"), 50).total_ms
    103.5
    """
    from curriculum import facts

    if isinstance(db_queries, bool) or not isinstance(db_queries, int) or db_queries < 0:
        raise ValueError(f"db_queries must be a whole number >= 0, got {db_queries!r}")
    a = EXAMPLE_ASSUMPTIONS_MS
    query_round_trip = facts.value("latency.same_datacenter_round_trip") + query_ms
    stages = [
        ("network round trip, Twilio to your server", float(server_round_trip_ms(server_location))),
        ("TLS and load balancer", a["tls_and_load_balancer"]),
    ]
    if db_queries:
        label = "look up the caller (1 query)" if db_queries == 1 else f"look up the caller ({db_queries} queries)"
        stages.append((label, db_queries * query_round_trip))
    stages += [("build the TwiML", a["build_twiml"]), ("Twilio parses the TwiML", a["twilio_parse"])]
    return stages


def budget_markdown(budget: LatencyBudget) -> str:
    """A Markdown table of a latency budget: each stage, its share of the target, total and headroom.

    >>> print(budget_markdown(latency_budget({"edge": 5, "db": 12}, 50)))
    | Stage | ms | Share of the 50 ms budget |
    |---|---:|---:|
    | edge | 5.0 | 10% |
    | db | 12.0 | 24% |
    | **Total** | **17.0** | **34%** |
    | **Headroom** | **33.0** | fits |
    """
    lines = [f"| Stage | ms | Share of the {budget.target_ms:g} ms budget |", "|---|---:|---:|"]
    for name, ms, share in budget.rows:
        lines.append(f"| {name} | {ms:,.1f} | {share:.0%} |")
    lines.append(f"| **Total** | **{budget.total_ms:,.1f}** | **{budget.share_of_target:.0%}** |")
    verdict = "fits" if budget.within_budget else "**over budget**"
    lines.append(f"| **Headroom** | **{budget.headroom_ms:,.1f}** | {verdict} |")
    return "\n".join(lines)


def budget_figure(budget: LatencyBudget, title: str | None = None):
    """A stacked horizontal bar: one segment per stage, with the target as a line.

    >>> fig = budget_figure(latency_budget({"edge": 5, "db": 12}, 50))
    >>> fig.axes[0].get_xlabel()
    'milliseconds (stages add up, one after another)'
    """
    fig, ax = new_figure(7.5, 3.4)
    left = 0.0
    for i, (name, ms, _share) in enumerate(budget.rows):
        ax.barh([0], [ms], left=left, height=0.5, color=_STAGE_COLOURS[i % len(_STAGE_COLOURS)],
                edgecolor="white", label=f"{name}: {ms:,.1f} ms")
        left += ms
    ax.axvline(budget.target_ms, color=_RED if not budget.within_budget else "black", linestyle="--", linewidth=1.5)
    ax.annotate(f"budget {budget.target_ms:g} ms", (budget.target_ms, 0.33), textcoords="offset points",
                xytext=(4, 0), fontsize=9)
    verdict = (f"headroom {budget.headroom_ms:,.1f} ms" if budget.within_budget
               else f"over by {-budget.headroom_ms:,.1f} ms")
    ax.set_title(title or f"Total {budget.total_ms:,.1f} ms: {verdict}")
    ax.set_yticks([])
    ax.set_ylim(-0.6, 0.6)
    ax.set_xlim(0, max(budget.total_ms, budget.target_ms) * 1.1)
    ax.set_xlabel("milliseconds (stages add up, one after another)")
    fig.legend(loc="outside lower center", ncol=2, fontsize=8, frameon=False)
    return fig


def budget_explorer(server_location: str = "same data centre", db_queries: int = 1, query_ms: float = 6.0):
    """Choose where the server runs and how many queries the handler makes; see the budget redrawn."""
    import ipywidgets as w

    from curriculum import facts
    from curriculum.widgets.explorers import explorer
    from curriculum.widgets.plots import show

    target = facts.value("webhooks.twiml_response_budget")

    def draw(server_location, db_queries, query_ms):
        budget = latency_budget(example_stages(server_location, db_queries, query_ms), target)
        state = (f"headroom {budget.headroom_ms:,.1f} ms" if budget.within_budget
                 else f"OVER by {-budget.headroom_ms:,.1f} ms")
        print(f"Server: {server_location}; {db_queries} database quer{'y' if db_queries == 1 else 'ies'} "
              f"of {query_ms:g} ms each")
        print(f"  -> total {budget.total_ms:,.1f} ms against the assumed {target:g} ms budget: {state}")
        show(budget_figure(budget))

    style = {"description_width": "initial"}
    return explorer(
        draw,
        server_location=w.Dropdown(options=list(SERVER_LOCATIONS), value=server_location,
                                   description="server runs in", style=style),
        db_queries=w.IntSlider(value=db_queries, min=0, max=8, description="queries per request",
                               style=style, continuous_update=False),
        query_ms=w.FloatSlider(value=query_ms, min=0.5, max=20, step=0.5, description="ms per query",
                               style=style, continuous_update=False),
    )


def tail_summary(percentile: float, fanout: int, requests_per_s: float | None = None) -> dict[str, float]:
    """The numbers the tail explorer shows: the share of requests that meet a slow call, and how many per second.

    >>> s = tail_summary(0.99, 100, requests_per_s=55.6)
    >>> round(s["slow_fraction"], 3), round(s["slow_requests_per_s"], 1)
    (0.634, 35.2)
    """
    share = slow_request_probability(percentile, fanout)
    out = {"slow_fraction": share}
    if requests_per_s is not None:
        out["slow_requests_per_s"] = share * requests_per_s
    return out


def tail_curve_figure(percentiles: Sequence[float] = (0.99, 0.999), max_fanout: int = 1000,
                      mark_fanout: int | None = 100):
    """Share of requests that see at least one slow call, against fan-out, one curve per percentile.

    Computed by :func:`curriculum.capacity.latency.slow_request_probability` (1 - p**N).

    >>> fig = tail_curve_figure()
    >>> fig.axes[0].get_ylabel()
    'requests that meet a slow call (%)'
    """
    import numpy as np

    if max_fanout < 2:
        raise ValueError(f"max_fanout must be at least 2, got {max_fanout!r}")
    fanouts = np.unique(np.round(np.logspace(0, np.log10(max_fanout), 200)).astype(int))
    fig, ax = new_figure()
    colours = (_BLUE, _RED, "#14b053", "#8c5bd8")
    for i, p in enumerate(percentiles):
        share = [100 * slow_request_probability(p, int(n)) for n in fanouts]
        label = f"each call slow {100 * (1 - p):.2g}% of the time (p{100 * p:g})"
        ax.plot(fanouts, share, color=colours[i % len(colours)], label=label)
        if mark_fanout is not None:
            y = 100 * slow_request_probability(p, mark_fanout)
            ax.plot([mark_fanout], [y], "o", color=colours[i % len(colours)])
            ax.annotate(f"{y:.1f}% at {mark_fanout:,}", (mark_fanout, y), textcoords="offset points",
                        xytext=(-70, 6), fontsize=9)
    ax.set_xscale("log")
    ax.set_ylim(0, 100)
    ax.set_xlabel("fan-out: calls each request waits for (log scale)")
    ax.set_ylabel("requests that meet a slow call (%)")
    ax.set_title("The tail at scale: rare slow calls become common slow requests")
    ax.grid(alpha=0.3, which="both")
    ax.legend(loc="upper left", fontsize=9)
    return fig


_PERCENTILES = {"p99 (1 in 100 slow)": 0.99, "p99.9 (1 in 1,000 slow)": 0.999, "p99.99 (1 in 10,000 slow)": 0.9999}


def tail_explorer(percentile: float = 0.99, fanout: int = 100, requests_per_s: float = 55.6):
    """A percentile menu and a fan-out slider; shows the slow share, slow requests per second and the curve."""
    import ipywidgets as w

    from curriculum.widgets.explorers import explorer
    from curriculum.widgets.plots import show

    def draw(percentile, fanout):
        s = tail_summary(percentile, fanout, requests_per_s)
        print(f"Each call slow {100 * (1 - percentile):.2g}% of the time, {fanout:,} calls per request")
        print(f"  -> {100 * s['slow_fraction']:.1f}% of requests meet at least one slow call")
        print(f"  -> at {requests_per_s:,.1f} requests per second, {s['slow_requests_per_s']:,.1f} slow ones every second")
        show(tail_curve_figure((percentile,), mark_fanout=fanout))

    style = {"description_width": "initial"}
    options = [(label, p) for label, p in _PERCENTILES.items()]
    if percentile not in _PERCENTILES.values():
        options.append((f"p{100 * percentile:g}", percentile))
    return explorer(
        draw,
        percentile=w.Dropdown(options=options, value=percentile, description="each call is fast at",
                              style=style),
        fanout=w.IntSlider(value=fanout, min=1, max=1000, description="fan-out (calls per request)",
                           style=style, continuous_update=False),
    )


def fallback_figure(connect_timeout_ms: float, read_timeout_ms: float, total_timeout_ms: float,
                    max_retries: int = 5, mark_retries: int | None = None):
    """Seconds of silence before the fallback URL, against the retry count, for each failure mode.

    Computed by :func:`curriculum.capacity.webhooks.time_to_fallback_ms`.

    >>> fig = fallback_figure(5000, 15000, 15000, mark_retries=1)
    >>> fig.axes[0].get_xlabel()
    'retry count'
    """
    retries = list(range(max_retries + 1))
    fig, ax = new_figure()
    for mode, colour, text in (("unreachable", _BLUE, "server unreachable (connect timeout each attempt)"),
                               ("silent", _RED, "server accepts but never answers (read timeout)")):
        waits = [time_to_fallback_ms(connect_timeout_ms=connect_timeout_ms, read_timeout_ms=read_timeout_ms,
                                     total_timeout_ms=total_timeout_ms, retry_count=r, failure=mode) / 1000
                 for r in retries]
        ax.plot(retries, waits, "o-", color=colour, label=text)
        if mark_retries is not None:
            y = waits[mark_retries]
            ax.annotate(f"{y:g} s", (mark_retries, y), textcoords="offset points", xytext=(6, -14), fontsize=9,
                        color=colour)
    ax.axhline(total_timeout_ms / 1000, color=_GREY, linestyle=":", linewidth=1)
    ax.annotate(f"total timeout {total_timeout_ms / 1000:g} s", (0, total_timeout_ms / 1000),
                textcoords="offset points", xytext=(2, 4), fontsize=9, color=_GREY)
    ax.set_xlabel("retry count")
    ax.set_ylabel("seconds before the fallback URL")
    ax.set_ylim(0, total_timeout_ms / 1000 * 1.2)
    ax.set_xticks(retries)
    ax.set_title(f"Silence on the line before fallback (connect {connect_timeout_ms / 1000:g} s, "
                 f"read {read_timeout_ms / 1000:g} s)")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=9)
    return fig
