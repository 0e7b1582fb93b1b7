"""``hipcoach report`` from the command line: PDFs on success, one clear line on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from hipcoach.cli import main

from .conftest import add_session, bridge, local_at, page_texts


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["report", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def _one_clear_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("hipcoach report: ")
    return lines[0]


def test_session_summary_last_and_by_id(qapp, capsys, known, data_dir, tmp_path):
    out_file = tmp_path / "last.pdf"
    status, out, err = _run(capsys, "--session", "last", "--pdf", str(out_file),
                            "--data-dir", str(data_dir), "--paper", "A4")
    assert status == 0, err
    # one page, or two when the coach's "what changes next time" is long
    assert out.strip() in (f"wrote {out_file} (1 page, A4)", f"wrote {out_file} (2 pages, A4)")
    assert "3 × 8, 9, 8 @ 20 kg" in page_texts(out_file)[0]

    by_id = tmp_path / "first.pdf"
    status, out, err = _run(capsys, "--session", str(known.earlier[0]), "--pdf", str(by_id),
                            "--data-dir", str(data_dir), "--paper", "Letter")
    assert status == 0, err
    assert "(1 page, Letter)" in out  # an older session: no "next time" from today's plan
    assert "2 × 6, 6 @ 17.5 kg" in page_texts(by_id)[0]


def test_paper_comes_from_the_settings(qapp, capsys, known, data_dir, tmp_path):
    (data_dir / "settings.json").write_text(json.dumps({"paper": "Letter"}))
    status, out, err = _run(capsys, "--session", "last", "--pdf", str(tmp_path / "s.pdf"),
                            "--data-dir", str(data_dir))
    assert status == 0, err
    assert out.strip().endswith(("(1 page, Letter)", "(2 pages, Letter)"))


def test_clinician_report_with_progress_for_a_long_period(qapp, capsys, known, data_dir,
                                                          tmp_path):
    out_file = tmp_path / "report.pdf"
    status, out, err = _run(capsys, "--from", "2024-10-01", "--to", "2025-03-31", "--pdf",
                            str(out_file), "--data-dir", str(data_dir))
    assert status == 0, err
    assert "reading 26 weeks… 100%" in err
    assert "reading 26 weeks…" in err.splitlines()[0]
    text = " ".join(page_texts(out_file))
    assert "Sessions 4 (4 completed, 0 abandoned)" in text


def test_empty_period_is_a_document_and_a_note(qapp, capsys, known, data_dir, tmp_path):
    out_file = tmp_path / "empty.pdf"
    status, out, err = _run(capsys, "--from", "2020-01-01", "--to", "2020-01-31", "--pdf",
                            str(out_file), "--data-dir", str(data_dir))
    assert status == 0
    assert "no sessions were recorded in that period" in err
    assert "No sessions were recorded" in page_texts(out_file)[0]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--session", "999"], "there is no session 999"),
        (["--from", "2025-03-10", "--to", "2025-03-01"], "before it starts"),
        (["--session", "last", "--to", "2025-03-01"], "--to goes with --from"),
    ],
)
def test_bad_requests_give_one_line(qapp, capsys, known, data_dir, tmp_path, argv, message):
    out_file = tmp_path / "x.pdf"
    status, out, err = _run(capsys, *argv, "--pdf", str(out_file), "--data-dir", str(data_dir))
    assert status == 1
    assert message in _one_clear_line(err)
    assert not out_file.exists()


def test_unwritable_output_and_missing_history(qapp, capsys, known, data_dir, tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    for target, message in ((tmp_path / "nope" / "r.pdf", "does not exist"),
                            (blocker / "r.pdf", "does not exist"),
                            (tmp_path, "it is a folder")):
        status, _, err = _run(capsys, "--session", "last", "--pdf", str(target),
                              "--data-dir", str(data_dir))
        assert status == 1
        assert message in _one_clear_line(err)

    status, _, err = _run(capsys, "--session", "last", "--pdf", str(tmp_path / "r.pdf"),
                          "--data-dir", str(tmp_path / "empty-dir"))
    assert status == 1
    assert "no history" in _one_clear_line(err)
    assert not (tmp_path / "empty-dir").exists()  # a report never creates a database


def test_no_sessions_yet(qapp, capsys, store, data_dir, tmp_path):
    status, _, err = _run(capsys, "--session", "last", "--pdf", str(tmp_path / "r.pdf"),
                          "--data-dir", str(data_dir))
    assert status == 1
    assert "there are no sessions yet" in _one_clear_line(err)


def test_bad_arguments_are_refused_by_the_parser(capsys, tmp_path):
    for argv in (["--session", "abc"], ["--session", "0"], ["--from", "12/03/2025"]):
        with pytest.raises(SystemExit) as stop:
            main(["report", *argv, "--pdf", str(tmp_path / "x.pdf")])
        assert stop.value.code == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err and "error:" in err
    # No output named (--pdf or, for a range, --json): one clear line, status 1.
    status, _, err = _run(capsys, "--session", "last", "--data-dir", str(tmp_path))
    assert status == 1 and "--pdf FILE" in _one_clear_line(err)


def test_runs_headless_without_a_display(store, data_dir, tmp_path):
    """A fresh process with no DISPLAY and no QT_QPA_PLATFORM: offscreen is chosen."""
    add_session(store, local_at(date.today() - timedelta(days=3), 9), [bridge(1, 8)])
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out_file = tmp_path / "headless.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "hipcoach", "report", "--from",
         (date.today() - timedelta(days=6)).isoformat(), "--pdf", str(out_file),
         "--data-dir", str(data_dir)],
        capture_output=True, text=True, env=env, timeout=60, check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    assert out_file.stat().st_size > 1000
    assert "Traceback" not in result.stderr


def test_clinician_report_shows_red_flags_and_clearance(qapp, capsys, known, data_dir, tmp_path):
    from hipcoach.coach import profile as profile_mod
    from hipcoach.coach.safety import RED_FLAG_IDS

    answers = {**dict.fromkeys(RED_FLAG_IDS, False), "osteoporosis": True}
    profile = profile_mod.Profile().with_all_answers(answers, date(2025, 3, 1))
    profile_mod.save(data_dir, profile)
    out_file = tmp_path / "flags.pdf"
    status, _, err = _run(capsys, "--from", "2025-01-01", "--to", "2025-03-31", "--pdf",
                          str(out_file), "--data-dir", str(data_dir))
    assert status == 0, err
    text = " ".join(" ".join(page_texts(out_file)).split())
    assert "Red-flag questions answered yes on 1 Mar 2025: osteoporosis" in text
    assert "No clinician clearance recorded" in text
    profile_mod.save(data_dir, profile.with_clearance(date(2025, 3, 4), date(2025, 3, 5)))
    status, _, err = _run(capsys, "--from", "2025-01-01", "--to", "2025-03-31", "--pdf",
                          str(out_file), "--data-dir", str(data_dir))
    assert status == 0, err
    text = " ".join(" ".join(page_texts(out_file)).split())
    assert "Cleared to exercise by a clinician on 4 Mar 2025" in text


def test_json_share_file_holds_the_report(capsys, store, data_dir, tmp_path):
    monday = date(2025, 3, 3)
    add_session(store, local_at(monday, 9), [bridge(1, 8), bridge(2, 9, kg=22.5)])
    add_session(store, local_at(monday + timedelta(days=9), 9), [bridge(1, 10)])
    out = tmp_path / "share.json"
    status, printed, _ = _run(capsys, "--from", "2025-03-05", "--to", "2025-03-16",
                              "--json", str(out), "--data-dir", str(data_dir))
    assert status == 0 and "wrote" in printed
    assert out.stat().st_mode & 0o077 == 0  # health data: the user's only
    share = json.loads(out.read_text(encoding="utf-8"))
    assert share["format"] == "hipcoach-clinician-report"
    # The Monday 3 Mar session is before the range; the 12 Mar one is in week of 10 Mar.
    assert [(w["monday"], w["partial"], w["completed"]) for w in share["weeks"]] == [
        ("2025-03-03", True, 0), ("2025-03-10", False, 1)]
    assert share["summary"]["reps"] == 10 and share["exercises"][0]["name"] == "Glute bridge"
    status, _, err = _run(capsys, "--from", "2025-03-05", "--to", "2025-03-01", "--json", "-",
                          "--data-dir", str(data_dir))
    assert status == 1 and "before it starts" in _one_clear_line(err)
