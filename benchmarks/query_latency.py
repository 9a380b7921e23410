"""Time every named query that takes no parameters, or defaults we can supply, cold and warm."""

from __future__ import annotations

import os
import sys
import time

os.environ["VAWG_STORE"] = sys.argv[1]
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from dashboard import data  # noqa: E402

DEFAULTS = {
    "borough": "London",
    "from": "2024-03-01",
    "to": "2026-02-01",
    "from_month": "2024-03-01",
    "to_month": "2026-02-01",
    "offence": "all",
    "measure": "count",
    "resolution": 8,
    "period": "all",
    "view": "significance",
    "radius": 100,
}

print("| query | first call ms | cached call ms | rows |\n|---|---|---|---|")
for query in data.available_queries():
    params = {p: DEFAULTS.get(p, "London") for p in query.parameters}
    try:
        started = time.perf_counter()
        frame = data.run(query.name, **params)
        cold = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        data.run(query.name, **params)
        warm = (time.perf_counter() - started) * 1000
        print(f"| {query.name} | {cold:.1f} | {warm:.2f} | {len(frame):,} |")
    except data.QueryError as error:
        print(f"| {query.name} | failed: {str(error)[:60]} | | |")
