-- Purpose: share of bus-shelter survey respondents feeling safe, with 95% Wilson intervals.
-- Grain: one row per question per site group per wave.
-- Parameters: none.
SELECT question, site_group, wave, feeling_safe, respondents, share, lower, upper
FROM shelter_survey_shares
ORDER BY question, CASE site_group WHEN 'pilot' THEN 0 WHEN 'comparison' THEN 1 ELSE 2 END, site_group,
         CASE wave WHEN 'before' THEN 0 ELSE 1 END
