"""``HipCoach``: the one object that owns today's plan, the running session and its record.

Given the store runner, the settings, the programme catalogue and the clock (all passed
in), it plans the chosen programme on the runner and tells its listeners whenever the
plan changes. It plans again whenever something the coach reads is saved: a set, a
check-in, a correction, a settings change or a coach decision (during a session, once
the session is over, so the coach never competes with the cues). Starting always plays
the plan the start screen shows; ``--start`` waits for that plan instead of playing the
programme as written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hipcoach.app.ports import Runner
from hipcoach.app.today import STAGE, StagePlan, TodayPlan, options_for, plan_programme
from hipcoach.i18n import _
from hipcoach.session.clock import SessionClock

if TYPE_CHECKING:  # the session's modules load when a session begins, after the window
    from hipcoach.app.session_run import Ask, SessionRun
    from hipcoach.program.catalog import CatalogEntry
    from hipcoach.program.model import Exercise, Program
    from hipcoach.session.player import Player
    from hipcoach.session.timeline import CompileOptions
    from hipcoach.settings import SettingsFile

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Selection:
    program_id: str
    stage_id: str | None = None  # None: the stage the coach proposes


class HipCoach:
    """The application: plan, session and record. Listeners are plain callables."""

    def __init__(self, *, runner: Runner, settings: SettingsFile, entries: list[CatalogEntry],
                 clock: SessionClock, data_dir: Path | None,
                 today: Callable[[], date] = date.today) -> None:
        self.runner = runner
        self.settings = settings
        self.entries = entries
        self.clock = clock
        self.data_dir = data_dir
        self.today = today
        self.selection: Selection | None = None
        self.plan: TodayPlan | None = None
        self.run: SessionRun | None = None
        self.player: Player | None = None
        self.history_ready = False  # the store answered once (or failed to open)
        self.plan_listeners: list[Callable[[TodayPlan], None]] = []
        self.notice_listeners: list[Callable[[str], None]] = []
        self.start_listeners: list[Callable[[StagePlan], None]] = []
        self.record_listeners: list[Callable[[Any], None]] = []
        self.selection_listeners: list[Callable[[str], None]] = []
        self._opened = False  # planning waits until the history can be read
        self._generation = 0
        self._stale = False
        self._start_pending: tuple[str | None, frozenset[str]] | None = None
        settings.subscribe(lambda _s: self.changed("settings"))

    # Facts read by the views --------------------------------------------------------
    @property
    def options(self) -> CompileOptions:
        return options_for(self.settings.current)

    def program(self, program_id: str) -> Program | None:
        return next((e.program for e in self.entries
                     if e.program is not None and e.id == program_id), None)

    def exercises(self, ids: list[str]) -> list[Exercise]:
        """The exercises with these ids (in this order), as the programmes define them:
        the first programme that has an id wins; the re-tests come last."""
        from hipcoach.coach.assessments import retest_program

        found: dict[str, Exercise] = {}
        programs = [e.program for e in self.entries if e.program is not None]
        for program in [*programs, retest_program()]:
            for stage in program.stage:
                for exercise in stage.exercises:
                    found.setdefault(exercise.id, exercise)
        return [found[i] for i in ids if i in found]

    def stage_plan(self, stage_id: str | None = None) -> StagePlan | None:
        """The plan of a stage of the selected programme (None until it is planned)."""
        plan = self.plan
        if plan is None or (stage_id is not None and stage_id not in plan.stages):
            return None
        return plan.stage_plan(stage_id)

    @property
    def session_active(self) -> bool:
        return self.player is not None and self.player.active

    # Planning -----------------------------------------------------------------------
    def select(self, program_id: str, stage_id: str | None = None) -> None:
        """Choose a programme (and stage); plans it when it is not the planned one."""
        changed = self.selection is None or self.selection.program_id != program_id
        self.selection = Selection(program_id, stage_id)
        if changed:
            self.plan = None
        if changed or self.plan is None:
            self.refresh()

    def open(self, preselected: bool = False) -> None:
        """The history is open (or failed to open): plan now. Unless the command line
        chose a programme, the programme of the last session is selected first."""
        if self._opened:
            return
        self._opened = True
        if preselected:
            self.refresh()
            return

        def latest(store: Any) -> str | None:
            """The last session's programme, or the coach's default without one (the
            same choice ``hipcoach next`` makes)."""
            from hipcoach.coach.history import latest_program_id
            from hipcoach.program import DEFAULT_PROGRAM

            found = latest_program_id(store) if store is not None else None
            return found or DEFAULT_PROGRAM

        def chosen(program_id: str | None) -> None:
            current = self.selection.program_id if self.selection else None
            if program_id and program_id != current and self.program(program_id) is not None:
                for listener in list(self.selection_listeners):
                    listener(program_id)
                if self.selection is None or self.selection.program_id != program_id:
                    self.select(program_id)
                return
            self.refresh()

        self.runner.submit(latest, chosen, lambda _exc: self.refresh(), label="last programme",
                           needs_store=False)

    def refresh(self) -> None:
        """Plan the selected programme again on the runner; listeners hear the result."""
        if not self._opened:
            return
        if self.session_active:
            self._stale = True
            return
        program = self._selected_program()
        if program is None:
            return
        self._stale = False
        self._generation += 1
        generation = self._generation
        settings, data_dir, options = self.settings.current, self.data_dir, self.options
        today = self.today()

        def plan(store: Any) -> TodayPlan:
            from hipcoach.coach.service import gather

            inputs = gather(store, data_dir, settings, today)
            return plan_programme(inputs, program, options)

        def planned(result: TodayPlan) -> None:
            if generation == self._generation:
                self._planned(result)

        def failed(exc: Exception) -> None:
            if generation != self._generation:
                return
            self._notice(_("The coach could not plan the next session ({problem}); the "
                           "programme is played as written.").format(problem=exc))
            self._planned(plan_programme(None, program, options))

        self.runner.submit(plan, planned, failed, label="plan", needs_store=False)

    def _selected_program(self) -> Program | None:
        if self.selection is None:
            return None
        program = self.program(self.selection.program_id)
        if program is None:
            self._notice(_("The programme {program!r} is no longer available.").format(
                program=self.selection.program_id))
        return program

    def _planned(self, plan: TodayPlan) -> None:
        self.plan = plan
        self.history_ready = True
        for problem in plan.problems:
            self._notice(problem)
        for listener in list(self.plan_listeners):
            listener(plan)
        if self._start_pending is not None:
            stage_id, kept = self._start_pending
            self._start_pending = None
            self._start_now(stage_id, kept, record_decisions=False)

    def changed(self, what: str) -> None:
        """Something the coach reads was saved (set, check-in, correction, settings,
        decision): plan again now, or when the running session is over."""
        log.debug("plan again after a %s", what)
        self.refresh()

    def _notice(self, text: str) -> None:
        for listener in list(self.notice_listeners):
            listener(text)

    # Starting -------------------------------------------------------------------------
    def planned(self) -> bool:
        """Whether today's plan of the selected programme is made (and shown)."""
        return (self.plan is not None and self.selection is not None
                and self.plan.program.id == self.selection.program_id)

    def request_start(self, stage_id: str | None = None,
                      kept: frozenset[str] = frozenset()) -> None:
        """Start the selected stage as planned; ``kept`` are exercises whose proposed
        change the user declined (recorded, then the plan is made again without it).
        Before the plan exists the start waits for it."""
        if self.session_active:
            return
        if self.selection is not None and stage_id is not None:
            self.selection = Selection(self.selection.program_id, stage_id)
        if self.plan is None or self.plan.program.id != getattr(self.selection, "program_id",
                                                                 None):
            self._start_pending = (stage_id, kept)  # started when the plan arrives
            return
        self._start_now(stage_id, kept, record_decisions=True)

    def _start_now(self, stage_id: str | None, kept: frozenset[str],
                   record_decisions: bool) -> None:
        plan = self.plan
        assert plan is not None
        if stage_id not in plan.stages:
            stage_id = None  # asked for before the programme changed: the coach's stage
        chosen = plan.stage_plan(stage_id)
        if record_decisions and chosen.coached is not None and self.data_dir is not None:
            answered = set(chosen.changes().values())
            declined = kept & answered
            self._record_decisions(chosen, kept)
            if STAGE in answered and STAGE not in kept:
                # the move to the next stage was accepted: plan it, then play it
                self._start_pending = (None, frozenset())
                self.selection = Selection(plan.program.id, None)
                self.refresh()
                return
            if declined:
                self._start_pending = (stage_id, frozenset())
                self.refresh()  # after the decisions: jobs run in order
                return
        for listener in list(self.start_listeners):
            listener(chosen)

    def _record_decisions(self, chosen: StagePlan, kept: frozenset[str]) -> None:
        assert chosen.coached is not None
        plan, data_dir = chosen.coached.plan, self.data_dir

        def record(_store: Any) -> None:
            from hipcoach.coach import decisions
            from hipcoach.coach.answers import start_decisions

            for decision in start_decisions(plan, set(kept)):
                decisions.record(data_dir, decision)

        self.runner.submit(record, label="coach decisions", needs_store=False)

    def begin_session(self, playable: Program, stage_id: str, *, index: int = 0,
                      resume_id: int | None = None, active_before: float = 0.0,
                      pain_before: int | None = None, record: bool = True,
                      ask: Ask | None = None) -> Player:
        """Make the player (not yet started) and, when recording, its ``SessionRun``."""
        from hipcoach.app.session_run import SessionRun
        from hipcoach.session.player import Player
        from hipcoach.session.timeline import compile_stage

        timeline = compile_stage(playable, stage_id, self.options)
        player = Player(timeline, self.clock.now)
        self.player = player
        self.run = None
        if record:
            self.run = SessionRun(self.runner, player, pain_before=pain_before,
                                  resume_id=resume_id, start_index=index,
                                  active_before=active_before, ask=ask,
                                  on_written=self._written, on_closed=self._closed)
        return player

    def _written(self, what: str) -> None:
        if what in ("set", "checkin"):
            self.changed(what)

    def _closed(self, session_id: int | None) -> None:
        """The session is over and its record closed: read it back for the end screen,
        and plan again with it."""
        self.refresh()
        if session_id is None:
            return
        def read(store: Any) -> Any:
            if session_id < 0:  # kept in the journal: not in the database yet
                raise LookupError(store.pending_message() or "the session is not saved yet")
            return store.session_detail(session_id)

        self.runner.submit(read, self._recorded, self._recorded, label="read the record")

    def _recorded(self, detail: Any) -> None:
        for listener in list(self.record_listeners):
            listener(detail)

    def record_pain_after(self, pain: int) -> None:
        if self.run is not None:
            self.run.record_pain_after(pain, on_done=lambda _r: self._recorded_again())

    def _recorded_again(self) -> None:
        run = self.run
        if run is None or run.session_id is None:
            return
        sid = run.session_id
        self.runner.submit(lambda store: store.session_detail(sid), self._recorded,
                           label="read the record")

    def leave(self) -> bool:
        """The app is closing: a running session is saved where it was (resumable);
        True when there was one."""
        if not self.session_active or self.run is None:
            return False
        self.run.leave(self.clock.now())
        return True

    def save_now(self) -> None:
        """Write the running session's position and time now (the crash handler)."""
        if self.session_active and self.run is not None:
            self.run.save_now(self.clock.now())
