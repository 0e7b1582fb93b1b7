"""Gettext catalogues: read a ``.po`` source and write the binary ``.mo`` gettext loads.

Standard library only, so the build (setup.py, the PyInstaller spec) can use it before
anything is installed. Fuzzy and untranslated entries are left out, so gettext falls back
to the English text for them.
"""

from __future__ import annotations

import ast
import struct
from pathlib import Path

MAGIC = 0x950412DE


def parse_po(text: str) -> dict[str, str]:
    """msgid -> msgstr (plural forms joined by NUL, as the .mo format keeps them)."""
    catalogue: dict[str, str] = {}
    entry: dict[str, list[str]] = {}
    field = ""
    fuzzy = False

    def finish() -> None:
        nonlocal entry, fuzzy
        if "msgid" in entry:
            msgid = "".join(entry["msgid"])
            if "msgid_plural" in entry:
                msgid += "\0" + "".join(entry["msgid_plural"])
                forms = sorted(k for k in entry if k.startswith("msgstr["))
                msgstr = "\0".join("".join(entry[k]) for k in forms)
            else:
                msgstr = "".join(entry.get("msgstr", []))
            if msgstr.strip("\0") and (not fuzzy or msgid == ""):
                catalogue[msgid] = msgstr
        entry, fuzzy = {}, False

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            if not field:
                raise ValueError(f"line {number}: a string outside an entry")
            entry[field].append(_unquote(line, number))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgid" and any(k.startswith("msgstr") for k in entry):
            finish()
        if keyword not in ("msgctxt", "msgid", "msgid_plural", "msgstr") and not (
                keyword.startswith("msgstr[") and keyword.endswith("]")):
            raise ValueError(f"line {number}: unknown keyword {keyword!r}")
        field = keyword
        entry[field] = [_unquote(rest.strip(), number)]
    finish()
    return catalogue


def _unquote(text: str, number: int) -> str:
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise ValueError(f"line {number}: expected a quoted string")
    return ast.literal_eval(text)


def mo_bytes(catalogue: dict[str, str]) -> bytes:
    """The GNU .mo file for a catalogue (no hash table: gettext does not need one)."""
    keys = sorted(catalogue)
    ids = [k.encode("utf-8") for k in keys]
    strs = [catalogue[k].encode("utf-8") for k in keys]
    count = len(keys)
    originals_at = 7 * 4
    translations_at = originals_at + count * 8
    data_at = translations_at + count * 8
    offsets: list[tuple[int, int]] = []
    blob = b""
    for item in (*ids, *strs):
        offsets.append((len(item), data_at + len(blob)))
        blob += item + b"\0"
    header = struct.pack("<7I", MAGIC, 0, count, originals_at, translations_at, 0, data_at)
    tables = b"".join(struct.pack("<2I", length, at) for length, at in offsets)
    return header + tables + blob


def compile_file(po: Path, mo: Path) -> int:
    """Compile one .po file; returns the number of translated messages."""
    catalogue = parse_po(po.read_text(encoding="utf-8"))
    mo.parent.mkdir(parents=True, exist_ok=True)
    mo.write_bytes(mo_bytes(catalogue))
    return len([k for k in catalogue if k])


def compile_all(po_dir: Path, locale_dir: Path, domain: str = "hipcoach") -> list[Path]:
    """Every ``LANG.po`` in po_dir to ``locale_dir/LANG/LC_MESSAGES/DOMAIN.mo``."""
    written = []
    for po in sorted(po_dir.glob("*.po")):
        mo = locale_dir / po.stem / "LC_MESSAGES" / f"{domain}.mo"
        compile_file(po, mo)
        written.append(mo)
    return written
