"""``hipcoach sound-check [CUE]``: play one cue through the real audio path and say which
program played it. Exit 0 when it played; 1 with one clear line (and what to install)
when it could not, or when the cue name is unknown.
"""

from __future__ import annotations

import argparse
import sys

from hipcoach.audio.catalogue import DEFAULT_CUE, Catalogue
from hipcoach.audio.player import (
    LINUX_PLAYER_PACKAGES,
    NO_BACKEND_MESSAGE,
    Playsound3Player,
    available_backends,
    backend_label,
    detect_backend,
)
from hipcoach.audio.volume import ScaledSounds
from hipcoach.i18n import _

EXTRA_WAIT_S = 10.0  # a player may take this long to start (gst-play, ffplay)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cue", nargs="?", default=DEFAULT_CUE,
                        help=_("the cue to play (default: {DEFAULT_CUE}); --list shows them all").format(
                                 DEFAULT_CUE=DEFAULT_CUE))
    parser.add_argument("--list", action="store_true", help=_("list the cue names and exit"))
    parser.add_argument("--backend", metavar="NAME",
                        help=_("playsound3 backend to use (alsa, gstreamer, ffplay, ...)"))


def _err(message: str) -> None:
    print(f"hipcoach sound-check: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    catalogue = Catalogue()
    names = catalogue.names()
    if args.list:
        print("\n".join(names))
        return 0
    if args.cue not in names:
        _err(f"unknown cue {args.cue!r}; valid cues: {', '.join(names)}")
        return 1
    problems: list[str] = []
    sounds = ScaledSounds(catalogue, None, on_problem=problems.append)
    path = sounds.path(args.cue)
    if path is None:
        _err(problems[0] if problems else f"cue {args.cue!r} has no sound file")
        return 1
    backend = detect_backend(args.backend)
    if backend is None:
        if args.backend:
            found = ", ".join(available_backends()) or "none"
            _err(f"backend {args.backend!r} is not available here (available: {found})")
        else:
            _err(NO_BACKEND_MESSAGE)
        return 1
    player = Playsound3Player(sounds.path, backend=backend, on_problem=problems.append,
                              hint="")
    try:
        player.play(args.cue)
        done = player.wait_idle(catalogue.duration(args.cue) + EXTRA_WAIT_S)
    finally:
        player.close()
    label = backend_label(backend)
    if problems:
        _err(problems[0])
        _err("check the sound device (aplay -l), or try another player: "
             + ", ".join(LINUX_PLAYER_PACKAGES))
        return 1
    if not done:
        _err(_("{label} did not finish playing {cue!r} in time").format(label=label, cue=args.cue))
        return 1
    print(_("played {cue!r} ({seconds:.2f} s, {path}) with {label} (playsound3 backend "
            "{backend!r})").format(cue=args.cue, seconds=catalogue.duration(args.cue), path=path,
                                   label=label, backend=backend))
    return 0
