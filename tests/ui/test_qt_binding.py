"""The installed Qt binding keeps Python's reference counts straight.

PySide6 6.12.0 on Python 3.11 released a reference to None on every call that returns
nothing; a long session then aborted the process. This guards the pin in pyproject.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_do_not_leak_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        label.setText("x")
        label.isVisible()
    assert abs(sys.getrefcount(None) - before_none) < 50
    assert abs(sys.getrefcount(True) - before_true) < 50
