"""`python -m benchmarks.load [--scenario press-day|per-view|scaling|all] [--store PATH] [--workers N] [--quick]`.

The load benchmark of issue 10, run with Locust against `python -m serve` on this machine:

- press-day: 100 visitors arrive within 10 s; each opens a view every 10 s, 6 views, drawn
  evenly over every page and all 32 boroughs; 2 workers, as `python -m serve` starts them (it
  warms its workers itself); --warm also shows every worker every view first, through the balancer.
- per-view: one visitor views each page 15 times, each followed by the bare reference page
  (benchmarks/load/reference_app.py, served the same way with one worker); the first round is
  left out (warm-up); median server time per page and its ratio to the reference's.
- scaling: closed loop (no wait, visitors back to back) against 1 worker then 2, each worker
  first shown every view; views per second and the ratio.

Prints p50, p95, p99 and max server time (rerun sent -> script finished), errors, views per
second, each worker's memory (RSS peak and end) and CPU, and the CPU the load generator used.
Writes Locust's CSV and HTML reports, the exact per-view samples (JSONL), per-view.csv/.md and
summary.md/.json into test-artifacts/load/. Times depend on the machine: nothing here asserts them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from benchmarks.load import machine, report, servers
from benchmarks.load.report import ViewStats
from benchmarks.load.views import PAGES, PER_VIEW_BOROUGH, borough_names, distinct_views, label
from benchmarks.load.warm_up import warm_workers
from benchmarks.load.worker_usage import UsageSampler, WorkerUsage

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "load"
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
DASHBOARD_APP = servers.DASHBOARD_APP
REFERENCE_APP = "benchmarks/load/reference_app.py"
ARRIVAL_SECONDS = 10.0  # the press-day crowd arrives within this
CLOSED_LOOP_SETTLE_SECONDS = 5.0  # left out of views per second while a closed loop's users connect
CLOSED_LOOP_VISIT_VIEWS = 6  # a closed-loop user becomes a new visitor (new tab, new cookies) this often

# How the press-day servers start: python -m serve warms its own workers unless told not to.
START_WORDS = {False: "servers as python -m serve starts them", True: "every worker first shown every view"}
TARGET_PRESS_DAY_P95 = 1.0
TARGET_PER_VIEW_RATIO = 1.5
TARGET_SCALING = 1.8


@dataclass
class LocustRun:
    name: str
    samples: list[dict]
    cpu_seconds: float
    wall_seconds: float
    returncode: int


@dataclass
class Outcome:
    """What one scenario measured, for the printout and summary files."""

    name: str
    lines: list[str] = field(default_factory=list)
    figures: dict = field(default_factory=dict)
    markdown: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Other work on the machine moves every figure: say how busy it was as each scenario began.
        self.say(f"\n[{self.name}] load average {machine.load_average()} at {time.strftime('%H:%M:%S')}")

    def say(self, line: str) -> None:
        print(line, flush=True)
        self.lines.append(line)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", choices=["press-day", "per-view", "scaling", "all"], default="all")
    parser.add_argument("--store", help="DuckDB store (default $VAWG_STORE, else data/build/vawg.duckdb)")
    parser.add_argument("--workers", type=int, default=2, help="workers for press day (default 2)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a short check that the tooling works: 10 visitors x 1 view, 3 rounds, 15 s loops",
    )
    parser.add_argument("--warm", action="store_true", help="press day: show every worker every view first")
    parser.add_argument("--visitors", type=int, help="press-day visitors (default 100; quick 10)")
    parser.add_argument("--views-per-visitor", type=int, help="views per visitor (default 6; quick 1)")
    parser.add_argument("--pacing", type=float, default=10.0, help="press day: seconds between a visitor's views")
    parser.add_argument("--repeats", type=int, help="per-view rounds, the first left out (default 15; quick 3)")
    parser.add_argument("--seconds", type=float, help="scaling: seconds of closed loop per worker count (default 60)")
    parser.add_argument("--users", type=int, help="scaling: concurrent closed-loop users (default 8; quick 4)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a view may take before it fails")
    parser.add_argument("--out", default=str(ARTIFACTS), help="reports folder (default test-artifacts/load)")
    args = parser.parse_args(argv)
    quick = args.quick
    args.visitors = args.visitors or (10 if quick else 100)
    args.views_per_visitor = args.views_per_visitor or (1 if quick else 6)
    args.repeats = args.repeats or (3 if quick else 15)
    args.seconds = args.seconds or (15.0 if quick else 60.0)
    args.users = args.users or (4 if quick else 8)
    return args


def resolve_store(given: str | None) -> Path:
    if given:
        return Path(given).expanduser().resolve()
    configured = os.environ.get("VAWG_STORE")
    return Path(configured).expanduser().resolve() if configured else ROOT / "data" / "build" / "vawg.duckdb"


# -- running Locust ---------------------------------------------------------------------------


def run_locust(
    name: str, user_class: str, host: str, *, users: int, spawn_rate: float, run_time: float, plan: dict, out: Path
) -> LocustRun:
    """Locust headless in its own process; its CPU time is what the load generator cost."""
    samples = out / f"{name}-views.jsonl"
    usage = out / f"{name}-load-generator.json"
    for stale in (samples, usage):
        stale.unlink(missing_ok=True)
    plan_path = out / f"{name}-plan.json"
    plan_path.write_text(json.dumps({**plan, "samples": str(samples), "usage": str(usage)}, indent=1), encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        host,
        "--users",
        str(users),
        "--spawn-rate",
        f"{spawn_rate:g}",
        "--run-time",
        f"{int(run_time)}s",
        "--stop-timeout",
        "5",
        "--csv",
        str(out / name),
        "--html",
        str(out / f"{name}.html"),
        "--only-summary",
        "--exit-code-on-error",
        "0",
        "--loglevel",
        "WARNING",
        "--load-plan",
        str(plan_path),
        user_class,
    ]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with open(out / f"{name}-locust.log", "wb") as log:
        process = subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=run_time + 120,
            check=False,
        )
    cost = json.loads(usage.read_text(encoding="utf-8")) if usage.is_file() else {}
    return LocustRun(
        name,
        report.load_samples(samples),
        cost.get("cpu_seconds", float("nan")),
        cost.get("wall_seconds", float("nan")),
        process.returncode,
    )


# -- printing ---------------------------------------------------------------------------------


def seconds_text(value: float) -> str:
    return f"{value:.3f} s"


def say_stats(outcome: Outcome, stats: ViewStats) -> None:
    outcome.say(
        f"  views {stats.views}, errors {stats.errors}; server time p50 {seconds_text(stats.p50)}, "
        f"p95 {seconds_text(stats.p95)}, p99 {seconds_text(stats.p99)}, max {seconds_text(stats.max)}; "
        f"{stats.views_per_second:.2f} views/s over {stats.span_seconds:.0f} s"
    )
    for error in stats.first_errors:
        outcome.say(f"    error: {error}")


def say_usage(outcome: Outcome, usage: list[WorkerUsage], run: LocustRun) -> dict:
    for worker in usage:
        outcome.say(
            f"  worker {worker.name} (pid {worker.pid}): RSS peak {worker.peak_rss_mib:.0f} MiB, "
            f"end {worker.end_rss_mib:.0f} MiB; CPU {worker.cpu_used:.1f} s"
        )
    share = run.cpu_seconds / run.wall_seconds if run.wall_seconds else 0.0
    outcome.say(
        f"  load generator (Locust, one process, from first user to last): {run.cpu_seconds:.1f} CPU s in "
        f"{run.wall_seconds:.0f} s = {share * 100:.0f}% of one core"
    )
    return {
        "workers": [
            {
                "name": w.name,
                "pid": w.pid,
                "peak_rss_mib": round(w.peak_rss_mib, 1),
                "end_rss_mib": round(w.end_rss_mib, 1),
                "cpu_seconds": round(w.cpu_used, 2),
            }
            for w in usage
        ],
        "load_generator_cpu_seconds": round(run.cpu_seconds, 2),
        "load_generator_wall_seconds": round(run.wall_seconds, 1),
    }


def verdict(met: bool) -> str:
    return "meets the target" if met else "MISSES the target"


# -- scenarios --------------------------------------------------------------------------------


def press_day(args: argparse.Namespace, store: Path, boroughs: list[str], out: Path) -> Outcome:
    outcome = Outcome("press-day")
    outcome.say(
        f"press day: {args.visitors} visitors arriving within {ARRIVAL_SECONDS:.0f} s, each opening a view "
        f"every {args.pacing:g} s, {args.views_per_visitor} views; {args.workers} workers; "
        f"{START_WORDS[args.warm]}"
    )
    with servers.serving(
        DASHBOARD_APP, workers=args.workers, store=store, run_dir=out / "servers" / "press-day"
    ) as running:
        if args.warm:
            outcome.say("  " + warm_workers(running, distinct_views(boroughs), args.timeout))
        sampler = UsageSampler(running.workers).start()
        spawn_rate = max(1.0, args.visitors / ARRIVAL_SECONDS)
        # The run ends when the last visitor leaves; the bound only stops a run in which every view
        # takes as long as a view may (--timeout), so slow views are measured rather than cut off.
        bound = ARRIVAL_SECONDS + args.views_per_visitor * max(args.pacing, args.timeout) + 30
        plan = {
            "boroughs": boroughs,
            "visitors": args.visitors,
            "views_per_visitor": args.views_per_visitor,
            "pacing": args.pacing,
            "timeout": args.timeout,
            "seed": 10,
        }
        run = run_locust(
            "press-day",
            "PressDayVisitor",
            running.url,
            users=args.visitors,
            spawn_rate=spawn_rate,
            run_time=bound,
            plan=plan,
            out=out,
        )
        usage = sampler.stop()
    views = report.views_of(run.samples)
    stats = report.view_stats(views, expected=args.visitors * args.views_per_visitor)
    say_stats(outcome, stats)
    outcome.figures = {
        "stats": stats.as_dict(),
        **say_usage(outcome, usage, run),
        "distinct_views": len({v["path"] for v in views}),
        "workers": args.workers,
        "visitors": args.visitors,
        "views_per_visitor": args.views_per_visitor,
        "warm": args.warm,
    }
    met = stats.p95 <= TARGET_PRESS_DAY_P95 and stats.errors == 0
    outcome.say(
        f"  {len({v['path'] for v in views})} distinct views; p95 <= {TARGET_PRESS_DAY_P95:g} s with no "
        f"errors: {verdict(met)}"
    )
    outcome.markdown = [
        f"**Press day** ({args.visitors} visitors x {args.views_per_visitor} views, one every {args.pacing:g} s, "
        f"{args.workers} workers, {START_WORDS[args.warm]}): p50 {stats.p50:.3f} s, "
        f"p95 {stats.p95:.3f} s, p99 {stats.p99:.3f} s, max {stats.max:.3f} s, {stats.errors} errors, "
        f"{stats.views_per_second:.2f} views/s.",
    ]
    return outcome


def per_view(args: argparse.Namespace, store: Path, boroughs: list[str], out: Path) -> Outcome:
    outcome = Outcome("per-view")
    outcome.say(
        f"per view: one visitor, each page {args.repeats} times (first round left out), each view "
        "followed by the bare reference page; 1 worker each"
    )
    with (
        servers.serving(
            DASHBOARD_APP, workers=1, store=store, run_dir=out / "servers" / "per-view-dashboard"
        ) as dashboard,
        servers.serving(
            REFERENCE_APP, workers=1, store=store, run_dir=out / "servers" / "per-view-reference"
        ) as reference,
    ):
        sampler = UsageSampler(
            lambda: (
                [replace(w, name=f"dashboard/{w.name}") for w in dashboard.workers()]
                + [replace(w, name=f"reference/{w.name}") for w in reference.workers()]
            )
        ).start()
        borough = PER_VIEW_BOROUGH if PER_VIEW_BOROUGH in boroughs else boroughs[0]
        # One visitor alone on each worker: the worker's CPU time around a view is that view's.
        cpu_pids = {
            app: running.workers()[0].pid for app, running in (("dashboard", dashboard), ("reference", reference))
        }
        plan = {
            "boroughs": boroughs,
            "visitors": 1,
            "repeats": args.repeats,
            "timeout": args.timeout,
            "reference_url": reference.url,
            "borough": borough,
            "cpu_pids": cpu_pids,
        }
        bound = len(PAGES) * 2 * args.repeats * args.timeout
        run = run_locust(
            "per-view", "PerViewVisitor", dashboard.url, users=1, spawn_rate=1, run_time=bound, plan=plan, out=out
        )
        usage = sampler.stop()
    pages = [label(t) for t in PAGES]
    rows, reference_views = report.per_view_ratios(run.samples, pages)
    csv_path, md_path = report.write_per_view(rows, reference_views, out)
    reference_median = rows[0].reference_median_seconds if rows else float("nan")
    reference_cpu = rows[0].reference_mean_cpu_seconds if rows else float("nan")
    outcome.say(
        f"  reference page: {reference_views} views, each right after a page's view and asked for the same way "
        "(a page load when the page's view was one); each page is compared with its own"
    )
    outcome.say(
        f"  {'page':<22} {'views':>5} {'errors':>6} {'median':>10} {'ref':>8} {'x ref':>6} {'CPU ms':>7} "
        f"{'ref':>5} {'x ref':>6}"
    )
    for row in rows:
        outcome.say(
            f"  {row.page:<22} {row.views:>5} {row.errors:>6} {seconds_text(row.median_seconds):>10} "
            f"{seconds_text(row.reference_median_seconds):>8} {row.ratio:>6.2f} {row.mean_cpu_seconds * 1000:>7.0f} "
            f"{row.reference_mean_cpu_seconds * 1000:>5.0f} {row.cpu_ratio:>6.2f}"
        )
    worst = max((r.ratio for r in rows), default=float("nan"))
    worst_cpu = max((r.cpu_ratio for r in rows), default=float("nan"))
    errors = sum(r.errors for r in rows)
    outcome.say(
        f"  worst ratio {worst:.2f} (server CPU {worst_cpu:.2f}), {errors} errors (borough pages use "
        f"?borough={borough}): every page <= {TARGET_PER_VIEW_RATIO:g}x: "
        f"{verdict(worst <= TARGET_PER_VIEW_RATIO and errors == 0)}"
    )
    outcome.say(
        f"  wrote {csv_path.relative_to(ROOT) if csv_path.is_relative_to(ROOT) else csv_path} and {md_path.name}"
    )
    outcome.figures = {
        "reference_median_seconds": round(reference_median, 4),
        "reference_mean_server_cpu_seconds": round(reference_cpu, 4),
        "reference_views": reference_views,
        "pages": [
            {
                "page": r.page,
                "views": r.views,
                "errors": r.errors,
                "median_seconds": round(r.median_seconds, 4),
                "ratio": round(r.ratio, 3),
                "mean_server_cpu_seconds": round(r.mean_cpu_seconds, 4),
                "cpu_ratio": round(r.cpu_ratio, 3),
            }
            for r in rows
        ],
        **say_usage(outcome, usage, run),
    }
    outcome.markdown = ["**Per view**: " + report.per_view_markdown(rows, reference_views)]
    return outcome


def scaling(args: argparse.Namespace, store: Path, boroughs: list[str], out: Path) -> Outcome:
    outcome = Outcome("scaling")
    outcome.say(
        f"scaling: closed loop, {args.users} users with no wait (a new visitor every "
        f"{CLOSED_LOOP_VISIT_VIEWS} views), {args.seconds:g} s, 1 worker then 2; each worker first shown "
        "every view"
    )
    warm_views = distinct_views(boroughs[:1] if args.quick else boroughs)
    rates: dict[int, float] = {}
    for workers in (1, 2):
        name = f"scaling-{workers}-worker{'s' if workers > 1 else ''}"
        with servers.serving(DASHBOARD_APP, workers=workers, store=store, run_dir=out / "servers" / name) as running:
            outcome.say(f" {workers} worker(s): " + warm_workers(running, warm_views, args.timeout))
            sampler = UsageSampler(running.workers).start()
            plan = {
                "boroughs": boroughs,
                "views_per_visitor": CLOSED_LOOP_VISIT_VIEWS,
                "timeout": args.timeout,
                "seed": 10 + workers,
            }
            run = run_locust(
                name,
                "ClosedLoopVisitor",
                running.url,
                users=args.users,
                spawn_rate=args.users,
                run_time=args.seconds + CLOSED_LOOP_SETTLE_SECONDS,
                plan=plan,
                out=out,
            )
            usage = sampler.stop()
        stats = report.view_stats(report.views_of(run.samples), settle_seconds=CLOSED_LOOP_SETTLE_SECONDS)
        say_stats(outcome, stats)
        worker_cpu = sum(w.cpu_used for w in usage)
        outcome.figures[name] = {
            "stats": stats.as_dict(),
            **say_usage(outcome, usage, run),
            "views_per_worker_cpu_second": round(stats.views / worker_cpu, 3) if worker_cpu else None,
            "worker_cores_used": round(worker_cpu / run.wall_seconds, 3) if run.wall_seconds else None,
        }
        if worker_cpu and run.wall_seconds:
            # Other work on the machine can keep the workers from both cores: this says whether it did.
            outcome.say(
                f"  the workers used {worker_cpu / run.wall_seconds:.2f} cores on average; "
                f"{stats.views / worker_cpu:.1f} views per worker CPU second"
            )
        rates[workers] = stats.views_per_second
    ratio = rates[2] / rates[1] if rates.get(1) else float("nan")
    outcome.figures["ratio"] = round(ratio, 3)
    outcome.say(
        f"  2 workers serve {ratio:.2f}x the views per second of 1 (target >= {TARGET_SCALING:g}x): "
        f"{verdict(ratio >= TARGET_SCALING)}"
    )
    outcome.markdown = [
        f"**Scaling** (closed loop, {args.users} users): 1 worker {rates.get(1, 0):.2f} views/s, "
        f"2 workers {rates.get(2, 0):.2f} views/s, ratio {ratio:.2f}."
    ]
    return outcome


SCENARIOS = {"per-view": per_view, "press-day": press_day, "scaling": scaling}


def write_summary(outcomes: list[Outcome], header: list[str], out: Path) -> None:
    (out / "summary.json").write_text(
        json.dumps({"header": header, **{o.name: o.figures for o in outcomes}}, indent=1) + "\n", encoding="utf-8"
    )
    lines = ["# Load benchmark (python -m benchmarks.load)", "", *[f"- {h}" for h in header], ""]
    for outcome in outcomes:
        lines += [*outcome.markdown, "", "```", *[line.rstrip() for line in outcome.lines if line.strip()], "```", ""]
    (out / "summary.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    store = resolve_store(args.store)
    if not store.is_file():
        print(
            f"No store at {store}. Build one, e.g. `.venv/bin/python -m dashboard ingest --source DIR --store "
            f"{store}`, or pass --store.",
            file=sys.stderr,
        )
        return 2
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    boroughs, source = borough_names(store)
    names = list(SCENARIOS) if args.scenario == "all" else [args.scenario]
    header = [
        f"machine: {machine.describe()}",
        f"load average at start: {machine.load_average()}",
        f"store: {store} ({store.stat().st_size / 2**20:.0f} MiB); {len(boroughs)} boroughs from {source}",
        "servers: "
        + (
            "python -m serve (HAProxy in front of Streamlit workers)"
            if servers.serve_available()
            else "plain `streamlit run` (serve/ is not in this checkout: one worker only)"
        ),
        f"started {time.strftime('%Y-%m-%d %H:%M:%S %Z')}" + (" (--quick)" if args.quick else ""),
    ]
    print("\n".join(header), flush=True)
    outcomes: list[Outcome] = []
    failed = False
    for name in names:
        try:
            outcomes.append(SCENARIOS[name](args, store, boroughs, out))
        except servers.ServerError as error:
            failed = True
            print(f"\n{name}: the servers did not start: {error}", file=sys.stderr, flush=True)
    write_summary(outcomes, header, out)
    print(f"\nreports: {out}/ (Locust *_stats.csv and *.html, *-views.jsonl, per-view.csv/.md, summary.md/.json)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
