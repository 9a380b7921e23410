"""Refresh: fetch the publishers' current files, check each one, and ingest them as a new release."""
