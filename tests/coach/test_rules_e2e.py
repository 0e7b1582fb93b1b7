"""End to end for each rule: a crafted CSV, ``hipcoach import --csv``, ``hipcoach next --json``.

Each case writes the history a physiotherapist would check, imports it into an empty data
dir (with the safety answers and settings given), and reads the decision for one exercise
from ``next --json``: its step, its rule id, and the numbers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hipcoach import cli
from hipcoach.coach import profile as profile_mod
from hipcoach.coach.safety import RED_FLAG_IDS

HEADER = ("date,session_id,program,stage,exercise,side,set,target_reps,reps,load,unit,tempo,"
          "hold_s,tut_s,rpe,pain,note,pain_before,pain_after,pain_morning,decisions")
TODAY = "2025-03-20"
LR = "light-resistance"
PROGRESS = {"reps_up", "tempo_up", "load_up", "hold_up", "variant_up"}


def rows(day: str, sid: int, exercise: str, reps: list[int], target: int, *, load: str = "",
         unit: str = "bodyweight", rpe: str = "", pain: str = "1", stage: str = LR,
         program: str = "hip-extension", sides: tuple[str, ...] = ("",), tempo: str = "",
         before: str = "", after: str = "", morning: str = "") -> list[str]:
    out = []
    minute = 0
    for side in sides:
        for n, r in enumerate(reps, 1):
            minute += 1
            out.append(f"{day}T12:{minute:02d}:00+00:00,{sid},{program},{stage},{exercise},{side},"
                       f"{n},{target},{r},{load},{unit},{tempo},,,{rpe},{pain},,{before},{after},"
                       f"{morning},")
    return out


def rdl(day: str, sid: int, reps: list[int], target: int, load: str = "6", **kw: Any
        ) -> list[str]:
    kw.setdefault("tempo", "3-0-3-0")
    return rows(day, sid, "romanian-deadlift", reps, target, load=load, unit="kg", **kw)


def drill(day: str, sid: int, reps: int, **kw: Any) -> list[str]:
    return rows(day, sid, "pure-hip-extension", [reps, reps], reps, program="daily-drill",
                stage="daily", sides=("left", "right"), tempo="2-0-2-2", **kw)


ALL_NO = dict.fromkeys(RED_FLAG_IDS, False)


@dataclass(frozen=True)
class Case:
    name: str
    history: Callable[[], list[str]]
    slot: str
    step: str | set[str]
    rule: str
    expect: dict[str, Any] = field(default_factory=dict)
    line_has: tuple[str, ...] = ()
    line_lacks: tuple[str, ...] = ()
    flags: dict[str, bool] | None = field(default_factory=lambda: dict(ALL_NO))
    cleared: str | None = None
    screened: str = "2025-03-01"  # the day the safety questions were answered
    settings: dict[str, Any] = field(default_factory=dict)
    program: str | None = None


CASES = [
    Case("P1 a red session yesterday: no progression, a lighter week",
         lambda: rdl("2025-03-16", 1, [12] * 3, 12, rpe="7") + rdl("2025-03-19", 2, [12] * 3, 12,
                                                                    rpe="7", pain="7"),
         "romanian-deadlift", "repeat", "P1", {"deload": True}, ("pain 7 during the session",)),
    Case("P1 a flare seen only in the next-morning check-in",
         lambda: rdl("2025-03-16", 1, [12] * 3, 12, before="1") + rdl(
             "2025-03-18", 2, [12] * 3, 12, before="1", after="1", morning="6"),
         "romanian-deadlift", "repeat", "P1", {"deload": True}, ("pain 6 the next morning",)),
    Case("E1 after a red session and its lighter week, one green session is not enough",
         lambda: rdl("2025-03-04", 1, [12] * 3, 12, rpe="7", pain="7")
         + rdl("2025-03-08", 2, [8, 8], 8, pain="2") + rdl("2025-03-15", 3, [12] * 3, 12, rpe="7"),
         "romanian-deadlift", "repeat", "E1", {"load": "6kg"},
         ("1 of 2 full sessions with pain green since the pain flare on 4 Mar",),
         ("pain 7",), screened="2025-03-10"),  # asked again after the flare (F2 otherwise)
    Case("F2 after a red flare the safety questions are asked again before any progression",
         lambda: rdl("2025-03-04", 1, [12] * 3, 12, rpe="7", pain="7")
         + rdl("2025-03-08", 2, [8, 8], 8, pain="2") + rdl("2025-03-15", 3, [12] * 3, 12, rpe="7")
         + rdl("2025-03-18", 4, [12] * 3, 12, rpe="7"),
         "romanian-deadlift", "repeat", "F2", {}, ("a pain flare on 4 Mar",)),
    Case("E2 pain never recorded: hold, and the end screen must ask",
         lambda: rdl("2025-03-16", 1, [12] * 3, 12, pain="") + rdl("2025-03-18", 2, [12] * 3, 12,
                                                                    pain=""),
         "romanian-deadlift", "repeat", "E2", {}, ("pain not recorded (16 Mar, 18 Mar)",)),
    Case("E3 amber pain is named amber and holds",
         lambda: rdl("2025-03-16", 1, [12] * 3, 12, pain="4") + rdl("2025-03-18", 2, [12] * 3, 12,
                                                                     pain="5"),
         "romanian-deadlift", "repeat", "E3", {}, ("pain amber",)),
    Case("P2 red twice: one step back",
         lambda: rdl("2025-03-16", 1, [9] * 3, 9, load="8", pain="7")
         + rdl("2025-03-18", 2, [9] * 3, 9, load="8", pain="6"),
         "romanian-deadlift", "step_back", "P2", {"load": "7kg"}),
    Case("L3 a big equipment step (6 -> 7 kg) slows the lowering first",
         lambda: rdl("2025-03-16", 1, [12] * 3, 12, rpe="7") + rdl("2025-03-18", 2, [12] * 3, 12,
                                                                    rpe="7"),
         "romanian-deadlift", "tempo_up", "L3", {"load": "6kg", "tempo": "4-0-3-0"}),
    Case("L2 at the tempo cap, the weights owned give the next step (6 -> 8 kg, not 11)",
         lambda: rdl("2025-03-16", 1, [12] * 3, 12, rpe="6", tempo="5-0-3-0")
         + rdl("2025-03-18", 2, [12] * 3, 12, rpe="6", tempo="5-0-3-0"),
         "romanian-deadlift", "load_up", "L2", {"load": "8kg", "reps": 8, "tempo": None},
         ("+33% (the smallest step your equipment allows)",), settings={"weights_owned": "4,6,8"}),
    Case("L2 a logged load at the store's limit never goes above it",
         lambda: rdl("2025-03-16", 1, [12] * 3, 12, load="1000", rpe="7", tempo="5-0-3-0")
         + rdl("2025-03-18", 2, [12] * 3, 12, load="1000", rpe="7", tempo="5-0-3-0"),
         "romanian-deadlift", "stay", "L2", {"load": "1000kg"}),
    Case("L4 effort 10: one step lighter, not the table's 5 kg",
         lambda: rdl("2025-03-16", 1, [9] * 3, 9, load="10", rpe="10")
         + rdl("2025-03-18", 2, [9] * 3, 9, load="10", rpe="10"),
         "romanian-deadlift", "load_down", "L4", {"load": "9kg"}),
    Case("L4 never to 0: the lightest weight owned keeps its load, fewer reps",
         lambda: rdl("2025-03-16", 1, [10] * 3, 10, load="4", rpe="10")
         + rdl("2025-03-18", 2, [10] * 3, 10, load="4", rpe="10"),
         "romanian-deadlift", "load_down", "L4", {"load": "4kg", "reps": 8},
         settings={"weights_owned": "4,6,8"}),
    Case("L5 at the top at effort 9: no more load",
         lambda: rdl("2025-03-16", 1, [12] * 3, 12, rpe="9") + rdl("2025-03-18", 2, [12] * 3, 12,
                                                                    rpe="9"),
         "romanian-deadlift", "repeat", "L5", {"load": "6kg"}),
    Case("L5 a band at the top at effort 10: no harder band",
         lambda: rows("2025-03-16", 1, "banded-bridge", [15, 15], 15, load="red", unit="band",
                      rpe="10") + rows("2025-03-18", 2, "banded-bridge", [15, 15], 15,
                                       load="red", unit="band", rpe="10"),
         "banded-bridge", "repeat", "L5", {"load": "band:red"}),
    Case("L6 a band at the top steps through the user's own colours",
         lambda: rows("2025-03-16", 1, "banded-bridge", [15, 15], 15, load="red", unit="band")
         + rows("2025-03-18", 2, "banded-bridge", [15, 15], 15, load="red", unit="band"),
         "banded-bridge", "load_up", "L6", {"load": "band:blue", "reps": 10},
         settings={"band_colours": "yellow, red, blue"}),
    Case("B1 short of the prescription twice: step back",
         lambda: rows("2025-03-16", 1, "paused-bridge", [9, 7], 9)
         + rows("2025-03-18", 2, "paused-bridge", [9, 6], 9),
         "paused-bridge", "step_back", "B1", {"reps": 8}),
    Case("R1 +1 rep after two green sessions at the target",
         lambda: rows("2025-03-16", 1, "paused-bridge", [9, 9], 9)
         + rows("2025-03-18", 2, "paused-bridge", [9, 9], 9),
         "paused-bridge", "reps_up", "R1", {"reps": 10}),
    Case("G1 back after 12 days: the last prescription with less volume",
         lambda: rows("2025-03-06", 1, "paused-bridge", [9, 9], 9)
         + rows("2025-03-08", 2, "paused-bridge", [9, 9], 9),
         "paused-bridge", "repeat", "G1", {"sets": 2, "reps": 5}, ("back after 12 days",)),
    Case("G2 back after four weeks: restart gently",
         lambda: rdl("2025-02-18", 1, [12] * 3, 12, load="10") + rdl("2025-02-20", 2, [12] * 3, 12,
                                                                       load="10"),
         "romanian-deadlift", "restart", "G2", {"load": "6kg"}),
    Case("D3 a flare's lighter week keeps the daily drill at 2x5 per side or more",
         lambda: drill("2025-03-17", 1, 6) + drill("2025-03-19", 2, 6, pain="8"),
         "pure-hip-extension", "repeat", "P1", {"sets": 2, "reps": 5}, program="daily-drill"),
    Case("F1 a yes to a red flag holds everything until a clinician's clearance",
         lambda: rows("2025-03-16", 1, "paused-bridge", [9, 9], 9)
         + rows("2025-03-18", 2, "paused-bridge", [9, 9], 9),
         "paused-bridge", "repeat", "F1", {}, ("saddle",),
         flags={**ALL_NO, "saddle_numbness": True}),
    Case("F1 a recorded clearance lets progression resume",
         lambda: rows("2025-03-16", 1, "paused-bridge", [9, 9], 9)
         + rows("2025-03-18", 2, "paused-bridge", [9, 9], 9),
         "paused-bridge", "reps_up", "R1", flags={**ALL_NO, "night_pain": True},
         cleared="2025-03-10"),
    Case("F2 safety questions never answered: hold",
         lambda: rows("2025-03-16", 1, "paused-bridge", [9, 9], 9)
         + rows("2025-03-18", 2, "paused-bridge", [9, 9], 9),
         "paused-bridge", "repeat", "F2", {}, ("not answered",), flags=None),
]


def _setup(case: Case, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    if case.flags is not None:
        profile = profile_mod.Profile().with_all_answers(case.flags,
                                                         date.fromisoformat(case.screened))
        if case.cleared:
            profile = profile.with_clearance(date.fromisoformat(case.cleared), date(2025, 3, 20))
        profile_mod.save(data, profile)
    if case.settings:
        (data / "settings.json").write_text(json.dumps(case.settings), encoding="utf-8")
    source = tmp_path / "history.csv"
    source.write_text("\n".join([HEADER, *case.history()]) + "\n", encoding="utf-8")
    assert cli.main(["import", "--csv", str(source), "--data-dir", str(data)]) == 0
    return data


@pytest.fixture(autouse=True)
def _no_env_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HIPCOACH_DATA_DIR", raising=False)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_rule_through_import_and_next(case: Case, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    data = _setup(case, tmp_path)
    capsys.readouterr()
    argv = ["next", "--json", "--data-dir", str(data), "--today", TODAY]
    if case.program:
        argv += ["--program", case.program]
    assert cli.main(argv) == 0
    objects = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by = {o.get("slot", o["kind"]): o for o in objects}
    got = by[case.slot]
    steps = case.step if isinstance(case.step, set) else {case.step}
    assert got["step"] in steps and got["rule"] == case.rule, got["line"]
    for key, value in case.expect.items():
        assert got[key] == value, (key, got)
    for text in case.line_has:
        assert text in got["line"], got["line"]
    for text in case.line_lacks:
        assert text not in got["line"], got["line"]
    assert got["line"].endswith("]") and f"[{case.rule} · " in got["line"]
    safety = by["safety"]
    if case.rule in ("F1", "F2"):
        assert safety["hold"] is True and safety["line"].startswith("Progression on hold")
        assert not [o for o in objects if o["kind"] == "exercise" and o["step"] in PROGRESS]
        assert by["stage"]["move"] is False
        assert safety["screen_due"] is True  # the start screen asks (again) at once
    if case.cleared:
        assert safety["screen_due"] is False and safety["hold"] is False
    if case.flags and any(case.flags.values()):
        assert safety["flagged"] == [k for k, v in case.flags.items() if v]
        assert safety["cleared_on"] == case.cleared
    if case.rule == "E2":
        assert safety["needs_pain"] is not None and "Pain not recorded" in safety["needs_pain"]


def test_a_flagged_user_sees_the_hold_in_the_text_too(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    case = next(c for c in CASES if c.rule == "F1" and not c.cleared)
    data = _setup(case, tmp_path)
    capsys.readouterr()
    assert cli.main(["next", "--data-dir", str(data), "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "see a doctor or physiotherapist" in out
    assert "Progression on hold: you answered yes to numbness in the saddle area" in out
