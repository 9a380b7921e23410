"""`python -m benchmarks [--source DIR ...] [--extra-points N]`: measure ingest and queries, print a table.

Speed and memory are measured here, on purpose, and never asserted by timed tests: timings depend
on the machine. `--extra-points N` adds N synthetic police.uk 'Violence and sexual offences'
records (in the published CSV format) to see how ingest and the hotspot page scale.
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
POLICE_UK_HEADER = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]


def write_synthetic_points(folder: Path, total: int, months: int = 24) -> None:
    """police.uk-format files with `total` violence records over central London snap points."""
    rng = np.random.default_rng(7)
    snaps_lon = rng.normal(-0.12, 0.08, 20_000)
    snaps_lat = rng.normal(51.51, 0.05, 20_000)
    per_month = total // months
    for m in range(months):
        year, month = 2024 + (2 + m) // 12, (2 + m) % 12 + 1
        chosen = rng.integers(0, len(snaps_lon), per_month)
        with open(folder / f"{year}-{month:02d}-benchmark-street.csv", "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(POLICE_UK_HEADER)
            for i in chosen:
                writer.writerow(
                    [
                        "",
                        f"{year}-{month:02d}",
                        "Metropolitan Police Service",
                        "Metropolitan Police Service",
                        f"{snaps_lon[i]:.6f}",
                        f"{snaps_lat[i]:.6f}",
                        f"On or near Snap {i}",
                        "",
                        "",
                        "Violence and sexual offences",
                        "Under investigation",
                        "",
                    ]
                )


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and the child's peak resident memory in MiB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--source", action="append", default=None)
    parser.add_argument("--extra-points", type=int, default=0)
    args = parser.parse_args()
    sources = [Path(s) for s in (args.source or [ROOT / "data" / "sample"])]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if args.extra_points:
            extra = tmp_path / "extra"
            extra.mkdir()
            write_synthetic_points(extra, args.extra_points)
            sources.append(extra)
        store = tmp_path / "bench.duckdb"
        command = [sys.executable, "-m", "dashboard", "ingest", "--store", str(store)]
        for source in sources:
            command += ["--source", str(source)]
        seconds, peak = timed(command)
        print(
            f"| step | seconds | peak MiB |\n|---|---|---|\n| ingest {', '.join(s.name for s in sources)} | {seconds:.1f} | {peak:.0f} |"
        )
        size = store.stat().st_size / 2**20
        print(f"\nStore size: {size:.1f} MiB")
        probe = ROOT / "benchmarks" / "query_latency.py"
        result = subprocess.run([sys.executable, str(probe), str(store)], cwd=ROOT, capture_output=True, text=True)
        print(result.stdout or result.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
