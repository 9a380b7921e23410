-- Purpose: notes from the bus-shelter evaluation at one radius (sites left out, short matches, overlaps), as kind and
-- JSON parameters; dashboard/words/shelters.py `note_text` words them.
-- Grain: one row per note, in order.
-- Parameters: $radius (number, metres).
SELECT note_order, kind, params
FROM shelter_notes
WHERE radius_m = CAST($radius AS DOUBLE)
ORDER BY note_order
