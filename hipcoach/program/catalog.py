"""The programmes a user can pick: the built-in ones plus any in the data dir's programs/.

A broken user file is listed with its problem and never stops the others loading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hipcoach.i18n import _
from hipcoach.paths import assets_dir
from hipcoach.program.loader import ProgramError, ProgramProblem, load_program
from hipcoach.program.model import ID_PATTERN, Program
from hipcoach.program.texts import localize


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One programme file of the catalogue: its programme, or why it cannot be used."""

    path: Path
    builtin: bool
    program: Program | None = None
    problem: ProgramProblem | None = None
    claimed_id: str | None = None  # a set-aside file's own id (a duplicate)

    @property
    def id(self) -> str:
        return self.program.id if self.program else (self.claimed_id or self.path.stem)

    @property
    def title(self) -> str:
        return self.program.name if self.program else self.path.name


class UnknownProgram(LookupError):
    """No programme matches; the message lists the ones that exist."""


def builtin_dir() -> Path:
    return assets_dir() / "programs"


def user_dir(data_dir: Path) -> Path:
    return data_dir / "programs"


def _entries(folder: Path, builtin: bool) -> list[CatalogEntry]:
    if not folder.is_dir():
        return []
    entries = []
    for path in sorted(folder.glob("*.toml")):
        try:
            program = load_program(path)
            entries.append(CatalogEntry(path, builtin, program=localize(program) if builtin
                                        else program))
        except ProgramError as exc:
            entries.append(CatalogEntry(path, builtin, problem=exc.problem))
    return entries


def discover(data_dir: Path | None) -> list[CatalogEntry]:
    """Built-in programmes first, then the user's; a user id never hides a built-in one.

    Two user files with the same id are both set aside with a problem naming the other
    file: which one a session ran would otherwise depend on the order of file names,
    and resuming could mix the sets of two different programmes.
    """
    entries = _entries(builtin_dir(), builtin=True)
    if data_dir is None:
        return entries
    taken = {e.id: e.path for e in entries if e.program}
    users = _entries(user_dir(data_dir), builtin=False)
    by_id: dict[str, list[Path]] = {}
    for entry in users:
        if entry.program:
            by_id.setdefault(entry.id, []).append(entry.path)
    for entry in users:
        if entry.program and entry.id in taken:
            entry = CatalogEntry(entry.path, False, problem=ProgramProblem(
                str(entry.path), "program.id",
                _("id {id!r} is already used by the built-in programme {name}; give this one "
                  "another id").format(
                    id=entry.id, name=taken[entry.id].name)))
        elif entry.program and len(by_id[entry.id]) > 1:
            others = ", ".join(p.name for p in by_id[entry.id] if p != entry.path)
            entry = CatalogEntry(entry.path, False, problem=ProgramProblem(
                str(entry.path), "program.id",
                _("id {id!r} is also used by {others}; each programme needs its own id").format(
                    id=entry.id, others=others)),
                claimed_id=entry.id)
        entries.append(entry)
    return entries


def resolve(spec: str, data_dir: Path | None) -> Program:
    """A programme by id, or by the path of a TOML file.

    Raises ProgramError for a broken file and UnknownProgram (listing the valid ids) when
    nothing matches.
    """
    if not spec.strip():
        raise UnknownProgram(_("no programme given (an empty name); available: {valid}").format(
                                 valid=_valid(discover(data_dir))))
    candidate = Path(spec).expanduser()
    if spec.endswith(".toml") or candidate.is_file():
        return load_program(candidate)
    builtin = _builtin_named(spec)
    if builtin is not None:
        return builtin
    entries = discover(data_dir)
    for entry in entries:
        if entry.id == spec:
            if entry.problem:
                raise ProgramError(entry.problem)
            assert entry.program is not None
            return entry.program
    raise UnknownProgram(_("unknown programme {spec!r}; available: {valid}").format(
                             spec=spec, valid=_valid(entries)))


def _builtin_named(program_id: str) -> Program | None:
    """The built-in programme ``program_id`` read from its own file alone (a built-in's
    file is named by its id, and no user file can take a built-in id, so ``discover``
    would give the same); None when that file does not hold it, and ``discover`` says
    why (a command's start-up: one file parsed, not all of them)."""
    if re.match(ID_PATTERN, program_id) is None:
        return None
    path = builtin_dir() / f"{program_id}.toml"
    if not path.is_file():
        return None
    try:
        program = load_program(path)
    except ProgramError:
        return None
    return localize(program) if program.id == program_id else None


def _valid(entries: list[CatalogEntry]) -> str:
    return ", ".join(e.id for e in entries if e.program) or "none"
