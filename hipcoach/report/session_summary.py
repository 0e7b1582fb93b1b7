"""The one-page session summary as HTML (pure Python, no Qt).

``session_summary_html(data, next_time=None)`` takes what
``hipcoach.store.report_data.session_report`` read. ``next_time`` is the hook for the
coach: the list of changes it decided for the next session. Until the coach provides
them (None) the section says "Not available yet"; nothing is invented here.

The totals (sets done, skipped and not reached, time exercised) are the session's
record, worded by ``SessionSummary.sets_text`` and ``exercised_text`` as on every screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from hipcoach.domain.entries import Checkin, LoggedSet, SessionSummary
from hipcoach.format import (
    NONE,
    day_text,
    duration_text,
    exercised_text,
    local,
    number_text,
    short_day,
    when_text,
)
from hipcoach.i18n import N_, _, ngettext
from hipcoach.report import charts
from hipcoach.report.page import (
    CHART_WIDTH,
    Cell,
    bullets,
    document,
    facts,
    h1,
    h2,
    num,
    para,
    para_markup,
    table,
)
from hipcoach.report.text import (
    DISCLAIMER,
    esc,
    loads_text,
    number_list,
    pain_text,
    range_text,
)
from hipcoach.store.report_data import SessionReportData

NOT_AVAILABLE = N_("Not available yet")
STATUS_WORDS = {"completed": N_("Completed"), "abandoned": N_("Ended early"),
                "in_progress": N_("Not finished (no end was recorded)")}


def _count(n: int, text: str) -> str:
    """"1 set", "1,204 reps": an ``ngettext`` text, the count written by ``number_text``."""
    return text.format(n=number_text(n, grouped=True))


@dataclass(frozen=True, slots=True)
class ExerciseLine:
    """One exercise of the session, added up for the table."""

    exercise: str
    name: str
    sets: tuple[LoggedSet, ...]

    @property
    def set_count(self) -> int:
        return len({s.set_no for s in self.sets})

    @property
    def sided(self) -> bool:
        return any(s.side is not None for s in self.sets)

    def reps_on(self, side: str) -> list[int]:
        return [s.reps for s in sorted(self.sets, key=lambda s: s.set_no) if s.side == side]

    @property
    def reps(self) -> int:
        return sum(s.reps for s in self.sets)

    @property
    def tut_s(self) -> float:
        return sum(s.tut_s or 0.0 for s in self.sets)

    def done_text(self) -> str:
        """"3 × 8, 9, 8 @ bodyweight" or "3 × L 8, 7, 8 / R 9, 9, 8 @ red band"."""
        if self.sided:
            reps = f"L {number_list(self.reps_on('left')) or NONE} / " \
                   f"R {number_list(self.reps_on('right')) or NONE}"
        else:
            reps = number_list(s.reps for s in sorted(self.sets, key=lambda s: s.set_no))
        return f"{self.set_count} × {reps} @ {loads_text(s.load for s in self.sets)}"

    def tempo_text(self) -> str:
        tempos = [s.tempo for s in self.sets if s.tempo]
        if tempos:
            return ", ".join(dict.fromkeys(tempos))
        holds = [s.hold_s for s in self.sets if s.hold_s]
        if holds:
            return _("{seconds} s hold").format(seconds=number_text(max(holds)))
        return NONE

    def sides_text(self) -> str:
        if not self.sided:
            return NONE
        left, right = sum(self.reps_on("left")), sum(self.reps_on("right"))
        return f"L {left} / R {right}"


def exercise_lines(sets: Sequence[LoggedSet]) -> list[ExerciseLine]:
    """The session's sets grouped by exercise, in the order first done."""
    groups: dict[str, list[LoggedSet]] = {}
    for entry in sets:
        groups.setdefault(entry.exercise, []).append(entry)
    return [
        ExerciseLine(exercise, group[0].exercise_name or exercise, tuple(group))
        for exercise, group in groups.items()
    ]


def status_text(summary: SessionSummary) -> str:
    """"Ended early: 11 of 14 sets, 2 skipped"."""
    word = _(STATUS_WORDS[summary.status]) if summary.status in STATUS_WORDS else summary.status
    if summary.status == "completed" and summary.not_reached:
        word = _(STATUS_WORDS["abandoned"])
    return f"{word}: {summary.sets_text()}"


def skipped_text(data: SessionReportData) -> str:
    """"Side-lying clam, set 1; Bird dog, set 2" (what was skipped, by name)."""
    return "; ".join(s.text() for s in data.detail.skipped) or NONE


def _checkin(checkins: Sequence[Checkin], kind: str) -> Checkin | None:
    for checkin in checkins:
        if checkin.kind == kind:
            return checkin
    return None


def pain_line(data: SessionReportData) -> str:
    summary = data.summary
    before = _checkin(data.detail.checkins, "before")
    after = _checkin(data.detail.checkins, "after")
    morning = _checkin(data.detail.checkins, "next_morning")
    parts = [
        _("before {pain}").format(pain=pain_text(before.pain if before else summary.pain_before)),
        _("after {pain}").format(pain=pain_text(after.pain if after else summary.pain_after)),
    ]
    if morning is None:
        parts.append(_("next morning not recorded"))
    else:
        if morning.stiffness is not None:
            text = _("next morning {pain} (stiffness {stiffness}/10)")
        else:
            text = _("next morning {pain}")
        parts.append(text.format(pain=pain_text(morning.pain), stiffness=morning.stiffness))
    return " · ".join(parts)


def exercised_line(summary: SessionSummary) -> str:
    """"20:56 (planned 25:00)": the time exercised, pauses left out."""
    if not summary.planned_seconds:
        return summary.exercised_text()
    return _("{time} (planned {planned})").format(
        time=summary.exercised_text(), planned=exercised_text(summary.planned_seconds))


def _history_chart(data: SessionReportData) -> list[str]:
    points = data.main_history
    if data.main_exercise is None:
        return [para(_("No chart: no sets were logged in this session."), "muted")]
    labels = [short_day(local(p.started_at).date()) for p in points]
    highlight = next((i for i, p in enumerate(points) if p.session_id == data.summary.id), None)
    panel = charts.Panel(
        title=_("{name}: time under tension per session (seconds)").format(
            name=data.main_exercise_name),
        labels=labels,
        bars=[charts.Series("", [p.tut_s for p in points])],
        highlight=highlight,
    )
    svg = charts.chart([panel], width=CHART_WIDTH, panel_height=150)
    first = local(data.history_since).date()
    tuts = [p.tut_s for p in points]
    caption = ngettext(
        "{n} session with {name} from {first} to {last}; this session is the dark bar. "
        "Time under tension ranged from {low} to {high}; load now {load}.",
        "{n} sessions with {name} from {first} to {last}; this session is the dark bar. "
        "Time under tension ranged from {low} to {high}; load now {load}.", len(points),
    ).format(n=number_text(len(points), grouped=True), name=data.main_exercise_name,
             first=day_text(first),
             last=day_text(local(data.summary.started_at).date()),
             low=duration_text(min(tuts)), high=duration_text(max(tuts)),
             load=loads_text([points[-1].load]))
    return [charts.img_tag(svg, CHART_WIDTH, 150, panel.title), para(caption, "small")]


def session_summary_html(data: SessionReportData, next_time: list[str] | None = None, *,
                         printed_at: datetime | None = None) -> str:
    """The summary page for one session.

    ``next_time``: what the coach changes for the next session, one line each. None
    (the coach has not decided, or is not available yet) prints "Not available yet".
    """
    summary = data.summary
    started = local(summary.started_at)
    title = _("HipCoach session summary, {day}").format(day=day_text(started.date()))
    body = [
        h1(_("Session summary")),
        para(f"{summary.program_name} · {summary.stage_name}", "subtitle"),
        facts([
            (_("Date and time"), when_text(summary.started_at)),
            (_("Time exercised"), exercised_line(summary)),
            (_("Status"), status_text(summary)),
            (_("Skipped"), skipped_text(data)),
            (_("Not reached"), _count(summary.not_reached, ngettext(
                "{n} planned set", "{n} planned sets", summary.not_reached))),
            (_("Pain (0–10)"), pain_line(data)),
        ]),
        h2(_("What was done")),
    ]
    lines = exercise_lines(data.detail.sets)
    if lines:
        rows = []
        for line in lines:
            rows.append([
                line.name, line.done_text(), line.tempo_text(),
                num(duration_text(line.tut_s)), line.sides_text(),
                range_text((s.rpe for s in line.sets), "RPE "),
                num(range_text(s.pain for s in line.sets)),
            ])
        all_sets = data.detail.sets
        rep_total = sum(x.reps for x in lines)
        sided = [line for line in lines if line.sided]
        sides_total = (
            f"L {sum(sum(x.reps_on('left')) for x in sided)} / "
            f"R {sum(sum(x.reps_on('right')) for x in sided)}" if sided else NONE
        )
        total = [
            _("Total"),
            _("{sets}, {reps}").format(
                sets=_count(len(all_sets), ngettext("{n} set", "{n} sets", len(all_sets))),
                reps=_count(rep_total, ngettext("{n} rep", "{n} reps", rep_total))),
            "",
            num(duration_text(sum(x.tut_s for x in lines))),
            sides_total,
            range_text((s.rpe for s in all_sets), "RPE "),
            num(range_text(s.pain for s in all_sets)),
        ]
        body.append(table(
            [_("Exercise"), _("Sets × reps @ load"), _("Tempo"),
             Cell(_("Under tension"), css="num"), _("Left / right"),
             "RPE",  # the effort rating's international name (the note below says it)
             Cell(_("Pain"), css="num")],
            rows, total=total,
            widths=["21%", "27%", "8%", "12%", "12%", "9%", "11%"],
        ))
        body.append(para(_(
            "Tempo: seconds lowering – pause at the bottom – lifting – pause at the top "
            "(X = explosive). Time under tension is reps × the tempo digits (or the hold), "
            "per side; a set on each side counts as two sets. Effort is the rating of "
            "perceived exertion (RPE, 1–10); pain is the range of ratings given after each "
            "set (0–10)."), "small"))
    else:
        body.append(para(_("No sets were logged in this session."), "muted"))

    body.append(h2(_("Main exercise over the last eight weeks")))
    body.extend(_history_chart(data))

    body.append(h2(_("Notes")))
    notes = [(s.exercise_name or s.exercise, s.note) for s in data.detail.sets if s.note.strip()]
    if notes:
        body.append("<ul>" + "".join(
            f"<li><b>{esc(name)}:</b> {esc(note)}</li>" for name, note in notes) + "</ul>")
    else:
        body.append(para(_("No notes."), "muted"))

    body.append(h2(_("What changes next time")))
    if next_time is None:
        body.append(para(_(NOT_AVAILABLE), "muted"))
    elif not next_time:
        body.append(para(_("The coach changes nothing for the next session.")))
    else:
        body.append(bullets(next_time))

    printed = local(printed_at) if printed_at else None
    stamp = _(" Printed {when}.").format(when=when_text(printed)) if printed else ""
    body.append(para_markup(esc(_(DISCLAIMER) + stamp), "disclaimer"))
    return document(title, body)
