"""Figures from the views a scenario recorded: percentiles, errors, views per second, per-page ratios.

Computed from the exact server times in the samples file (Locust rounds times in its own
percentiles). A view counts as an error when it showed an exception element or a missing page,
when the protocol failed, or when it never finished before the run's time bound.
"""

from __future__ import annotations

import csv
import json
import statistics
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REFERENCE = "reference"


def load_samples(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def views_of(samples: list[dict], app: str = "dashboard", *, include_warmup: bool = False) -> list[dict]:
    return [
        s
        for s in samples
        if s.get("kind") == "view" and s.get("app") == app and (include_warmup or not s.get("warmup"))
    ]


@dataclass
class ViewStats:
    """Server time of views (rerun sent -> script finished), in seconds."""

    views: int
    errors: int
    p50: float
    p95: float
    p99: float
    max: float
    views_per_second: float
    span_seconds: float
    first_errors: list[str]

    def as_dict(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def view_stats(views: list[dict], *, expected: int | None = None, settle_seconds: float = 0.0) -> ViewStats:
    """Percentiles over views that finished; errors include views that never did.

    Views per second: views finished per second between the first view's start (plus
    ``settle_seconds``, to leave out the arrival of a closed loop's users) and the last finish.
    """
    timed = [v for v in views if v.get("seconds") is not None]
    seconds = [v["seconds"] for v in timed]
    failed = [v for v in views if v.get("error")]
    missing = max(0, (expected or 0) - len(views))
    first_errors = sorted({str(v["error"])[:160] for v in failed})[:5]
    if missing:
        first_errors.append(f"{missing} view(s) not finished when the run's time bound stopped it")
    rate, span = 0.0, 0.0
    if timed:
        start = min(v["started"] for v in timed) + settle_seconds
        end = max(v["started"] + v["seconds"] for v in timed)
        finished = [v for v in timed if v["started"] + v["seconds"] >= start]
        span = end - start
        rate = len(finished) / span if span > 0 else 0.0
    return ViewStats(
        views=len(views) + missing,
        errors=len(failed) + missing,
        p50=_percentile(seconds, 50),
        p95=_percentile(seconds, 95),
        p99=_percentile(seconds, 99),
        max=max(seconds) if seconds else float("nan"),
        views_per_second=rate,
        span_seconds=span,
        first_errors=first_errors,
    )


@dataclass
class PageRatio:
    """A page's median warm server time, and its mean server CPU per view, against the reference page's."""

    page: str
    views: int
    errors: int
    median_seconds: float
    reference_median_seconds: float
    mean_cpu_seconds: float = float("nan")
    reference_mean_cpu_seconds: float = float("nan")

    @property
    def ratio(self) -> float:
        return self.median_seconds / self.reference_median_seconds if self.reference_median_seconds else float("nan")

    @property
    def cpu_ratio(self) -> float:
        if not self.reference_mean_cpu_seconds or self.reference_mean_cpu_seconds != self.reference_mean_cpu_seconds:
            return float("nan")
        return self.mean_cpu_seconds / self.reference_mean_cpu_seconds


def _mean_cpu(views: list[dict]) -> float:
    """Mean server CPU per view: CPU time is counted in 10 ms ticks, so a mean, not a median, is meaningful."""
    cpu = [v["server_cpu_seconds"] for v in views if v.get("server_cpu_seconds") is not None]
    return statistics.mean(cpu) if cpu else float("nan")


def per_view_ratios(samples: list[dict], pages: list[str]) -> tuple[list[PageRatio], int]:
    """Each page's median warm server time against the reference page's, from the same run.

    Each page is compared with the reference views paired with it (asked for the same way: a page
    load when the page's view was one); samples without pairs compare with every reference view.
    """
    reference_views = views_of(samples, REFERENCE)
    rows = []
    dashboard = views_of(samples)
    for page in pages:
        paired = [v for v in reference_views if v.get("pair") == page] or reference_views
        reference = [v["seconds"] for v in paired if v.get("seconds") is not None]
        of_page = [v for v in dashboard if v.get("label") == page]
        seconds = [v["seconds"] for v in of_page if v.get("seconds") is not None]
        rows.append(
            PageRatio(
                page,
                len(of_page),
                sum(1 for v in of_page if v.get("error")),
                statistics.median(seconds) if seconds else float("nan"),
                statistics.median(reference) if reference else float("nan"),
                _mean_cpu(of_page),
                _mean_cpu(paired),
            )
        )
    return rows, sum(1 for v in reference_views if v.get("seconds") is not None)


def write_per_view(rows: list[PageRatio], reference_views: int, out_dir: Path) -> tuple[Path, Path]:
    csv_path, md_path = out_dir / "per-view.csv", out_dir / "per-view.md"
    with open(csv_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "page",
                "views",
                "errors",
                "median_seconds",
                "reference_median_seconds",
                "ratio",
                "mean_server_cpu_seconds",
                "reference_mean_server_cpu_seconds",
                "cpu_ratio",
            ]
        )
        for row in rows:
            writer.writerow(
                [
                    row.page,
                    row.views,
                    row.errors,
                    f"{row.median_seconds:.4f}",
                    f"{row.reference_median_seconds:.4f}",
                    f"{row.ratio:.2f}",
                    f"{row.mean_cpu_seconds:.4f}",
                    f"{row.reference_mean_cpu_seconds:.4f}",
                    f"{row.cpu_ratio:.2f}",
                ]
            )
    md_path.write_text(per_view_markdown(rows, reference_views), encoding="utf-8")
    return csv_path, md_path


def per_view_markdown(rows: list[PageRatio], reference_views: int) -> str:
    lines = [
        f"Median warm server time per page against the bare reference page, same run ({reference_views} reference "
        "views, each right after a page's view and asked for the same way: a page load when the page's view was "
        "one); target: every page at most 1.5x. Server CPU per view (mean) is the same comparison, less moved by "
        "other work on the machine.",
        "",
        "| page | views | errors | median (ms) | reference (ms) | × reference | server CPU (ms) | reference CPU (ms) "
        "| CPU × reference |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| `{r.page}` | {r.views} | {r.errors} | {r.median_seconds * 1000:.0f} | "
        f"{r.reference_median_seconds * 1000:.0f} | {r.ratio:.2f} | {r.mean_cpu_seconds * 1000:.0f} | "
        f"{r.reference_mean_cpu_seconds * 1000:.0f} | {r.cpu_ratio:.2f} |"
        for r in rows
    ]
    return "\n".join(lines) + "\n"
