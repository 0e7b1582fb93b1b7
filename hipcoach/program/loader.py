"""Loading programme files: TOML parsing, schema validation and readable problem reports.

Every problem becomes a ``ProgramProblem`` naming the file, the path to the field
(``stage[1].phase[0].exercise[2].tempo``) and what was expected. Nothing here raises
for bad input: callers get either a ``Program`` or a problem.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import msgspec

from hipcoach.i18n import N_, _
from hipcoach.program.decode import decode_program
from hipcoach.program.model import ID_PATTERN, Program

MAX_FILE_BYTES = 1_000_000

# msgspec's messages, read only when a file has a problem (compiled then, by ``re``).
_AT = r"(?s)^(?P<msg>.*) - at `\$(?P<path>[^`]*)`$"
_FIELD_MSG = r"(?s)^(?P<field>[a-z_]+): (?P<msg>.*)$"
_UNKNOWN = r"^Object contains unknown field `(?P<field>[^`]+)`$"
_MISSING = r"^Object missing required field `(?P<field>[^`]+)`$"
_TYPE_WORDS = {
    "int": N_("a whole number"),
    "str": N_("text in quotes"),
    "bool": N_("true or false"),
    "array": N_("a list"),
    "object": N_("a table"),
    "float": N_("a decimal number"),
    "null": N_("nothing"),
}


@dataclass(frozen=True, slots=True)
class ProgramProblem:
    """One thing wrong with one programme file."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}: " if self.path else f"{self.file}: "
        return _one_line(where + self.message)


def _one_line(text: str) -> str:
    """Escape newlines and other unprintable characters (a key may contain them)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class ProgramError(Exception):
    """A programme file could not be loaded; ``problem`` says where and why."""

    def __init__(self, problem: ProgramProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _humanise_types(message: str) -> str:
    def words(match: re.Match[str]) -> str:
        # "`int | str | null`" -> "a whole number or text in quotes" (TOML has no null)
        names = [n for n in match.group(1).split(" | ") if n != "null"] or ["null"]
        return _(" or ").join(_(_TYPE_WORDS[n]) if n in _TYPE_WORDS else n for n in names)

    message = re.sub(r"`([a-z]+(?: \| [a-z]+)*)`", words, message)
    message = message.replace(
        f" matching regex {ID_PATTERN!r}",
        _(" of lower-case letters, digits and dashes (at most 48, not starting with a dash)"),
    )
    return message[0].lower() + message[1:] if message else message


def describe_validation_error(file: str, error: msgspec.ValidationError) -> ProgramProblem:
    """Turn msgspec's message into file, field path and a sentence for people."""
    text = str(error)
    path, msg = "", text
    match = re.match(_AT, text)
    if match:
        path, msg = match.group("path").lstrip("."), match.group("msg")
    field = re.match(_FIELD_MSG, msg)
    unknown = re.match(_UNKNOWN, msg)
    missing = re.match(_MISSING, msg)
    if field:
        path = f"{path}.{field.group('field')}" if path else field.group("field")
        msg = field.group("msg")
    elif unknown:
        path = f"{path}.{unknown.group('field')}" if path else unknown.group("field")
        msg = _("unknown field (check the spelling)")
    elif missing:
        path = f"{path}.{missing.group('field')}" if path else missing.group("field")
        msg = _("this field is required")
    else:
        msg = _humanise_types(msg)
    return ProgramProblem(file, _one_line(path), msg)


def parse_program_text(text: str, file: str = "<text>") -> Program:
    """Parse and validate programme TOML; raises ProgramError with a readable problem."""
    from hipcoach.safe_read import MAX_DEPTH, text_too_deep, too_deep

    if text_too_deep(text):
        raise ProgramError(ProgramProblem(
            file, "", _("keys or tables are nested more than {MAX_DEPTH} levels deep").format(
                          MAX_DEPTH=MAX_DEPTH)))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProgramError(ProgramProblem(file, "", _("not valid TOML: {exc}").format(exc=exc))) from None
    except (RecursionError, ValueError) as exc:
        raise ProgramError(ProgramProblem(file, "", _("not valid TOML: {exc}").format(exc=exc))) from None
    except MemoryError:
        raise ProgramError(ProgramProblem(file, "", _("too big to read"))) from None
    if too_deep(data):
        raise ProgramError(ProgramProblem(
            file, "", _("tables or lists are nested more than {MAX_DEPTH} levels deep").format(
                          MAX_DEPTH=MAX_DEPTH)))
    try:
        return decode_program(data)
    except msgspec.ValidationError as exc:
        raise ProgramError(describe_validation_error(file, exc)) from None
    except RecursionError:
        raise ProgramError(ProgramProblem(file, "", _("nested too deeply"))) from None


def load_program(path: Path) -> Program:
    """Read one programme file; raises ProgramError for anything wrong with it."""
    from hipcoach.safe_read import read_limited

    name = str(path)
    try:  # regular files only: a FIFO or /dev/zero named x.toml is refused at once
        raw = read_limited(path, MAX_FILE_BYTES)
    except OSError as exc:
        raise ProgramError(ProgramProblem(name, "", exc.strerror or "cannot be read")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ProgramError(ProgramProblem(name, "", _("is not UTF-8 text"))) from None
    return parse_program_text(text, name)
