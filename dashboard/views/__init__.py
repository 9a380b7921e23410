"""The pages: one module per page, with `render()` (drawn by dashboard/page_scripts/<page>.py) and `built_for()` (exports).

This file makes the folder a package so the import contracts in pyproject.toml can see the pages' imports.
"""
