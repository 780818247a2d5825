"""Benchmark: from pressing Self-grade in the lab to the result, for one week.

    python bench/bench_selfgrade_button.py [--week week1] [--runs 3]

Starts ``make lab`` on a fresh throwaway workspace (the real learner lab, on a free loopback port), then
times the button's HTTP request, ``POST course/selfgrade`` with the lab's token, until the JSON result
is back: the first press (the week's private copy is generated if it is not cached yet) and ``--runs``
more presses. Prints each time, the median of the repeated presses and the grading time the server
measured, so the HTTP overhead shows too. Figures, not pass/fail (the issue's aim: under 2 s).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from tests.lab_server import free_port, stop  # noqa: E402  (the same start/stop helpers the lab tests use)

TOKEN = "bench-token"


def press(base: str, path: str) -> tuple[float, dict]:
    """One press of the button: the POST the front end sends; (seconds until the result is back, result)."""
    request = urllib.request.Request(f"{base}/course/selfgrade", data=json.dumps({"path": path}).encode(),
                                     method="POST", headers={"Authorization": f"token {TOKEN}",
                                                             "Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        body = json.loads(response.read())
    return time.perf_counter() - start, body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--week", default="week1")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-selfgrade-") as tmp:
        workspace = Path(tmp) / "my-work"
        port = free_port()
        lab_args = (f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port_retries=0 "
                    f"--IdentityProvider.token={TOKEN}")
        log = open(Path(tmp) / "lab.log", "wb")
        proc = subprocess.Popen(["make", "-s", "lab", f"WORKSPACE={workspace}", f"LAB_PORT={port}",
                                 f"LAB_ARGS={lab_args}"], cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=5):
                        break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        print("make lab did not start:\n" + (Path(tmp) / "lab.log").read_text(errors="replace"))
                        return 1
                    time.sleep(0.3)
            path = f"{args.week}/assignment.ipynb"
            first, body = press(base, path)
            again = [press(base, path) for _ in range(args.runs)]
            times = [t for t, _ in again]
            server = [b.get("seconds", float("nan")) for _, b in again]
            print(f"Self-grade button, {args.week} ({sum(len(n['questions']) for n in body['notebooks'])} questions), "
                  f"POST course/selfgrade to the result:")
            print(f"  first press: {first:.2f} s (includes generating the week's private copy if not cached)")
            print(f"  next {args.runs} presses: " + ", ".join(f"{t:.2f} s" for t in times)
                  + f"; median {statistics.median(times):.2f} s (server's grading time median "
                  f"{statistics.median(server):.2f} s)")
        finally:
            stop(proc)
            log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
