"""Argument types the sub-commands share (argparse ``type=`` callables; stdlib only)."""

from __future__ import annotations

import argparse
from datetime import date

from hipcoach.i18n import _


def day(text: str) -> date:
    """A day given as 2025-03-05; a clear argparse error otherwise."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected a date such as 2025-03-05, got {text!r}").format(text=text)) from None
