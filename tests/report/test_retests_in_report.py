"""Re-tests recorded by the coach appear in the clinician report with left and right."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hipcoach.domain.assessments import AssessmentResult
from hipcoach.report.retests import retest_rows
from hipcoach.store.assessments import AssessmentStore
from hipcoach.store.engine import prepare_database


def test_retest_rows_pair_the_sides_and_say_what_they_mean(tmp_path):
    db = prepare_database(tmp_path)
    taken = datetime(2026, 10, 5, 17, 0, tzinfo=UTC)
    AssessmentStore(db.engine).save([
        AssessmentResult("slb_hold", "left", value=18.0),
        AssessmentResult("slb_hold", "right", value=35.0),
        AssessmentResult("pain_walking", None, value=3.0),
    ], taken_at=taken)
    rows = retest_rows(db.store(), datetime(2026, 10, 1, tzinfo=UTC),
                       datetime(2026, 10, 10, tzinfo=UTC))
    by_test = {row.test: row for row in rows}
    bridge = by_test["Single-leg bridge hold"]
    assert (bridge.left, bridge.right) == ("18 s", "35 s")
    assert "not validated" in bridge.result
    assert bridge.day == date(2026, 10, 5)
    assert by_test[next(t for t in by_test if "walking" in t.lower())].left == "3/10"
    assert retest_rows(db.store(), datetime(2026, 11, 1, tzinfo=UTC),
                       datetime(2026, 11, 2, tzinfo=UTC)) == []
