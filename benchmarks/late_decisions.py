"""The daily sweep's fallback for the decision-late automation, at national scale.

    python benchmarks/late_decisions.py [--municipalities 290] [--database URL]

Plans Timrå's wheel for budget year 2020 under as many municipality codes (each cycle has
its KF and KS decisions: 39 milestones), none of the decisions recorded, then times
`announce_late_decisions` as the sweep runs it on Monday 2 December 2019 at 07:00, when
the two decisions of KF's meeting on 25 November (the budget, and the auditors' budget)
are a week late everywhere: once when every coordinator's notice is new (no automation ran),
and once more the next morning, when each is queued already and nothing is judged again
(the everyday case: the automation told them at midnight).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LOOKBACK = dt.timedelta(days=30)


def plan_all(url: str, count: int) -> None:
    from arshjul.models.db import create_schema, make_engine

    from arshjul.context import Context
    from arshjul.cycle_templates import resolve
    from arshjul.services.planning import checked_plan, save_plan
    from arshjul.settings import get_settings

    engine = make_engine(url)
    create_schema(engine)
    text = resolve("timra").read_text(encoding="utf-8")
    folder = Path(tempfile.mkdtemp(prefix="arshjul-bench-wheels-"))
    ctx = Context.create(get_settings(), engine=engine).at(dt.datetime(2019, 1, 2, tzinfo=dt.UTC))
    for i in range(count):
        path = folder / f"k{i}.yaml"
        path.write_text(text.replace('code: "2262"', f'code: "{9000 + i}"'), encoding="utf-8")
        template, cycle_plan, overridden = checked_plan(path, 2020)
        save_plan(ctx, template=template, cycle_plan=cycle_plan, overridden=overridden)
    engine.dispose()


def measure(url: str) -> None:
    from arshjul.models.db import make_engine

    from arshjul.context import Context
    from arshjul.core.instants import STOCKHOLM
    from arshjul.services.milestone_mirror import announce_late_decisions
    from arshjul.settings import get_settings

    engine = make_engine(url)
    for day in (2, 3):
        at = dt.datetime(2019, 12, day, 7, tzinfo=STOCKHOLM)
        ctx = Context.create(get_settings(), engine=engine).at(at)
        started = time.perf_counter()
        found = announce_late_decisions(ctx, lookback=LOOKBACK)
        took = time.perf_counter() - started
        each = f" ({1000 * took / found.late:.1f} ms a decision)" if found.late else ""
        print(
            f"{at:%Y-%m-%d %H:%M}: {found.late} late decisions judged, {found.owed} notices "
            f"owed, {found.new} new: {took:.2f} s{each}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=290)
    parser.add_argument("--database", default="")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='arshjul-bench-')}/late.db"
    started = time.perf_counter()
    plan_all(url, args.municipalities)
    print(f"planned {args.municipalities} cycles in {time.perf_counter() - started:.1f} s")
    measure(url)


if __name__ == "__main__":
    main()
