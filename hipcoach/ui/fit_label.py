"""A label whose font is sized from its own rectangle, never the other way round.

The layout gives the label its space (its size policy ignores the text); the label then
picks the largest font, up to a cap, that fits the text in that space on at most a few
lines. Text that does not fit even at the smallest size is elided and the whole text goes
to the tooltip. Nothing the label shows can change the size of the window.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from hipcoach.i18n import N_, _

MIN_PX = 9  # below this nobody reads it anyway: elide instead
MAX_PX = 1200  # no font grows past this, whatever the window (a 4K full screen is ~700)
CACHE_SIZE = 4096  # remembered fits: a session shows the same few words again and again
_fits: dict[tuple[object, ...], int | None] = {}


def wrap(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    """Greedy word wrap of ``text`` to ``width`` pixels (kept line breaks stay)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if metrics.horizontalAdvance(paragraph) <= width:
            lines.append(paragraph)  # fits as written (its own spacing kept)
            continue
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if line and metrics.horizontalAdvance(trial) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def text_fits(metrics: QFontMetrics, rect: QRect, lines: list[str], align: Qt.AlignmentFlag) -> bool:
    """Whether these lines, drawn in ``rect`` with this font, stay inside it."""
    if not lines:
        return True
    drawn = metrics.boundingRect(rect, int(align), "\n".join(lines))
    widest = max(metrics.horizontalAdvance(line) for line in lines)
    return widest <= rect.width() and drawn.height() <= rect.height() and rect.contains(drawn)


# What a screen reader calls each label of the player (its object name stays English).
SPOKEN_NAMES = {
    "countdown": N_("countdown"), "cues": N_("cues"), "exercise": N_("exercise"),
    "hint": N_("hint"), "instruction": N_("instruction"), "keys": N_("keys"),
    "log_fields": N_("logged values"), "log_hint": N_("how to log"),
    "log_message": N_("log message"), "log_title": N_("set to log"),
    "next_up": N_("next up"), "notice": N_("notice"), "paused_hint": N_("paused hint"),
    "paused_title": N_("paused"), "rep_count": N_("rep count"), "set_no": N_("set number"),
    "side": N_("side"), "sound": N_("sound"), "status": N_("status"),
    "time_left": N_("time left"),
}


class FitLabel(QLabel):
    """``text()`` is the whole text; ``shown()`` is what is drawn (wrapped or elided).
    ``resized(pixels)`` is emitted when the font size it chose changes."""

    resized = Signal(int)

    def __init__(self, name: str, *, bold: bool = False, max_lines: int = 1,
                 align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
                 sample: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(_(SPOKEN_NAMES.get(name, name.replace("_", " "))))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setAlignment(align | Qt.AlignmentFlag.AlignVCenter
                          if not align & Qt.AlignmentFlag.AlignVertical_Mask else align)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(0, 0)
        self.bold = bold
        self.max_lines = max(1, max_lines)
        self.sample = sample  # size the font for this text (e.g. "88") so it does not jump
        self.cap = 48
        self._full = ""
        self._shown = ""
        self._fitted: tuple[object, ...] | None = None

    # What the layout sees: nothing about the text -------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(10, 10)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(0, 0)

    def heightForWidth(self, _width: int) -> int:  # noqa: N802 (Qt override)
        return -1

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return False

    # Text ------------------------------------------------------------------------------
    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        text = text or ""
        if text == self._full and self._fitted is not None:
            return
        self._full = text
        self._fit()

    def text(self) -> str:  # type: ignore[override]
        return self._full

    def shown(self) -> str:
        return self._shown

    def set_cap(self, pixels: float) -> None:
        cap = int(max(MIN_PX, min(MAX_PX, pixels)))
        if cap != self.cap:
            self.cap = cap
            self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit()

    def _font(self, px: int) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(px)
        font.setBold(self.bold)
        return font

    def _fit(self) -> None:
        rect = self.contentsRect()
        key = (self._full, rect.width(), rect.height(), self.cap, self.sample, self.max_lines)
        if key == self._fitted:
            return
        self._fitted = key
        rect = QRect(0, 0, max(0, rect.width() - 2), max(0, rect.height()))
        align = self.alignment()
        if not self._full.strip() or rect.width() <= 0 or rect.height() <= 0:
            self._show(self._full if rect.width() > 0 else "", self._font(MIN_PX), False)
            return
        sized = self.sample if self.sample and len(self._full) <= len(self.sample) else self._full
        best = self._best_px(sized, rect, align)
        if best is None:
            self._show(self._elided(rect, align), self._font(MIN_PX), True)
            return
        font = self._font(best)
        lines = wrap(self._full, QFontMetrics(font), rect.width())
        self._show("\n".join(lines), font, False)

    def _best_px(self, sized: str, rect: QRect, align: Qt.AlignmentFlag) -> int | None:
        """The largest pixel size (up to the cap) at which ``sized`` fits ``rect`` on at
        most ``max_lines`` lines; None if it does not fit even at the smallest."""
        key = (self.font().family(), self.bold, sized, rect.width(), rect.height(), self.cap,
               self.max_lines, int(align))
        if key in _fits:
            return _fits[key]

        def fits(px: int) -> bool:
            metrics = QFontMetrics(self._font(px))
            lines = wrap(sized, metrics, rect.width())
            return len(lines) <= self.max_lines and text_fits(metrics, rect, lines, align)

        low, high = MIN_PX, max(MIN_PX, min(self.cap, rect.height()))
        best: int | None = None
        if fits(low):
            while low < high:  # the largest size that fits
                mid = (low + high + 1) // 2
                if fits(mid):
                    low = mid
                else:
                    high = mid - 1
            best = low
        if len(_fits) >= CACHE_SIZE:
            _fits.clear()
        _fits[key] = best
        return best

    def _elided(self, rect: QRect, align: Qt.AlignmentFlag) -> str:
        metrics = QFontMetrics(self._font(MIN_PX))
        rows = max(1, min(self.max_lines, rect.height() // max(1, metrics.lineSpacing())))
        lines = wrap(self._full, metrics, rect.width())
        kept = lines[:rows]
        rest = " ".join(lines[rows - 1:])
        kept[-1] = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, rect.width())
        while len(kept) > 1 and not text_fits(metrics, rect, kept, align):
            kept.pop(0)
        return "\n".join(kept) if text_fits(metrics, rect, kept, align) else ""

    def _show(self, shown: str, font: QFont, elided: bool) -> None:
        if font != self.font():
            changed = font.pixelSize() != self.font().pixelSize()
            self.setFont(font)
            if changed:
                self.resized.emit(font.pixelSize())
        self._shown = shown
        self.setToolTip(self._full if elided else "")
        super().setText(shown)
        self.setAccessibleDescription(self._full)
