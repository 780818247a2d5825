"""Benchmark the Erlang calculators in curriculum.capacity.

Run from the repository root:

    python bench/bench_capacity.py

Prints the time per call of the fast Erlang B evaluation, of ``trunks_for``
and of the other inverse functions, and compares ``erlang_b`` with the
textbook O(N) recursion (``B(n) = A*B(n-1) / (n + A*B(n-1))``) at the same
sizes. Each figure is the best of three timeit repeats, so it reflects
the code rather than other load on the machine. This is a report, not a
test: it always exits 0.
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

try:
    import curriculum.capacity  # noqa: F401
except ImportError:  # running from a checkout without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from curriculum.capacity import agents_for, erlang_b, max_traffic, trunks_for
from curriculum.capacity.traffic import _erlang_b_recursive


def per_call_s(func, *, budget_s: float = 0.1, repeats: int = 3) -> float:
    """Best time per call, seconds, over ``repeats`` runs of about ``budget_s`` each."""
    timer = timeit.Timer(func)
    number, elapsed = timer.autorange()
    number = max(1, int(number * budget_s / max(elapsed, 1e-9)))
    return min(timer.repeat(repeat=repeats, number=number)) / number


def fmt(seconds: float) -> str:
    """Seconds in a readable unit."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:9.1f} us"
    if seconds < 1.0:
        return f"{seconds * 1e3:9.2f} ms"
    return f"{seconds:9.2f} s "


def main() -> int:
    print("curriculum.capacity benchmark (best of 3 timeit repeats, per call)")
    print()
    print("Headline figures")
    rows = [
        ("trunks_for(1_000_000, 0.01)", lambda: trunks_for(1_000_000, 0.01)),
        ("trunks_for(10_000, 0.001)", lambda: trunks_for(10_000, 0.001)),
        ("erlang_b(10_000, 10_000)", lambda: erlang_b(10_000, 10_000)),
        ("max_traffic(1_000_000, 0.01)", lambda: max_traffic(1_000_000, 0.01)),
        ("agents_for(10_000, 180, 20, 0.8)", lambda: agents_for(10_000, 180, 20, 0.8)),
    ]
    for label, func in rows:
        print(f"  {label:36s} {fmt(per_call_s(func))}")
    print(
        f"  (answers: trunks_for(1e6, 0.01) = {trunks_for(1_000_000, 0.01):,}; "
        f"trunks_for(1e4, 0.01) = {trunks_for(10_000, 0.01):,}; "
        f"trunks_for(1e4, 0.001) = {trunks_for(10_000, 0.001):,})"
    )
    print()
    print("erlang_b(A, N = A) against the O(N) recursion")
    print(f"  {'A = N':>11s} {'erlang_b':>12s} {'recursion':>12s} {'speed-up':>10s}  {'rel. diff':>13s}")
    for size in (100, 1_000, 10_000, 100_000, 1_000_000):
        fast = per_call_s(lambda size=size: erlang_b(size, size))
        slow = per_call_s(lambda size=size: _erlang_b_recursive(size, size))
        diff = abs(erlang_b(size, size) / _erlang_b_recursive(size, size) - 1.0)
        print(f"  {size:>11,} {fmt(fast):>12s} {fmt(slow):>12s} {slow / fast:>9.1f}x  {diff:13.1e}")
    print()
    print("erlang_b at trunk counts away from the traffic (A = 10,000)")
    for trunks in (5_000, 9_900, 10_300, 11_000, 20_000, 1_000_000):
        fast = per_call_s(lambda trunks=trunks: erlang_b(10_000, trunks))
        print(f"  erlang_b(10_000, {trunks:>9,}) {fmt(fast)}   B = {erlang_b(10_000, trunks):.3e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
