"""Volume without a mixer: playsound3 cannot set a volume, so each cue is scaled once per
volume step into a cached copy, and the player plays the copy.

Steps run 0-10: 10 plays the original file, 0 plays nothing, each step below 10 is 3 dB
quieter (step 1 is -27 dB). Copies live under ``<cache dir>/v<step>/`` and carry a digest
of the original in their name, so regenerated assets never play a stale copy. A missing
or damaged sound file is reported once and that cue is skipped; a cache that cannot be
written is reported once and the original plays instead.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import sys
import threading
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hipcoach.audio.catalogue import Catalogue
from hipcoach.i18n import _

MAX_VOLUME = 10
STEP_DB = 3.0

ProblemCallback = Callable[[str], None]


class SoundFileError(Exception):
    """A sound file is missing, unreadable or not 16-bit PCM."""


def gain_for(volume: int) -> float:
    volume = clamp_volume(volume)
    if volume == 0:
        return 0.0
    return 10 ** (-(MAX_VOLUME - volume) * STEP_DB / 20)


def clamp_volume(volume: int) -> int:
    return max(0, min(MAX_VOLUME, int(volume)))


@dataclass(frozen=True, slots=True)
class Pcm:
    channels: int
    rate: int
    samples: array.array  # interleaved 16-bit samples, native byte order


def read_pcm16(path: Path) -> Pcm:
    """The samples of a 16-bit PCM WAV file (raises SoundFileError)."""
    try:
        with wave.open(str(path), "rb") as w:
            params = w.getparams()
            if params.sampwidth != 2:
                bits = 8 * params.sampwidth
                raise SoundFileError(_("{path}: expected 16-bit samples, got {bits}-bit").format(
                                         path=path, bits=bits))
            frames = w.readframes(params.nframes)
    except SoundFileError:
        raise
    except FileNotFoundError:
        raise SoundFileError(_("{path}: file not found").format(path=path)) from None
    except Exception as exc:  # wave raises wave.Error, EOFError, even RuntimeError
        reason = f" ({exc})" if str(exc) else ""
        raise SoundFileError(_("{path}: not a readable WAV file{reason}").format(
            path=path, reason=reason)) from None
    expected = params.nframes * params.nchannels * 2
    if params.nframes == 0 or len(frames) != expected:
        raise SoundFileError(_("{path}: the WAV file is empty or cut short").format(path=path))
    samples = array.array("h", frames)
    if sys.byteorder == "big":
        samples.byteswap()
    return Pcm(params.nchannels, params.framerate, samples)


def scale_samples(samples: array.array, gain: float) -> array.array:
    if 0.0 <= gain <= 1.0:  # cannot clip: the fast path (a few ms for the longest cue)
        return array.array("h", map(round, map(gain.__mul__, samples)))
    return array.array("h", (max(-32768, min(32767, round(s * gain))) for s in samples))


def write_pcm16(path: Path, pcm: Pcm) -> None:
    """Write atomically: a half-written copy must never be played."""
    from hipcoach.private_files import atomic_write, private_folder

    private_folder(path.parent)
    data = array.array("h", pcm.samples)
    if sys.byteorder == "big":
        data.byteswap()
    with atomic_write(path, binary=True) as out, wave.open(out, "wb") as w:
        w.setnchannels(pcm.channels)
        w.setsampwidth(2)
        w.setframerate(pcm.rate)
        w.writeframes(data.tobytes())


def scale_wav(src: Path, dst: Path, gain: float) -> None:
    """Write ``src`` scaled by ``gain`` to ``dst`` (raises SoundFileError, OSError)."""
    pcm = read_pcm16(src)
    write_pcm16(dst, Pcm(pcm.channels, pcm.rate, scale_samples(pcm.samples, gain)))


class ScaledSounds:
    """Cue name -> the file to play at the current volume (None: play nothing).

    Thread-safe: the player calls ``path`` from its worker thread while the UI changes
    the volume. Copies are made lazily on first use; ``prepare`` makes them up front.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        cache_dir: Path | None,
        volume: int = MAX_VOLUME,
        on_problem: ProblemCallback | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._volume = clamp_volume(volume)
        self.on_problem = on_problem
        self.problems: list[str] = []
        self._bad: set[str] = set()
        self._digests: dict[str, str] = {}
        self._cache_broken = False
        self._lock = threading.RLock()

    @property
    def volume(self) -> int:
        return self._volume

    def set_volume(self, volume: int) -> None:
        self._volume = clamp_volume(volume)

    def _report(self, message: str) -> None:
        self.problems.append(message)
        if self.on_problem is not None:
            with contextlib.suppress(Exception):  # a broken callback must not stop playback
                self.on_problem(message)

    def _check(self, cue: str) -> str | None:
        """Digest of the cue's original file, reading it once; None if it is unusable."""
        if cue in self._bad:
            return None
        if cue not in self._digests:
            src = self.catalogue.path(cue)
            try:
                read_pcm16(src)
                self._digests[cue] = hashlib.sha1(src.read_bytes()).hexdigest()[:12]
            except (SoundFileError, OSError) as exc:
                self._bad.add(cue)
                self._report(_("sound cue {cue!r} is skipped: {exc}").format(cue=cue, exc=exc))
                return None
        return self._digests[cue]

    def path(self, cue: str, volume: int | None = None) -> Path | None:
        volume = self._volume if volume is None else clamp_volume(volume)
        with self._lock:
            digest = self._check(cue)
            if digest is None or volume == 0:
                return None
            src = self.catalogue.path(cue)
            if volume == MAX_VOLUME or self.cache_dir is None or self._cache_broken:
                return src
            dst = self.cache_dir / f"v{volume:02d}" / f"{cue}-{digest}.wav"
            if dst.is_file():
                return dst
            try:
                scale_wav(src, dst, gain_for(volume))
            except SoundFileError as exc:
                self._bad.add(cue)
                self._report(_("sound cue {cue!r} is skipped: {exc}").format(cue=cue, exc=exc))
                return None
            except OSError as exc:
                self._cache_broken = True
                self._report(_("cannot write the sound cache in {cache_dir} ({exc}); cues play at full "
                               "volume").format(cache_dir=self.cache_dir, exc=exc))
                return src
            return dst

    def prepare(self, cues: list[str] | None = None, volume: int | None = None) -> None:
        """Check (and at this volume, scale) every cue now rather than on first use."""
        for cue in self.catalogue.names() if cues is None else cues:
            self.path(cue, volume)
