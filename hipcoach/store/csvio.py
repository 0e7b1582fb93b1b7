"""The set log as CSV: one row per set, and reading such a file back.

Columns, in this order: ``date,session_id,program,stage,exercise,side,set,target_reps,
reps,load,unit,tempo,hold_s,tut_s,rpe,pain,note,pain_before,pain_after,pain_morning,
decisions``. ``program``, ``stage`` and ``exercise`` are ids; ``date`` is the set's local
time in ISO 8601 with its UTC offset; ``load`` is a number for kg and lb, the colour for
a band, empty for body weight.

Everything the coach reads travels with the sets, so an export and import gives the
same next plan: the session's check-ins (``pain_before``, ``pain_after``,
``pain_morning``, 0-10 or empty) on every row of the session, which must agree, and the
coach decisions based on the session (``decisions``, a JSON list as in
coach-decisions.json) on its first row. These four columns may be missing from older
files.

Spreadsheets run a cell that starts with ``= + - @``, a tab or a carriage return as a
formula, so such text cells get a leading apostrophe (and so does text that already
starts with one, which keeps the round trip exact). Number cells are written as plain
numbers and never touched; a text cell that is just a negative number stays as is.
Reading strips one leading apostrophe from text cells.

The session record rides along in three more columns (``RECORD_COLUMNS``), written
last: ``session_active_s`` (the session's time exercised in seconds, pauses left out)
and ``session_planned_sets`` on every row of the session, and ``skipped``, which is
``yes`` on a row that records a set the user skipped: such a row names the exercise,
side and set, is dated at the session's start and leaves the other set cells empty; or
``session`` on the one row of a session that has neither a set nor a skipped set (one
ended during the warm-up, say), which leaves every set cell empty. Rows without a set
carry the session's check-ins too (and its decisions when the session has no set row),
so no session and no pain answer is lost on the way out and back in.
Files without these columns (older exports) still import; their sessions then have
no time exercised recorded and as many planned sets as rows.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from hipcoach.domain.entries import (
    LOAD_UNITS,
    SIDES,
    Checkin,
    HistorySession,
    Load,
    LoggedSet,
    SessionSummary,
    SetEntry,
    SkippedSet,
    control_problems,
    date_problems,
    format_number,
    utc,
)
from hipcoach.i18n import _

COLUMNS: tuple[str, ...] = (
    "date", "session_id", "program", "stage", "exercise", "side", "set", "target_reps",
    "reps", "load", "unit", "tempo", "hold_s", "tut_s", "rpe", "pain", "note",
) + ("pain_before", "pain_after", "pain_morning", "decisions")
# Check-in column -> check-in kind; with "decisions", optional when reading.
CHECKIN_COLUMNS: dict[str, str] = {
    "pain_before": "before", "pain_after": "after", "pain_morning": "next_morning",
}
OPTIONAL = (*CHECKIN_COLUMNS, "decisions")
RECORD_COLUMNS: tuple[str, ...] = ("session_active_s", "session_planned_sets", "skipped")
SKIPPED_MARK = "yes"
SESSION_MARK = "session"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NEGATIVE_NUMBER = re.compile(r"^-\d+(?:\.\d+)?$")
_WHOLE = re.compile(r"^\d+$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
MAX_NUMBER_CHARS = 15  # longer digit strings are never a rep count, load or time
MAX_CSV_BYTES = 200_000_000


def neutralise(text: str) -> str:
    """Make a text cell inert in spreadsheets (see the module notes)."""
    if not text:
        return text
    if text[0] == "'" or (text[0] in TRIGGERS and not _NEGATIVE_NUMBER.match(text)):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _int(value: int | None) -> str:
    return "" if value is None else str(value)


def export_row(program_id: str, stage_id: str, s: LoggedSet,
               checkins: Mapping[str, int] | None = None,
               decisions: Sequence[Mapping[str, Any]] = ()) -> list[str | int]:
    """One set's row; ``checkins`` (kind -> pain) of its session, ``decisions`` only on the
    session's first row."""
    assert s.performed_at is not None
    pains = checkins or {}
    if s.load.unit in ("kg", "lb"):
        load: str = format_number(s.load.value)
    elif s.load.unit == "band":
        load = neutralise(s.load.colour or "")
    else:
        load = ""
    return [
        s.performed_at.astimezone().isoformat(timespec="seconds"),
        s.session_id,
        neutralise(program_id),
        neutralise(stage_id),
        neutralise(s.exercise),
        s.side or "",
        s.set_no,
        _int(s.target_reps),
        s.reps,
        load,
        s.load.unit,
        neutralise(s.tempo or ""),
        format_number(s.hold_s),
        format_number(s.tut_s),
        _int(s.rpe),
        _int(s.pain),
        neutralise(s.note),
        *(_int(pains.get(kind)) for kind in CHECKIN_COLUMNS.values()),
        neutralise(json.dumps(list(decisions), separators=(",", ":"))) if decisions else "",
    ]


def write_csv(rows: Iterable[tuple[str, str, LoggedSet]], out: TextIO,
              records: Mapping[int, SessionRecord] | None = None, *,
              checkins: Mapping[int, Mapping[str, int]] | None = None,
              decisions: Mapping[int, Sequence[Mapping[str, Any]]] | None = None) -> int:
    """Write the header and one row per set; returns the number of sets.

    ``records`` (``Store.export_record()``) adds each session's record: its columns on
    every row, and a row per skipped set after the session's last set. ``checkins``:
    session id -> {kind: pain}; ``decisions``: session id -> the decisions based on it
    (written once, on the session's first row).
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS + RECORD_COLUMNS)
    records = records or {}
    unwritten = dict(records)
    current: int | None = None
    count = 0
    written: set[int] = set()
    for program_id, stage_id, logged in rows:
        sid = logged.session_id
        if sid != current:
            writer.writerows(skipped_rows(unwritten.pop(current, None)))
            current = sid
        mine = () if sid in written or decisions is None else decisions.get(sid, ())
        written.add(sid)
        writer.writerow(export_row(program_id, stage_id, logged, (checkins or {}).get(sid), mine)
                        + record_cells(records.get(sid)))
        count += 1
    writer.writerows(skipped_rows(unwritten.pop(current, None)))
    for sid, record in unwritten.items():  # sessions without a set: every one skipped, or none
        writer.writerows(skipped_rows(record, (checkins or {}).get(sid),
                                      (decisions or {}).get(sid, ()), alone=True))
    return count


# The session record ---------------------------------------------------------------------

SessionRecord = tuple[SessionSummary, tuple[SkippedSet, ...]]


def record_cells(record: SessionRecord | None, skipped: bool = False,
                 mark: str | None = None) -> list[str]:
    """The ``RECORD_COLUMNS`` cells of one row of the session ``record``."""
    mark = mark if mark is not None else SKIPPED_MARK if skipped else ""
    if record is None:
        return ["", "", mark]
    summary = record[0]
    return [format_number(round(summary.active_s, 1)), str(summary.planned_sets), mark]


def skipped_rows(record: SessionRecord | None, checkins: Mapping[str, int] | None = None,
                 decisions: Sequence[Mapping[str, Any]] = (), *,
                 alone: bool = False) -> list[list[str | int]]:
    """One row per skipped set of the session, dated at its start. ``alone``: the session
    has no set rows, so its rows carry its check-ins and decisions, and a session with no
    skipped set either gets one ``session`` row."""
    if record is None:
        return []
    summary, skipped = record
    slots: list[SkippedSet | None] = list(skipped) if skipped or not alone else [None]
    rows: list[list[str | int]] = []
    for n, slot in enumerate(slots):
        cells: dict[str, str | int] = dict.fromkeys(COLUMNS, "")
        cells.update({
            "date": summary.started_at.astimezone().isoformat(timespec="seconds"),
            "session_id": summary.id, "program": neutralise(summary.program_id),
            "stage": neutralise(summary.stage_id),
        })
        if slot is not None:
            cells.update({"exercise": neutralise(slot.exercise), "side": slot.side or "",
                          "set": slot.set_no})
        if alone:
            for column, kind in CHECKIN_COLUMNS.items():
                cells[column] = _int((checkins or {}).get(kind))
            if decisions and n == 0:
                cells["decisions"] = neutralise(json.dumps(list(decisions),
                                                           separators=(",", ":")))
        mark = SKIPPED_MARK if slot is not None else SESSION_MARK
        rows.append([cells[c] for c in COLUMNS] + record_cells(record, mark=mark))
    return rows


def is_skipped_row(cells: dict[str, str]) -> bool:
    return cells.get("skipped", "").strip().lower() == SKIPPED_MARK


def is_session_row(cells: dict[str, str]) -> bool:
    return cells.get("skipped", "").strip().lower() == SESSION_MARK


def parse_skipped(cells: dict[str, str], names: Names,
                  problems: list[str]) -> tuple[SkippedSet, datetime] | None:
    """A skipped-set row: the slot it names and its date (the session's start)."""
    performed = _date(cells, problems)
    program = unneutralise(cells["program"].strip())
    stage = unneutralise(cells["stage"].strip())
    exercise = unneutralise(cells["exercise"].strip())
    name, phase = names.exercises.get((program, stage, exercise), (exercise, None))
    side = cells["side"].strip().lower()
    if side and side not in SIDES:
        problems.append(_("side must be left, right or empty, got {value!r}").format(value=cells['side']))
    set_text = cells["set"].strip()
    if not _WHOLE.match(set_text):
        problems.append(_("set must be a whole number, got {set_text!r}").format(set_text=set_text))
    slot = SkippedSet(exercise, name, phase, side if side in SIDES else None,  # type: ignore[arg-type]
                      int(set_text) if _WHOLE.match(set_text) else 1)
    problems.extend(slot.problems())
    if not program or not stage:
        problems.append(_("program and stage must not be empty"))
    if problems or performed is None:
        return None
    return slot, performed


def parse_record(cells: dict[str, str], problems: list[str]) -> tuple[float | None, int | None]:
    """(time exercised, planned sets) from a row; None where the file does not say."""
    active_text = cells.get("session_active_s", "").strip()
    planned_text = cells.get("session_planned_sets", "").strip()
    active = planned = None
    if active_text:
        if _NUMBER.match(active_text) and float(active_text) <= 86_400:
            active = float(active_text)
        else:
            problems.append(_("session_active_s must be a number of seconds from 0 to 86400, got "
                              "{active_text!r}").format(active_text=active_text))
    if planned_text:
        if _WHOLE.match(planned_text) and int(planned_text) <= 10_000:
            planned = int(planned_text)
        else:
            problems.append(_("session_planned_sets must be a whole number from 0 to 10000, got "
                              "{planned_text!r}").format(planned_text=planned_text))
    return active, planned


def merge_record(group: _Group, record: tuple[float | None, int | None],
                 problems: list[str]) -> None:
    """Every row of a session must carry the same record (or leave it empty)."""
    for name, column, value in zip(("active_s", "planned_sets"), RECORD_COLUMNS, record,
                                   strict=False):
        if value is None:
            continue
        known = getattr(group, name)
        if known is None:
            setattr(group, name, value)
        elif known != value:
            problems.append(_("{column} {value} differs from {earlier} in earlier rows of "
                              "the session").format(column=column, value=format_number(value),
                                                    earlier=format_number(known)))


# Reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(slots=True)
class Names:
    """Programme, stage and exercise names (and phases) by id, for rows that carry ids."""

    programs: dict[str, str] = field(default_factory=dict)
    stages: dict[tuple[str, str], str] = field(default_factory=dict)
    exercises: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def from_catalog(cls, data_dir: Path | None) -> Names:
        names = cls()
        try:
            from hipcoach.program.catalog import discover

            entries = discover(data_dir)
        except Exception:  # noqa: BLE001 - names are a nicety; ids still work
            return names
        for entry in entries:
            if entry.program is None:
                continue
            program = entry.program
            names.programs[program.id] = program.name
            for stage in program.stage:
                names.stages[(program.id, stage.id)] = stage.name
                for phase in stage.phase:
                    for ex in phase.exercise:
                        names.exercises[(program.id, stage.id, ex.id)] = (ex.name, phase.kind)
        return names


@dataclass(slots=True)
class _Group:
    line: int
    program: str
    stage: str
    key: str = ""  # the file's session_id
    sets: list[SetEntry] = field(default_factory=list)
    skipped: list[SkippedSet] = field(default_factory=list)
    skipped_at: list[datetime] = field(default_factory=list)
    started_at: list[datetime] = field(default_factory=list)  # the dates of session rows
    active_s: float | None = None
    planned_sets: int | None = None
    pains: dict[str, tuple[int | None, int]] = field(default_factory=dict)  # col -> (pain, line)
    decisions: list[dict[str, Any]] = field(default_factory=list)


def _session_cells(cells: dict[str, str], problems: list[str]
                   ) -> tuple[dict[str, int | None], list[dict[str, Any]]]:
    """The check-in pains and decisions of a row (columns that are missing read as empty)."""
    pains: dict[str, int | None] = {}
    for column in CHECKIN_COLUMNS:
        text = cells.get(column, "").strip()
        if not text:
            pains[column] = None
        elif _WHOLE.match(text) and int(text) <= 10:
            pains[column] = int(text)
        else:
            problems.append(_("{column} must be a whole number from 0 to 10, got {text!r}").format(
                                column=column, text=text))
            pains[column] = None
    decisions: list[dict[str, Any]] = []
    raw = unneutralise(cells.get("decisions", "").strip())
    if raw:
        try:
            value = json.loads(raw)
        except ValueError:
            value = None
        if not isinstance(value, list) or not all(isinstance(d, dict) for d in value):
            problems.append(_("decisions must be a JSON list of coach decisions"))
        else:
            decisions = value
    return pains, decisions


class _BadCsv(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _lines(handle: TextIO) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(handle, strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _BadCsv(start, f"not valid CSV: {exc}") from None
        yield start, row
        start = reader.line_num + 1


def _parse_row(cells: dict[str, str], names: Names, problems: list[str]) -> SetEntry | None:
    def whole(name: str, optional: bool = False) -> int | None:
        text = cells[name].strip()
        if not text and optional:
            return None
        if len(text) > MAX_NUMBER_CHARS:
            problems.append(_("{name} is not a sensible number ({count} characters)").format(
                                name=name, count=len(text)))
            return None
        if not _WHOLE.match(text):
            problems.append(_("{name} must be a whole number, got {text!r}").format(name=name, text=text))
            return None
        return int(text)

    def seconds(name: str) -> float | None:
        text = cells[name].strip()
        if not text:
            return None
        if len(text) > MAX_NUMBER_CHARS:
            problems.append(_("{name} is not a sensible number ({count} characters)").format(
                                name=name, count=len(text)))
            return None
        if not _NUMBER.match(text):
            problems.append(_("{name} must be a number of seconds, got {text!r}").format(
                                name=name, text=text))
            return None
        value = float(text)
        return value if math.isfinite(value) else None

    performed = _date(cells, problems)
    side_text = cells["side"].strip().lower()
    if side_text and side_text not in SIDES:
        problems.append(_("side must be left, right or empty, got {value!r}").format(value=cells['side']))
    unit = cells["unit"].strip().lower()
    load_text = unneutralise(cells["load"].strip())
    load = Load()
    if unit not in LOAD_UNITS:
        problems.append(_("unit must be one of {join}, got {value!r}").format(
                            join=', '.join(LOAD_UNITS), value=cells['unit']))
    elif unit in ("kg", "lb"):
        if len(load_text) > MAX_NUMBER_CHARS or not _NUMBER.match(load_text):
            problems.append(_("load must be a number of {unit} (0 or more), got {load_text!r}").format(
                                unit=unit, load_text=load_text))
        else:
            load = Load(unit, value=float(load_text))  # type: ignore[arg-type]
    elif unit == "band":
        load = Load("band", colour=load_text.lower())
    elif load_text:
        problems.append(_("a bodyweight set has an empty load, got {load_text!r}").format(
                            load_text=load_text))

    program = unneutralise(cells["program"].strip())
    stage = unneutralise(cells["stage"].strip())
    exercise = unneutralise(cells["exercise"].strip())
    name, phase = names.exercises.get((program, stage, exercise), (exercise, None))
    set_no = whole("set")
    reps = whole("reps")
    target = whole("target_reps", optional=True)
    rpe = whole("rpe", optional=True)
    pain = whole("pain", optional=True)
    hold = seconds("hold_s")
    tut = seconds("tut_s")
    # Build the entry even when a cell did not parse (with a harmless stand-in), so the
    # range checks on the other cells are reported in the same pass.
    entry = SetEntry(
        session_id=1, exercise=exercise, set_no=1 if set_no is None else set_no,
        reps=0 if reps is None else reps,
        exercise_name=name, phase=phase,
        side=side_text if side_text in SIDES else None,  # type: ignore[arg-type]
        target_reps=target, load=load, tempo=unneutralise(cells["tempo"].strip()) or None,
        hold_s=hold, tut_s=tut, rpe=rpe, pain=pain, note=unneutralise(cells["note"]),
        performed_at=performed,
    )
    problems.extend(entry.problems())
    if not program:
        problems.append(_("program must not be empty"))
    if not stage:
        problems.append(_("stage must not be empty"))
    problems.extend(control_problems("program", program) + control_problems("stage", stage))
    return None if problems else entry


def _parse_date(text: str, problems: list[str]) -> datetime | None:
    """An ISO 8601 time; one without an offset is local time. Years outside 2000 to
    tomorrow (year 1, year 9999) are a problem, never an OverflowError."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        problems.append(_("date must look like 2024-03-05T18:30:00+01:00, got {value!r}").format(
                            value=text[:40]))
        return None
    found = date_problems("date", moment)
    if found:
        problems.extend(found)
        return None
    return moment if moment.tzinfo is not None else moment.astimezone()


def _date(cells: dict[str, str], problems: list[str]) -> datetime | None:
    return _parse_date(cells["date"].strip(), problems)


def read_csv(handle: TextIO, names: Names | None = None) -> tuple[list[HistorySession],
                                                                  list[RowProblem]]:
    """Parse and check every row. Returns the sessions, or every problem found."""
    names = names or Names()
    problems: list[RowProblem] = []
    rows = _lines(handle)
    try:
        first = next(rows, None)
    except _BadCsv as exc:
        return [], [RowProblem(exc.line, str(exc))]
    if first is None:
        return [], [RowProblem(1, "the file is empty; expected a header line")]
    header = [h.strip().lstrip("\ufeff").lower() for h in first[1]]
    missing = [c for c in COLUMNS if c not in header and c not in OPTIONAL]
    unknown = [h for h in header if h not in COLUMNS + RECORD_COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        parts = []
        if missing:
            parts.append(_("missing columns: {join}").format(join=', '.join(missing)))
        if unknown:
            parts.append(_("unknown columns: {join}").format(join=', '.join(unknown)))
        if not parts:
            parts.append(_("a column appears twice"))
        return [], [RowProblem(1, "; ".join(parts) + f" (expected: {','.join(COLUMNS)})")]

    groups: dict[str, _Group] = {}
    slots: dict[tuple[str, str, str | None, int], int] = {}
    try:
        for line, row in rows:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.append(RowProblem(line, f"expected {len(header)} values, got {len(row)}"))
                continue
            cells = dict(zip(header, row, strict=True))
            row_problems: list[str] = []
            entry: SetEntry | SkippedSet | None
            skip: tuple[SkippedSet, datetime] | None = None
            pains: dict[str, int | None] = {}
            decided: list[dict[str, Any]] = []
            started: datetime | None = None
            if is_session_row(cells):  # a session with no set: names the session only
                started = _date(cells, row_problems)
                entry = None
                pains, decided = _session_cells(cells, row_problems)
                if not cells["program"].strip() or not cells["stage"].strip():
                    row_problems.append(_("program and stage must not be empty"))
            elif is_skipped_row(cells):  # a skipped set names its slot only
                skip = parse_skipped(cells, names, row_problems)
                entry = skip[0] if skip else None
                pains, decided = _session_cells(cells, row_problems)
                # older files leave a skipped row's check-ins empty: only answers count
                pains = {column: pain for column, pain in pains.items() if pain is not None}
            else:
                entry = _parse_row(cells, names, row_problems)
                pains, decided = _session_cells(cells, row_problems)
            record = parse_record(cells, row_problems)
            key = cells["session_id"].strip()
            if not _WHOLE.match(key):
                row_problems.append(_("session_id must be a whole number, got {key!r}").format(key=key))
            if (entry is not None or started is not None) and not row_problems:
                program = unneutralise(cells["program"].strip())
                stage = unneutralise(cells["stage"].strip())
                group = groups.setdefault(key, _Group(line, program, stage, key))
                if (group.program, group.stage) != (program, stage):
                    row_problems.append(
                        _("session {key} is {program}/{stage} on line {line}, not "
                          "{this_program}/{this_stage}").format(
                            key=key, program=group.program, stage=group.stage, line=group.line,
                            this_program=program, this_stage=stage)
                    )
                slot = ((key, entry.exercise, entry.side, entry.set_no) if entry is not None
                        else (key, "", None, 0))
                if slot in slots:
                    row_problems.append(
                        _("repeats the set on line {value}").format(value=slots[slot])
                        if entry is not None else
                        _("repeats the session row on line {value}").format(value=slots[slot]))
                merge_record(group, record, row_problems)
                for column, pain in pains.items():
                    seen = group.pains.setdefault(column, (pain, line))
                    if seen[0] != pain:
                        row_problems.append(
                            _("contradictory check-ins: session {key} has {column} {value} on line "
                              "{line}, {here} here").format(
                                key=key, column=column, value=_int(seen[0]) or _("empty"),
                                line=seen[1], here=_int(pain) or _("empty")))
                if not row_problems:
                    slots[slot] = line
                    if started is not None:
                        group.started_at.append(started)
                        group.decisions.extend(decided)
                    elif skip is not None:
                        group.skipped.append(skip[0])
                        group.skipped_at.append(skip[1])
                        group.decisions.extend(decided)
                    elif isinstance(entry, SetEntry):
                        group.sets.append(entry)
                        group.decisions.extend(decided)
            if row_problems:
                problems.append(RowProblem(line, "; ".join(row_problems)))
    except _BadCsv as exc:
        problems.append(RowProblem(exc.line, str(exc)))
    if problems:
        return [], problems
    return [_history(g, names) for g in groups.values()], []


def _history(group: _Group, names: Names) -> HistorySession:
    times = [s.performed_at for s in group.sets if s.performed_at is not None]
    times += group.skipped_at + group.started_at
    planned = group.planned_sets
    start, end = min(times), max(times)
    moments = {"before": start, "after": end, "next_morning": end + timedelta(hours=12)}
    checkins = tuple(
        Checkin(1, kind, pain, None, moments[kind])  # type: ignore[arg-type]
        for column, kind in CHECKIN_COLUMNS.items()
        if (pain := group.pains.get(column, (None, 0))[0]) is not None
    )
    return HistorySession(
        program_id=group.program,
        program_name=names.programs.get(group.program, group.program),
        stage_id=group.stage,
        stage_name=names.stages.get((group.program, group.stage), group.stage),
        started_at=start,
        ended_at=end,
        status="completed",
        planned_sets=len(group.sets) + len(group.skipped) if planned is None else planned,
        pain_before=group.pains.get("pain_before", (None, 0))[0],
        pain_after=group.pains.get("pain_after", (None, 0))[0],
        sets=tuple(group.sets),
        checkins=checkins,
        decisions=tuple(group.decisions),
        active_s=group.active_s or 0.0,
        skipped=tuple(group.skipped),
        origin=session_identity(group.program, group.stage, group.key, group.sets),
    )


def session_identity(program: str, stage: str, key: str, sets: Iterable[SetEntry]) -> str:
    """A stable identity for an imported session: a hash of its programme, stage, its
    session id in the file and its sets' slots and times (to the second). The same file
    imported twice gives the same identities; two sessions that only share a start time
    do not."""
    import hashlib
    import json

    slots = sorted(
        (s.exercise, s.side or "", s.set_no,
         utc(s.performed_at).replace(microsecond=0).isoformat() if s.performed_at else "")
        for s in sets
    )
    text = json.dumps([program, stage, key, slots], ensure_ascii=True, separators=(",", ":"))
    return "csv:" + hashlib.sha256(text.encode("ascii")).hexdigest()[:32]


def read_csv_file(path: Path, names: Names | None = None) -> tuple[list[HistorySession],
                                                                   list[RowProblem]]:
    """Read a regular file only (a FIFO or device is refused at once, never waited on)."""
    import io

    from hipcoach.safe_read import read_limited

    try:
        text = read_limited(path, MAX_CSV_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [RowProblem(0, f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except OSError as exc:
        return [], [RowProblem(0, f"the file {exc.strerror or 'cannot be read'}")]
    return read_csv(io.StringIO(text, newline=""), names)

