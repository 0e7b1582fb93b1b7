"""Re-tests for the clinician report: each test of each re-test with left / right values
in words and the coach's reading of them (band, side difference, source)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from hipcoach.format import number_text
from hipcoach.i18n import _
from hipcoach.report.clinician import RetestRow

if TYPE_CHECKING:
    from hipcoach.store.repo import Store


def _value_text(result: Any, measure: str) -> str:
    if result is None:
        return "–"
    from hipcoach.coach.assessments import pass_word, quality_word

    if result.quality is not None:
        return quality_word(result.quality)
    if result.passed is not None:
        text = pass_word(result.passed)
        return f"{text}, {number_text(result.value)}°" if result.value is not None else text
    if result.value is None:
        return "–"
    return (f"{number_text(result.value)} s" if measure == "seconds"
            else f"{number_text(result.value)}/10")


def retest_rows(store: Store, since: datetime, until: datetime,
                goal: str | None = None) -> list[RetestRow]:
    """One row per test of every re-test taken in [since, until), oldest first."""
    from hipcoach.coach.assessments import interpret
    from hipcoach.domain.assessments import TESTS
    results = store.assessments.results(since=since, until=until)
    grouped: dict[tuple[datetime, str], dict[str | None, Any]] = defaultdict(dict)
    for result in results:
        if result.taken_at is not None:
            grouped[(result.taken_at, result.test)][result.side] = result
    rows: list[RetestRow] = []
    for (taken_at, test), sides in sorted(grouped.items()):
        spec = TESTS.get(test)
        if spec is None:
            continue
        findings = interpret(list(sides.values()), goal)
        marks = [f for f in findings if f.concern] or findings
        note = "; ".join(dict.fromkeys(f.line for f in marks[:2]))
        if not spec.validated:
            note += _(" (heuristic, not validated)")
        if spec.per_side:
            left = _value_text(sides.get("left"), spec.measure)
            right = _value_text(sides.get("right"), spec.measure)
        else:
            left = _value_text(sides.get(None), spec.measure)
            right = ""
        rows.append(RetestRow(taken_at.astimezone().date(), _(spec.name), left, right, note))
    return rows
