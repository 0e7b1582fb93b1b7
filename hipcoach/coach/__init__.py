"""The coach: progression, deloads, pain rules, re-tests and the safety screen.

Pure Python (no Qt, no database access except through the Store API in ``history``):

- ``rules``        the thresholds (``CoachConfig``) and one small function per rule
- ``history``      ``SessionLog`` and ``load_history(store)``
- ``prescribe``    ``plan_next(program, history, ...)`` -> ``NextPlan`` with one
                   ``Prescription`` (and one plain line) per exercise, the stage advice,
                   the deload week; ``prescribed_program(plan)`` for the player
- ``decisions``    accept or keep a proposal; ``coach-decisions.json`` in the data dir
- ``answers``      a plan's proposals answered, as decisions
- ``safety``       red-flag questions, intake (what provokes the back, a goal), the
                   "does not replace a clinician" statement
- ``profile``      the answers, ``coach-profile.json`` in the data dir
- ``assessments``  re-tests: norms with sources, ``retest_due``, the re-test programme
- ``service``      ``coach_from(store, data_dir)``: gather it all and plan (the app's and
                   ``hipcoach next``'s one entry point)
"""
