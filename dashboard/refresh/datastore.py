"""The London Datastore: ask its CKAN-compatible API for a dataset's current file address.

`/api/action/package_show?id=<short id>` answers JSON: `{"success": true, "result": {"resources":
[{"name": ..., "url": ..., "format": ...}, ...]}}`, newest upload first. The first resource whose name
(or, without one, file name) matches the source's pattern is the file to fetch.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from dashboard.refresh.checks import CheckFailed
from dashboard.refresh.manifest import Source


def file_name(url: str) -> str:
    """The published file's name: the URL's last path part, or the file a `?uri=` points at (the ONS's links)."""
    parts = urlsplit(url)
    pointed = parse_qs(parts.query).get("uri")
    return Path(pointed[0]).name if pointed else unquote(Path(parts.path).name)


def resource_url(source: Source, answer: Path) -> str:
    """The download address of `source` in a package_show answer saved at `answer`. Raises CheckFailed."""
    try:
        body = json.loads(answer.read_text(encoding="utf-8"))
        resources = body["result"]["resources"] if body.get("success") else None
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError):
        raise CheckFailed("the Datastore API did not answer with a dataset's resources (JSON)") from None
    if resources is None:
        raise CheckFailed("the Datastore API answered success=false (dataset not found?)")
    for resource in resources:
        if not isinstance(resource, dict) or not resource.get("url"):
            continue
        name = str(resource.get("name") or file_name(resource["url"]))
        if source.matches_resource(name):
            return str(resource["url"])
    names = ", ".join(str(r.get("name")) for r in resources[:5] if isinstance(r, dict))
    raise CheckFailed(f"no resource named like /{source.resource}/ in the dataset (it has: {names or 'none'})")
