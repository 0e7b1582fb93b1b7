"""The rule catalogue: every rule documented, every id the coach writes is in it."""

from __future__ import annotations

import re
from pathlib import Path

from hipcoach.coach import prescribe
from hipcoach.coach.catalogue import BY_ID, RULES, markdown_table, tag

DOC = Path(__file__).resolve().parents[2] / "docs" / "coach-rules.md"


def test_the_doc_is_the_catalogue() -> None:
    assert DOC.read_text(encoding="utf-8") == markdown_table(), (
        "regenerate docs/coach-rules.md from hipcoach.coach.catalogue.markdown_table()")


def test_every_rule_is_complete_and_unique() -> None:
    assert len(BY_ID) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"[A-Z][0-9]", rule.id)
        assert rule.condition and rule.action and rule.threshold and rule.source
        assert rule.basis in ("evidence", "guess")
        assert "|" not in rule.condition + rule.action + rule.threshold + rule.note
        assert tag(rule.id) == f" [{rule.id} · {rule.source}]"


def test_every_rule_id_in_the_coach_is_catalogued() -> None:
    source = Path(prescribe.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'"([A-Z][0-9])"', source))
    assert used and used <= set(BY_ID), used - set(BY_ID)
