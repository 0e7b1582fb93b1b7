"""Compiling and simulating a 45-minute session with the fake clock.

Builds a stage that plans to 45 minutes, compiles it and plays it to the end through
every deadline (all 'step', 'second' and 'halfway' events), best of several runs.

Usage: python bench/bench_engine.py
"""

from __future__ import annotations

import time

from hipcoach.program.loader import parse_program_text
from hipcoach.session.clock import FakeClock
from hipcoach.session.player import Player
from hipcoach.session.timeline import compile_stage

PROGRAM = """
[program]
id = "bench"
name = "Engine benchmark"
[[stage]]
id = "long"
name = "Long"
  [[stage.phase]]
  kind = "loaded"
  name = "Loaded"
"""
EXERCISE = """
    [[stage.phase.exercise]]
    id = "ex-{i}"
    name = "Exercise {i}"
    sets = 3
    reps = 10
    tempo = "3-0-3-0"
    sides = "each"
    rest = "60s"
"""


def build_text(target_s: float = 45 * 60) -> str:
    text = PROGRAM
    for i in range(30):
        text += EXERCISE.format(i=i)
        program = parse_program_text(text)
        if compile_stage(program).total >= target_s:
            return text
    return text


def run_once(text: str) -> tuple[float, float, int]:
    t0 = time.perf_counter()
    program = parse_program_text(text)
    timeline = compile_stage(program)
    clock = FakeClock()
    player = Player(timeline, clock.now)
    events = 0

    def count(_event) -> None:
        nonlocal events
        events += 1

    player.subscribe(count)
    player.start()
    while player.state == "running":
        clock.set(player.next_deadline())
        player.tick()
    return time.perf_counter() - t0, timeline.total, events


def main() -> int:
    text = build_text()
    runs = [run_once(text) for _ in range(7)]
    best = min(r[0] for r in runs)
    median = sorted(r[0] for r in runs)[len(runs) // 2]
    _, total, events = runs[0]
    print(f"engine: parse + compile + simulate a {total / 60:.1f}-minute session "
          f"({events} events): median {median * 1000:.1f} ms, best {best * 1000:.1f} ms; "
          f"target <= 50 ms: {'met' if median <= 0.05 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
