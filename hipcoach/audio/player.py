"""Cue players: the CuePlayer protocol, the playsound3 backend, a silent one and a
recording one for tests.

Every player follows the same rules (``Rules``):

* a spoken cue is never cut off by a tone: a tone that arrives while speech is playing
  is dropped;
* otherwise a newer cue of equal or higher priority stops the one playing (it is stale);
  a lower-priority cue is dropped;
* ``follow=True`` queues a cue to start the moment the current one ends (the rep count,
  then the phase word); there is only one such slot and the newest follow-up wins, so
  cues never pile up: at most one playing and one waiting;
* a player that fails (no audio program, or one that exits with an error) reports it
  once, through ``problem`` and the ``on_problem`` callback, and then stays silent for
  the rest of its life: the session goes on without sound.

``Playsound3Player.play`` never blocks: starting a process (fork + exec) happens on one
worker thread that takes the newest request. ``on_problem`` is called from that thread;
in a Qt app, hand the message to the GUI thread (emit a signal).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from hipcoach.audio.catalogue import PRIORITY_STEP, is_voice
from hipcoach.i18n import N_, _

ProblemCallback = Callable[[str], None]
Clock = Callable[[], float]
Resolver = Callable[[str], "Path | None"]

# playsound3 backend name -> the program or API that actually plays the sound
BACKEND_LABELS: dict[str, str] = {
    "alsa": "aplay",
    "gstreamer": "gst-play-1.0",
    "ffplay": "ffplay",
    "afplay": "afplay",
    "appkit": "AppKit",
    "wmplayer": "Windows Media Player",
    "winmm": "winmm",
}
LINUX_PLAYER_PACKAGES = (
    "gstreamer1.0-plugins-base-apps (gst-play-1.0)",
    "alsa-utils (aplay)",
    "ffmpeg (ffplay)",
)
SESSION_HINT = N_("; sound cues are off until HipCoach restarts (test with: hipcoach sound-check)")
NO_BACKEND_MESSAGE = (
    "no audio player found, so cues are silent; on Debian or Ubuntu install one of: "
    + ", ".join(LINUX_PLAYER_PACKAGES)
)


class CuePlayer(Protocol):
    """What the director needs from a player. ``problem`` is None until a failure."""

    problem: str | None

    def play(self, cue: str, priority: int = PRIORITY_STEP, follow: bool = False) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


# -- the rules ---------------------------------------------------------------------------
@dataclass(slots=True)
class Playing:
    cue: str
    priority: int
    voice: bool
    handle: Any
    halted: bool = False


Decision = Literal["start", "queue", "drop"]


class Rules:
    """What happens to a new cue, given what is playing. Holds the current cue and the
    one follow-up slot; the player settles finished cues before asking."""

    def __init__(self, voice: Callable[[str], bool] = is_voice) -> None:
        self.is_voice = voice
        self.current: Playing | None = None
        self.follow: tuple[str, int] | None = None

    def decide(self, cue: str, priority: int, follow: bool = False) -> Decision:
        current = self.current
        if current is None:
            return "start"
        if follow:
            return "queue"
        if current.voice and not self.is_voice(cue):
            return "drop"
        return "start" if priority >= current.priority else "drop"


class RulePlayer:
    """The rules applied over a backend's handles. Subclasses provide ``_launch``,
    ``_alive`` and ``_halt`` (and may look at cues that ended by themselves in
    ``_finished``). Not thread-safe: one thread drives it."""

    def __init__(self, on_problem: ProblemCallback | None = None,
                 voice: Callable[[str], bool] = is_voice) -> None:
        self.rules = Rules(voice)
        self.on_problem = on_problem
        self.problem: str | None = None

    # backend hooks -----------------------------------------------------------------
    def _launch(self, cue: str, at: float | None) -> Any:
        raise NotImplementedError

    def _alive(self, handle: Any) -> bool:
        raise NotImplementedError

    def _halt(self, playing: Playing) -> None:
        raise NotImplementedError

    def _end_time(self, handle: Any) -> float | None:
        return None

    def _finished(self, playing: Playing) -> None:
        """A cue ended by itself (not halted)."""

    def _dropped(self, cue: str, at: float | None) -> None:
        """A cue was not played because of the rules."""

    def _now(self) -> float | None:
        return None

    # the rules ---------------------------------------------------------------------
    @property
    def dead(self) -> bool:
        return self.problem is not None

    def _fail(self, message: str) -> None:
        if self.problem is not None:
            return
        self.problem = message
        self._halt_current()
        self.rules.follow = None
        if self.on_problem is not None:
            try:
                self.on_problem(message)
            except Exception:  # a broken callback must not take the session down
                logging.getLogger(__name__).exception("on_problem callback failed")

    def _halt_current(self) -> None:
        current = self.rules.current
        self.rules.current = None
        if current is not None:
            current.halted = True
            with contextlib.suppress(Exception):  # the process may already be gone
                self._halt(current)

    def _start(self, cue: str, priority: int, at: float | None) -> None:
        handle = self._launch(cue, at)
        if handle is not None and not self.dead:
            self.rules.current = Playing(cue, priority, self.rules.is_voice(cue), handle)

    def _settle(self) -> None:
        """Retire finished cues and start the follow-up when its turn has come."""
        current = self.rules.current
        while current is not None and not self._alive(current.handle):
            self.rules.current = None
            self._finished(current)
            follow, self.rules.follow = self.rules.follow, None
            if follow is not None and not self.dead:
                self._start(*follow, at=self._end_time(current.handle))
            current = self.rules.current

    def _offer(self, cue: str, priority: int, follow: bool) -> None:
        if self.dead:
            return
        self._settle()
        decision = self.rules.decide(cue, priority, follow)
        if decision == "drop":
            self._dropped(cue, self._now())
        elif decision == "queue":
            self.rules.follow = (cue, priority)
        else:
            if not follow:
                self.rules.follow = None
            self._halt_current()
            self._start(cue, priority, self._now())

    def _stop_all(self) -> None:
        self.rules.follow = None
        self._halt_current()


# -- silent and recording players ------------------------------------------------------
class NullPlayer:
    """Plays nothing (sound off, or no audio at all)."""

    problem: str | None = None

    def play(self, cue: str, priority: int = PRIORITY_STEP, follow: bool = False) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


class RecordingPlayer(RulePlayer):
    """Applies the rules against an injected clock and records what would be heard.

    ``durations`` gives each cue's length in seconds (a mapping, a function such as
    ``Catalogue.duration``, or None for instant cues). ``played`` holds (time, cue) for
    every cue that started, a follow-up at the exact moment its predecessor ended;
    ``dropped`` and ``stopped`` hold the cues the rules refused or cut short.
    """

    def __init__(
        self,
        clock: Clock,
        durations: Mapping[str, float] | Callable[[str], float] | None = None,
        on_problem: ProblemCallback | None = None,
        voice: Callable[[str], bool] = is_voice,
    ) -> None:
        super().__init__(on_problem, voice)
        self.clock = clock
        if durations is None:
            self._duration: Callable[[str], float] = lambda cue: 0.0
        elif callable(durations):
            self._duration = durations
        else:
            table = dict(durations)
            self._duration = lambda cue: table.get(cue, 0.0)
        self.played: list[tuple[float, str]] = []
        self.dropped: list[tuple[float, str]] = []
        self.stopped: list[tuple[float, str]] = []
        self.closed = False

    @property
    def cues(self) -> list[str]:
        return [cue for _, cue in self.played]

    def _now(self) -> float:
        return self.clock()

    def _launch(self, cue: str, at: float | None) -> float:
        start = self.clock() if at is None else at
        self.played.append((start, cue))
        return start + self._duration(cue)  # the handle is the moment it ends

    def _alive(self, handle: float) -> bool:
        return handle > self.clock()

    def _end_time(self, handle: float) -> float:
        return handle

    def _halt(self, playing: Playing) -> None:
        if playing.handle > self.clock():
            self.stopped.append((self.clock(), playing.cue))

    def _dropped(self, cue: str, at: float | None) -> None:
        self.dropped.append((self.clock() if at is None else at, cue))

    def play(self, cue: str, priority: int = PRIORITY_STEP, follow: bool = False) -> None:
        if not self.closed:
            self._offer(cue, priority, follow)

    def advance(self) -> None:
        """Let the clock's time pass: start follow-ups whose turn has come."""
        self._settle()

    def stop(self) -> None:
        self._settle()
        self._stop_all()

    def close(self) -> None:
        self.stop()
        self.closed = True

    def fail(self, message: str) -> None:
        """Simulate a backend failure (tests)."""
        self._fail(message)


# -- playsound3 --------------------------------------------------------------------------
def _playsound3() -> Any:
    # playsound3 logs a warning at import when it finds no backend; we say it better.
    logging.getLogger("playsound3").setLevel(logging.ERROR)
    import playsound3

    return playsound3


def available_backends() -> list[str]:
    """playsound3 backends that can play WAV files here, in playsound3's order.

    playsound3 only counts its "alsa" backend when both aplay and mpg123 are installed;
    WAV files need aplay alone, so aplay is enough here.
    """
    try:
        names = list(_playsound3().AVAILABLE_BACKENDS)
    except Exception:  # its import probes programs; a broken one must not stop us
        names = []
    if "alsa" not in names and sys.platform.startswith("linux") and shutil.which("aplay"):
        names.append("alsa")
    return names


def detect_backend(preferred: str | None = None) -> str | None:
    """The backend to use: ``preferred`` (or $PLAYSOUND3_BACKEND) if it is available;
    else aplay on Linux (it starts in milliseconds, gst-play and ffplay take far longer);
    else playsound3's own first choice. None when nothing can play."""
    preferred = preferred or os.environ.get("PLAYSOUND3_BACKEND") or None
    available = available_backends()
    if preferred:
        return preferred if preferred in available else None
    if "alsa" in available:
        return "alsa"
    return available[0] if available else None


def backend_label(name: str | None) -> str:
    return BACKEND_LABELS.get(name or "", name or "none")


class SoundLike(Protocol):
    """What playsound3's ``playsound(..., block=False)`` returns."""

    def is_alive(self) -> bool: ...

    def stop(self) -> None: ...


Spawn = Callable[[Path, str], SoundLike]


_fast_backends: dict[str, Any] = {}


def _fast_backend(name: str) -> Any:
    """playsound3's backend object for ``name``, starting its player without preexec_fn.

    playsound3 starts players with a ``preexec_fn`` (so the child dies with us); that
    forces a full fork of this large GUI process, about 10 ms per cue. Without it
    CPython starts the player with vfork, in well under a millisecond. Our cues last a
    second or two, so a player outliving a crashed app costs nothing. For aplay, a spare
    process is started ahead and handed each cue (``spare_aplay``): its start-up no
    longer falls between a step's deadline and the first sample.
    """
    if name in _fast_backends:
        return _fast_backends[name]
    _playsound3()
    module = importlib.import_module("playsound3.playsound3")
    commands = {
        "alsa": ["aplay", "--quiet"],
        "gstreamer": ["gst-play-1.0", "--no-interactive", "--quiet"],
        "ffplay": ["ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet"],
    }
    if name not in commands or not hasattr(module, "SoundBackend"):
        _fast_backends[name] = name
        return name

    spare = None
    if name == "alsa":  # aplay is started ahead and handed each cue (spare_aplay)
        from hipcoach.audio.spare_aplay import SpareAplay

        spare = SpareAplay()

    class FastBackend(module.SoundBackend):  # type: ignore[misc, name-defined]
        def check(self) -> bool:
            return shutil.which(commands[name][0]) is not None

        def play(self, sound: str) -> subprocess.Popen[bytes]:
            if spare is not None:
                return spare.play(sound)
            return subprocess.Popen([*commands[name], sound], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    backend = FastBackend()
    backend.spare = spare
    _fast_backends[name] = backend
    return backend


def _playsound3_spawn(path: Path, backend: str) -> SoundLike:
    return _playsound3().playsound(path, block=False, backend=_fast_backend(backend))


def _exit_status(sound: SoundLike) -> int | None:
    process = getattr(sound, "subprocess", None)
    if process is None:
        return None
    try:
        return process.poll()
    except Exception:
        return None


class Playsound3Player(RulePlayer):
    """Plays cue files through playsound3, one at a time, without blocking the caller.

    ``resolve(cue)`` gives the file to play (``ScaledSounds.path`` for volume control) or
    None to skip the cue. ``backend`` is a playsound3 backend name; None picks one with
    ``detect_backend`` (on the worker thread, since playsound3 probes programs when it is
    imported). ``spawn`` replaces ``playsound3.playsound`` in tests. With
    ``threaded=False`` every call is handled inline (tests; ``pump`` settles).
    """

    def __init__(
        self,
        resolve: Resolver,
        *,
        backend: str | None = None,
        on_problem: ProblemCallback | None = None,
        voice: Callable[[str], bool] = is_voice,
        spawn: Spawn | None = None,
        threaded: bool = True,
        poll_s: float = 0.02,
        hint: str = SESSION_HINT,
    ) -> None:
        super().__init__(on_problem, voice)
        self.hint = _(hint) if hint else ""  # in the language of the session
        self.resolve = resolve
        self.backend = backend if backend is not None or spawn is None else "custom"
        self._spawn = spawn or _playsound3_spawn
        self._own_backend = spawn is None  # playsound3 through our backends (not a test's)
        self.poll_s = poll_s
        self.threaded = threaded
        self._cv = threading.Condition()
        self._primary: tuple[str, int] | None = None
        self._follow_req: tuple[str, int] | None = None
        self._stop_req = False
        self._closing = False
        self._idle = True
        self._ready = threading.Event()
        self._sync_lock = threading.RLock()
        self._thread: threading.Thread | None = None
        if threaded:
            self._thread = threading.Thread(target=self._run, name="hipcoach-cues", daemon=True)
            self._thread.start()
        else:
            self._init_backend()

    @property
    def backend_label(self) -> str:
        return backend_label(self.backend)

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until the backend has been chosen (or found missing)."""
        return self._ready.wait(timeout)

    # the caller's side: never blocks --------------------------------------------------
    def play(self, cue: str, priority: int = PRIORITY_STEP, follow: bool = False) -> None:
        if self.dead:
            return
        if not self.threaded:
            with self._sync_lock:
                self._offer(cue, priority, follow)
            return
        with self._cv:
            if self._closing:
                return
            if follow:
                self._follow_req = (cue, priority)
            else:
                self._primary = (cue, priority)
                self._follow_req = None  # it belonged to an older cue
            self._idle = False
            self._cv.notify_all()

    def stop(self) -> None:
        if not self.threaded:
            with self._sync_lock:
                self._stop_all()
            return
        with self._cv:
            self._primary = self._follow_req = None
            self._stop_req = True
            self._cv.notify_all()

    def close(self) -> None:
        if not self.threaded:
            with self._sync_lock:
                self._stop_all()
                self._release_spare()
            return
        with self._cv:
            self._closing = True
            self._primary = self._follow_req = None
            self._cv.notify_all()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)

    def pump(self) -> None:
        """Settle finished cues now (the worker does this by itself)."""
        if not self.threaded:
            with self._sync_lock:
                self._settle()

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing plays or waits (sound-check and tests only)."""
        deadline = time.monotonic() + timeout
        if not self.threaded:
            while True:
                self.pump()
                if self.rules.current is None and self.rules.follow is None:
                    return True
                if time.monotonic() >= deadline:
                    return False
                time.sleep(self.poll_s)
        with self._cv:
            while not self._idle:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cv.wait(left)
            return True

    # the worker's side ----------------------------------------------------------------
    def _spare(self) -> Any:
        """The backend's spare player (see spare_aplay), if it has one."""
        backend = _fast_backends.get(self.backend or "") if self._own_backend else None
        return getattr(backend, "spare", None)

    def _tend_spare(self) -> float | None:
        """Start the next spare player or stop an idle one, when due; the seconds until
        that is due again (None: nothing to do until a cue plays)."""
        spare = self._spare()
        if spare is None:
            return None
        if self.dead:  # no more cues: no spare either
            spare.close()
            return None
        try:
            return spare.tend()
        except Exception:  # the next cue starts its own player (and reports a failure)
            logging.getLogger(__name__).warning("could not start a spare player", exc_info=True)
            return None

    def _release_spare(self) -> None:
        spare = self._spare()
        if spare is not None:
            spare.close()

    def _init_backend(self) -> None:
        try:
            if self.backend is None:
                self.backend = detect_backend()
                if self.backend is None:
                    self._fail(NO_BACKEND_MESSAGE)
        finally:
            self._ready.set()

    def _run(self) -> None:
        self._init_backend()
        while True:
            tend_in = self._tend_spare()
            with self._cv:
                if not (self._stop_req or self._primary or self._follow_req or self._closing):
                    if self.rules.current is None:
                        self._idle = True
                        self._cv.notify_all()
                        self._cv.wait(tend_in)  # None: until a request comes
                    else:  # look at the playing cue again soon
                        self._cv.wait(self.poll_s if tend_in is None else min(self.poll_s, tend_in))
                stop, self._stop_req = self._stop_req, False
                primary, self._primary = self._primary, None
                follow, self._follow_req = self._follow_req, None
                closing = self._closing
            try:
                if closing:
                    self._stop_all()
                    self._release_spare()
                    with self._cv:
                        self._idle = True
                        self._cv.notify_all()
                    return
                if stop:
                    self._stop_all()
                if primary is not None:
                    self._offer(*primary, follow=False)
                if follow is not None:
                    self._offer(*follow, follow=True)
                self._settle()
            except Exception as exc:  # never let the worker die silently
                self._fail(_("sound cues stopped after an internal error: {exc!r}").format(exc=exc))

    def _launch(self, cue: str, at: float | None) -> SoundLike | None:
        if self.dead or self.backend is None:
            return None
        path = self.resolve(cue)
        if path is None:
            return None
        try:
            return self._spawn(path, self.backend)
        except Exception as exc:
            self._fail(_("the audio player {backend_label} could not start ({exc})").format(
                           backend_label=self.backend_label, exc=exc)
                       + self.hint)
            return None

    def _alive(self, handle: SoundLike) -> bool:
        try:
            return bool(handle.is_alive())
        except Exception:
            return False

    def _halt(self, playing: Playing) -> None:
        playing.handle.stop()

    def _finished(self, playing: Playing) -> None:
        if playing.halted:
            return
        status = _exit_status(playing.handle)
        if status:
            self._fail(_("the audio player {backend_label} failed (exit status {status}) "
                         "playing {cue!r}").format(backend_label=self.backend_label,
                                                   status=status, cue=playing.cue) + self.hint)
