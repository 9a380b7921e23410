"""The browser's ForwardMsg cache, as Streamlit's frontend keeps it for one open tab.

The server replaces a cacheable message (a ``new_element`` delta of 10 KB or more) by a
``ref_hash`` when the client listed that hash in ``ClientState.cached_message_hashes``. The
frontend (``ForwardMsgCache`` in static/js/index.*.js, Streamlit 1.67) keeps every cacheable
message it receives, keyed by hash, with the script-run count at which it was last used; after
each finished run it counts one more run and drops messages not used for more than
``NewSession.config.max_cached_message_age`` runs (2 by default). The cache lives in the page's
memory: a new tab (a new visitor) starts empty, and a reload empties it.

A load client only needs to know what a cached message was (its element type, so a cached
exception still counts as one), not its bytes, so that is all this keeps.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class _Entry:
    element_type: str
    last_used_run: int
    fragment_id: str


class MessageCache:
    """Hashes of cacheable ForwardMsgs one browser tab holds, aged the way the frontend ages them."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._run_count = 0

    def __len__(self) -> int:
        return len(self._entries)

    def hashes(self) -> list[str]:
        """What the next rerun_script lists as cached_message_hashes."""
        return list(self._entries)

    def remember(self, msg_hash: str, element_type: str, fragment_id: str = "") -> None:
        """A cacheable message arrived in full; an already cached one is only marked as used."""
        entry = self._entries.get(msg_hash)
        if entry is None:
            self._entries[msg_hash] = _Entry(element_type, self._run_count, fragment_id)
        else:
            entry.last_used_run = self._run_count

    def recall(self, msg_hash: str) -> str | None:
        """The element type behind a ref_hash, marked as used; None is a miss (the frontend throws)."""
        entry = self._entries.get(msg_hash)
        if entry is None:
            return None
        entry.last_used_run = self._run_count
        return entry.element_type

    def script_finished(self, max_age: int, fragment_ids: list[str] | None = None) -> None:
        """One more finished run: expire what has not been used for more than ``max_age`` runs.

        A fragment run only ages messages that belong to the fragments it ran, as in the frontend.
        """
        self._run_count += 1
        fragments = fragment_ids or []
        for msg_hash, entry in list(self._entries.items()):
            if fragments and (not entry.fragment_id or entry.fragment_id not in fragments):
                continue
            if self._run_count - entry.last_used_run > max_age:
                del self._entries[msg_hash]
