"""The set log as CSV: one row per set, and reading such a file back.

Columns, in this order: ``date,session_id,program,stage,exercise,side,set,target_reps,
reps,load,unit,tempo,hold_s,tut_s,rpe,pain,note``. ``program``, ``stage`` and
``exercise`` are ids; ``date`` is the set's local time in ISO 8601 with its UTC offset;
``load`` is a number for kg and lb, the colour for a band, empty for body weight.

Spreadsheets run a cell that starts with ``= + - @``, a tab or a carriage return as a
formula, so such text cells get a leading apostrophe (and so does text that already
starts with one, which keeps the round trip exact). Number cells are written as plain
numbers and never touched; a text cell that is just a negative number stays as is.
Reading strips one leading apostrophe from text cells.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from hipcoach.store.entries import (
    LOAD_UNITS,
    SIDES,
    HistorySession,
    Load,
    LoggedSet,
    SetEntry,
    control_problems,
    date_problems,
    format_number,
    utc,
)

COLUMNS: tuple[str, ...] = (
    "date", "session_id", "program", "stage", "exercise", "side", "set", "target_reps",
    "reps", "load", "unit", "tempo", "hold_s", "tut_s", "rpe", "pain", "note",
)
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


def export_row(program_id: str, stage_id: str, s: LoggedSet) -> list[str | int]:
    assert s.performed_at is not None
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
    ]


def write_csv(rows: Iterable[tuple[str, str, LoggedSet]], out: TextIO) -> int:
    """Write the header and one row per set; returns the number of sets."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for program_id, stage_id, logged in rows:
        writer.writerow(export_row(program_id, stage_id, logged))
        count += 1
    return count


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
            problems.append(f"{name} is not a sensible number ({len(text)} characters)")
            return None
        if not _WHOLE.match(text):
            problems.append(f"{name} must be a whole number, got {text!r}")
            return None
        return int(text)

    def seconds(name: str) -> float | None:
        text = cells[name].strip()
        if not text:
            return None
        if len(text) > MAX_NUMBER_CHARS:
            problems.append(f"{name} is not a sensible number ({len(text)} characters)")
            return None
        if not _NUMBER.match(text):
            problems.append(f"{name} must be a number of seconds, got {text!r}")
            return None
        value = float(text)
        return value if math.isfinite(value) else None

    performed = _parse_date(cells["date"].strip(), problems)
    side_text = cells["side"].strip().lower()
    if side_text and side_text not in SIDES:
        problems.append(f"side must be left, right or empty, got {cells['side']!r}")
    unit = cells["unit"].strip().lower()
    load_text = unneutralise(cells["load"].strip())
    load = Load()
    if unit not in LOAD_UNITS:
        problems.append(f"unit must be one of {', '.join(LOAD_UNITS)}, got {cells['unit']!r}")
    elif unit in ("kg", "lb"):
        if len(load_text) > MAX_NUMBER_CHARS or not _NUMBER.match(load_text):
            problems.append(f"load must be a number of {unit} (0 or more), got {load_text!r}")
        else:
            load = Load(unit, value=float(load_text))  # type: ignore[arg-type]
    elif unit == "band":
        load = Load("band", colour=load_text.lower())
    elif load_text:
        problems.append(f"a bodyweight set has an empty load, got {load_text!r}")

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
        problems.append("program must not be empty")
    if not stage:
        problems.append("stage must not be empty")
    problems.extend(control_problems("program", program) + control_problems("stage", stage))
    return None if problems else entry


def _parse_date(text: str, problems: list[str]) -> datetime | None:
    """An ISO 8601 time; one without an offset is local time. Years outside 2000 to
    tomorrow (year 1, year 9999) are a problem, never an OverflowError."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        problems.append(f"date must look like 2024-03-05T18:30:00+01:00, got {text[:40]!r}")
        return None
    found = date_problems("date", moment)
    if found:
        problems.extend(found)
        return None
    return moment if moment.tzinfo is not None else moment.astimezone()


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
    missing = [c for c in COLUMNS if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        parts = []
        if missing:
            parts.append(f"missing columns: {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown columns: {', '.join(unknown)}")
        if not parts:
            parts.append("a column appears twice")
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
            entry = _parse_row(cells, names, row_problems)
            key = cells["session_id"].strip()
            if not _WHOLE.match(key):
                row_problems.append(f"session_id must be a whole number, got {key!r}")
            if entry is not None and not row_problems:
                program = unneutralise(cells["program"].strip())
                stage = unneutralise(cells["stage"].strip())
                group = groups.setdefault(key, _Group(line, program, stage, key))
                if (group.program, group.stage) != (program, stage):
                    row_problems.append(
                        f"session {key} is {group.program}/{group.stage} on line {group.line}, "
                        f"not {program}/{stage}"
                    )
                slot = (key, entry.exercise, entry.side, entry.set_no)
                if slot in slots:
                    row_problems.append(f"repeats the set on line {slots[slot]}")
                if not row_problems:
                    slots[slot] = line
                    group.sets.append(entry)
            if row_problems:
                problems.append(RowProblem(line, "; ".join(row_problems)))
    except _BadCsv as exc:
        problems.append(RowProblem(exc.line, str(exc)))
    if problems:
        return [], problems
    return [_history(g, names) for g in groups.values()], []


def _history(group: _Group, names: Names) -> HistorySession:
    times = [s.performed_at for s in group.sets if s.performed_at is not None]
    return HistorySession(
        program_id=group.program,
        program_name=names.programs.get(group.program, group.program),
        stage_id=group.stage,
        stage_name=names.stages.get((group.program, group.stage), group.stage),
        started_at=min(times),
        ended_at=max(times),
        status="completed",
        planned_sets=len(group.sets),
        sets=tuple(group.sets),
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

