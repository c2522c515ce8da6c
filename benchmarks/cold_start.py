"""Cold-start cost of the CLI: each command in a new process, median of N runs.

    python benchmarks/cold_start.py [--runs 5]

Prints seconds per command and the ratio to `python -c pass`. Read-only commands must stay
close to the interpreter's own start; `demo` pays for Prefect's temporary server.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARSHJUL = str(Path(sys.executable).with_name("arshjul"))


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="arshjul-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARSHJUL_", "PREFECT_"))}
    env["ARSHJUL_HOME"] = str(home)

    fresh_demo = timed([ARSHJUL, "demo"], env)  # new ARSHJUL_HOME and Prefect database
    warm_demo = statistics.median(timed([ARSHJUL, "demo"], env) for _ in range(args.runs))
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import prefect'": [sys.executable, "-c", "import prefect"],
        "arshjul status": [ARSHJUL, "status", "--as-of", "2019-05-08"],
        "arshjul deadlines --format json": [ARSHJUL, "deadlines", "--all", "--format", "json"],
        "arshjul validate timra": [ARSHJUL, "validate", "timra", "--year", "2020"],
    }
    results = {
        name: statistics.median(timed(cmd, env) for _ in range(args.runs))
        for name, cmd in commands.items()
    }
    results["arshjul demo (fresh home)"] = fresh_demo
    results["arshjul demo (warm home)"] = warm_demo
    base = results["python -c pass"]
    print(f"{'command':40} {'seconds':>8} {'× python':>9}")
    for name, seconds in results.items():
        print(f"{name:40} {seconds:8.3f} {seconds / base:9.1f}")


if __name__ == "__main__":
    main()
