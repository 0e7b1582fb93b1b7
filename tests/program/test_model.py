"""The programme model: tempo, rep ranges, durations, bounds and unique ids."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from hipcoach.program.decode import decode_program
from hipcoach.program.model import MAX_DURATION_S, Exercise, Program, RepRange, Tempo, parse_duration


def exercise(**fields: Any) -> Exercise:
    return msgspec.convert({"id": "ex", "name": "Exercise", **fields}, type=Exercise)


def rejects(field: str, **fields: Any) -> str:
    """The error message for an exercise that must not validate; it names ``field``."""
    with pytest.raises(msgspec.ValidationError) as info:
        exercise(**fields)
    message = str(info.value)
    assert field in message
    return message


# Tempo ---------------------------------------------------------------------------------
def test_tempo_digits_in_file_order() -> None:
    tempo = Tempo.parse("3-1-2-0")
    assert (tempo.eccentric, tempo.bottom, tempo.concentric, tempo.top) == (3, 1, 2, 0)
    assert tempo.rep_seconds == 6
    assert tempo.text == "3-1-2-0"


@pytest.mark.parametrize("text", ["X-0-X-0", "x-0-x-0", " X-0-X-0 "])
def test_tempo_x_counts_one_second(text: str) -> None:
    tempo = Tempo.parse(text)
    assert (tempo.eccentric, tempo.bottom, tempo.concentric, tempo.top) == (1, 0, 1, 0)
    assert tempo.rep_seconds == 2
    assert tempo.text == "X-0-X-0"


def test_tempo_order_depends_on_start_and_skips_zero_phases() -> None:
    tempo = Tempo.parse("3-0-1-2")
    assert tempo.phases("eccentric") == [("eccentric", 3), ("concentric", 1), ("top", 2)]
    assert tempo.phases("concentric") == [("concentric", 1), ("top", 2), ("eccentric", 3)]
    full = Tempo.parse("4-3-2-1")
    assert [p for p, _ in full.phases("eccentric")] == ["eccentric", "bottom", "concentric", "top"]
    assert [p for p, _ in full.phases("concentric")] == ["concentric", "top", "eccentric", "bottom"]


@pytest.mark.parametrize(
    "text", ["3-0-3", "3-0-3-0-1", "30-3-0", "a-b-c-d", "10-0-1-0", "", "3 0 3 0", "3-0-3-0s", "-1-0-1-0"]
)
def test_tempo_rejects_malformed_text(text: str) -> None:
    with pytest.raises(ValueError, match="four digits"):
        Tempo.parse(text)


def test_tempo_of_all_zeros_is_rejected() -> None:
    with pytest.raises(ValueError, match="zeros"):
        Tempo.parse("0-0-0-0")


# Reps ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "low", "high"),
    [(8, 8, 8), ("8", 8, 8), ("8-12", 8, 12), (" 8 - 12 ", 8, 12), (1, 1, 1), ("100", 100, 100),
     ("5-5", 5, 5)],
)
def test_rep_ranges(value: int | str, low: int, high: int) -> None:
    reps = RepRange.parse(value)
    assert (reps.low, reps.high) == (low, high)
    assert reps.target == low


def test_rep_range_text() -> None:
    assert str(RepRange.parse("8-12")) == "8-12"
    assert str(RepRange.parse(10)) == "10"


@pytest.mark.parametrize("value", [0, 101, -3, "0-5", "5-101", "x", "8-", "-8", "8-12-16", "", True])
def test_rep_range_rejects(value: Any) -> None:
    with pytest.raises(ValueError, match="reps|range"):
        RepRange.parse(value)


def test_backwards_rep_range_is_explained() -> None:
    with pytest.raises(ValueError, match="backwards"):
        RepRange.parse("12-8")


# Durations -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "seconds"),
    [("60s", 60), ("2m", 120), ("1m30s", 90), ("1m 30s", 90), (" 45s ", 45), (45, 45),
     ("1s", 1), ("10m", 600), ("9m60s", 600), ("0m5s", 5)],
)
def test_durations(text: str | int, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text", ["0s", 0, -5, "10m1s", 601, "11m", "", "   ", "90", "1h", "s", "m", "1.5s", "30s1m", True]
)
def test_duration_rejects(text: Any) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


def test_longest_duration_is_ten_minutes() -> None:
    assert MAX_DURATION_S == 600
    assert exercise(work="10m").work_s == 600
    rejects("work", work="10m1s")
    rejects("hold", reps=1, hold="11m")
    rejects("rest", reps=1, rest=601)


# Exercise fields -----------------------------------------------------------------------
def test_exercise_defaults() -> None:
    ex = exercise(reps="8-12", tempo="3-0-3-0")
    assert ex.set_count == 1
    assert ex.start == "eccentric"
    assert ex.sides == "both" and not ex.unilateral
    assert ex.load == "bodyweight"
    assert ex.rest_s == 60
    assert ex.rest_after_s is None
    assert ex.rep_seconds == 6
    assert ex.rep_range == RepRange(8, 12)


@pytest.mark.parametrize("sets", [1, 20])
def test_sets_bounds_accepted(sets: int) -> None:
    assert exercise(sets=sets, reps=5).set_count == sets


@pytest.mark.parametrize("sets", [0, 21, -1])
def test_sets_bounds_rejected(sets: int) -> None:
    rejects("sets", sets=sets, reps=5)


@pytest.mark.parametrize("reps", [0, 101, "0-3", "99-101"])
def test_reps_bounds_rejected(reps: int | str) -> None:
    rejects("reps", reps=reps)


def test_reps_accepts_one_to_a_hundred() -> None:
    assert exercise(reps="1-100").rep_range == RepRange(1, 100)


def test_hold_exercise_parses_its_durations() -> None:
    ex = exercise(sets=2, reps=5, hold="10s", rest_between_reps="5s")
    assert ex.hold_s == 10 and ex.rest_between_reps_s == 5 and ex.rep_seconds == 10


@pytest.mark.parametrize(
    ("field", "fields"),
    [
        ("sets", {"work": "60s", "sets": 2}),
        ("reps", {"work": "60s", "reps": 2}),
        ("tempo", {"work": "60s", "tempo": "3-0-3-0"}),
        ("sides", {"work": "60s", "sides": "alternate"}),
        ("reps", {}),
        ("hold", {"reps": 5, "hold": "10s", "tempo": "3-0-3-0"}),
        ("rest_between_reps", {"reps": 5, "rest_between_reps": "5s"}),
        ("reps", {"reps": 1, "sides": "alternate"}),
        ("load", {"reps": 5, "load": "heavy"}),
        ("load", {"reps": 5, "load": "band:"}),
        ("load", {"reps": 5, "load": "10 kg"}),
        ("load", {"reps": 5, "load": "bodyweight\n"}),
        ("start", {"reps": 5, "start": "middle"}),
        ("sides", {"reps": 5, "sides": "left"}),
        ("tempo", {"reps": 5, "tempo": "3-0-3"}),
        ("cues", {"reps": 5, "cues": ["x"] * 9}),
        ("cues", {"reps": 5, "cues": ["x" * 121]}),
        ("cues", {"reps": 5, "cues": [""]}),
        ("description", {"reps": 5, "description": "x" * 401}),
        ("id", {"reps": 5, "id": "Has Spaces"}),
        ("id", {"reps": 5, "id": "ok\n"}),
        ("name", {"reps": 5, "name": ""}),
    ],
)
def test_exercise_rejects(field: str, fields: dict[str, Any]) -> None:
    rejects(field, **fields)


@pytest.mark.parametrize("load", ["bodyweight", "band:red", "band:green", "8kg", "2.5kg", "15lb"])
def test_loads_accepted(load: str) -> None:
    assert exercise(reps=5, load=load).load == load


def test_cue_limits_accepted() -> None:
    assert len(exercise(reps=5, cues=["x" * 120] * 8).cues) == 8


# Programme structure -------------------------------------------------------------------
def program_dict(stages: list[dict[str, Any]]) -> dict[str, Any]:
    return {"program": {"id": "p", "name": "P"}, "stage": stages}


def stage_dict(stage_id: str, *exercise_ids: str) -> dict[str, Any]:
    exercises = [{"id": i, "name": i, "work": "30s"} for i in exercise_ids]
    phase = {"kind": "warmup", "name": "W", "exercise": exercises}
    return {"id": stage_id, "name": stage_id, "phase": [phase]}


def test_exercise_ids_are_unique_within_a_stage() -> None:
    with pytest.raises(msgspec.ValidationError, match="'a' is used twice"):
        decode_program(program_dict([stage_dict("s", "a", "b", "a")]))


def test_exercise_ids_are_unique_across_phases_of_a_stage() -> None:
    stage = stage_dict("s", "a")
    again = {"id": "a", "name": "a", "work": 5}
    stage["phase"].append({"kind": "cooldown", "name": "C", "exercise": [again]})
    with pytest.raises(msgspec.ValidationError, match="used twice"):
        decode_program(program_dict([stage]))


def test_the_same_exercise_id_may_appear_in_two_stages() -> None:
    program = decode_program(program_dict([stage_dict("s1", "a"), stage_dict("s2", "a")]))
    assert [s.id for s in program.stage] == ["s1", "s2"]


def test_stage_ids_are_unique() -> None:
    with pytest.raises(msgspec.ValidationError, match="stage id 's' is used twice"):
        decode_program(program_dict([stage_dict("s", "a"), stage_dict("s", "b")]))


def test_get_stage() -> None:
    program: Program = decode_program(program_dict([stage_dict("easy", "a"), stage_dict("hard", "b")]))
    assert program.get_stage(None).id == "easy"
    assert program.get_stage("hard").id == "hard"
    assert [e.id for e in program.get_stage("hard").exercises] == ["b"]
    with pytest.raises(KeyError):
        program.get_stage("missing")


@pytest.mark.parametrize(
    "data",
    [
        program_dict([]),
        {"program": {"id": "p", "name": "P", "version": 0}, "stage": [stage_dict("s", "a")]},
        program_dict([{"id": "s", "name": "S", "phase": []}]),
        program_dict([{"id": "s", "name": "S", "phase": [{"kind": "warmup", "name": "W", "exercise": []}]}]),
        program_dict([{"id": "s", "name": "S", "phase": [
            {"kind": "stretch", "name": "W", "exercise": [{"id": "a", "name": "a", "work": 5}]},
        ]}]),
    ],
)
def test_structure_bounds(data: dict[str, Any]) -> None:
    with pytest.raises(msgspec.ValidationError):
        decode_program(data)
