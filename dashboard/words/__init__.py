"""Text and descriptions: the catalog of titles, caveats, measures and datasets; chart summaries; sentences; view links."""
