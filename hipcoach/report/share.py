"""The clinician report as plain data, for ``hipcoach report --from --to --json``.

Built from the same pieces as the PDF (``hipcoach.report.clinician``: calendar weeks,
summary figures, per-exercise trends, flags, the coach's next prescription, function
goals), so the two cannot disagree. The format is described in docs/report-json.md;
``FORMAT`` / ``VERSION`` name it. Dates are ISO 8601 local dates, times ISO 8601 with
their offset; pain is 0-10; loads are {"unit", "value", "colour"}.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hipcoach.coach.function_goals import MDC_AVERAGE, MDC_SINGLE, goal_changes
from hipcoach.coach.function_goals import SOURCE as GOALS_SOURCE
from hipcoach.domain.entries import Load
from hipcoach.format import load_text, local
from hipcoach.report.clinician import (
    ClinicianContent,
    counted,
    exercise_trends,
    flag_reasons,
    name_of,
    trend_labels,
    weeks_of,
)
from hipcoach.store.report_data import RangeReportData

FORMAT = "hipcoach-clinician-report"
VERSION = 1


def _load(load: Load) -> dict[str, Any]:
    return {"unit": load.unit, "value": load.value, "colour": load.colour,
            "text": load_text(load)}


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def clinician_share(data: RangeReportData, first_day: date, last_day: date,
                    content: ClinicianContent) -> dict[str, Any]:
    """Everything the clinician report shows, as JSON-ready data."""
    weeks = weeks_of(data, first_day, last_day, first_use=content.first_use,
                     today=content.today)
    figures = counted(data, weeks)
    trends = exercise_trends(data)
    names = content.names
    return {
        "format": FORMAT,
        "version": VERSION,
        "period": {"from": first_day.isoformat(), "to": last_day.isoformat(),
                   "printed_at": content.printed_at.isoformat() if content.printed_at else None},
        "safety": list(content.safety),
        "intake": [{"question": k, "answer": v} for k, v in content.intake],
        "summary": {
            "sessions": len(data.sessions), "completed": figures.completed,
            "abandoned": figures.abandoned, "not_finished": figures.unfinished,
            "per_week": None if figures.per_week is None else round(figures.per_week, 2),
            "weeks_with_no_session": [w.start.isoformat() for w in figures.missed],
            "sets": sum(f.sets for f in data.sessions),
            "reps": sum(f.reps for f in data.sessions),
            "tut_s": round(sum(f.tut_s for f in data.sessions), 1),
            "exercised_s": round(sum(f.summary.exercised_s or 0.0 for f in data.sessions), 1),
            "pain_thresholds": {"green_max": content.pain_green_max,
                                "amber_max": content.pain_amber_max},
        },
        "weeks": [{
            "monday": w.start.isoformat(), "first_day": w.first.isoformat(),
            "last_day": w.last.isoformat(), "partial": w.partial,
            "completed": w.completed, "ended_early": w.not_completed,
            "reps": w.reps, "tut_s": round(w.tut_s, 1),
            "pain_before": _mean(w.before), "pain_after": _mean(w.after),
            "pain_next_morning": _mean(w.morning),
            "pain_during_highest": max(w.during) if w.during else None,
        } for w in weeks],
        "sessions": [{
            "id": f.summary.id, "started_at": local(f.summary.started_at).isoformat(),
            "programme": f.summary.program_name, "stage": f.summary.stage_name,
            "status": f.summary.status, "sets": f.sets, "reps": f.reps,
            "tut_s": round(f.tut_s, 1), "planned_sets": f.summary.planned_sets,
            "done_sets": f.summary.done_sets, "skipped_sets": f.summary.skipped_sets,
            "exercised_s": f.summary.exercised_s, "pain_before": f.summary.pain_before,
            "pain_after": f.summary.pain_after, "pain_during_highest": f.max_set_pain,
            "pain_next_morning": f.morning_pain,
            "flags": flag_reasons(f, content.pain_amber_max),
        } for f in data.sessions],
        "exercises": [{
            "name": label, "sessions": len(t.sessions),
            "first": {"day": local(t.first.started_at).date().isoformat(),
                      "sets": t.first.sets, "reps": t.first.reps, "load": _load(t.first.load)},
            "latest": {"day": local(t.last.started_at).date().isoformat(),
                       "sets": t.last.sets, "reps": t.last.reps, "load": _load(t.last.load)},
            "tut_s": round(sum(s.tut_s for s in t.sessions), 1),
            "reps_left": sum(s.reps_left or 0 for s in t.sessions),
            "reps_right": sum(s.reps_right or 0 for s in t.sessions),
        } for t, label in zip(trends, trend_labels(trends, names), strict=True)],
        "next_session": [{
            "programme": o.program_name, "stage": o.stage_name, "problem": o.problem,
            "coached": o.coached, "last_used": used.isoformat(),
            "exercises": [{"phase": phase, "name": name, "prescription": text}
                          for phase, name, text in o.rows],
            "reasons": list(o.reasons),
        } for o, used in content.programmes],
        "retests": [{"day": r.day.isoformat(), "test": r.test, "left": r.left,
                     "right": r.right, "result": r.result} for r in content.retests],
        "function_goals": {
            "source": GOALS_SOURCE, "mdc_average": MDC_AVERAGE, "mdc_single": MDC_SINGLE,
            "ratings": [{"rated_at": local(g.rated_at).isoformat(), "occasion": g.occasion,
                         "activity": g.activity, "score": g.score} for g in content.goals],
            "changes": [{"activity": c.activity, "first": c.first, "latest": c.latest,
                         "change": round(c.change, 2), "beyond_mdc": c.beyond_mdc,
                         "reading": c.verdict()} for c in goal_changes(content.goals)],
        },
        "notes": [{"day": local(n.performed_at).date().isoformat(),
                   "exercise": name_of("", n.exercise_name, names), "text": n.text}
                  for n in data.notes],
    }
