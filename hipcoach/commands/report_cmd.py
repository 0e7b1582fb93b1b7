"""``hipcoach report``: a session summary or a clinician report, written to PDF.

    hipcoach report --session last|ID --pdf FILE [--data-dir DIR] [--paper auto|A4|Letter]
    hipcoach report --from YYYY-MM-DD [--to YYYY-MM-DD] --pdf FILE [...]
    hipcoach report --from YYYY-MM-DD [--to YYYY-MM-DD] --json FILE|- [...]

``--json`` writes the clinician report's content as JSON (docs/report-json.md) instead of
the PDF; ``--pdf`` and ``--json`` together write both.

Runs without a display (Qt's offscreen platform). A long period shows its progress on
stderr. Bad input gives one line on stderr and exit status 1; nothing is half-written.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from hipcoach.cli_types import day
from hipcoach.commands.common import add_data_dir, data_dir, guarded
from hipcoach.i18n import _, ngettext
from hipcoach.report.paper import CHOICES
from hipcoach.store.errors import StoreError

PROGRESS_AFTER_DAYS = 91  # show progress for periods longer than thirteen weeks


LAST = "last"


def _session(text: str) -> int | str:
    if text.strip().lower() == LAST:
        return LAST  # not None: argparse would take None for "not given"
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected 'last' or a session number, got {text!r}").format(text=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(
            _("session numbers start at 1, got {value}").format(value=value))
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--session", type=_session, metavar="last|ID",
                      help=_("summarise one session: its number, or 'last' for the most recent"))
    what.add_argument("--from", dest="first_day", type=day, metavar="YYYY-MM-DD",
                      help=_("clinician report from this day"))
    parser.add_argument("--to", dest="last_day", type=day, metavar="YYYY-MM-DD",
                        help=_("last day of the clinician report (default today)"))
    parser.add_argument("--pdf", metavar="FILE", help=_("the PDF file to write"))
    parser.add_argument("--json", metavar="FILE", dest="json_file",
                        help=_("with --from: the report's content as JSON for a clinic's "
                               "records ('-' for standard output)"))
    parser.add_argument("--paper", choices=CHOICES, default=None,
                        help=_("paper size (default: the setting, where auto follows the "
                               "locale)"))
    add_data_dir(parser)


class _Progress:
    """"reading 52 weeks… 40%" on stderr: one updating line on a terminal, else a line
    per fifth of the way."""

    def __init__(self, weeks: int) -> None:
        self.weeks = weeks
        self.tty = sys.stderr.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // max(1, total)
        text = _("reading {weeks} weeks… {percent}%").format(weeks=self.weeks, percent=percent)
        if self.tty:
            print(f"\r{text}", end="\n" if done >= total else "", file=sys.stderr, flush=True)
        elif percent // 20 > self.shown:
            self.shown = percent // 20
            print(text, file=sys.stderr, flush=True)


def _check_output(path: Path) -> None:
    if path.is_dir():
        raise StoreError(_("cannot write {path}: it is a folder; give a file name ending in "
                           ".pdf").format(path=path))
    if not path.parent.is_dir():
        raise StoreError(_("cannot write {path}: the folder {folder} does not exist").format(
            path=path, folder=path.parent))


def _report(args: argparse.Namespace) -> int:
    from hipcoach.store import database_path

    if args.first_day is None and args.last_day is not None:
        raise StoreError(_("--to goes with --from (a clinician report needs both ends)"))
    if args.pdf is None and args.json_file is None:
        raise StoreError(_("say where to write the report: --pdf FILE (or --json FILE)"))
    if args.json_file is not None and args.first_day is None:
        raise StoreError(_("--json goes with --from (the clinician report)"))
    folder = data_dir(args)
    if not database_path(folder).exists():
        raise StoreError(_("there is no history in {folder} yet (no database); "
                           "record a session first, or pass --data-dir").format(folder=folder))
    to_stdout = args.pdf == "-"
    output = Path(args.pdf).expanduser() if args.pdf else None
    if output is not None and not to_stdout:
        _check_output(output)
    json_out = None if args.json_file in (None, "-") else Path(args.json_file).expanduser()
    if json_out is not None:
        _check_output(json_out)
    # The reports, the database and the settings once there is something to report.
    from hipcoach.report.documents import clinician_report, session_summary
    from hipcoach.settings import load as load_settings
    from hipcoach.store.engine import prepare_database

    settings = load_settings(folder).settings
    paper = args.paper or settings.paper

    with prepare_database(folder, full_check=False) as db:
        store = db.store()
        if args.first_day is None:
            from hipcoach.app.today import next_time_lines, today_plan

            def next_time(program_id: str) -> list[str] | None:
                plan = today_plan(store, folder, program_id, settings)
                return next_time_lines(plan, program_id)

            document = session_summary(store, None if args.session == LAST else args.session,
                                       next_time=next_time)
        else:
            last_day = args.last_day or date.today()
            if last_day < args.first_day:
                raise StoreError(_("the period ends ({last}) before it starts ({first})").format(
                    last=last_day.isoformat(), first=args.first_day.isoformat()))
            days = (last_day - args.first_day).days + 1
            progress = _Progress(-(-days // 7)) if days > PROGRESS_AFTER_DAYS else None
            document = clinician_report(store, args.first_day, last_day, data_dir=folder,
                                        settings=settings, progress=progress)

    if args.first_day is not None and document.sessions == 0:
        print(_("hipcoach report: note: no sessions were recorded in that period"),
              file=sys.stderr)
    if args.json_file is not None:
        _write_json(document.share or {}, json_out)
    if output is None:
        return 0
    from hipcoach.report.pdf import ensure_app, save_pdf

    ensure_app(headless=True)
    if to_stdout:
        return _to_stdout(document.html, paper)
    result = save_pdf(document.html, output, paper)
    pages = ngettext("{n} page", "{n} pages", result.pages).format(n=result.pages)
    print(_("wrote {path} ({pages}, {paper})").format(path=result.path, pages=pages,
                                                      paper=result.paper))
    return 0


def _to_stdout(html: str, paper: str) -> int:
    """``--pdf -``: the PDF on standard output, the summary line on standard error."""
    import tempfile

    from hipcoach.private_files import FOLDER_MODE
    from hipcoach.report.pdf import save_pdf

    with tempfile.TemporaryDirectory(prefix="hipcoach-") as folder:
        Path(folder).chmod(FOLDER_MODE)
        result = save_pdf(html, Path(folder) / "report.pdf", paper)
        sys.stdout.buffer.write(result.path.read_bytes())
        sys.stdout.buffer.flush()
    pages = ngettext("{n} page", "{n} pages", result.pages).format(n=result.pages)
    print(_("wrote the report to standard output ({pages}, {paper})").format(
        pages=pages, paper=result.paper), file=sys.stderr)
    return 0


def _write_json(share: dict, path: Path | None) -> None:
    """The share file, written whole and readable by the user only; ``None``: standard
    output."""
    import json

    from hipcoach.private_files import atomic_write

    text = json.dumps(share, ensure_ascii=False, indent=2) + "\n"
    if path is None:
        sys.stdout.write(text)
        return
    try:
        with atomic_write(path) as handle:
            handle.write(text)
    except OSError as exc:
        raise StoreError(_("cannot write {path}: {problem}").format(
            path=path, problem=exc.strerror or exc)) from None
    print(_("wrote {path} (JSON, {n} sessions)").format(path=path,
                                                        n=len(share.get("sessions", []))))


def run(args: argparse.Namespace) -> int:
    return guarded("report", _report, args)
