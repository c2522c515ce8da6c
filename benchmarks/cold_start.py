"""Cold-start cost of the CLI: each command in a new process, median of N runs, in CPU
seconds (user + system, of the child process) and wall seconds.

    python benchmarks/cold_start.py [--runs 9]

`python -c "import sqlmodel"` is the floor a command that reads the database stands on;
read-only commands must stay close to it (issue 13: `arshjul status` under 0.5 s of CPU).
`demo` pays for Prefect's temporary server.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARSHJUL = str(Path(sys.executable).with_name("arshjul"))


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu, wall


def median_of(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    results = [timed(cmd, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="arshjul-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARSHJUL_", "PREFECT_"))}
    env["ARSHJUL_HOME"] = str(home)

    results = {"arshjul demo (fresh home)": timed([ARSHJUL, "demo"], env)}
    results["arshjul demo (warm home)"] = median_of([ARSHJUL, "demo"], env, max(args.runs // 3, 1))
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import sqlmodel'": [sys.executable, "-c", "import sqlmodel"],
        "python -c 'import prefect'": [sys.executable, "-c", "import prefect"],
        "arshjul status": [ARSHJUL, "status", "--as-of", "2019-05-08"],
        "arshjul deadlines --format json": [ARSHJUL, "deadlines", "--all", "--format", "json"],
        "arshjul validate timra": [ARSHJUL, "validate", "timra", "--year", "2020"],
    }
    for name, cmd in commands.items():
        results[name] = median_of(cmd, env, args.runs)
    floor = results["python -c 'import sqlmodel'"][0]
    print(f"{'command':36} {'CPU s':>7} {'wall s':>7} {'CPU × import sqlmodel':>22}")
    for name, (cpu, wall) in results.items():
        print(f"{name:36} {cpu:7.3f} {wall:7.3f} {cpu / floor:22.2f}")


if __name__ == "__main__":
    main()
