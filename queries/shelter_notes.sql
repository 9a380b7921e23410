-- Purpose: plain-English notes from the bus-shelter evaluation at one radius (sites left out, short matches, overlaps).
-- Grain: one row per note, in order.
-- Parameters: $radius (number, metres).
SELECT note_order, note
FROM shelter_notes
WHERE radius_m = CAST($radius AS DOUBLE)
ORDER BY note_order
