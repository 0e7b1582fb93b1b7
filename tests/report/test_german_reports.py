"""A session summary and a clinician report printed in German: real PDFs read back, with
no English word left (dates and load words come from the formatting module)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from support_english import english_left

from hipcoach import i18n
from hipcoach.cli import main
from hipcoach.coach import profile as profile_mod
from hipcoach.coach.safety import RED_FLAG_IDS
from hipcoach.domain.entries import Load
from hipcoach.program.catalog import discover

from .conftest import add_session, local_at, page_texts

STAGE = "light-resistance"


@pytest.fixture
def german_history(store, data_dir):
    """Two sessions logged by the German app (its names), the language set to German."""
    (data_dir / "settings.json").write_text(json.dumps({"language": "de"}), encoding="utf-8")
    today = date.today()
    profile_mod.save(data_dir, profile_mod.Profile(
        red_flags=dict.fromkeys(RED_FLAG_IDS, False), screened_on=today - timedelta(days=6)))
    i18n.use("de")
    try:
        program = next(e.program for e in discover(None) if e.id == "hip-extension")
        stage = program.get_stage(STAGE)
        rdl = next(e for e in stage.exercises if e.id == "romanian-deadlift")
        names = (program.id, program.name, stage.id, stage.name)

        def rdl_sets(reps: int, kg: float, **more) -> list[dict]:
            return [dict(exercise=rdl.id, exercise_name=rdl.name, set_no=n, reps=reps,
                         phase="loaded", target_reps=8, load=Load("kg", kg), tempo="3-0-3-0",
                         tut_s=reps * 6.0, rpe=7, pain=2, **more) for n in (1, 2, 3)]

        add_session(store, local_at(today - timedelta(days=5), 18), rdl_sets(8, 6.0),
                    program=names, morning=(2, 3))
        add_session(store, local_at(today - timedelta(days=2), 18),
                    rdl_sets(9, 6.0, note="Rücken ruhig"), program=names, planned_sets=4,
                    status="abandoned", pain_after=4, morning=(3, None))
    finally:
        i18n.use("en")
    yield today
    i18n.use("en")  # main() switched to the data dir's language


def test_a_session_summary_pdf_in_german(qapp, capsys, german_history, data_dir, tmp_path):
    out_file = tmp_path / "einheit.pdf"
    status = main(["report", "--session", "last", "--pdf", str(out_file),
                   "--data-dir", str(data_dir), "--paper", "A4"])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert out.startswith(f"{out_file} geschrieben (")
    text = " ".join(page_texts(out_file))
    for german in ("Übersicht der Einheit", "Aufbauprogramm Hüftstreckung · Leichter Widerstand",
                   "Vorzeitig beendet: 3 von 4 Sätzen", "Rumänisches Kreuzheben mit Kurzhanteln",
                   "Was sich nächstes Mal ändert", "Was gemacht wurde", "nächster Morgen 3/10"):
        assert german in text, text
    assert english_left(text) == [], text


def test_a_clinician_report_pdf_in_german(qapp, capsys, german_history, data_dir, tmp_path):
    today = german_history
    out_file = tmp_path / "bericht.pdf"
    status = main(["report", "--from", (today - timedelta(days=13)).isoformat(),
                   "--to", today.isoformat(), "--pdf", str(out_file),
                   "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    assert status == 0, err
    text = " ".join(page_texts(out_file))
    for german in ("Bericht für die Therapie", "Sicherheitsfragen und Eingangsfragen",
                   "Alle 14 Warnzeichen-Fragen", "Markierte Einheiten", "Schmerzverlauf",
                   "Nächste Einheit, wie der Coach sie abspielt", "Seite 1 von"):
        assert german in text, text
    assert english_left(text) == [], text
