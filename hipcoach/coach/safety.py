"""The safety screen and the intake: red-flag questions, what provokes the back, a goal.

Red flags are signs that back pain may need a doctor's look before any exercise
programme. Any "yes" gives that advice; the app still opens (the choice stays with the
user). The intake decides whether the extension-sensitive cues apply: back pain that
comes on with standing, walking or running suggests an extension-related pattern (one
of the common movement classifications), so those users are told to tilt the pelvis
back first and stop the hip at neutral instead of arching at the top.

Everything here is data and pure functions; ``hipcoach.coach.profile`` stores answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from hipcoach.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from hipcoach.program.model import Exercise

CLINICIAN_STATEMENT = N_(
    "HipCoach does not replace a clinician. It cannot examine you, diagnose a back or hip "
    "problem or tell you which exercise is safe for you; if pain gets worse, spreads down a "
    "leg or worries you, stop and see a doctor or physiotherapist."
)


@dataclass(frozen=True, slots=True)
class RedFlag:
    id: str
    question: str  # answered yes / no
    short: str  # a few words for the summary


RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag("saddle_numbness",
            N_("Is there numbness or tingling around your groin, genitals or inner buttocks "
            "(where you would sit on a saddle)?"), N_("numbness in the saddle area")),
    RedFlag("bladder_bowel",
            N_("Have you recently had new trouble passing urine, holding urine or controlling "
            "your bowels?"), N_("new bladder or bowel trouble")),
    RedFlag("leg_weakness",
            N_("Is one or both of your legs getting weaker, for example tripping, a foot "
            "slapping down, or struggling with stairs?"), N_("legs getting weaker")),
    RedFlag("fever_unwell",
            N_("Do you have a fever, chills or feel generally unwell along with the back pain?"),
            N_("fever or feeling unwell")),
    RedFlag("weight_loss",
            N_("Have you lost weight recently without trying?"), N_("unexplained weight loss")),
    RedFlag("cancer_history",
            N_("Have you ever been treated for cancer?"), N_("a history of cancer")),
    RedFlag("trauma",
            N_("Did the back pain start after a fall, an accident or another heavy blow?"),
            N_("a significant injury")),
    RedFlag("night_pain",
            N_("Is the pain severe and constant at night, not easing whatever position you "
            "lie in?"), N_("severe constant night pain")),
    RedFlag("both_legs",
            N_("Do you have numbness, tingling or pins and needles in both legs, or is it "
               "spreading further down a leg?"),
            N_("numbness or tingling in both legs or spreading")),
    RedFlag("sexual_function",
            N_("Have you noticed a new change in sexual function, such as loss of feeling or "
            "of erection, since the back pain began?"), N_("new change in sexual function")),
    RedFlag("immune_steroids",
            N_("Do you take steroid tablets long term, have a weakened immune system, or "
               "inject drugs?"), N_("long-term steroids, weak immunity or injected drugs")),
    RedFlag("osteoporosis",
            N_("Have you been told you have osteoporosis (thin, fragile bones)?"),
            N_("osteoporosis")),
    RedFlag("onset_age",
            N_("Did this back pain first start before you were 20 or after you were 55?"),
            N_("back pain that first began under 20 or over 55")),
    RedFlag("unchanged_by_movement",
            N_("Is the pain the same whatever you do, not changed at all by moving or by "
            "changing position?"), N_("pain not changed by movement or position")),
)
RED_FLAG_IDS: tuple[str, ...] = tuple(f.id for f in RED_FLAGS)


@dataclass(frozen=True, slots=True)
class RedFlagAdvice:
    see_clinician: bool
    flagged: tuple[str, ...]  # ids answered yes
    unanswered: tuple[str, ...]
    message: str

    @property
    def complete(self) -> bool:
        return not self.unanswered


def flag_words(flagged: tuple[str, ...] | list[str]) -> str:
    return ", ".join(_(f.short) for f in RED_FLAGS if f.id in flagged)


def evaluate_red_flags(answers: Mapping[str, bool | None]) -> RedFlagAdvice:
    """Any yes -> see a clinician before exercising (the app still opens)."""
    flagged = tuple(f.id for f in RED_FLAGS if answers.get(f.id) is True)
    unanswered = tuple(f.id for f in RED_FLAGS if answers.get(f.id) is None)
    if flagged:
        message = _(
            "You answered yes to: {flags}. Please see a doctor or "
            "physiotherapist before you exercise with HipCoach, and soon. HipCoach still "
            "opens, but it cannot tell whether exercise is safe for you, and it adds nothing "
            "until you record that a clinician has cleared you. If numbness in the saddle "
            "area, in both legs, or bladder, bowel or sexual trouble is new, get urgent care "
            "today."
        ).format(flags=flag_words(flagged))
        return RedFlagAdvice(True, flagged, unanswered, message)
    if unanswered:
        return RedFlagAdvice(
            False, (), unanswered,
            ngettext("{n} safety question not answered yet. {statement}",
                     "{n} safety questions not answered yet. {statement}",
                     len(unanswered)).format(n=len(unanswered), statement=_(CLINICIAN_STATEMENT)),
        )
    return RedFlagAdvice(False, (), (), _("No warning signs reported. {statement}").format(
        statement=_(CLINICIAN_STATEMENT)))


# Intake -----------------------------------------------------------------------------

Activity = Literal["standing", "walking", "running", "sitting", "bending", "lifting"]
Goal = Literal["everyday", "walking", "running", "strength"]
Pattern = Literal["extension", "flexion", "mixed", "unclear"]

ACTIVITIES: tuple[str, ...] = ("standing", "walking", "running", "sitting", "bending", "lifting")
EXTENSION_ACTIVITIES = frozenset({"standing", "walking", "running"})
FLEXION_ACTIVITIES = frozenset({"sitting", "bending", "lifting"})
ACTIVITY_QUESTIONS: dict[str, str] = {
    "standing": N_("Does standing for a while bring on or worsen your back pain?"),
    "walking": N_("Does walking bring on or worsen your back pain?"),
    "running": N_("Does running bring on or worsen your back pain?"),
    "sitting": N_("Does sitting for a while bring on or worsen your back pain?"),
    "bending": N_("Does bending forward bring on or worsen your back pain?"),
    "lifting": N_("Does lifting things bring on or worsen your back pain?"),
}
GOALS: dict[str, str] = {
    "everyday": N_("Get through the day (standing, housework) without back pain"),
    "walking": N_("Walk longer without back pain"),
    "running": N_("Run without back pain"),
    "strength": N_("Stronger glutes and hamstrings"),
}
EXTENSION_CUES: tuple[str, ...] = (
    N_("Tilt the pelvis back before you lift"),
    N_("Stop at a straight hip, no arch"),
)
# Lying face down puts the low back in extension; a pillow under the hips takes it off.
PILLOW_CUE = N_("Face down: a pillow under the hips if your back dislikes lying flat")
PRONE_WORDS: tuple[str, ...] = ("prone", "pure-hip-extension", "glute-squeeze", "superman",
                                "crocodile")
# Exercises that finish in hip extension: the place where an extension-sensitive back
# tends to arch. Matched on the exercise id.
EXTENSION_WORDS: tuple[str, ...] = (
    "bridge", "thrust", "hip-extension", "deadlift", "rdl", "hinge", "step-up",
    "back-extension", "kickback", "superman", "swing",
)


@dataclass(frozen=True, slots=True)
class Intake:
    provoking: frozenset[str] = frozenset()  # activities that bring the back pain on
    goal: str | None = None  # a key of GOALS
    usual_pain: int | None = None  # 0-10 on an ordinary day: the baseline before check-ins

    def problems(self) -> list[str]:
        found = [_("unknown activity {activity!r}").format(activity=a)
                 for a in sorted(self.provoking) if a not in ACTIVITIES]
        if self.goal is not None and self.goal not in GOALS:
            found.append(_("unknown goal {goal!r}; expected one of {goals}").format(
                goal=self.goal, goals=", ".join(GOALS)))
        if self.usual_pain is not None and (
            isinstance(self.usual_pain, bool) or not isinstance(self.usual_pain, int)
            or not 0 <= self.usual_pain <= 10
        ):
            found.append(_("usual pain must be a whole number from 0 to 10, got {pain!r}").format(
                pain=self.usual_pain))
        return found


def movement_pattern(intake: Intake | None) -> Pattern:
    """Extension (standing/walking/running), flexion (sitting/bending/lifting), both, or
    unclear. A hint for cueing, not a diagnosis."""
    if intake is None:
        return "unclear"
    ext = bool(intake.provoking & EXTENSION_ACTIVITIES)
    flex = bool(intake.provoking & FLEXION_ACTIVITIES)
    if ext and flex:
        return "mixed"
    if ext:
        return "extension"
    if flex:
        return "flexion"
    return "unclear"


def extension_sensitive(intake: Intake | None) -> bool:
    return movement_pattern(intake) in ("extension", "mixed")


def finishes_in_extension(exercise: Exercise) -> bool:
    return any(word in exercise.id for word in EXTENSION_WORDS)


def lies_prone(exercise: Exercise) -> bool:
    """Face down, as its demonstration figure lies (the same id can be done face down in
    one programme and on the back in another); by its id when it has no figure."""
    if exercise.poses is not None:
        trunk = exercise.poses.start.trunk % 360  # pelvis to shoulders: 0 is head right
        return trunk <= 30 or trunk >= 330  # face down; on the back the head is left
    return any(word in exercise.id for word in PRONE_WORDS)


def extra_cues(exercise: Exercise, intake: Intake | None) -> tuple[str, ...]:
    """The extension-pattern cues for this exercise (none unless they apply), and for a
    face-down exercise the pillow-under-hips option."""
    if not extension_sensitive(intake):
        return ()
    cues: list[str] = []
    if finishes_in_extension(exercise):
        cues += [_(c) for c in EXTENSION_CUES if _(c) not in exercise.cues]
    if lies_prone(exercise) and _(PILLOW_CUE) not in exercise.cues:
        cues.append(_(PILLOW_CUE))
    return tuple(cues)


def intake_summary(intake: Intake | None) -> str:
    """One line for the start screen or a report."""
    pattern = movement_pattern(intake)
    if pattern in ("extension", "mixed"):
        return _("Your back pain comes on with standing, walking or running, which fits an "
                 "extension-sensitive pattern: tilt the pelvis back first and stop at a "
                 "straight hip on bridges, thrusts and hinges.")
    if pattern == "flexion":
        return _("Your back pain comes on with sitting, bending or lifting: keep the spine "
                 "long in hinges and stop any movement that brings the pain on.")
    return _("No pattern noted yet: tell HipCoach what brings your back pain on.")
