"""Which cues a session calls for, and when: a real Player over a compiled timeline,
driven by a fake clock, with a RecordingPlayer behind the director."""

from __future__ import annotations

import pytest

from hipcoach.audio.catalogue import (
    PRIORITY_END,
    PRIORITY_MARK,
    PRIORITY_STEP,
    cues_for,
    priority_for,
)
from hipcoach.audio.director import CueDirector
from hipcoach.audio.player import RecordingPlayer
from hipcoach.program.loader import parse_program_text
from hipcoach.session.player import Event, Player
from hipcoach.session.timeline import Step, compile_stage

from .conftest import FakeClock, run_session

VOICE = [
    (0, "chime-start"), (0, "next-glute-squeeze"),
    (7, "tick"), (8, "tick"), (9, "tick-final"),
    (10, "hold"), (20, "halfway"),
    (30, "rest"), (32, "tick"), (33, "tick"), (34, "tick-final"),
    (35, "hold"), (45, "halfway"),
    (55, "next-pure-hip-extension"), (62, "tick"), (63, "tick"), (64, "tick-final"),
    (65, "one"), (67, "lower"), (69, "pause"),
    (70, "last-rep"), (72, "lower"), (74, "pause"),
    (75, "rest"), (82, "tick"), (83, "tick"), (84, "tick-final"),
    (85, "get-ready"), (87, "tick"), (88, "tick"), (89, "tick-final"),
    (90, "one"), (92, "lower"), (94, "pause"),
    (95, "last-rep"), (97, "lower"), (99, "pause"),
    (100, "chime-end"), (100, "session-complete"),
]

TONES = [
    (0, "chime-start"),
    (7, "tick"), (8, "tick"), (9, "tick-final"),
    (10, "tone-hold"),
    (32, "tick"), (33, "tick"), (34, "tick-final"),
    (35, "tone-hold"),
    (62, "tick"), (63, "tick"), (64, "tick-final"),
    (65, "tone-lift"), (67, "tone-lower"), (69, "tone-pause"),
    (70, "tone-lift"), (72, "tone-lower"), (74, "tone-pause"),
    (82, "tick"), (83, "tick"), (84, "tick-final"),
    (87, "tick"), (88, "tick"), (89, "tick-final"),
    (90, "tone-lift"), (92, "tone-lower"), (94, "tone-pause"),
    (95, "tone-lift"), (97, "tone-lower"), (99, "tone-pause"),
    (100, "chime-end"),
]


def _session(timeline, catalogue, mode, clock, durations=None):
    recorder = RecordingPlayer(clock, durations)
    director = CueDirector(recorder, mode, catalogue=catalogue)
    player = Player(timeline, clock)
    director.attach(player)
    return player, director, recorder


@pytest.mark.parametrize(("mode", "expected"), [("voice", VOICE), ("tones", TONES),
                                                ("silent", [])])
def test_each_mode_plays_the_right_cues_at_the_planned_times(timeline, catalogue, clock,
                                                             mode, expected):
    player, _, recorder = _session(timeline, catalogue, mode, clock)
    run_session(player, clock)
    recorder.advance()
    assert player.state == "finished"
    assert recorder.played == [(float(t), cue) for t, cue in expected]
    assert recorder.dropped == [] and recorder.stopped == []


def test_with_real_lengths_follow_ups_start_when_the_first_cue_ends(timeline, catalogue, clock):
    player, _, recorder = _session(timeline, catalogue, "voice", clock, catalogue.duration)
    run_session(player, clock)
    clock.t += 10
    recorder.advance()
    # Nothing in this session overlaps: every cue is heard, none is cut off.
    assert recorder.dropped == [] and recorder.stopped == []
    assert recorder.cues == [cue for _, cue in VOICE]
    played = dict(enumerate(recorder.played))
    expected_times = []
    for i, (t, _cue) in enumerate(VOICE):
        if i and VOICE[i - 1][0] == t:  # a follow-up: right after its predecessor
            before_t, before_cue = played[i - 1]
            expected_times.append(before_t + catalogue.duration(before_cue))
        else:
            expected_times.append(float(t))
    assert [t for t, _ in recorder.played] == pytest.approx(expected_times)
    assert recorder.played[1][0] == pytest.approx(catalogue.duration("chime-start"))


def test_a_skip_cuts_off_the_stale_announcement(timeline, catalogue, clock):
    player, _, recorder = _session(timeline, catalogue, "voice", clock, catalogue.duration)
    player.start(0.0)
    clock.t = 1.0  # "Next: glute squeeze hold" is still being said
    player.skip()
    assert recorder.stopped == [(1.0, "next-glute-squeeze")]
    assert recorder.played[-1] == (1.0, "hold")
    clock.t = 5.0
    recorder.advance()
    assert recorder.played[-1] == (1.0, "hold")  # nothing stale was queued behind it


def test_pause_stops_the_current_cue_and_says_paused(timeline, catalogue, clock):
    player, _, recorder = _session(timeline, catalogue, "voice", clock, catalogue.duration)
    player.start(0.0)
    clock.t = 0.5
    player.pause()
    assert recorder.stopped == [(0.5, "chime-start")]
    assert recorder.played[-1] == (0.5, "paused")
    clock.t = 5.0
    player.resume()
    recorder.advance()
    assert "next-glute-squeeze" not in recorder.cues  # the follow-up went with the pause


def test_ending_early_stops_everything(timeline, catalogue, clock):
    player, _, recorder = _session(timeline, catalogue, "voice", clock, catalogue.duration)
    player.start(0.0)
    clock.t = 0.1
    player.end()
    clock.t = 10
    recorder.advance()
    assert recorder.cues == ["chime-start"]
    assert recorder.stopped == [(0.1, "chime-start")]


def test_mute_mode_and_volume_switches(timeline, catalogue, clock):
    player, director, recorder = _session(timeline, catalogue, "voice", clock)
    player.start(0.0)
    assert director.toggle_mute() is True
    run_session(player, clock, until=20)
    assert recorder.cues == ["chime-start", "next-glute-squeeze"]
    assert director.toggle_mute() is False
    director.set_mode("tones")
    run_session(player, clock, until=35)
    assert recorder.cues[2:] == ["tick", "tick", "tick-final", "tone-hold"]
    director.set_volume(0)
    run_session(player, clock, until=70)
    assert len(recorder.cues) == 6
    director.set_volume(7)
    director.set_mode("silent")
    run_session(player, clock)
    assert len(recorder.cues) == 6
    with pytest.raises(ValueError, match="unknown cue mode"):
        director.set_mode("loud")  # type: ignore[arg-type]


def test_an_exercise_without_an_announcement_falls_back_to_get_ready(catalogue, clock):
    program = parse_program_text("""
[program]
id = "x"
name = "X"
[[stage]]
id = "s"
name = "S"
  [[stage.phase]]
  kind = "warmup"
  name = "W"
    [[stage.phase.exercise]]
    id = "no-such-sound"
    name = "Mystery move"
    work = "30s"
""")
    player, _, recorder = _session(compile_stage(program), catalogue, "voice", clock)
    run_session(player, clock)
    recorder.advance()
    assert recorder.played == [
        (0.0, "chime-start"), (0.0, "get-ready"), (7.0, "tick"), (8.0, "tick"),
        (9.0, "tick-final"), (10.0, "go"), (25.0, "halfway"), (40.0, "chime-end"),
        (40.0, "session-complete"),
    ]


def _step(**fields) -> Step:
    base = dict(index=5, t=0.0, duration=2.0, kind="rep_phase", exercise="e", phase="loaded",
                label="LIFT", set=1, sets=1, rep=3, reps=12, tempo_phase="concentric")
    base.update(fields)
    return Step(**base)


def test_cues_for_rules_without_a_session():
    lift = Event("step", _step(), 0.0)
    assert cues_for(lift, "voice") == ["lift"]  # no timeline: no rep count
    opener = [_step(index=0, kind="countdown", set=1, rep=None, tempo_phase=None)]
    first = _step(index=1)
    steps = [*opener, first]
    assert cues_for(Event("step", first, 0.0), "voice", steps) == ["three"]
    eleventh = _step(index=1, rep=11)
    assert cues_for(Event("step", eleventh, 0.0), "voice", [*opener, eleventh]) == ["lift"]
    single = _step(index=1, rep=1, reps=1, last_rep=True)
    assert cues_for(Event("step", single, 0.0), "voice", [*opener, single]) == ["one"]
    assert cues_for(lift, "tones") == ["tone-lift"]
    assert cues_for(lift, "silent") == []
    wait = _step(kind="wait", rep=None, tempo_phase=None)
    assert cues_for(Event("step", wait, 0.0), "voice") == ["go"]
    assert cues_for(Event("step", _step(kind="wait", set=None), 0.0), "voice") == []
    hold = _step(kind="hold", tempo_phase=None, duration=30.0)
    assert cues_for(Event("halfway", hold, 15.0), "voice") == ["halfway"]
    assert cues_for(Event("halfway", hold, 15.0), "tones") == []
    assert cues_for(Event("second", hold, 27.0, 3), "voice") == []  # no ticks inside a hold
    rest = _step(kind="rest", tempo_phase=None)
    assert cues_for(Event("second", rest, 0.0, 4), "voice") == []
    assert cues_for(Event("second", rest, 0.0, 1), "tones") == ["tick-final"]
    switch = _step(kind="switch_side", tempo_phase=None)
    assert cues_for(Event("step", switch, 0.0), "voice") == ["switch-sides"]
    for kind in ("resumed", "extended", "ended"):
        assert cues_for(Event(kind, None, 0.0), "voice") == []
    assert cues_for(Event("paused", lift.step, 0.0), "voice") == ["paused"]
    assert priority_for(Event("second", rest, 0.0, 1)) == PRIORITY_MARK
    assert priority_for(lift) == PRIORITY_STEP
    assert priority_for(Event("finished", None, 0.0)) == PRIORITY_END


def test_alternate_sides_count_each_side(catalogue):
    program = parse_program_text("""
[program]
id = "alt"
name = "Alt"
[[stage]]
id = "s"
name = "S"
  [[stage.phase]]
  kind = "loaded"
  name = "L"
    [[stage.phase.exercise]]
    id = "step-up"
    name = "Step-up"
    sets = 1
    reps = 2
    tempo = "1-0-1-0"
    start = "concentric"
    sides = "alternate"
""")
    clock = FakeClock()
    player, _, recorder = _session(compile_stage(program), catalogue, "voice", clock)
    run_session(player, clock)
    recorder.advance()
    assert recorder.cues[5:] == [
        "one", "lower", "one", "lower",
        "last-rep", "lower", "last-rep", "lower",
        "chime-end", "session-complete",
    ]
