"""The coach as a service: gather what it reads once, then plan any programme stage.

``gather`` reads the history (through the ``Store`` API), the profile and the recorded
decisions; the settings come in as an object (the caller's one ``Settings``), never
re-read from disk here. ``coach`` plans one programme and stage from those inputs, so
the application can plan every stage of a programme from one read of the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hipcoach.coach.assessments import retest_reminder
from hipcoach.coach.history import SessionLog
from hipcoach.coach.prescribe import NextPlan, plan_next
from hipcoach.coach.rules import CoachConfig
from hipcoach.coach.safety import intake_summary, movement_pattern
from hipcoach.i18n import _
from hipcoach.program import DEFAULT_PROGRAM
from hipcoach.program.model import Program

if TYPE_CHECKING:
    from hipcoach.coach.decisions import Decision
    from hipcoach.coach.profile import LoadedProfile
    from hipcoach.settings import Settings
    from hipcoach.store.repo import Store


@dataclass(slots=True)
class Coached:
    """Everything ``next`` (and the start screen) shows, gathered from a data dir."""

    plan: NextPlan
    last_retest: date | None
    retest_line: str
    problems: list[str] = field(default_factory=list)
    red_flag_message: str | None = None
    intake_line: str | None = None
    safety: dict[str, Any] = field(default_factory=dict)  # the "safety" JSON object
    screen_due: bool = False  # show the safety screen now (F1 or F2 holds)

    @property
    def needs_pain(self) -> str | None:
        """Why the end screen must ask for pain (None: it need not)."""
        return self.plan.needs_pain

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.red_flag_message:
            out.append(self.red_flag_message)
        out.extend(self.plan.lines())
        out.append(self.retest_line)
        if self.intake_line:
            out.append(self.intake_line)
        return out


@dataclass(slots=True)
class CoachInputs:
    """What the coach reads, read once: history, profile, decisions and thresholds."""

    today: date
    config: CoachConfig
    history: list[SessionLog]
    profile: LoadedProfile
    decisions: list[Decision]
    last_retest: date | None
    latest_program: str | None
    data_dir: Path | None
    problems: list[str] = field(default_factory=list)


def gather(store: Store | None, data_dir: Path | None, settings: Settings | None = None,
           today: date | None = None) -> CoachInputs:
    """Read the history from ``store`` and the profile and decisions from ``data_dir``.

    ``settings`` is the app's one settings object; when None (the command line) it is
    read from ``data_dir``. Call it on the store's worker thread in the app.
    """
    from hipcoach import settings as settings_mod
    from hipcoach.coach import decisions as decisions_mod
    from hipcoach.coach import profile as profile_mod
    from hipcoach.coach.profile import LoadedProfile, Profile

    today = today or date.today()
    problems: list[str] = []
    if data_dir is not None:
        if settings is None:
            loaded = settings_mod.load(data_dir)
            settings = loaded.settings
            problems.extend(loaded.problems)
        prof = profile_mod.load(data_dir)
        decided = decisions_mod.load(data_dir)
        problems.extend([*prof.problems, *decided.problems])
        decisions = decided.decisions
    else:
        prof, decisions = LoadedProfile(Profile()), []
    config = CoachConfig.from_settings(settings) if settings is not None else CoachConfig()
    if settings is not None:
        from hipcoach.domain.equipment import Equipment

        problems.extend(Equipment.from_settings(settings)[1])
    history: list[SessionLog] = []
    last_retest: date | None = None
    latest: str | None = None
    if store is not None:
        from hipcoach.coach.history import latest_program_id, load_history, local_day

        latest = latest_program_id(store)
        until = datetime.combine(today, time.max).astimezone()
        history = load_history(store, now=until)
        taken = store.assessments.last_taken_at()
        last_retest = local_day(taken) if taken else None
    return CoachInputs(today, config, history, prof, decisions, last_retest, latest, data_dir,
                       problems)


def default_program(inputs: CoachInputs) -> Program:
    """The programme of the last session, or the default one when it cannot be used."""
    from hipcoach.program.catalog import resolve

    if inputs.latest_program is None:
        return resolve(DEFAULT_PROGRAM, inputs.data_dir)
    try:
        return resolve(inputs.latest_program, inputs.data_dir)
    except Exception as exc:  # noqa: BLE001 - fall back to the default programme
        inputs.problems.append(_("the last session's programme cannot be used ({problem}); "
                                 "planning {default}").format(problem=exc,
                                                              default=DEFAULT_PROGRAM))
        return resolve(DEFAULT_PROGRAM, inputs.data_dir)


def coach(inputs: CoachInputs, program: Program, stage: str | None = None) -> Coached:
    """The next session of ``program`` (KeyError for an unknown ``stage``; by default the
    coach's own choice of stage)."""
    profile = inputs.profile.profile
    intake = profile.intake
    plan = plan_next(program, inputs.history, today=inputs.today, config=inputs.config,
                     stage_id=stage, decisions=inputs.decisions,
                     usual_pain=intake.usual_pain, intake=intake, profile=profile)
    advice = profile.advice()
    safety = {
        "kind": "safety", "hold": plan.hold is not None, "line": plan.hold,
        "flagged": list(advice.flagged), "unanswered": list(advice.unanswered),
        "screened_on": profile.screened_on.isoformat() if profile.screened_on else None,
        "cleared_on": profile.cleared_on.isoformat() if profile.cleared_on else None,
        "deferred_on": profile.deferred_on.isoformat() if profile.deferred_on else None,
        "needs_pain": plan.needs_pain,
        "screen_due": profile.screen_due(inputs.today, last_flare=plan.last_flare)
        or bool(advice.flagged and profile.cleared_on is None),
    }
    return Coached(
        plan=plan,
        last_retest=inputs.last_retest,
        retest_line=retest_reminder(inputs.last_retest, inputs.today,
                                    inputs.config.retest_every_days),
        problems=list(inputs.problems),
        red_flag_message=advice.message if advice.see_clinician else None,
        intake_line=intake_summary(intake) if movement_pattern(intake) != "unclear" else None,
        safety=safety,
        screen_due=safety["screen_due"],
    )


def coach_from(store: Store | None, data_dir: Path | None, *, program: str | None = None,
               stage: str | None = None, today: date | None = None,
               settings: Settings | None = None) -> Coached:
    """Settings, profile and decisions from ``data_dir``, history from ``store``, and plan.

    ``settings`` is the caller's settings object (read from ``data_dir`` when None).
    Raises ProgramError / UnknownProgram for a bad ``program``, KeyError for an unknown
    stage.
    """
    from hipcoach.program.catalog import resolve

    inputs = gather(store, data_dir, settings, today)
    chosen = default_program(inputs) if program is None else resolve(program, data_dir)
    return coach(inputs, chosen, stage)
