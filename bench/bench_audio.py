"""Cue latency: from a transition's deadline to its first audio sample reaching the device.

Runs the real window (offscreen) and the real cue path — director, rules, worker thread,
playsound3 spawning aplay — through a paced session on a clock running ``--speed``
times faster. ALSA's default device is a ``type file`` PCM (a temporary HOME with an
.asoundrc) that writes every sample aplay plays into a FIFO before the null sink; a
separate reader process timestamps each chunk as it arrives, so no sound card is needed
and the GIL of this process cannot delay the timestamps. For every event that calls for
a cue, the delay is the first chunk after its aplay was started minus the event's
deadline, both on the system's monotonic clock. Also reported: the moment playsound3
returned the process playing the cue (the spare aplay fed, see hipcoach/audio/
spare_aplay.py) and how long dispatching a cue keeps the UI thread (the director's work
inside the event).

Usage: python bench/bench_audio.py [--cues 240] [--speed 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stats import percentile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROGRAM = """
[program]
id = "bench"
name = "Audio benchmark"
[[stage]]
id = "all"
name = "All"
  [[stage.phase]]
  kind = "loaded"
  name = "Loaded"
    [[stage.phase.exercise]]
    id = "glute-bridge"
    name = "Glute bridge"
    sets = 20
    reps = 10
    tempo = "2-1-2-1"
    start = "concentric"
    rest = "10s"
"""


# Timestamps every chunk written into the FIFO (opened read-write: never an end of file
# when an aplay closes it); prints them when terminated.
READER = """
import os, signal, sys, time
def stop(*_):
    raise SystemExit
signal.signal(signal.SIGTERM, stop)
fd = os.open(sys.argv[1], os.O_RDWR)
times = []
try:
    while True:
        os.read(fd, 1 << 16)
        times.append(time.monotonic())
except SystemExit:
    pass
print("\\n".join(f"{t:.6f}" for t in times))
"""


def first_samples(spawns: list[tuple[float, float | None]],
                  chunks: list[float]) -> tuple[list[float], int]:
    """For each cue with a deadline: its first chunk (after its aplay started, before the
    next aplay started) minus the deadline; and how many cues had none."""
    found: list[float] = []
    missing = 0
    for index, (starting, deadline) in enumerate(spawns):
        if deadline is None:
            continue
        until = spawns[index + 1][0] if index + 1 < len(spawns) else float("inf")
        first = next((t for t in chunks if starting <= t < until), None)
        if first is None:
            missing += 1
        else:
            found.append(first - deadline)
    return found, missing


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cues", type=int, default=240)
    parser.add_argument("--speed", type=float, default=3.0)
    parser.add_argument("--give-up", type=float, default=300.0,
                        help="seconds after which a run that stalled stops and says so")
    args = parser.parse_args()
    if not shutil.which("aplay"):
        print("audio: aplay (alsa-utils) is not installed; skipped")
        return 0
    home = Path(tempfile.mkdtemp(prefix="hipcoach-bench-audio-"))
    sink = home / "device.fifo"
    os.mkfifo(sink)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(sink)], stdout=subprocess.PIPE,
                              text=True)
    config = (f'pcm.!default {{ type file; slave.pcm "null"; file "{sink}"; format "raw" }}\n'
              "ctl.!default { type hw; card 0 }\n")
    (home / ".asoundrc").write_text(config)
    (home / ".config" / "alsa").mkdir(parents=True)
    (home / ".config" / "alsa" / "asoundrc").write_text(config)
    os.environ["HOME"] = str(home)
    os.environ["XDG_CONFIG_HOME"] = str(home / ".config")

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from hipcoach.audio import player as audio_player
    from hipcoach.audio.catalogue import cues_for
    from hipcoach.audio.director import create_director
    from hipcoach.program.catalog import discover
    from hipcoach.program.loader import parse_program_text
    from hipcoach.session.clock import ScaledClock
    from hipcoach.ui.app_factory import build
    from hipcoach.ui.asks import NobodyThere
    from hipcoach.ui.audio_bridge import AudioBridge

    app = QApplication(sys.argv[:1])

    from hipcoach.ui.qt_messages import route_qt_messages


    route_qt_messages()
    clock = ScaledClock(args.speed)
    window = build(data_dir=None, clock=clock, entries=discover(None), record=False,
                   asks=NobodyThere()).window
    window.show()
    delays: list[float] = []
    dispatch: list[float] = []
    pending: list[tuple[str, float]] = []  # (the event's first cue, its deadline)
    problems: list[str] = []
    spawns: list[tuple[float, float | None]] = []  # (aplay started at, the cue's deadline)
    real_spawn = audio_player._playsound3_spawn

    def timed_spawn(path, backend):
        starting = time.monotonic()
        sound = real_spawn(path, backend)
        started = time.monotonic()
        # only the spawn of the event's own first cue counts (a follow-up or a cue the
        # rules dropped must not be timed against it)
        stem = Path(path).stem
        deadline = None
        if pending and pending[0][0] in (stem, stem.rsplit("-", 1)[0]):
            deadline = pending.pop(0)[1]
        if deadline is not None:
            delays.append(started - deadline)
        spawns.append((starting, deadline))
        return sound

    audio_player._playsound3_spawn = timed_spawn
    bridge = AudioBridge(None, mode="voice", volume=10, parent=window,
                         director_factory=lambda **kw: create_director(**kw, backend="alsa"))
    bridge.problem.connect(problems.append)
    window.sound.attach(bridge)
    bridge.start()
    bridge.director.player.wait_ready(10)

    def on_event(event) -> None:
        cues = cues_for(event, "voice", window.player.timeline.steps)
        if cues:  # newest wins, as in the player
            pending[:] = [(cues[0], clock.to_real(event.planned))]

    began = time.monotonic()

    def stop_when_done() -> None:
        if len(delays) >= args.cues or problems:
            app.quit()
        elif time.monotonic() - began > args.give_up:
            worker = bridge.director.player._thread
            problems.append(f"stalled: {len(delays)} of {args.cues} cues timed in "
                            f"{args.give_up:.0f} s ({len(spawns)} started; session "
                            f"{getattr(window.player, 'state', None)}; cue worker "
                            f"{'alive' if worker is not None and worker.is_alive() else 'gone'})")
            app.quit()
        else:
            QTimer.singleShot(100, stop_when_done)

    def begin() -> None:
        program = parse_program_text(PROGRAM)
        player = window.start_session(program, "all")
        original = bridge.director.on_event

        def timed(event):
            # the deadline is noted before the director hands the cue to its worker,
            # which may start it before any later listener runs
            on_event(event)
            t0 = time.perf_counter()
            original(event)
            dispatch.append(time.perf_counter() - t0)

        # measure the director's share of the UI thread for each event
        player._listeners = [timed if fn == original else fn for fn in player._listeners]
        stop_when_done()

    QTimer.singleShot(300, begin)
    app.exec()
    window.deadlines.attach(None)
    bridge.close()
    reader.terminate()
    chunks = [float(line) for line in reader.communicate(timeout=30)[0].split()]
    shutil.rmtree(home, ignore_errors=True)
    if problems:
        print(f"audio: the player failed: {problems[0]}")
        return 1
    samples, missing = first_samples(spawns, chunks)
    heard = [d * 1000 for d in samples]
    ms = [d * 1000 for d in delays]
    ui = [d * 1000 for d in dispatch]
    if heard:
        print(f"audio: deadline -> first sample at the device, {len(heard)} cues "
              f"({missing} with no sample before the next cue): p50 "
              f"{statistics.median(heard):.2f} ms, p99 {percentile(heard, 99):.2f} ms, max "
              f"{max(heard):.2f} ms; target p99 <= 15 ms: "
              f"{'met' if percentile(heard, 99) <= 15 else 'NOT met'}")
    else:
        print("audio: no sample reached the file sink (is aplay's file plugin there?)")
    print(f"audio: deadline -> cue handed to aplay (a spare fed, or one started), {len(ms)} cues "
          f"(speed x{args.speed:g}): "
          f"p50 {statistics.median(ms):.2f} ms, p95 {percentile(ms, 95):.2f} ms, max {max(ms):.2f} ms; "
          f"target p95 <= 10 ms: {'met' if percentile(ms, 95) <= 10 else 'NOT met'}")
    print(f"audio: UI-thread cost of dispatching an event's cues: p50 {statistics.median(ui):.3f} "
          f"ms, p99 {percentile(ui, 99):.3f} ms, max {max(ui):.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
