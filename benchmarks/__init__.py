"""The project's benchmark: ingest time and peak memory, and per-query latency on a built store."""
