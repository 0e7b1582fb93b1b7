"""Printed reports: a one-page session summary and a clinician report for a date range.

- ``documents``: history -> finished HTML (``session_summary``, ``clinician_report``)
- ``session_summary``, ``clinician``, ``charts``, ``page``, ``text``: the HTML and SVG,
  pure Python
- ``pdf``: the only module here that imports Qt: ``save_pdf``, ``print_preview``

Importing this package imports nothing else.
"""
