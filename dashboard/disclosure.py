"""Statistical disclosure control: the one layer every count passes through before anyone sees it.

Pages never format or hide counts themselves. They call this module, which returns frames whose
value column is already safe to chart, tabulate, hover, describe in alt text, or download.

The model (what an attacker is assumed to know)
-----------------------------------------------
A reader sees the visible cells of a table and, conservatively, the TOTAL OF EVERY LINE of it,
whether or not this page shows that total: the year total may sit in a headline figure, a stacked
bar's height is its line total, and another page may publish the same margin. A "line" is the set
of cells that differ in one dimension only: in a 1-D breakdown the whole breakdown; in a 2-D
cross-tab every row and every column. A line of one cell is its own total, and publishing that
total would be publishing the cell, so it gives no extra equation. Missing combinations in a long
frame are read as zeros (a chart shows nothing there), so they are known zeros unless we hide them.
Counts are non-negative whole numbers, and the reader knows that too.

Under that model ``protect_table`` guarantees, for 1-D and 2-D tables:
1. no visible cell is in [1, SMALL_CELL_THRESHOLD - 1] (primary suppression);
2. in every line with a published total, 0 or at least 2 cells are hidden (secondary suppression,
   "smallest non-zero cell" rule, repeated until stable across rows and columns), bar the
   exception under 3;
3. every hidden cell has at least two values consistent with everything published (an audit that
   searches for an alternative table; where one is missing it hides more cells, cheapest first).
   The only exception is a cell that the published totals pin down even if EVERY cell were
   hidden. That needs a line total equal to the cell itself (and the crossing line to hold the
   whole table), so for a small count only when a line total is itself small. Those cells are listed
   in ``frame.attrs["disclosure"]["exposed_rows"]``, small ones raise a ``DisclosureWarning``, and
   the fix is to not publish that total (``protect_with_total`` never shows a small total).

Rule 2 alone is not enough in 2-D (two blocks of hidden cells joined by a single hidden cell can be
solved by subtraction, as can a block whose only way to move runs through a zero), hence rule 3.
"""

from __future__ import annotations

import contextlib
import heapq
import math
import warnings
from collections.abc import Hashable, Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

# --- The rule's constants: change them here and every page, test and the About text follow. ---

# Counts 1 .. SMALL_CELL_THRESHOLD-1 are hidden: with 3, that is 1 and 2 (GSS practice for
# small counts). Zero is a true zero: it identifies no one, so it is shown.
SMALL_CELL_THRESHOLD = 3

# The GSS symbol for "confidential / suppressed to protect confidentiality".
SUPPRESSED_SYMBOL = "[c]"

# Hotspot map hexagons with fewer offences than this are dropped before data reaches the browser.
# Stricter than the table threshold because a map cell is a place: a hexagon of a few hundred
# metres holding one to four offences points at a handful of streets, which neighbours can pair
# with what they already know, and hexagons cannot take secondary suppression like a table can.
# 5 matches the "fewer than 5" small-number convention widely used for small-area public data,
# and keeps the map readable (sparse single-offence cells are noise at London scale anyway).
MIN_MAP_CELL_COUNT = 5

# Breakdowns by ethnicity or borough are pooled into periods of this many years before
# suppression, so fewer cells are small and fewer need hiding.
POOL_PERIOD_YEARS = 3

# Column names added to every protected frame.
SUPPRESSED_COL = "is_suppressed"
DISPLAY_SUFFIX = "_display"

# The en dash GSS style uses in ranges ("2021–2023").
_EN_DASH = "\u2013"


class DisclosureError(AssertionError):
    """A frame about to be shown has a visible small count (or an inconsistent display column)."""


class DisclosureWarning(UserWarning):
    """A hidden cell can still be worked out from published totals alone; do not publish them."""


class TableWithTotal(NamedTuple):
    """A protected 1-D breakdown and its total row (or one total row per ``by`` group)."""

    rows: pd.DataFrame
    total: pd.DataFrame


def display_col(value_col: str) -> str:
    """Name of the display-string column that goes with ``value_col``."""
    return f"{value_col}{DISPLAY_SUFFIX}"


def is_small(value: object) -> bool:
    """True when a count must never be shown: 1 <= value <= SMALL_CELL_THRESHOLD - 1."""
    if value is None or value is pd.NA:
        return False
    number = float(value)  # type: ignore[arg-type]
    return not math.isnan(number) and 0 < number < SMALL_CELL_THRESHOLD


def display_count(value: object) -> str:
    """One count as text for summaries, alt text and hover labels: '1,234', '0' or '[c]'.

    Missing values (pd.NA, None, NaN) come from suppressed cells, so they show as the symbol too.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return SUPPRESSED_SYMBOL
    if is_small(value):
        return SUPPRESSED_SYMBOL
    return f"{int(value):,}"  # type: ignore[call-overload]


# --------------------------------------------------------------------------------------------
# The suppression engine on one dense grid. 1-D tables are a grid of one row whose columns are
# one-cell lines (so they carry no total of their own); 2-D tables are a real rows x columns grid.
# --------------------------------------------------------------------------------------------


class _Grid:
    """Cells of one table. value: known count, 0 for a missing combination, NaN if already hidden.

    Whether a hidden cell is safe is a graph question. Vertices: one per row line, one per column
    line, plus STAR standing for "any line whose total is not published". A hidden cell (i, j)
    gives an arc row_i -> col_j (the cell may go up by one) and, if it is at least 1, an arc
    col_j -> row_i (it may go down by one); an unpublished line has free arcs to and from STAR.
    A cycle through hidden cell (r, c) is another table that matches every visible cell and every
    published total but differs at (r, c), so (r, c) cannot be worked out. Conversely, the line
    totals form a network matrix, so any second table consistent with what is published differs
    from the true one by a sum of such cycles: if no cycle exists even when EVERY cell may be
    hidden, the published totals alone determine the cell and no suppression can help.
    """

    def __init__(
        self,
        value: np.ndarray,
        present: np.ndarray,
        suppressed: np.ndarray,
        row_constrained: np.ndarray,
        col_constrained: np.ndarray,
    ) -> None:
        self.value = value
        self.present = present
        self.supp = suppressed
        self.row_constrained = row_constrained
        self.col_constrained = col_constrained
        self.n_rows, self.n_cols = value.shape

    def primary(self) -> None:
        unknown = np.isnan(self.value)
        small = ~unknown & (self.value >= 1) & (self.value <= SMALL_CELL_THRESHOLD - 1)
        self.supp |= self.present & (unknown | small)

    def line_rule(self) -> None:
        """A published line with exactly one hidden cell gets its smallest non-zero cell hidden too.

        Repeated over rows and columns until nothing changes, because each new hidden cell can
        leave its perpendicular line with a single hidden cell. Lines with no non-zero candidate
        are left to the audit, which may have to hide a zero and route through another line.
        """
        changed = True
        while changed:
            changed = False
            for axis, constrained in ((0, self.row_constrained), (1, self.col_constrained)):
                for k in np.flatnonzero(constrained):
                    line = (k, slice(None)) if axis == 0 else (slice(None), k)
                    supp = self.supp[line]
                    if supp.sum() != 1:
                        continue
                    values = self.value[line]
                    candidates = self.present[line] & ~supp & (np.nan_to_num(values) > 0)
                    if not candidates.any():
                        continue
                    positions = np.flatnonzero(candidates)
                    pick = positions[np.argmin(values[positions])]  # first of equal smallest
                    if axis == 0:
                        self.supp[k, pick] = True
                    else:
                        self.supp[pick, k] = True
                    changed = True

    def _can_decrease(self, repair: bool) -> np.ndarray:
        # A cell can go down by one in an alternative table only if it is at least 1. Cells hidden
        # before we saw them (NaN) were protected by an earlier pass: the witness search trusts
        # them (so a second pass finds the first pass's witnesses), the repair search does not
        # (so a second pass never hides more than the first): that makes protection idempotent.
        unknown = np.isnan(self.value)
        known_positive = ~unknown & (self.value >= 1)
        return known_positive | (unknown & (not repair))

    def cheapest_cycle(self, r: int, c: int) -> list[tuple[int, int]] | None:
        """The cells to hide (besides (r, c)) for the cheapest cycle through (r, c), or None.

        Any cell may be used: hidden ones cost 0, others 1 + their value (so few and small cells
        are preferred, as GSS practice prefers), a missing combination 1.5 (it adds a row).
        """
        n_r, n_c = self.n_rows, self.n_cols
        star = n_r + n_c
        extra = np.where(self.present, 1.0 + np.nan_to_num(self.value), 1.5)
        cost = np.where(self.supp, 0.0, extra)
        can_decrease = self._can_decrease(repair=True)
        up_cost = cost.copy()
        down_cost = np.where(can_decrease, cost, np.inf)
        up_cost[r, c] = np.inf  # the target is the cycle's first step; it is not reused
        down_cost[r, c] = np.inf
        free_rows = np.flatnonzero(~self.row_constrained)
        free_cols = np.flatnonzero(~self.col_constrained)

        best: tuple[float, list[tuple[int, int]]] | None = None
        orientations = [(n_r + c, r)]  # target goes up: walk from col_c back to row_r
        if can_decrease[r, c]:
            orientations.append((r, n_r + c))  # target goes down: walk from row_r to col_c
        for source, target in orientations:
            found = self._shortest_path(source, target, up_cost, down_cost, free_rows, free_cols, star)
            if found is not None and (best is None or found[0] < best[0]):
                best = found
        return None if best is None else best[1]

    def _shortest_path(
        self,
        source: int,
        target: int,
        up_cost: np.ndarray,
        down_cost: np.ndarray,
        free_rows: np.ndarray,
        free_cols: np.ndarray,
        star: int,
    ) -> tuple[float, list[tuple[int, int]]] | None:
        n_r = self.n_rows
        n_vertices = star + 1
        dist = np.full(n_vertices, np.inf)
        dist[source] = 0.0
        done = np.zeros(n_vertices, dtype=bool)
        came_from = np.full(n_vertices, -1)
        free = np.zeros(n_vertices, dtype=bool)
        free[free_rows] = True
        free[n_r + free_cols] = True
        heap = [(0.0, 0, source)]
        counter = 1  # ties go to the vertex found first, so the result never depends on hashing
        while heap:
            d, _, vertex = heapq.heappop(heap)
            if done[vertex]:
                continue
            done[vertex] = True
            if vertex == target:
                break
            # Relax all arcs out of `vertex` at once: a column line can have hundreds of cells.
            if vertex == star:
                heads = np.flatnonzero(free)
                costs = np.zeros(len(heads))
            elif vertex < n_r:
                heads = n_r + np.arange(self.n_cols)
                costs = up_cost[vertex]
                if free[vertex]:
                    heads, costs = np.append(heads, star), np.append(costs, 0.0)
            else:
                heads = np.arange(n_r)
                costs = down_cost[:, vertex - n_r]
                if free[vertex]:
                    heads, costs = np.append(heads, star), np.append(costs, 0.0)
            new_dist = d + costs
            better = np.isfinite(new_dist) & ~done[heads] & (new_dist < dist[heads])
            for nxt, nd in zip(heads[better].tolist(), new_dist[better].tolist()):
                dist[nxt] = nd
                came_from[nxt] = vertex
                heapq.heappush(heap, (nd, counter, nxt))
                counter += 1
        if not done[target]:
            return None
        cells: list[tuple[int, int]] = []
        vertex = target
        while vertex != source:
            before = int(came_from[vertex])
            if vertex != star and before != star:  # arcs to and from STAR move no cell
                cells.append((before, vertex - n_r) if before < n_r else (vertex, before - n_r))
            vertex = before
        return float(dist[target]), cells

    def _adjacency(self) -> tuple[list[list[int]], list[list[int]], list[int]]:
        """Arcs through already-hidden cells, trusting earlier passes (see _can_decrease)."""
        down_ok = self.supp & self._can_decrease(repair=False)
        up = [np.flatnonzero(self.supp[i]).tolist() for i in range(self.n_rows)]
        down = [np.flatnonzero(down_ok[:, j]).tolist() for j in range(self.n_cols)]
        # STAR only needs to lead to free lines that have somewhere to go next.
        active = [i for i in np.flatnonzero(~self.row_constrained) if up[i]]
        active += [self.n_rows + j for j in np.flatnonzero(~self.col_constrained) if down[j]]
        return up, down, [int(v) for v in active]

    def _rectangle(self, r: int, c: int, down_ok: np.ndarray) -> bool:
        """Fast path: a 2 x 2 block of hidden cells (r, c), (r, j), (i, c), (i, j) that can move."""
        others = np.arange(self.n_cols) != c
        rows = np.arange(self.n_rows) != r
        # (r, c) down, (r, j) up, (i, j) down, (i, c) up
        if down_ok[r, c]:
            cols = others & self.supp[r]
            if (rows & self.supp[:, c] & down_ok[:, cols].any(axis=1)).any():
                return True
        # (r, c) up, (i, c) down, (i, j) up, (r, j) down
        cols = others & down_ok[r]
        return bool((rows & down_ok[:, c] & self.supp[:, cols].any(axis=1)).any())

    def has_witness(self, r: int, c: int, adjacency) -> bool:
        """Is there a cycle through hidden cell (r, c) using hidden cells only?

        A 2 x 2 block is tried first; otherwise a lazy depth-first search, since any cycle will do.
        """
        up, down, active = adjacency
        n_r = self.n_rows
        star = n_r + self.n_cols

        def free(vertex: int) -> bool:
            return not (self.row_constrained[vertex] if vertex < n_r else self.col_constrained[vertex - n_r])

        def neighbours(vertex: int):
            if vertex == star:
                yield from active
            elif vertex < n_r:
                yield from (n_r + j for j in up[vertex] if (vertex, j) != (r, c))
                if not self.row_constrained[vertex]:
                    yield star
            else:
                j = vertex - n_r
                yield from (i for i in down[j] if (i, j) != (r, c))
                if not self.col_constrained[j]:
                    yield star

        down_ok = self.supp & self._can_decrease(repair=False)
        if self._rectangle(r, c, down_ok):
            return True
        orientations = [(n_r + c, r)]
        if down_ok[r, c]:
            orientations.append((r, n_r + c))
        for source, target in orientations:
            seen = {source}
            stack = [neighbours(source)]
            while stack:
                for nxt in stack[-1]:
                    if nxt == target or (nxt == star and free(target)):
                        return True
                    if nxt not in seen:
                        seen.add(nxt)
                        stack.append(neighbours(nxt))
                        break
                else:
                    stack.pop()
        return False

    def audit(self) -> set[tuple[int, int]]:
        """Make every hidden cell non-recoverable; return the cells published totals alone pin down."""
        exposed: set[tuple[int, int]] = set()
        adjacency = self._adjacency()
        changed = True
        while changed:
            changed = False
            for r, c in zip(*np.nonzero(self.supp)):
                cell = (int(r), int(c))
                if cell in exposed or self.has_witness(*cell, adjacency):
                    continue
                path = self.cheapest_cycle(*cell)
                if path is None:
                    exposed.add(cell)  # nothing we hide can help; only the totals can
                    continue
                for step in path:
                    self.supp[step] = True
                adjacency = self._adjacency()
                changed = True
        return exposed


# --------------------------------------------------------------------------------------------
# Frame plumbing
# --------------------------------------------------------------------------------------------


def _as_tuple(cols: Sequence[Hashable] | Hashable | None) -> tuple[Hashable, ...]:
    if cols is None:
        return ()
    if isinstance(cols, str) or not isinstance(cols, Sequence):
        return (cols,)
    return tuple(cols)


def _counts(series: pd.Series, name: Hashable) -> np.ndarray:
    """Counts as float64 with NaN for missing; refuses anything that is not a non-negative whole number."""
    try:
        numeric = pd.to_numeric(series)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"column {name!r} must hold counts (whole numbers >= 0)") from exc
    values = np.asarray(numeric.to_numpy(dtype="float64", na_value=np.nan), dtype="float64")
    known = values[~np.isnan(values)]
    if len(known) and (np.isinf(known).any() or (known < 0).any() or (known != np.floor(known)).any()):
        raise ValueError(f"column {name!r} must hold counts (whole numbers >= 0)")
    return values


def _group_positions(frame: pd.DataFrame, by: tuple[Hashable, ...]) -> list[np.ndarray]:
    if not by or frame.empty:
        return [np.arange(len(frame))]
    grouped = frame.groupby(list(by), sort=False, dropna=False)
    # In order of first appearance, so added rows and warnings come out in a stable order.
    return sorted((np.asarray(positions) for positions in grouped.indices.values()), key=lambda p: int(p[0]))


def _display_strings(values: np.ndarray, suppressed: np.ndarray) -> list[str]:
    return [SUPPRESSED_SYMBOL if hidden or math.isnan(v) else f"{int(v):,}" for v, hidden in zip(values, suppressed)]


def _nullable_counts(values: np.ndarray, suppressed: np.ndarray) -> pd.arrays.IntegerArray:
    shown = np.where(suppressed | np.isnan(values), 0, values).astype("int64")
    return pd.arrays.IntegerArray(shown, suppressed | np.isnan(values))


def _labels_for_added(
    frame: pd.DataFrame, columns: list[Hashable], dims: tuple[Hashable, ...], added: list[dict[Hashable, object]]
) -> dict[Hashable, list[object]]:
    """For rows we add, copy each label column that is a function of one of the dimensions
    (borough_name of borough_code, say); anything else is left missing."""

    def key(level: object) -> object:
        return "\0missing" if pd.isna(level) else level  # type: ignore[arg-type]

    filled: dict[Hashable, list[object]] = {}
    for col in columns:
        filled[col] = [pd.NA] * len(added)
        for dim in dims:
            if frame.groupby(dim, dropna=False)[col].nunique(dropna=False).le(1).all():
                firsts = frame.drop_duplicates(dim)
                lookup = {key(level): value for level, value in zip(firsts[dim], firsts[col])}
                filled[col] = [lookup.get(key(keys[dim]), pd.NA) for keys in added]
                break
    return filled


def protect_table(
    frame: pd.DataFrame,
    value_col: str,
    group_cols: Sequence[Hashable] | Hashable = (),
    total_shown: bool = True,
    *,
    by: Sequence[Hashable] | Hashable = (),
) -> pd.DataFrame:
    """Protect one table of counts; the result is safe to chart, tabulate, describe or download.

    frame: long format, one row per cell. value_col: the counts (whole numbers >= 0; NA means
    "already hidden by an earlier pass"). group_cols: the table's dimensions -- () means each row
    is a cell of one 1-D breakdown, one column a 1-D breakdown by that column, two columns a 2-D
    cross-tab (missing combinations are zeros). by: columns that split the frame into separate
    tables whose lines never cross (e.g. by=("year",) for a per-year breakdown when totals across
    years are not published). total_shown: treat every line total as published (default, and
    almost always true somewhere on the site); False applies primary suppression only.

    Returns a copy with the index reset: the value column as nullable Int64 with pd.NA where
    hidden, plus ``is_suppressed`` (bool) and ``<value_col>_display`` ("1,234", "0" or "[c]").
    Rows that had to be added to hide a missing zero combination are appended at the end.
    Never sum the returned value column for a total: use ``protect_with_total``.
    """
    group_cols = _as_tuple(group_cols)
    by = _as_tuple(by)
    if len(group_cols) > 2:
        raise ValueError(
            "protect_table handles 1-D and 2-D tables; split further dimensions with by=..., "
            "or pool them (the subtraction guarantee is only proved for one and two dimensions)"
        )
    for col in (value_col, *group_cols, *by):
        if col not in frame.columns:
            raise KeyError(f"column {col!r} not in frame")
    if set(group_cols) & set(by) or value_col in (*group_cols, *by):
        raise ValueError("value_col, group_cols and by must be different columns")

    shown_col = display_col(value_col)
    base = frame.drop(columns=[SUPPRESSED_COL, shown_col], errors="ignore").reset_index(drop=True)
    values = _counts(base[value_col], value_col)
    prior = (
        frame[SUPPRESSED_COL].fillna(False).to_numpy(dtype=bool)
        if SUPPRESSED_COL in frame.columns
        else np.zeros(len(base), dtype=bool)
    )
    values = np.where(prior, np.nan, values)  # a cell hidden before stays hidden
    suppressed = np.zeros(len(base), dtype=bool)
    added: list[dict[Hashable, object]] = []
    exposed_rows: list[int] = []
    exposed_small = 0

    for positions in _group_positions(base, by):
        sub = base.iloc[positions]
        if len(group_cols) == 2:
            row_codes, row_levels = pd.factorize(sub[group_cols[0]], use_na_sentinel=False)
            col_codes, col_levels = pd.factorize(sub[group_cols[1]], use_na_sentinel=False)
        else:
            if group_cols and sub[group_cols[0]].duplicated().any():
                raise ValueError(f"duplicate {group_cols[0]!r} values: aggregate to one row per cell first")
            row_codes, row_levels = np.zeros(len(sub), dtype=int), [None]
            col_codes, col_levels = np.arange(len(sub)), list(range(len(sub)))
        shape = (len(row_levels), len(col_levels))
        if len(group_cols) == 2 and pd.Series(row_codes * shape[1] + col_codes).duplicated().any():
            raise ValueError(f"duplicate {group_cols} combinations: aggregate to one row per cell first")
        grid_value = np.zeros(shape)
        present = np.zeros(shape, dtype=bool)
        grid_value[row_codes, col_codes] = values[positions]
        present[row_codes, col_codes] = True
        if len(group_cols) == 2:
            rows_published = np.full(shape[0], total_shown and shape[1] >= 2)
            cols_published = np.full(shape[1], total_shown and shape[0] >= 2)
        else:  # one line; each cell is its own (unpublished) column line
            rows_published = np.array([total_shown and shape[1] >= 2])
            cols_published = np.zeros(shape[1], dtype=bool)
        grid = _Grid(grid_value, present, np.zeros(shape, dtype=bool), rows_published, cols_published)
        grid.primary()
        grid.line_rule()
        exposed = grid.audit()

        position_of = {(int(r), int(c)): int(p) for r, c, p in zip(row_codes, col_codes, positions)}
        suppressed[positions] = grid.supp[row_codes, col_codes]
        for cell in sorted(exposed):
            exposed_rows.append(position_of[cell])
            exposed_small += bool(is_small(grid.value[cell]) or math.isnan(grid.value[cell]))
        for r, c in zip(*np.nonzero(grid.supp & ~present)):
            keys = {dim: sub[dim].iloc[0] for dim in by}
            keys[group_cols[0]] = row_levels[r]
            keys[group_cols[1]] = col_levels[c]
            added.append(keys)

    out = base.copy()
    out[value_col] = _nullable_counts(values, suppressed)
    out[SUPPRESSED_COL] = suppressed
    if added:
        extra = pd.DataFrame(added)
        labels = [col for col in base.columns if col not in extra.columns and col != value_col]
        for col, filled in _labels_for_added(base, labels, (*by, *group_cols), added).items():
            extra[col] = filled
        extra[value_col] = pd.array([pd.NA] * len(extra), dtype="Int64")
        extra[SUPPRESSED_COL] = True
        for col in base.columns:
            if col != value_col:
                # e.g. NA in an integer label column: keep what pandas chose
                with contextlib.suppress(TypeError, ValueError):
                    extra[col] = extra[col].astype(base[col].dtype)
        out = pd.concat([out, extra[out.columns]], ignore_index=True)
    out[SUPPRESSED_COL] = out[SUPPRESSED_COL].astype(bool)
    out[shown_col] = _display_strings(
        out[value_col].to_numpy(dtype="float64", na_value=np.nan), out[SUPPRESSED_COL].to_numpy()
    )
    out.attrs["disclosure"] = {
        "value_col": value_col,
        "group_cols": group_cols,
        "by": by,
        "total_shown": total_shown,
        "threshold": SMALL_CELL_THRESHOLD,
        "exposed_rows": exposed_rows,
    }
    if exposed_small:
        warnings.warn(
            f"{exposed_small} hidden small count(s) in {value_col!r} can be worked out from line totals "
            "alone, because a row or column total is itself a small count: do not publish those totals",
            DisclosureWarning,
            stacklevel=2,
        )
    return out


def _total_frame(
    totals: list[tuple[dict[Hashable, object], float]], value_col: str, label_col: Hashable | None, label: str
) -> pd.DataFrame:
    records = []
    for keys, _total in totals:
        record = dict(keys)
        if label_col is not None:
            record[label_col] = label
        records.append(record)
    out = pd.DataFrame(records, index=range(len(totals)))
    raw = np.array([total for _, total in totals], dtype="float64")
    hidden = np.array([is_small(t) for t in raw], dtype=bool)
    out[value_col] = _nullable_counts(raw, hidden)
    out[SUPPRESSED_COL] = hidden
    out[display_col(value_col)] = _display_strings(raw, hidden)
    return out


def protect_with_total(
    frame: pd.DataFrame,
    value_col: str,
    group_cols: Sequence[Hashable] | Hashable = (),
    *,
    by: Sequence[Hashable] | Hashable = (),
    label_col: Hashable | None = None,
    total_label: str = "Total",
) -> TableWithTotal:
    """A 1-D breakdown protected against its published total, and that TRUE total.

    The total is the sum of the unprotected counts (never the sum of what is visible, which would
    understate it and, set beside the true total shown elsewhere, reveal what was hidden). A total
    in the small range is itself hidden. Returns ``TableWithTotal(rows, total)``: rows as from
    ``protect_table(..., total_shown=True)``; total with one row per ``by`` group holding the
    ``by`` columns, ``label_col`` (default: the breakdown column) set to ``total_label``, the value
    column (Int64, NA if hidden), ``is_suppressed`` and the display column.
    """
    group_cols = _as_tuple(group_cols)
    by = _as_tuple(by)
    if len(group_cols) > 1:
        raise ValueError("protect_with_total is for 1-D breakdowns; use protect_table for cross-tabs")
    raw = _counts(frame[value_col], value_col)
    if np.isnan(raw).any() or (SUPPRESSED_COL in frame.columns and frame[SUPPRESSED_COL].any()):
        raise ValueError("the true total needs the unprotected counts: pass the frame before protecting it")
    rows = protect_table(frame, value_col, group_cols, by=by, total_shown=True)
    if label_col is None and group_cols:
        label_col = group_cols[0]
    base = frame.reset_index(drop=True)
    totals = [
        ({dim: base[dim].iloc[positions[0]] for dim in by} if len(positions) else {}, float(raw[positions].sum()))
        for positions in _group_positions(base, by)
    ]
    return TableWithTotal(rows, _total_frame(totals, value_col, label_col, total_label))


def protect_cuts(
    cuts: Mapping[str, pd.DataFrame],
    value_col: str,
    total: int,
    *,
    label_col: Hashable | None = None,
    remainder_label: str | None = None,
) -> dict[str, pd.DataFrame]:
    """Protect several 1-D breakdowns of the SAME population and period (by age, by ethnicity, ...).

    Each cut must add up to ``total`` (the population's true total, published on the page); a
    cut that falls short would publish the shortfall by subtraction, so either include every
    category (e.g. "Not recorded") or pass ``remainder_label`` to add the shortfall as one more,
    protected, row (``label_col`` names the category column; inferred when the cut has only one
    other column). Returns {name: protected frame} as from ``protect_table(total_shown=True)``.
    Show the total itself with ``display_count(total)``, which hides it if small.

    Guarantees: within each cut, no visible cell is small and no hidden cell is recoverable from
    that cut's visible cells and the total. Because the cuts share only that total and never a
    joint table, no linear combination across cuts recovers a hidden cell either.

    Does NOT guarantee: (1) attribute disclosure -- if a cut shows every victim in one category,
    everyone's category is known; (2) protection against differencing with OTHER published
    tables: overlapping periods (2021-2023 vs 2021-2022), nested populations (all victims vs
    female victims) or geographies (London vs the sum of boroughs); those pages must use the same
    pooled periods and populations; (3) anything about a cross-tab of two cuts, which must go
    through ``protect_table`` with both dimensions.
    """
    protected: dict[str, pd.DataFrame] = {}
    for name, cut in cuts.items():
        raw = _counts(cut[value_col], value_col)
        if np.isnan(raw).any():
            raise ValueError(f"cut {name!r}: pass unprotected counts")
        shortfall = int(total) - int(raw.sum())
        if shortfall < 0:
            raise ValueError(f"cut {name!r} adds up to {int(raw.sum())}, more than the total {total}")
        label = label_col
        if label is None:
            others = [c for c in cut.columns if c != value_col]
            label = others[0] if len(others) == 1 else None
        if shortfall > 0:
            if remainder_label is None or label is None:
                raise ValueError(
                    f"cut {name!r} adds up to {int(raw.sum())}, not the total {total}: the gap would be "
                    "published by subtraction; add the missing categories or pass remainder_label (and label_col)"
                )
            cut = pd.concat([cut, pd.DataFrame({label: [remainder_label], value_col: [shortfall]})], ignore_index=True)
        protected[name] = protect_table(cut, value_col, (label,) if label is not None else (), total_shown=True)
    return protected


def pool_years(
    frame: pd.DataFrame,
    year_col: str,
    value_col: str,
    period: int = POOL_PERIOD_YEARS,
    *,
    group_cols: Sequence[Hashable] | None = None,
    latest_full_year: int | None = None,
    period_col: str = "period",
) -> pd.DataFrame:
    """Sum counts into periods of ``period`` years, BEFORE protection, for sparse breakdowns.

    Periods are aligned so the most recent one ends at ``latest_full_year`` (default: the latest
    year in the frame; pass the last complete calendar year when the data run into a part year --
    later years are dropped, since a part year would make the period look lower than it is). The
    earliest years left over form a shorter period labelled e.g. "2016–2017 (partial: 2 years)".
    group_cols: the other dimensions to keep (default: every column except year and value).

    Returns one row per group and period (sparse: none where a group has no rows), sorted by
    group then period: the group columns, ``period_col`` (label "2021–2023"), ``period_start``,
    ``period_end``, ``is_partial_period`` and the summed value column (int64).
    """
    if period < 1:
        raise ValueError("period must be at least one year")
    if group_cols is None:
        group_cols = [c for c in frame.columns if c not in (year_col, value_col)]
    group_cols = list(group_cols)
    values = _counts(frame[value_col], value_col)
    if np.isnan(values).any():
        raise ValueError("pool counts before protecting them: the value column has missing values")
    years_float = _counts(frame[year_col], year_col)
    if np.isnan(years_float).any():
        raise ValueError(f"column {year_col!r} has missing years")
    years = years_float.astype("int64")
    columns = [*group_cols, period_col, "period_start", "period_end", "is_partial_period", value_col]
    if len(years) == 0:
        return pd.DataFrame(columns=columns)
    latest = int(years.max()) if latest_full_year is None else int(latest_full_year)
    keep = years <= latest
    work = frame.loc[keep, group_cols].reset_index(drop=True)
    if not keep.any():
        return pd.DataFrame(columns=columns)
    kept_years = years[keep]
    earliest = int(kept_years.min())
    back = (latest - kept_years) // period  # 0 = most recent period
    work["_end"] = latest - back * period
    work["_start"] = np.maximum(work["_end"] - period + 1, earliest)
    work[value_col] = values[keep].astype("int64")
    keys = [*group_cols, "_start", "_end"]
    pooled = work.groupby(keys, sort=False, dropna=False)[value_col].sum().reset_index()
    order = pooled.groupby(group_cols, sort=False, dropna=False).ngroup() if group_cols else 0
    pooled = pooled.assign(_order=order).sort_values(["_order", "_start"], kind="stable")
    span = pooled["_end"] - pooled["_start"] + 1

    def label(start: int, end: int, years_in: int) -> str:
        text = str(start) if start == end else f"{start}{_EN_DASH}{end}"
        if years_in < period:
            text += f" (partial: {years_in} year{'s' if years_in != 1 else ''})"
        return text

    pooled[period_col] = [label(int(s), int(e), int(n)) for s, e, n in zip(pooled["_start"], pooled["_end"], span)]
    pooled["period_start"] = pooled["_start"].astype("int64")
    pooled["period_end"] = pooled["_end"].astype("int64")
    pooled["is_partial_period"] = (span < period).to_numpy()
    return pooled[columns].reset_index(drop=True)


def drop_small_map_cells(frame: pd.DataFrame, count_col: str) -> pd.DataFrame:
    """Keep only map cells (e.g. H3 hexagons) with at least MIN_MAP_CELL_COUNT offences.

    Dropped cells are removed, not greyed out, so their location never reaches the browser.
    The kept cells no longer add up to the area's total; the page says which cells are omitted.
    Applied in one place, ingest's derive step (dashboard/ingest/derive_hotspots.py), before the
    store is written: the queries, page and map builder rely on the store holding no smaller cell.
    """
    counts = _counts(frame[count_col], count_col)
    keep = ~np.isnan(counts) & (counts >= MIN_MAP_CELL_COUNT)
    return frame.loc[keep].reset_index(drop=True)


def hide_derived(frame: pd.DataFrame, columns: Sequence[Hashable] | Hashable) -> pd.DataFrame:
    """Blank columns computed from a hidden count (rates, shares) on rows where it is hidden.

    A rate per 100,000 next to a published population gives the count straight back. Numeric
    columns become nullable with NA; text columns get the suppressed symbol.
    """
    if SUPPRESSED_COL not in frame.columns:
        raise KeyError(f"{SUPPRESSED_COL!r} not in frame: protect it first")
    out = frame.copy()
    hidden = out[SUPPRESSED_COL].to_numpy(dtype=bool)
    for col in _as_tuple(columns):
        if pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].astype("Float64")
            out.loc[hidden, col] = pd.NA
        else:
            out[col] = out[col].astype(object)
            out.loc[hidden, col] = SUPPRESSED_SYMBOL
    return out


def assert_protected(frame: pd.DataFrame, value_col: str) -> pd.DataFrame:
    """Last guard before output: raise DisclosureError if any visible count is in [1, threshold-1].

    Also checks, when present, that ``is_suppressed`` rows hold no value and the display column
    shows the symbol exactly where hidden and no small number anywhere. Returns the frame unchanged.
    """
    values = pd.to_numeric(frame[value_col]).to_numpy(dtype="float64", na_value=np.nan)
    problems: list[str] = []

    def check(bad: np.ndarray, what: str) -> None:
        if bad.any():
            problems.append(f"{what} at rows {list(frame.index[bad][:5])}")

    check(~np.isnan(values) & (values > 0) & (values < SMALL_CELL_THRESHOLD), "visible small counts")
    hidden = None
    if SUPPRESSED_COL in frame.columns:
        hidden = frame[SUPPRESSED_COL].to_numpy(dtype=bool)
        check(hidden & ~np.isnan(values), "suppressed rows still hold a value")
    shown_col = display_col(value_col)
    if shown_col in frame.columns:
        text = frame[shown_col].astype(str)
        symbol = (text == SUPPRESSED_SYMBOL).to_numpy()
        parsed = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
        parsed = parsed.to_numpy(dtype="float64", na_value=np.nan)
        check(
            ~symbol & ~np.isnan(parsed) & (parsed > 0) & (parsed < SMALL_CELL_THRESHOLD), "display shows small counts"
        )
        if hidden is not None:
            check(hidden & ~symbol, f"display is not {SUPPRESSED_SYMBOL!r} for hidden cells")
        check(np.isnan(values) & ~symbol, "display shows a value the value column hides")
    if problems:
        raise DisclosureError(f"{value_col!r}: " + "; ".join(problems))
    return frame


def _small_range_words() -> str:
    top = SMALL_CELL_THRESHOLD - 1
    if top < 1:
        return "no counts"
    if top == 1:
        return "counts of 1"
    if top == 2:
        return "counts of 1 and 2"
    return f"counts from 1 to {top}"


def describe_rule() -> str:
    """The rule in plain English for the About page, built from this module's constants."""
    small = _small_range_words()
    return (
        f"To protect the people behind these figures, {small} are never shown: they appear as "
        f"{SUPPRESSED_SYMBOL}, the symbol the Government Statistical Service uses for figures withheld "
        "to protect confidentiality. Zeros are shown, because a true zero identifies no one. Hiding a "
        "small number is not enough if it could be worked out by taking the numbers that are shown "
        "away from a total, so wherever a row or column would have only one hidden number, another "
        "number in it is hidden too (the smallest one above zero), and every table is checked so that "
        "no hidden number can be worked out from the numbers and totals that are published. Totals are "
        "always the true totals, not the sum of the numbers shown, and a total that is itself a small "
        f"number is hidden too. Breakdowns by ethnicity or by borough add up {POOL_PERIOD_YEARS} years "
        "at a time, so fewer numbers are small enough to need hiding; the earliest period may be shorter "
        "and is labelled as partial. On maps, an area with fewer than "
        f"{MIN_MAP_CELL_COUNT} offences is left out altogether and its location is never sent to your browser."
    )
