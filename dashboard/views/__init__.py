"""The pages: one script per page, run by the router in dashboard/app.py (never imported by other modules).

This file makes the folder a package so the import contracts in pyproject.toml can see the pages' imports.
"""
