"""Cues through the real window: a whole session under the fake clock, in each mode,
with the recording player behind the real director; mute, volume, flash and a player
that fails."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from hipcoach.audio.catalogue import Catalogue
from hipcoach.audio.director import CueDirector
from hipcoach.audio.player import Playsound3Player, RecordingPlayer
from hipcoach.ui.audio_bridge import AudioBridge


def _recording_bridge(window, fake_clock, mode="voice", saved=None):
    recorders: list[RecordingPlayer] = []

    def factory(*, cache_dir, mode, volume, muted, on_problem):
        recorder = RecordingPlayer(fake_clock.now, on_problem=on_problem)
        recorders.append(recorder)
        return CueDirector(recorder, mode, catalogue=Catalogue(), volume=volume, muted=muted,
                           on_problem=on_problem)

    bridge = AudioBridge(None, mode=mode, volume=8, director_factory=factory,
                         save=(saved.append if saved is not None else None), parent=window)
    window.sound.attach(bridge)
    bridge.start()
    return bridge, recorders[0]


@pytest.mark.parametrize("mode", ["voice", "tones", "silent"])
def test_whole_session_cues_land_on_the_step_deadlines(window, driver, short_program,
                                                       fake_clock, mode):
    _, recorder = _recording_bridge(window, fake_clock, mode)
    player = window.start_session(short_program, "one")
    start = fake_clock.now()
    transitions: dict[float, str] = {0.0: "step"}  # the first step began in start_session
    player.subscribe(lambda e: transitions.setdefault(e.planned - start, e.kind))
    driver.run_to_end()
    played = [(round(t - start, 6), cue) for t, cue in recorder.played]
    if mode == "silent":
        assert played == []
        return
    assert played[0] == (0.0, "chime-start")
    assert played[-1][1] == ("session-complete" if mode == "voice" else "chime-end")
    # Every cue starts exactly on a deadline: a transition, a countdown second, halfway.
    deadlines = {round(k, 6) for k in transitions}
    for t, cue in played:
        assert t in deadlines or cue == "next-glute-bridge", (t, cue)
    lifts = [t for t, cue in played if cue == "tone-lift"]
    if mode == "tones":
        # bridge 2 sets x 2 reps, banded RDL 2 reps a side: every rep has one lift tone
        planned = [s.t for s in player.timeline.steps if s.tempo_phase == "concentric"]
        assert lifts == planned and len(lifts) == 8
    else:
        words = [cue for _, cue in played]
        assert words.count("one") >= 2 and "last-rep" in words and "switch-sides" in words
        assert "next-band-rdl" not in words  # no sound file for a test-only id: skipped


def test_mute_and_volume_keys(window, short_program, fake_clock, qtbot):
    saved: list[dict] = []
    bridge, recorder = _recording_bridge(window, fake_clock, saved=saved)
    window.start_session(short_program, "one")
    qtbot.keyClick(window, Qt.Key.Key_M)
    assert bridge.muted and window.player_view.sound.text() == "Muted (M)"
    before = len(recorder.played)
    window.player.skip("step")
    assert len(recorder.played) == before  # muted: nothing is heard
    qtbot.keyClick(window, Qt.Key.Key_M)
    qtbot.keyClick(window, Qt.Key.Key_Minus)
    assert bridge.volume == 7
    qtbot.keyClick(window, Qt.Key.Key_Plus)
    qtbot.keyClick(window, Qt.Key.Key_Plus)
    assert bridge.volume == 9
    assert saved[-1] == {"audio_mode": "voice", "volume": 9, "muted": False, "flash": False}


def test_flash_on_each_cue(window, driver, short_program, fake_clock):
    bridge, _ = _recording_bridge(window, fake_clock)
    bridge.set_flash(True)
    window.start_session(short_program, "one")
    assert window.player_view._flash.isVisible()
    window.player_view._flash.hide()
    driver.advance(10)  # the lift: "one"
    assert window.player_view._flash.isVisible()


def test_a_failing_audio_player_is_reported_once_and_the_session_goes_on(
        window, driver, short_program, fake_clock, qtbot):
    def broken_spawn(path, backend):
        raise FileNotFoundError("aplay")

    def factory(*, cache_dir, mode, volume, muted, on_problem):
        player = Playsound3Player(lambda cue: Catalogue().path(cue), backend="alsa",
                                  on_problem=on_problem, spawn=broken_spawn)
        return CueDirector(player, mode, volume=volume, muted=muted, on_problem=on_problem)

    bridge = AudioBridge(None, director_factory=factory, parent=window)
    window.sound.attach(bridge)
    bridge.start()
    player = window.start_session(short_program, "one")
    qtbot.waitUntil(lambda: bridge.reported is not None, timeout=5000)
    notice = window.player_view.notice
    assert notice.isVisibleTo(window) and "carries on" in notice.text()
    driver.run_to_end()
    assert player.state == "finished"
    assert window.start_view.notice.text().count("No sound") == 1
