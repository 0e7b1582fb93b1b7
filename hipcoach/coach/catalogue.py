"""Every coaching rule by id: its condition, action, threshold, source and basis.

Each line the coach writes ends with its rule id and the rule's short source, e.g.
``[E2 · safety default]``, so a decision can be traced to this table.
``docs/coach-rules.md`` is generated from it (``markdown_table``) and a test keeps the
two equal. ``basis`` says whether the threshold is tested evidence or a stated guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hipcoach.i18n import N_, _

Basis = Literal["evidence", "guess"]


@dataclass(frozen=True, slots=True)
class CoachRule:
    id: str
    condition: str
    action: str
    threshold: str
    source: str  # short, shown after the id on every line
    basis: Basis
    note: str = ""


_SILBERNAGEL = "Silbernagel et al. 2007"
_MUJIKA = "Mujika & Padilla 2000"
_FINUCANE = "Finucane et al. 2020"

RULES: tuple[CoachRule, ...] = (
    CoachRule("W1", "no session of this exercise yet", "the programme as written",
              "-", N_("programme file"), "guess"),
    CoachRule("W2", "warm-up, cool-down or timed block", "as written, never progressed",
              "-", N_("programme file"), "guess"),
    CoachRule("F1", "any red-flag answer is yes and no clinician clearance (with its date) "
              "is recorded after it", "hold every exercise and the stage; see a clinician",
              "any yes", _FINUCANE, "evidence",
              "the flags are screening signs from the international framework"),
    CoachRule("F2", "safety questions not all answered, put off with \"ask me later\", "
              "or due again (every 90 days, or after a red flare)",
              "hold every exercise and the stage until answered", "90 days; any red flare",
              N_("safety default"), "guess"),
    CoachRule("P1", "the latest session (any programme) or this exercise's latest session "
              "had a red signal: pain during or after above the amber limit, or next-morning "
              "pain above the usual level", "repeat, no progression; a lighter week follows",
              "pain > 5/10 (settings); morning > baseline (+1 noise inside green)",
              _SILBERNAGEL, "evidence",
              "validated for tendinopathy; used here for low back pain by extrapolation"),
    CoachRule("P2", "red in this exercise's last two sessions", "step back one rung",
              "2 sessions", _SILBERNAGEL, "guess"),
    CoachRule("E1", "fewer than 2 full sessions of the exercise since the latest red signal",
              "hold: repeat the last prescription", "2 sessions", N_("safety default"), "guess"),
    CoachRule("E2", "pain not recorded in one of the last 2 sessions (a blank is unknown, "
              "never green)", "hold, and ask for pain at the end of the session",
              "2 sessions", N_("safety default"), "guess"),
    CoachRule("E3", "pain amber in one of the last 2 sessions",
              "hold: repeat the last prescription", "pain 4-5/10 (settings)", _SILBERNAGEL,
              "evidence", "amber is acceptable pain, but not grounds to add more"),
    CoachRule("D1", "a scheduled deload week", "same exercises and loads, about 40% less "
              "volume", "every 4th week (3-6 in settings)", "Bell et al. 2024", "guess",
              "athletes report one every 5.6 +/- 2.3 weeks; rehab use is a default"),
    CoachRule("D2", "the week after a red session", "a lighter week (about 40% less volume)",
              "7 days", "Bell et al. 2024", "guess"),
    CoachRule("D3", "any volume cut of the pure hip-extension drill",
              "never below 2 sets of 5 reps per side", "2x5 per side",
              N_("seed article (daily drill)"), "guess"),
    CoachRule("G1", "back after 10-27 days without the exercise",
              "repeat the last prescription with about 40% less volume", "10-27 days",
              _MUJIKA, "evidence",
              "strength is largely kept for 2-3 weeks; the exact days are a default"),
    CoachRule("G2", "back after 28 days or more", "restart gently from the programme's start "
              "with about 40% less volume", "28 days", _MUJIKA, "evidence",
              "strength declines after about 4 weeks; the exact day is a default"),
    CoachRule("B1", "the last two full sessions of the exercise fell short of the "
              "prescription", "step back one step (easier variant, lighter load, shorter "
              "hold or fewer reps)", "2 sessions", N_("NSCA back-off practice"), "guess"),
    CoachRule("B2", "the same prescription for N sessions without completing it",
              "regress the variant, or repeat with a smaller range of motion",
              "N = 6 (settings)", N_("coaching practice"), "guess"),
    CoachRule("R1", "every set reached its target, below the top of the range",
              "+1 rep", "rep range in the programme", N_("double progression"), "guess"),
    CoachRule("H1", "every hold done", "+5 s per hold, up to 60 s, then +1 rep",
              "5 s; 60 s cap", N_("seed article (micro-progressions)"), "guess"),
    CoachRule("L1", "a weight at the top of its range in every set, effort at or below the "
              "target", "one load step, back to the bottom of the range",
              "RPE 8 target", N_("double progression; Zourdos et al. 2016"), "evidence",
              "RPE 8 = about 2 reps in reserve"),
    CoachRule("L2", "any load step", "at most 10% of the load or the smallest step the "
              "equipment allows, whichever is larger; one step per exercise per session; "
              "within 0-1000 and never 0", "10%", "NSCA 2.5-10%", "evidence"),
    CoachRule("L3", "the smallest equipment step is above 10% of the load",
              "slow the lowering by 1 s (up to +2 s) before taking the step",
              "10%; +2 s", N_("seed article (tempo micro-progression)"), "guess"),
    CoachRule("L4", "effort above the target (RPE 9-10)", "one load step lighter, never to "
              "0 (the easier variant instead)", "RPE 9+", "Zourdos et al. 2016", "evidence"),
    CoachRule("L5", "effort 9 or above", "no heavier load, band or variant",
              "RPE 9", "Zourdos et al. 2016", "guess"),
    CoachRule("L6", "a band at the top of its range", "the next colour of the user's bands",
              "user's band order", N_("seed article (light resistance)"), "guess"),
    CoachRule("V1", "at the top of the range with pain recorded and green in N sessions in "
              "a row, effort below 9", "the harder variant", "N = 3",
              N_("seed article (advanced variations after mastery)"), "guess"),
    CoachRule("S1", "one side more than 10% weaker in a one-side-at-a-time exercise",
              "weaker side first, plus one extra set (not in a lighter week)", "10%",
              N_("coaching practice"), "guess"),
    CoachRule("U1", "the unilateral stage", "one single-leg exercise per session, in turn "
              "(the one done longest ago)", "at most 4 sets x 12 reps per side per session",
              N_("seed article (unilateral work)"), "guess"),
    CoachRule("T1", "every exercise mastered in N sessions with pain recorded and green",
              "propose the next stage; the user accepts or keeps", "N = 3",
              N_("seed article (progression in layers)"), "guess"),
    CoachRule("C1", "the intake fits an extension-sensitive pattern (pain on standing, "
              "walking or running)", "cue a pelvic tilt and a stop at a straight hip on "
              "exercises that end in hip extension; offer a pillow under the hips face down",
              "any of standing, walking, running", N_("domain notes (O'Sullivan; McKenzie)"),
              "guess", "a hint for cueing, not a diagnosis"),
    CoachRule("K1", "the user kept the previous prescription", "last time's numbers",
              "-", N_("user's choice"), "guess"),
)

BY_ID: dict[str, CoachRule] = {r.id: r for r in RULES}


def tag(rule_id: str) -> str:
    """`` [E2 · safety default]``: the suffix every coach line carries."""
    rule = BY_ID[rule_id]
    return f" [{rule.id} · {_(rule.source)}]"


def markdown_table() -> str:
    """The rules as the Markdown of ``docs/coach-rules.md``."""
    head = [
        "# Coach rules",
        "",
        "Generated from `hipcoach/coach/catalogue.py` (a test keeps them equal). Every line "
        "the coach writes ends with the id and source of the rule that made it. *Basis* says "
        "whether the threshold rests on tested evidence or is a stated guess (a reasonable "
        "default that no study has tested for this use).",
        "",
        "| id | condition | action | threshold | source | basis | note |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    rows = [f"| {r.id} | {r.condition} | {r.action} | {r.threshold} | {r.source} | {r.basis} "
            f"| {r.note} |" for r in RULES]
    return "\n".join(head + rows) + "\n"
