"""Domain types: the plain facts of a training log and a re-test, and their checks.

Standard library only (no Qt, no SQLAlchemy) and below the store and the coach, which
both speak these types: ``entries`` (loads, sets, sessions, check-ins, units),
``equipment`` (what the user owns, load steps), ``assessments`` (re-tests and their
norm and pain bands) and ``function_goals`` (one rated everyday activity).
"""
