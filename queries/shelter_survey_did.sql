-- Purpose: change in the share feeling safe at pilot shelters minus the change at comparison shelters.
-- Grain: one row per survey question.
-- Parameters: none.
SELECT question, pilot_before_share, pilot_after_share, comparison_before_share, comparison_after_share,
       pilot_before_n, pilot_after_n, comparison_before_n, comparison_after_n, estimate, lower, upper, estimable,
       too_small, method
FROM shelter_survey_did
ORDER BY question
