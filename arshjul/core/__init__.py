"""The pure core: calendar, deadline rules, cycle templates, planning and status.

Nothing here imports Prefect, SQL, Jinja or reads the clock; callers pass `today`/`now`
and plain data in. tests/core/test_purity.py keeps it that way.
"""
