"""``hipcoach chart KIND --png FILE``: write a progress chart without opening a window.

    hipcoach chart volume --png volume.png [--range 4w|12w|1y|all] [--exercise ID]
                          [--svg FILE] [--group phase|exercise] [--target N]
                          [--size 1200x700] [--theme light|dark] [--data-dir DIR]

KIND is one of the window's tabs: volume, tut, load, pain, effort, adherence, symmetry,
retests (re-test results against their norm bands) and goals (function goals).
Works headless: with no display, Qt's offscreen platform is used. An empty history
still gives an image (it says that nothing is logged yet). Errors are one line on
stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import sys

from hipcoach.commands.common import add_data_dir, data_dir, guarded
from hipcoach.i18n import _
from hipcoach.store import database_path
from hipcoach.store.errors import StoreError

CLI_KINDS = ("volume", "tut", "load", "pain", "effort", "adherence", "symmetry", "retests",
             "goals")
KIND_OF = {"retests": "retest"}  # the command's plural name for the re-test chart
CLI_RANGES = ("4w", "12w", "1y", "all")
MAX_SIZE = 8000


class ChartError(StoreError):
    """A problem with the request, shown as one line."""


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected WIDTHxHEIGHT such as 1200x700, got {value!r}").format(value=text)) from None
    if not (200 <= width <= MAX_SIZE and 150 <= height <= MAX_SIZE):
        raise argparse.ArgumentTypeError(
            _("expected a size from 200x150 to {most}x{most}").format(most=MAX_SIZE))
    return width, height


def _target(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected a whole number, got {value!r}").format(value=text)) from None
    if not 1 <= value <= 14:
        raise argparse.ArgumentTypeError(_("expected 1 to 14 sessions a week"))
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=CLI_KINDS, metavar="KIND",
                        help=_("which chart: {kinds}").format(kinds=", ".join(CLI_KINDS)))
    parser.add_argument("--png", metavar="FILE", help=_("write the chart as a PNG image"))
    parser.add_argument("--svg", metavar="FILE", help=_("write the chart as an SVG drawing"))
    parser.add_argument("--range", choices=CLI_RANGES, default="12w", dest="range_key",
                        help=_("how far back: 4w, 12w (default), 1y or all"))
    parser.add_argument("--exercise", metavar="ID",
                        help=_("one exercise (its id) instead of all of them"))
    parser.add_argument("--group", choices=("phase", "exercise"), default="phase",
                        help=_("volume and tut: stack the bars by phase (default) or exercise"))
    parser.add_argument("--target", type=_target, default=3, metavar="N",
                        help=_("adherence: sessions a week you aim for (default 3)"))
    parser.add_argument("--size", type=_size, default=(1200, 700), metavar="WxH",
                        help=_("image size in pixels (default 1200x700)"))
    parser.add_argument("--theme", choices=("light", "dark"), default="light",
                        help=_("colour palette (default light)"))
    add_data_dir(parser)


def _chart(args: argparse.Namespace) -> int:
    if not args.png and not args.svg:
        raise ChartError(_("say where to write the chart: --png FILE (or --svg FILE)"))
    folder = data_dir(args)
    if not database_path(folder).exists():
        raise ChartError(_("there is no HipCoach database in {folder} yet").format(folder=folder))

    from hipcoach.charts.data import History, Options
    from hipcoach.store.engine import prepare_database
    from hipcoach.ui.charts.export import quiet_qt, write_chart
    from hipcoach.ui.theme import DARK, LIGHT

    with prepare_database(folder) as db:
        history = History.load(db.engine)
        known = {e.id for e in history.exercises}
        if args.exercise is not None and args.exercise not in known:
            listed = ", ".join(sorted(known)) or _("none yet")
            raise ChartError(_("no sets of exercise {exercise!r} are logged (logged "
                               "exercises: {listed})").format(exercise=args.exercise,
                                                              listed=listed))
        from hipcoach.settings import load as load_settings

        settings = load_settings(folder).settings
        options = Options(kind=KIND_OF.get(args.kind, args.kind), range_key=args.range_key,
                          exercise=args.exercise,
                          group=args.group, target=args.target,
                          pain_limits=(settings.pain_green_max, settings.pain_amber_max))
        colours = DARK if args.theme == "dark" else LIGHT
        with quiet_qt():
            for fmt, path in (("png", args.png), ("svg", args.svg)):
                if not path:
                    continue
                written = write_chart(db.engine, options, path, fmt=fmt, size=args.size,
                                      colours=colours, history=history)
                print(_("wrote {chart} to {file}").format(chart=written.chart.title,
                                                          file=written.path))
        if history.span is None:
            print("hipcoach chart: " + _("no sessions are logged yet, so the chart is empty"),
                  file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    return guarded("chart", _chart, args)
