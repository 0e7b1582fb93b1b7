"""Translation chores.

Usage:
    python tools/i18n.py extract    write po/hipcoach.pot from every _("..."), N_("...")
                                    and ngettext("...", "...", n) in hipcoach/, and the
                                    words of the built-in programmes (assets/programs/*.toml,
                                    assets/exercises.toml: the fields the programme loader
                                    translates, hipcoach.program.texts.TRANSLATED_FIELDS)
    python tools/i18n.py check      list the marked strings a po/LANG.po does not translate
    python tools/i18n.py compile    po/LANG.po -> hipcoach/locale/LANG/LC_MESSAGES/hipcoach.mo
                                    (the build does this too; a checkout works without it)

Merge a new template into a translation with GNU gettext's
``msgmerge --update po/de.po po/hipcoach.pot``.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hipcoach.i18n_compile import compile_all, parse_po  # noqa: E402

PACKAGE = ROOT / "hipcoach"
PO_DIR = ROOT / "po"
MARKERS = {"_": 1, "N_": 1, "ngettext": 2}


def marked_strings(package: Path = PACKAGE) -> dict[str, list[str]]:
    """Each marked message (plurals joined by NUL) and where it is used."""
    found: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in MARKERS):
                continue
            count = MARKERS[node.func.id]
            args = node.args[:count]
            if len(args) < count or not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                             for a in args):
                continue
            message = "\0".join(a.value for a in args)
            found.setdefault(message, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def builtin_texts() -> dict[str, list[str]]:
    """The words of the built-in programmes and exercise catalogue (translated at load)."""
    import tomllib

    from hipcoach.program.texts import texts_in

    found: dict[str, list[str]] = {}
    files = [*sorted((ROOT / "assets" / "programs").glob("*.toml")), ROOT / "assets" / "exercises.toml"]
    for path in files:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
        for where, text in texts_in(document):
            found.setdefault(text, []).append(f"{path.relative_to(ROOT)}:{where}")
    from hipcoach.coach.assessments import RETEST_TOML  # the re-test, a built-in programme

    for where, text in texts_in(tomllib.loads(RETEST_TOML)):
        found.setdefault(text, []).append(f"hipcoach/coach/assessments.py:RETEST_TOML:{where}")
    return found


def all_messages() -> dict[str, list[str]]:
    """Marked strings in the code, then the built-in programme words."""
    found = marked_strings()
    for text, places in builtin_texts().items():
        found.setdefault(text, []).extend(places)
    return found


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def cmd_extract() -> int:
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    messages = all_messages()
    for message, places in messages.items():
        lines += [f"#: {' '.join(places)}"]
        if "\0" in message:
            singular, plural = message.split("\0")
            lines += [f"msgid {_quote(singular)}", f"msgid_plural {_quote(plural)}",
                      'msgstr[0] ""', 'msgstr[1] ""', ""]
        else:
            lines += [f"msgid {_quote(message)}", 'msgstr ""', ""]
    target = PO_DIR / "hipcoach.pot"
    target.write_text("\n".join(lines), encoding="utf-8")
    print(f"i18n: wrote {target.relative_to(ROOT)} ({len(messages)} messages)")
    return 0


def missing(language: str) -> list[str]:
    catalogue = parse_po((PO_DIR / f"{language}.po").read_text(encoding="utf-8"))
    return [m for m in all_messages() if m not in catalogue]


def cmd_check() -> int:
    status = 0
    for po in sorted(PO_DIR.glob("*.po")):
        gaps = missing(po.stem)
        for message in gaps:
            print(f"i18n: {po.name} does not translate {message!r}")
        status |= bool(gaps)
    return status


def cmd_compile() -> int:
    for mo in compile_all(PO_DIR, PACKAGE / "locale"):
        print(f"i18n: compiled {mo.relative_to(ROOT)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/i18n.py", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("extract", "check", "compile"))
    command = parser.parse_args(argv).command
    return {"extract": cmd_extract, "check": cmd_check, "compile": cmd_compile}[command]()


if __name__ == "__main__":
    raise SystemExit(main())
