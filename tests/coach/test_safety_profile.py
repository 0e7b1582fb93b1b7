"""The red-flag screen, the intake and the profile file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from hipcoach.coach import profile as profile_mod
from hipcoach.coach.profile import Profile
from hipcoach.coach.safety import (
    CLINICIAN_STATEMENT,
    RED_FLAG_IDS,
    RED_FLAGS,
    Intake,
    evaluate_red_flags,
    extra_cues,
    intake_summary,
    movement_pattern,
)
from hipcoach.program.loader import parse_program_text

from .helpers import make_program


def test_the_red_flag_list_covers_the_domain_notes() -> None:
    # The domain notes' list plus the fuller international framework (Finucane et al. 2020).
    assert set(RED_FLAG_IDS) == {"saddle_numbness", "bladder_bowel", "leg_weakness",
                                 "fever_unwell", "weight_loss", "cancer_history", "trauma",
                                 "night_pain", "both_legs", "sexual_function",
                                 "immune_steroids", "osteoporosis", "onset_age",
                                 "unchanged_by_movement"}
    assert all(f.question.endswith("?") and len(f.question) < 160 for f in RED_FLAGS)


def test_all_no_is_fine_and_still_says_hipcoach_is_no_clinician() -> None:
    advice = evaluate_red_flags(dict.fromkeys(RED_FLAG_IDS, False))
    assert not advice.see_clinician and advice.complete and CLINICIAN_STATEMENT in advice.message


@pytest.mark.parametrize("flag", RED_FLAG_IDS)
def test_any_yes_means_see_a_clinician(flag: str) -> None:
    answers: dict[str, bool | None] = dict.fromkeys(RED_FLAG_IDS, False)
    answers[flag] = True
    advice = evaluate_red_flags(answers)
    assert advice.see_clinician and advice.flagged == (flag,)
    assert "see a doctor or physiotherapist before you exercise" in advice.message
    assert "still opens" in advice.message


def test_unanswered_questions_are_listed() -> None:
    advice = evaluate_red_flags({"trauma": False})
    assert not advice.see_clinician and len(advice.unanswered) == len(RED_FLAG_IDS) - 1
    assert advice.message.startswith(f"{len(RED_FLAG_IDS) - 1} safety questions not answered yet")


@pytest.mark.parametrize("provoking, pattern", [
    ({"standing"}, "extension"), ({"walking", "running"}, "extension"),
    ({"sitting"}, "flexion"), ({"running", "bending"}, "mixed"), (set(), "unclear"),
])
def test_movement_pattern(provoking: set[str], pattern: str) -> None:
    assert movement_pattern(Intake(frozenset(provoking))) == pattern


def test_extension_cues_only_for_exercises_that_end_in_hip_extension() -> None:
    program = make_program()
    stage = program.stage[0]
    by_id = {e.id: e for e in stage.exercises}
    walker = Intake(frozenset({"walking"}))
    assert extra_cues(by_id["bridge"], walker) == ("Tilt the pelvis back before you lift",
                                                   "Stop at a straight hip, no arch")
    assert extra_cues(by_id["lunge"], walker) == ()
    assert extra_cues(by_id["bridge"], Intake(frozenset({"sitting"}))) == ()
    assert extra_cues(by_id["bridge"], None) == ()
    assert "extension-sensitive" in intake_summary(walker)
    assert "No pattern noted yet" in intake_summary(None)


def test_cues_already_in_the_programme_are_not_repeated() -> None:
    program = parse_program_text("""
[program]
id = "x"
name = "X"
[[stage]]
id = "s"
name = "S"
  [[stage.phase]]
  kind = "loaded"
  name = "L"
    [[stage.phase.exercise]]
    id = "hip-thrust"
    name = "Hip thrust"
    reps = 8
    cues = ["Stop at a straight hip, no arch"]
""")
    thrust = program.stage[0].exercises[0]
    assert extra_cues(thrust, Intake(frozenset({"standing"}))) == (
        "Tilt the pelvis back before you lift",)


def test_profile_round_trip(tmp_path: Path) -> None:
    assert profile_mod.load(tmp_path).profile == Profile()
    profile = Profile().with_answers(dict.fromkeys(RED_FLAG_IDS, False), date(2025, 3, 1))
    profile = profile.with_intake(Intake(frozenset({"walking", "standing"}), "running", 3))
    profile_mod.save(tmp_path, profile)
    loaded = profile_mod.load(tmp_path)
    assert loaded.problems == [] and loaded.profile == profile
    assert not profile.screen_due(date(2025, 5, 29))
    assert profile.screen_due(date(2025, 5, 30))  # asked again after 90 days
    assert profile.screen_due(date(2025, 3, 10), last_flare=date(2025, 3, 5))  # and after a flare
    assert Profile().screen_due(date(2025, 3, 1))
    with pytest.raises(ValueError, match="unknown red-flag question"):
        profile.with_answers({"headache": True}, date(2025, 3, 1))
    with pytest.raises(ValueError, match="unknown goal"):
        profile.with_intake(Intake(goal="fly"))


def test_a_bad_profile_keeps_the_good_parts(tmp_path: Path) -> None:
    path = profile_mod.profile_path(tmp_path)
    path.write_text(json.dumps({
        "version": 1,
        "red_flags": {"trauma": True, "night_pain": "yes", "headache": False},
        "screened_on": "yesterday",
        "intake": {"provoking": ["walking", "swimming"], "goal": "fly", "usual_pain": 11},
        "extra": 1,
    }))
    loaded = profile_mod.load(tmp_path)
    assert loaded.profile.red_flags == {"trauma": True}
    assert loaded.profile.advice().see_clinician
    assert loaded.profile.screened_on is None
    assert loaded.profile.intake == Intake(frozenset({"walking"}), None, None)
    text = "\n".join(loaded.problems)
    for part in ("night_pain", "headache", "screened_on", "swimming", "goal", "usual_pain",
                 "'extra'"):
        assert part in text
    for garbage in ("[1, 2]", "{", ""):
        path.write_text(garbage)
        again = profile_mod.load(tmp_path)
        assert again.profile == Profile() and len(again.problems) == 1


def _all_no(day: date = date(2025, 3, 1)) -> Profile:
    return Profile().with_all_answers(dict.fromkeys(RED_FLAG_IDS, False), day)


def test_the_screen_is_never_saved_half_answered() -> None:
    half: dict[str, bool | None] = dict.fromkeys(RED_FLAG_IDS, False)
    half["night_pain"] = None
    with pytest.raises(ValueError, match="1 safety question not answered"):
        Profile().with_all_answers(half, date(2025, 3, 1))


@pytest.mark.parametrize("flag", RED_FLAG_IDS)
def test_any_yes_holds_until_a_clinician_clears_it(flag: str) -> None:
    today = date(2025, 3, 20)
    profile = _all_no().with_answers({flag: True}, date(2025, 3, 2))
    hold = profile_mod.safety_hold(profile, today)
    assert hold is not None and hold[0] == "F1" and "cleared" in hold[1]
    cleared = profile.with_clearance(date(2025, 3, 10), today)
    assert profile_mod.safety_hold(cleared, today) is None
    assert cleared.with_answers({flag: True}, date(2025, 3, 12)).cleared_on is not None
    other = next(f for f in RED_FLAG_IDS if f != flag)
    again = cleared.with_answers({other: True}, date(2025, 3, 12))  # a new yes voids it
    assert again.cleared_on is None and profile_mod.safety_hold(again, today)[0] == "F1"
    with pytest.raises(ValueError, match="future"):
        profile.with_clearance(date(2025, 3, 21), today)


@pytest.mark.parametrize("profile, today, flare, words", [
    (Profile(), date(2025, 3, 20), None, "14 safety questions not answered"),
    (_all_no().deferred(date(2025, 3, 5)), date(2025, 3, 20), None, "answer the safety "
     "questions later"),
    (Profile().deferred(date(2025, 3, 5)), date(2025, 3, 20), None, "later"),
    (_all_no(), date(2025, 5, 30), None, "due again every 90 days"),
    (_all_no(), date(2025, 3, 20), date(2025, 3, 18), "a pain flare on 18 Mar"),
])
def test_unanswered_deferred_or_due_questions_hold(profile: Profile, today: date,
                                                   flare: date | None, words: str) -> None:
    hold = profile_mod.safety_hold(profile, today, flare)
    assert hold is not None and hold[0] == "F2" and words in hold[1]


def test_answered_no_in_time_does_not_hold() -> None:
    assert profile_mod.safety_hold(_all_no(), date(2025, 5, 29), date(2025, 2, 20)) is None
    answered_after_deferring = _all_no(date(2025, 3, 6))
    assert answered_after_deferring.deferred_on is None


def test_clearance_and_deferral_round_trip(tmp_path: Path) -> None:
    profile = _all_no().with_answers({"osteoporosis": True}, date(2025, 3, 2))
    profile = profile.with_clearance(date(2025, 3, 9), date(2025, 3, 20))
    profile_mod.save(tmp_path, profile)
    assert profile_mod.load(tmp_path).profile == profile
    later = Profile().deferred(date(2025, 3, 3))
    profile_mod.save(tmp_path, later)
    assert profile_mod.load(tmp_path).profile == later


def test_face_down_exercises_offer_a_pillow_for_extension_sensitive_users() -> None:
    from hipcoach.coach.safety import PILLOW_CUE
    from hipcoach.program.catalog import resolve

    drill = next(e for e in resolve("daily-drill", None).stage[0].exercises
                 if e.id == "pure-hip-extension")
    walker = Intake(frozenset({"walking"}))
    assert PILLOW_CUE in extra_cues(drill, walker)
    assert PILLOW_CUE not in extra_cues(drill, Intake(frozenset({"sitting"})))


def test_the_pillow_follows_how_the_exercise_lies_not_its_name() -> None:
    """The glute squeeze hold is face down in the daily drill and on the back in the
    progression: only the face-down one is offered the pillow under the hips."""
    from hipcoach.coach.safety import PILLOW_CUE
    from hipcoach.program.catalog import resolve

    def squeeze(program: str):  # type: ignore[no-untyped-def]
        return next(e for stage in resolve(program, None).stage for e in stage.exercises
                    if e.id == "glute-squeeze")

    walker = Intake(frozenset({"walking"}))
    assert PILLOW_CUE in extra_cues(squeeze("daily-drill"), walker)
    assert PILLOW_CUE not in extra_cues(squeeze("hip-extension"), walker)


def test_answering_again_on_the_day_of_a_flare_lifts_its_hold() -> None:
    """The flare asks for the questions again; answered that day, the hold is lifted."""
    flare = date(2025, 3, 5)
    answered = Profile().with_all_answers(dict.fromkeys(RED_FLAG_IDS, False), flare)
    assert not answered.screen_due(flare, last_flare=flare)
    assert profile_mod.safety_hold(answered, flare, last_flare=flare) is None
    earlier = Profile().with_all_answers(dict.fromkeys(RED_FLAG_IDS, False), date(2025, 3, 4))
    assert earlier.screen_due(flare, last_flare=flare)
    assert profile_mod.safety_hold(earlier, flare, last_flare=flare)[0] == "F2"
