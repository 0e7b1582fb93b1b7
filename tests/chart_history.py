"""A small known training history for the chart tests (imported by the tests and the
conftest: this folder is on sys.path, as it has no __init__.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hipcoach.domain.entries import Checkin, Load, SetEntry
from hipcoach.store.repo import Store

# "Now" for every view test: Friday 14 June 2024, noon UTC. The current week starts on
# Monday 10 June. Sessions are at noon UTC mid-week, so they fall in the same local week
# in any time zone within 11 hours of UTC.
NOW = datetime(2024, 6, 14, 12, tzinfo=UTC)


def noon(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)




def log_session(store: Store, day: date, sets: list[dict], *, after: int | None = None,
                morning: int | None = None, program_id: str = "hip-extension",
                program_name: str = "Hip extension progression") -> int:
    started = noon(day)
    sid = store.start_session(program_id=program_id, program_name=program_name,
                              stage_id="foundation", stage_name="Foundation",
                              started_at=started)
    for n, values in enumerate(sets):
        fields = {"set_no": 1, "reps": 10,
                  "performed_at": started + timedelta(minutes=n + 1), **values}
        store.log_set(SetEntry(sid, **fields))
    store.finish_session(sid, ended_at=started + timedelta(minutes=40), pain_after=after)
    if morning is not None:
        store.add_checkin(Checkin(sid, "next_morning", morning, None,
                                  noon(day + timedelta(days=1), 7)))
    return sid

def bridge(reps: int, tut: float, *, set_no: int = 1, pain: int | None = None,
           rpe: int | None = None, kg: float = 20.0, name: str = "Glute bridge",
           tempo: str | None = "2-0-2-0") -> dict:
    return {"exercise": "bridge", "exercise_name": name, "phase": "loaded", "set_no": set_no,
            "reps": reps, "tut_s": tut, "pain": pain, "rpe": rpe, "load": Load("kg", kg),
            "tempo": tempo}


def single_leg(side: str, reps: int, tut: float) -> dict:
    return {"exercise": "slb", "exercise_name": "Single-leg bridge", "phase": "activation",
            "side": side, "reps": reps, "tut_s": tut}


# Weeks (Mondays) of the known history.
W_JAN = date(2024, 1, 1)
W_APR = date(2024, 4, 15)
W_MAY = date(2024, 5, 27)
W_JUN = date(2024, 6, 10)


def build_history(store: Store) -> Store:
    """Five sessions: one in January (an old programme name and a since-deleted exercise),
    a gap of three months, then April, late May and two in the current week."""
    log_session(store, date(2024, 1, 3), [
        bridge(6, 24.0, pain=5, rpe=9, kg=15.0, name="Bridge", tempo=None),
        {"exercise": "old-drill", "exercise_name": "Old drill", "phase": "warmup",
         "reps": 10, "tut_s": 20.0},
    ], after=4, morning=5, program_name="Hip programme (old name)")
    log_session(store, date(2024, 4, 17), [bridge(8, 32.0, pain=3, rpe=8, kg=17.5)], after=2)
    log_session(store, date(2024, 5, 29), [
        bridge(10, 40.0, pain=2, rpe=7),
        bridge(8, 32.0, set_no=2, pain=3, rpe=8),
        single_leg("left", 6, 24.0),
        single_leg("right", 8, 32.0),
    ], after=2, morning=1)
    log_session(store, date(2024, 6, 10), [
        {"exercise": "squeeze", "exercise_name": "Glute squeeze", "phase": "activation",
         "reps": 5, "hold_s": 10.0, "tut_s": 50.0},
    ])
    log_session(store, date(2024, 6, 12), [
        bridge(12, 48.0, pain=1, rpe=6, kg=22.5, tempo="3-0-3-0"),
        single_leg("left", 8, 32.0),
        single_leg("right", 8, 32.0),
    ], after=1)
    return store
