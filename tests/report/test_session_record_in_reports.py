"""The printed reports read a session's totals from its record, as History does.

The session (``ended_early_session`` in tests/conftest.py): 14 sets planned, 11 done,
2 skipped, 1 not reached, ended early after 1256 s of exercise in 31 minutes.
"""

from __future__ import annotations

from hipcoach.cli import main

from .conftest import page_texts

SKIPPED = "Side-lying clam, set 1; Bird dog, set 2"


def _report(capsys, data_dir, *argv: str) -> None:
    status = main(["report", *argv, "--data-dir", str(data_dir)])
    _out, err = capsys.readouterr()
    assert status == 0, err


def test_the_session_summary_pdf_reads_the_record(qapp, capsys, data_dir, tmp_path,
                                                  ended_early_session):
    out = tmp_path / "summary.pdf"
    _report(capsys, data_dir, "--session", str(ended_early_session), "--pdf", str(out))
    [text] = page_texts(out)
    for expected in (
        "Time exercised 20:56 (planned 25:00)",
        "Status Ended early: 11 of 14 sets, 2 skipped",
        f"Skipped {SKIPPED}",
        "Not reached 1 planned set",
        "Total 11 sets, 110 reps",
    ):
        assert expected in text, expected
    assert "31:00" not in text and "31 min" not in text  # start to end includes pauses


def test_the_clinician_report_reads_the_record(qapp, capsys, data_dir, tmp_path,
                                               ended_early_session):
    out = tmp_path / "clinician.pdf"
    _report(capsys, data_dir, "--from", "2026-11-01", "--to", "2026-11-03", "--pdf", str(out))
    text = " ".join(page_texts(out))
    for expected in (
        "Sets 11 of 14 sets, 2 skipped",
        "Time exercised 20:56",
        f"ended early: 11 of 14 sets, 2 skipped ({SKIPPED}), 20:56 exercised",
    ):
        assert expected in text, expected
