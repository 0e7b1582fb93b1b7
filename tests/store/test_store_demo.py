"""``hipcoach demo-data``: a believable, deterministic synthetic history."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from statistics import mean

import pytest

from hipcoach import cli
from hipcoach.program.loader import parse_program_text
from hipcoach.store.backup import list_backups
from hipcoach.store.demo import DemoPlan, choose_programs, generate
from hipcoach.store.engine import prepare_database
from hipcoach.store.errors import StoreError

UNTIL = date(2025, 3, 30)
WEEKS = 12


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "data"
    code = cli.main(["demo-data", "--weeks", str(WEEKS), "--seed", "7", "--until", str(UNTIL),
                     "--data-dir", str(folder)])
    assert code == 0
    return folder


def test_sessions_per_week(demo_dir: Path) -> None:
    first_day = UNTIL - timedelta(days=7 * WEEKS - 1)
    with prepare_database(demo_dir) as db:
        sessions = db.store().sessions()
    weeks = Counter((s.started_at.astimezone().date() - first_day).days // 7 for s in sessions)
    assert set(weeks) <= set(range(WEEKS))
    counts = [weeks.get(w, 0) for w in range(WEEKS)]
    assert counts.count(0) == 1, counts  # one missed week
    assert all(3 <= c <= 6 for c in counts if c), counts
    assert counts[0] and counts[-1]
    assert all(s.status in ("completed", "abandoned") for s in sessions)
    assert all(s.done_sets > 0 and s.done_sets <= s.planned_sets for s in sessions)


def test_time_exercised_is_the_planned_time_for_the_sets_done(demo_dir: Path) -> None:
    with prepare_database(demo_dir) as db:
        sessions = db.store().sessions()
    for s in sessions:
        assert s.active_s == pytest.approx(s.planned_seconds * s.done_sets / s.planned_sets)
        assert s.exercised_s == s.active_s  # recorded: no fallback to start-to-end
        assert s.duration_s is not None and 0 < s.active_s < s.duration_s
    abandoned = [s for s in sessions if s.status == "abandoned"]
    assert all(s.active_s < s.planned_seconds and s.not_reached for s in abandoned)


def test_a_pain_flare_and_next_morning_checkins(demo_dir: Path) -> None:
    with prepare_database(demo_dir) as db:
        store = db.store()
        sessions = store.sessions()
        details = [store.session_detail(s.id) for s in sessions]
    pains = [s.max_pain or 0 for s in sessions]
    assert max(pains) >= 6  # the flare
    assert sum(p >= 5 for p in pains) < len(pains) / 3  # ...is a flare, not the norm
    mornings = [c for d in details for c in d.checkins if c.kind == "next_morning"]
    assert mornings and max(c.pain for c in mornings) >= 5
    assert all(0 <= s.pain_before <= 10 for s in sessions if s.pain_before is not None)


def test_progression_over_the_weeks(demo_dir: Path) -> None:
    with prepare_database(demo_dir) as db:
        sets = db.store().sets()
    by_exercise: dict[str, list[tuple[float, int, float]]] = {}
    for s in sets:
        assert s.performed_at is not None
        by_exercise.setdefault(s.exercise, []).append(
            (s.performed_at.timestamp(), s.target_reps or 0, s.load.value or 0.0))
    progressed = []
    for exercise, rows in by_exercise.items():
        rows.sort()
        third = max(1, len(rows) // 3)
        early, late = rows[:third], rows[-third:]
        if (mean(r[1] for r in late) > mean(r[1] for r in early)
                or max(r[2] for r in late) > max(r[2] for r in early)):
            progressed.append(exercise)
    assert progressed, "no exercise got more reps or load over twelve weeks"
    sides = Counter(s.side for s in sets)
    assert sides["left"] == sides["right"] > 0


def test_refuses_a_database_with_sessions_unless_forced(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    args = ["demo-data", "--weeks", "3", "--until", str(UNTIL), "--data-dir", str(folder)]
    assert cli.main(args) == 0
    with prepare_database(folder) as db:
        before = db.store().sessions()
    capsys.readouterr()
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert "already holds" in err and "--force" in err and err.count("\n") == 1
    with prepare_database(folder) as db:
        assert db.store().sessions() == before
    assert cli.main([*args, "--force", "--seed", "2"]) == 0
    assert "kept in" in capsys.readouterr().out
    assert [b.kind for b in list_backups(folder)] == ["pre-demo"]
    with prepare_database(folder) as db:
        assert db.store().sessions() != before


def test_same_seed_same_history(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for n, seed in enumerate(("5", "5", "6")):
        folder = tmp_path / f"d{n}"
        out = tmp_path / f"d{n}.csv"
        assert cli.main(["demo-data", "--weeks", "4", "--seed", seed, "--until", str(UNTIL),
                         "--data-dir", str(folder)]) == 0
        assert cli.main(["export", "--csv", str(out), "--data-dir", str(folder)]) == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] != outputs[2]


def test_bad_arguments_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["demo-data", "--weeks", "0", "--data-dir", str(tmp_path)])
    assert exited.value.code == 2
    assert "between 1 and 520" in capsys.readouterr().err


DRILL_ONLY = """
[program]
id = "daily-drill"
name = "Daily drill"
[[stage]]
id = "daily"
name = "Daily"
  [[stage.phase]]
  kind = "activation"
  name = "Activation"
    [[stage.phase.exercise]]
    id = "prone-hip-extension"
    name = "Pure hip extension"
    sets = 2
    reps = 5
    sides = "each"
    tempo = "2-0-2-1"
"""


def test_falls_back_to_whatever_programmes_exist() -> None:
    drill = parse_program_text(DRILL_ONLY)
    main, extra = choose_programs([drill])
    assert main is drill and extra is None
    history = generate(DemoPlan(weeks=6, until=UNTIL), programs=[drill])
    assert history.sessions and all(h.program_id == "daily-drill" for h in history.sessions)
    assert history.missed_week is not None and history.flare_week is not None
    with pytest.raises(StoreError, match="no built-in programmes"):
        generate(DemoPlan(weeks=2), programs=[])
