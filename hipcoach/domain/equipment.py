"""What the user owns, and the load steps it allows.

A load step is at most 10% of the current load (NSCA: 2.5-10% per step) or the smallest
step the equipment allows, whichever is larger: a pair of 4 kg dumbbells cannot become
4.4 kg. Weights are either a list of the loads owned (``weights``) or any multiple of
``increment`` (adjustable dumbbells, plates). Bands step through the user's colours,
lightest first. No step ever leaves the store's limits or reaches 0 for a loaded
exercise: ``lighter`` returns None instead, and the coach regresses the variant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from hipcoach.domain.entries import BAND_ORDER, MAX_LOAD, Load
from hipcoach.format import number_text
from hipcoach.i18n import _

DEFAULT_BANDS = BAND_ORDER  # a user who says nothing owns the whole ladder
DEFAULT_INCREMENT: dict[str, float] = {"kg": 1.0, "lb": 2.5}
MAX_STEP_FRACTION = 0.10  # NSCA: 2.5-10% per load step


def parse_numbers(text: str) -> tuple[float, ...]:
    """``"2, 4, 6.5"`` -> (2.0, 4.0, 6.5); raises ValueError naming the bad item."""
    out: list[float] = []
    for item in text.replace(";", ",").split(","):
        item = item.strip()
        if not item:
            continue
        try:
            value = float(item)
        except ValueError:
            raise ValueError(_("{item!r} is not a number").format(item=item)) from None
        if not math.isfinite(value) or not 0 < value <= MAX_LOAD:
            raise ValueError(_("{item!r} must be above 0 and at most {MAX_LOAD:g}").format(
                                 item=item, MAX_LOAD=MAX_LOAD))
        out.append(value)
    return tuple(sorted(set(out)))


def parse_colours(text: str) -> tuple[str, ...]:
    """``"yellow, red, green"`` -> the colours in that order (lightest first)."""
    out: list[str] = []
    for item in text.replace(";", ",").split(","):
        item = item.strip().lower()
        if item and item not in out:
            out.append(item)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Equipment:
    unit: str = "kg"  # the unit of ``weights`` and ``increment``
    weights: tuple[float, ...] = ()  # loads owned; empty: any multiple of ``increment``
    increment: float = 1.0
    bands: tuple[str, ...] = DEFAULT_BANDS

    @classmethod
    def from_settings(cls, settings: Any) -> tuple[Equipment, list[str]]:
        """The user's equipment from ``Settings`` and any problem with it (in words).

        A list that does not parse, or is empty, falls back to the default with a problem
        named, so the coach can say so; it never raises.
        """
        problems: list[str] = []
        unit = getattr(settings, "units", "kg")
        unit = unit if unit in DEFAULT_INCREMENT else "kg"
        weights: tuple[float, ...] = ()
        try:
            weights = parse_numbers(str(getattr(settings, "weights_owned", "") or ""))
        except ValueError as exc:
            problems.append(_("the weights you own could not be read ({exc}); using the "
                              "increment instead").format(exc=exc))
        increment = float(getattr(settings, "weight_increment", 0) or DEFAULT_INCREMENT[unit])
        raw_bands = getattr(settings, "band_colours", None)
        bands = DEFAULT_BANDS if raw_bands is None else parse_colours(str(raw_bands))
        if not bands:
            problems.append(_("no band colours listed in Settings: bands stay as they are"))
        return cls(unit, weights, increment, bands), problems

    def _grid(self, unit: str) -> tuple[tuple[float, ...], float]:
        if unit == self.unit:
            return self.weights, self.increment
        return (), DEFAULT_INCREMENT.get(unit, 1.0)

    def _band(self, load: Load, direction: int) -> Load | None:
        """The next band of the user's list in ``direction`` (None past either end or for
        a colour not in the list)."""
        if load.colour not in self.bands:
            return None
        i = self.bands.index(load.colour) + direction
        return Load("band", colour=self.bands[i]) if 0 <= i < len(self.bands) else None

    def heavier(self, load: Load, *, up_to_fraction: bool = False) -> Load | None:
        """One step heavier: the next weight owned, one increment, or the next band.

        ``up_to_fraction``: take as many increments as stay within 10% of the load
        (never less than one). None when nothing heavier is owned or the limit is hit.
        """
        if load.unit == "band":
            return self._band(load, +1)
        if load.unit not in DEFAULT_INCREMENT or load.value is None:
            return None
        value = load.value
        weights, increment = self._grid(load.unit)
        if weights:
            above = [w for w in weights if w > value + 1e-9]
            if not above:
                return None
            nxt = above[0]
            if up_to_fraction:
                fits = [w for w in above if w - value <= MAX_STEP_FRACTION * value + 1e-9]
                nxt = fits[-1] if fits else nxt
        else:
            base = math.floor(value / increment + 1e-9) * increment
            nxt = base + increment
            if up_to_fraction:
                while (nxt + increment - value <= MAX_STEP_FRACTION * value + 1e-9
                       and nxt + increment <= MAX_LOAD):
                    nxt += increment
        nxt = round(nxt, 2)
        if nxt > MAX_LOAD or nxt <= value:
            return None
        return Load(load.unit, value=nxt)  # type: ignore[arg-type]

    def lighter(self, load: Load) -> Load | None:
        """One step lighter; None below the lightest owned weight, at 0 or the first band."""
        if load.unit == "band":
            return self._band(load, -1)
        if load.unit not in DEFAULT_INCREMENT or load.value is None:
            return None
        value = load.value
        weights, increment = self._grid(load.unit)
        if weights:
            below = [w for w in weights if w < value - 1e-9]
            nxt = below[-1] if below else 0.0
        else:
            nxt = math.ceil(value / increment - 1e-9) * increment - increment
        nxt = round(min(nxt, MAX_LOAD), 2)
        if nxt <= 0:
            return None
        return Load(load.unit, value=nxt)  # type: ignore[arg-type]

    def step_fraction(self, load: Load) -> float | None:
        """The smallest step up as a fraction of the load (None: no step or not a weight)."""
        if load.unit not in DEFAULT_INCREMENT or not load.value:
            return None
        up = self.heavier(load)
        if up is None or up.value is None:
            return None
        return (up.value - load.value) / load.value


def within_limits(load: Load) -> bool:
    """A weight the store can keep (0 < value <= MAX_LOAD); bands and body weight pass."""
    if load.unit in DEFAULT_INCREMENT:
        return load.value is not None and 0 < load.value <= MAX_LOAD
    return True


def summary(equipment: Equipment) -> str:
    if equipment.weights:
        owned = ", ".join(number_text(w) for w in equipment.weights)
        text = _("weights {owned} {unit}").format(owned=owned, unit=equipment.unit)
    else:
        text = _("weights in steps of {step} {unit}").format(
            step=number_text(equipment.increment), unit=equipment.unit)
    return _("{weights}; bands {bands}").format(weights=text, bands=", ".join(equipment.bands))
