"""Week 2 widgets, voice at scale: trunk sizing with Erlang B, media bandwidth and a choice self-check.

Every number comes from :mod:`curriculum.capacity`; the functions that draw or
tabulate are plain functions (tested in ``tests/test_widgets_voice.py``), and
the explorer only wires sliders to them.

* :func:`trunk_summary`: trunks, trunks per Erlang and occupancy for a load and a blocking target.
* :func:`pool_efficiency_table` and :func:`trunks_per_erlang_figure`: why one big pool beats many small ones.
* :func:`blocking_curve`: blocking against trunks, on a log scale, with the target marked.
* :func:`media_bandwidth_table` and :func:`bandwidth_breakdown_figure`: codec payload vs packet headers.
* :func:`erlang_b_explorer`: traffic and blocking sliders that redraw the curve and the summary.
* :class:`ChoiceCheck`: a multiple-choice self-check that never raises.

No pyplot and no global plotting state: figures are built with
:func:`curriculum.widgets.plots.new_figure`.
"""

from __future__ import annotations

import math

from curriculum.widgets.selfcheck import ChoiceCheck  # noqa: F401 - re-exported for the lessons
from curriculum.capacity import erlang_b, trunks_for, voice_bandwidth_kbps
from curriculum.widgets.plots import new_figure

__all__ = [
    "EXPLORER_LOADS",
    "EXPLORER_BLOCKING_PCT",
    "ChoiceCheck",
    "bandwidth_breakdown_figure",
    "blocking_curve",
    "erlang_b_explorer",
    "media_bandwidth_table",
    "pool_efficiency_table",
    "trunk_summary",
    "trunks_per_erlang_figure",
]

#: Offered loads the explorer's traffic slider steps through, Erlangs.
EXPLORER_LOADS = (5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000)
#: Blocking targets the explorer's slider offers, percent.
EXPLORER_BLOCKING_PCT = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0)

_BLUE, _RED, _GREY = "#0263e0", "#f22f46", "#8c8c8c"


def _check_load(traffic_erlangs: float) -> float:
    if isinstance(traffic_erlangs, bool) or not isinstance(traffic_erlangs, (int, float)) or not (
        0 < traffic_erlangs < math.inf
    ):
        raise ValueError(f"traffic_erlangs must be a number > 0, got {traffic_erlangs!r}")
    return float(traffic_erlangs)


def trunk_summary(traffic_erlangs: float, blocking: float) -> dict[str, float]:
    """What a trunk group sized by Erlang B looks like, for a load and a blocking target.

    Keys: ``trunks`` (fewest trunks that meet the target), ``blocking`` (the
    blocking those trunks give, at or under the target), ``trunks_per_erlang``,
    ``carried_erlangs`` (the calls actually in progress: offered load minus the
    blocked share), ``occupancy`` (carried load per trunk, how busy an average
    trunk is) and ``blocking_one_per_erlang`` (the blocking of the naive plan of
    one trunk per Erlang, rounded up).

    >>> s = trunk_summary(10_000, 0.01)
    >>> s["trunks"], round(s["trunks_per_erlang"], 3), round(s["occupancy"], 3)
    (9970, 0.997, 0.993)
    >>> trunk_summary(10, 0.01)["trunks"]
    18

    Reference: Erlang B (blocked calls cleared), :func:`curriculum.capacity.trunks_for`.
    """
    a = _check_load(traffic_erlangs)
    n = trunks_for(a, blocking)
    b = erlang_b(a, n)
    carried = a * (1.0 - b)
    return {
        "traffic_erlangs": a,
        "trunks": n,
        "blocking": b,
        "trunks_per_erlang": n / a,
        "carried_erlangs": carried,
        "occupancy": carried / n,
        "blocking_one_per_erlang": erlang_b(a, math.ceil(a)),
    }


def pool_efficiency_table(loads=(10, 100, 1_000, 10_000), blocking: float = 0.01):
    """A table of trunks, trunks per Erlang and occupancy for several pool sizes at one blocking target.

    Returns a :class:`pandas.DataFrame` with one row per load.

    >>> t = pool_efficiency_table((10, 10_000))
    >>> list(t["trunks"]), [round(x, 3) for x in t["trunks per Erlang"]]
    ([18, 9970], [1.8, 0.997])

    Reference: Erlang B, :func:`curriculum.capacity.trunks_for`.
    """
    import pandas as pd

    rows = []
    for load in loads:
        s = trunk_summary(load, blocking)
        rows.append({
            "offered load (Erlangs)": load,
            "trunks": s["trunks"],
            "trunks per Erlang": s["trunks_per_erlang"],
            "occupancy (%)": 100 * s["occupancy"],
        })
    return pd.DataFrame(rows)


def trunks_per_erlang_figure(loads=(10, 100, 1_000, 10_000), blocking: float = 0.01):
    """Bar chart: trunks needed per Erlang of offered load, for pools of different sizes.

    >>> fig = trunks_per_erlang_figure()
    >>> fig.axes[0].get_ylabel()
    'trunks per Erlang'
    """
    fig, ax = new_figure()
    ratios = [trunk_summary(load, blocking)["trunks_per_erlang"] for load in loads]
    labels = [f"{load:,}" for load in loads]
    bars = ax.bar(labels, ratios, color=_BLUE)
    for bar, ratio in zip(bars, ratios):
        ax.annotate(f"{ratio:.3f}", (bar.get_x() + bar.get_width() / 2, ratio), ha="center",
                    textcoords="offset points", xytext=(0, 3), fontsize=9)
    ax.axhline(1.0, color=_GREY, linestyle="--", linewidth=1)
    ax.set_xlabel("offered load of the pool, Erlangs")
    ax.set_ylabel("trunks per Erlang")
    ax.set_ylim(0, max(ratios) * 1.15)
    ax.set_title(f"Bigger pools need fewer trunks per Erlang (Erlang B, {blocking * 100:g}% blocking)")
    return fig


def _curve_range(traffic: float, trunks: list[int]) -> range:
    spread = 3.0 * math.sqrt(traffic) + 3.0
    lo = max(1, int(math.floor(min([traffic, *trunks]) - spread)))
    hi = int(math.ceil(max([traffic, *trunks]) + spread))
    step = max(1, (hi - lo) // 300)
    return range(lo, hi + 1, step)


def blocking_curve(traffic_erlangs: float, blocking: float = 0.01, compare_blocking: float | None = None):
    """Plot blocking (%) against the number of trunks for one offered load, on a log scale.

    Marks the blocking target and the trunks that meet it; with
    ``compare_blocking``, marks a second target too; a dotted line shows one
    trunk per Erlang.

    >>> fig = blocking_curve(10_000, 0.01, compare_blocking=0.001)
    >>> fig.axes[0].get_yscale(), fig.axes[0].get_xlabel()
    ('log', 'trunks')
    """
    a = _check_load(traffic_erlangs)
    targets = [blocking] + ([compare_blocking] if compare_blocking is not None else [])
    needed = [trunks_for(a, t) for t in targets]
    xs = list(_curve_range(a, needed))
    ys = [100 * erlang_b(a, n) for n in xs]
    fig, ax = new_figure()
    ax.plot(xs, ys, color=_BLUE, label=f"blocking with {a:,.0f} Erlangs offered")
    ax.set_yscale("log")
    for target, n, colour in zip(targets, needed, (_RED, "#6b2fa0")):
        ax.axhline(100 * target, color=colour, linestyle="--", linewidth=1)
        ax.axvline(n, color=colour, linestyle=":", linewidth=1)
        ax.plot([n], [100 * erlang_b(a, n)], "o", color=colour)
        ax.annotate(f"{n:,} trunks for {target * 100:g}%", (n, 100 * target), textcoords="offset points",
                    xytext=(6, 6), color=colour, fontsize=9)
    ax.axvline(math.ceil(a), color=_GREY, linestyle="-.", linewidth=1, label="one trunk per Erlang")
    low = min(ys[-1], 100 * min(targets) / 3)
    ax.set_ylim(max(low, 1e-4), min(100.0, 2 * max(ys)))
    ax.set_xlabel("trunks")
    ax.set_ylabel("calls blocked at set-up, % (log scale)")
    ax.set_title(f"Erlang B: {a:,.0f} Erlangs offered")
    ax.grid(alpha=0.3, which="both")
    ax.legend(loc="lower left", fontsize=8)
    return fig


_CODECS = (("G.711", None), ("Opus", 32.0), ("G.729", None))


def _audio_kbps(codec: str, bitrate_kbps: float | None) -> float:
    from curriculum.capacity.media import CODEC_KBPS, OPUS_DEFAULT_KBPS

    if bitrate_kbps is not None:
        return float(bitrate_kbps)
    return CODEC_KBPS.get(codec, OPUS_DEFAULT_KBPS)


def media_bandwidth_table(concurrent_calls: float, codecs=_CODECS, ptime_ms: float = 20):
    """Per-call and total media bandwidth by codec, at the IP layer and on Ethernet.

    Per call, one direction, kbit/s, from :func:`curriculum.capacity.voice_bandwidth_kbps`;
    the totals count both directions of every call (each call sends and
    receives audio), in Gbit/s (10^9 bit/s). ``codecs`` holds ``(name,
    bitrate_kbps)`` pairs, the rate ``None`` for fixed-rate codecs.

    >>> t = media_bandwidth_table(10_000)
    >>> list(t["codec"]), [round(x, 3) for x in t["all calls, both directions, Ethernet (Gbit/s)"]]
    (['G.711', 'Opus 32 kbit/s', 'G.729'], [1.744, 1.104, 0.624])

    Reference: Cisco, "Voice Over IP - Per Call Bandwidth Consumption", document 7934.
    """
    import pandas as pd

    calls = float(concurrent_calls)
    if not calls >= 0 or calls == math.inf:
        raise ValueError(f"concurrent_calls must be a number >= 0, got {concurrent_calls!r}")
    rows = []
    for codec, rate in codecs:
        ip = voice_bandwidth_kbps(codec, ptime_ms, "ip", rate)
        eth = voice_bandwidth_kbps(codec, ptime_ms, "ethernet", rate)
        rows.append({
            "codec": codec if rate is None else f"{codec} {rate:g} kbit/s",
            "audio (kbit/s)": _audio_kbps(codec, rate),
            "per call, one direction, IP (kbit/s)": ip,
            "per call, one direction, Ethernet (kbit/s)": eth,
            "all calls, both directions, IP (Gbit/s)": calls * 2 * ip / 1e6,
            "all calls, both directions, Ethernet (Gbit/s)": calls * 2 * eth / 1e6,
        })
    return pd.DataFrame(rows)


def bandwidth_breakdown_figure(codecs=_CODECS, ptime_ms: float = 20):
    """Stacked bars for one direction of one call: audio, IP/UDP/RTP headers, Ethernet framing.

    >>> fig = bandwidth_breakdown_figure()
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['audio (codec payload)', 'IP/UDP/RTP headers', 'Ethernet framing']
    """
    fig, ax = new_figure()
    names, audio, headers, framing = [], [], [], []
    for codec, rate in codecs:
        ip = voice_bandwidth_kbps(codec, ptime_ms, "ip", rate)
        eth = voice_bandwidth_kbps(codec, ptime_ms, "ethernet", rate)
        payload = _audio_kbps(codec, rate)
        names.append(codec if rate is None else f"{codec} {rate:g}")
        audio.append(payload)
        headers.append(ip - payload)
        framing.append(eth - ip)
    ax.bar(names, audio, color=_BLUE, label="audio (codec payload)")
    ax.bar(names, headers, bottom=audio, color="#f5a623", label="IP/UDP/RTP headers")
    tops = [a + h for a, h in zip(audio, headers)]
    ax.bar(names, framing, bottom=tops, color=_GREY, label="Ethernet framing")
    for i, (a, h, f) in enumerate(zip(audio, headers, framing)):
        total = a + h + f
        ax.annotate(f"{total:g} kbit/s\n(headers {100 * (h + f) / total:.0f}%)", (i, total), ha="center",
                    textcoords="offset points", xytext=(0, 3), fontsize=8)
    ax.set_ylim(0, max(a + h + f for a, h, f in zip(audio, headers, framing)) * 1.3)
    ax.set_ylabel("kbit/s, one direction of one call")
    ax.set_title(f"What one call puts on the wire ({ptime_ms:g} ms packets)")
    ax.legend(loc="upper right", fontsize=8)
    return fig


def _explorer_text(traffic_erlangs: float, blocking_pct: float) -> list[str]:
    s = trunk_summary(traffic_erlangs, blocking_pct / 100)
    return [
        f"{s['traffic_erlangs']:,.0f} Erlangs offered, at most {blocking_pct:g}% blocked at set-up",
        f"  -> {s['trunks']:,} trunks ({s['trunks_per_erlang']:.3f} per Erlang)",
        f"  -> each trunk busy {100 * s['occupancy']:.1f}% of the busy hour on average",
        f"  -> one trunk per Erlang ({math.ceil(s['traffic_erlangs']):,}) would block "
        f"{100 * s['blocking_one_per_erlang']:.2f}% of calls",
    ]


def erlang_b_explorer(traffic_erlangs: int = 10_000, blocking_pct: float = 1.0):
    """Sliders for offered load and blocking target; prints the trunk plan and redraws the blocking curve."""
    import ipywidgets as w

    from curriculum.widgets.explorers import explorer
    from curriculum.widgets.plots import show

    def draw(traffic_erlangs, blocking_pct):
        print("\n".join(_explorer_text(traffic_erlangs, blocking_pct)))
        show(blocking_curve(traffic_erlangs, blocking_pct / 100))

    style = {"description_width": "initial"}
    return explorer(
        draw,
        traffic_erlangs=w.SelectionSlider(options=list(EXPLORER_LOADS), value=traffic_erlangs,
                                          description="offered load (Erlangs)", style=style,
                                          continuous_update=False),
        blocking_pct=w.SelectionSlider(options=list(EXPLORER_BLOCKING_PCT), value=blocking_pct,
                                       description="blocking target (%)", style=style,
                                       continuous_update=False),
    )


