"""The progress charts as plain data (no Qt): what each chart shows, read from the store's
aggregation queries. ``hipcoach.ui.charts`` draws them on screen and to files.

- ``kinds``  the chart kinds, ranges and fixed texts (no imports: cheap for the window)
- ``data``   ``build_chart(bind, options)`` -> ``Chart`` (panels, series, hover texts)
"""
