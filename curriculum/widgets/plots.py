"""Plot helpers shared by the lessons: figures built with matplotlib's object API, no global state.

Every function returns a :class:`matplotlib.figure.Figure`; :func:`show` puts it
in a notebook as a PNG, so nothing depends on pyplot's backend or rcParams.
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure


def new_figure(width_in: float = 7.0, height_in: float = 3.6) -> tuple[Figure, object]:
    """A figure with one set of axes, sized in inches.

    >>> fig, ax = new_figure()
    >>> float(fig.get_figwidth())
    7.0
    """
    fig = Figure(figsize=(width_in, height_in), layout="constrained")
    return fig, fig.add_subplot()


def png_bytes(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes.

    >>> png_bytes(new_figure()[0])[:4] == b"\\x89PNG"
    True
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def show(fig: Figure) -> None:
    """Display a figure in the notebook output (as a PNG image)."""
    from IPython.display import Image, display

    display(Image(data=png_bytes(fig)))


def arrival_rate_curve(concurrent_calls: float, hold_range_s: tuple[float, float] = (30, 600),
                       mark_hold_s: float | None = None) -> Figure:
    """New calls per second needed to keep ``concurrent_calls`` going, as the mean hold time varies.

    Little's law, lambda = L / W, computed by :func:`curriculum.capacity.arrival_rate_per_s`.

    >>> fig = arrival_rate_curve(10_000, mark_hold_s=180)
    >>> fig.axes[0].get_ylabel()
    'new calls per second'
    """
    import numpy as np

    from curriculum.capacity import arrival_rate_per_s

    if hold_range_s[0] <= 0 or hold_range_s[1] <= hold_range_s[0]:
        raise ValueError(f"hold_range_s must be (low, high) with 0 < low < high, got {hold_range_s}")
    holds = np.linspace(hold_range_s[0], hold_range_s[1], 200)
    rates = [arrival_rate_per_s(concurrent_calls, h) for h in holds]
    fig, ax = new_figure()
    ax.plot(holds, rates, color="#0263e0")
    if mark_hold_s is not None:
        rate = arrival_rate_per_s(concurrent_calls, mark_hold_s)
        ax.plot([mark_hold_s], [rate], "o", color="#f22f46")
        ax.annotate(f"{rate:,.1f} calls/s at {mark_hold_s:g} s", (mark_hold_s, rate),
                    textcoords="offset points", xytext=(8, 8))
    ax.set_xlabel("mean hold time, seconds")
    ax.set_ylabel("new calls per second")
    ax.set_title(f"Arrivals needed to keep {concurrent_calls:,.0f} calls in progress (Little's law)")
    ax.grid(alpha=0.3)
    return fig
