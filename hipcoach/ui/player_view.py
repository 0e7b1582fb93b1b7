"""The big-screen player: readable from three metres, driven by player events.

The view never decides timing. It shows the player's state when an event arrives and
redraws the progress bars from the clock while a step runs; fonts scale with the window
height so the instruction stays huge in any window size.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hipcoach.session.clock import SessionClock
from hipcoach.session.describe import (
    countdown_digits,
    headline,
    next_text,
    position_text,
    wait_hint,
)
from hipcoach.session.format import clock_text
from hipcoach.session.player import Event, Player
from hipcoach.ui.bar import Bar
from hipcoach.ui.log_panel import LogPanel
from hipcoach.ui.theme import LIGHT, Colours, step_colour

FLASH_MS = 140  # the full-window flash on each cue, for noisy rooms
FRAME_MS = 33  # progress-bar redraws while a step runs (display only, not timing)
KEY_HINTS = (
    "Space pause  ·  ← → back / skip  ·  R +15 s rest  ·  Enter ready  ·  "
    "M mute  ·  + − volume  ·  F full screen  ·  Esc end  ·  ? keys"
)


CONTROLS = (
    ("back", "◀ Back", "go back a step (Left)"),
    ("pause", "Pause", "pause or carry on (Space)"),
    ("skip", "Skip ▶", "skip ahead a step (Right)"),
    ("extend", "+15 s", "add 15 seconds to this rest (R)"),
    ("ready", "I'm ready", "start when you are set up (Enter)"),
    ("end", "End", "end the session (Esc)"),
)


def _label(name: str, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setAlignment(align)
    label.setWordWrap(True)
    label.setAccessibleName(name.replace("_", " "))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class PlayerView(QWidget):
    """Shows one running session. Emits ``shown(event)`` after it has drawn a transition,
    and ``command(name)`` when one of its buttons is clicked (the window carries it out,
    exactly as for the matching key)."""

    shown = Signal(object)
    command = Signal(str)

    def __init__(self, clock: SessionClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("player_view")
        self.clock = clock
        self.player: Player | None = None
        self.colours: Colours = LIGHT
        self.text_scale = 1.0

        self.headline = _label("exercise")
        self.position = _label("position")
        self.instruction = _label("instruction")
        self.digits = _label("countdown")
        self.instruction.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.hint = _label("hint")
        self.step_bar = Bar("step_progress", "progress of this step")
        self.cues = _label("cues")
        self.next_up = _label("next_up")
        self.session_bar = Bar("session_progress", "progress of the session")
        self.time_left = _label("time_left", Qt.AlignmentFlag.AlignRight)
        self.status = _label("status", Qt.AlignmentFlag.AlignLeft)
        self.keys = _label("keys")
        self.sound = _label("sound", Qt.AlignmentFlag.AlignLeft)
        self.notice = _label("notice")
        self.notice.setVisible(False)
        self.buttons: dict[str, QPushButton] = {}
        controls = QHBoxLayout()
        for name, text, tip in CONTROLS:
            button = QPushButton(text)
            button.setObjectName(f"button_{name}")
            button.setAccessibleName(tip)
            button.setToolTip(tip)
            # Keys belong to the window: a focused button must not swallow Space or Enter.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, n=name: self.command.emit(n))
            controls.addWidget(button)
            self.buttons[name] = button

        self.panel = QFrame()
        self.panel.setObjectName("panel")
        self.panel.setAutoFillBackground(True)
        self._panel_colours: tuple[str, str] | None = None
        centre = QHBoxLayout()
        centre.addWidget(self.instruction, 3)
        centre.addWidget(self.digits, 2)
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.addWidget(self.headline)
        panel_layout.addWidget(self.position)
        panel_layout.addLayout(centre, 1)
        panel_layout.addWidget(self.hint)
        panel_layout.addWidget(self.step_bar)

        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.sound, 2)
        footer.addWidget(self.time_left, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.panel, 1)
        self.log_panel = LogPanel()
        layout.addWidget(self.log_panel)
        layout.addWidget(self.cues)
        layout.addWidget(self.next_up)
        layout.addWidget(self.session_bar)
        layout.addLayout(footer)
        layout.addLayout(controls)
        layout.addWidget(self.keys)
        self.keys.setText(KEY_HINTS)

        self._flash = QWidget(self)
        self._flash.setObjectName("flash")
        self._flash.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._flash.setAutoFillBackground(True)
        self._flash.hide()
        self._flash_off = QTimer(self)
        self._flash_off.setSingleShot(True)
        self._flash_off.setInterval(FLASH_MS)
        self._flash_off.timeout.connect(self._flash.hide)

        self._frame = QTimer(self)
        self._frame.setInterval(FRAME_MS)
        self._frame.timeout.connect(self.refresh)
        self._apply_fonts()

    # Wiring ---------------------------------------------------------------------------
    def attach(self, player: Player) -> None:
        self.player = player
        player.subscribe(self.on_event)
        self.show_state()

    def set_colours(self, colours: Colours) -> None:
        self.colours = colours
        self.show_state()

    def set_text_scale(self, scale: float) -> None:
        self.text_scale = scale
        self._apply_fonts()

    def on_event(self, event: Event) -> None:
        if event.kind == "second":
            self.digits.setText(str(event.value))
            self.refresh()
        elif event.kind == "halfway":
            return
        else:
            self.show_state()
        self.shown.emit(event)

    # Drawing --------------------------------------------------------------------------
    def show_state(self) -> None:
        player = self.player
        if player is None:
            return
        step = player.step
        if step is None:
            self._frame.stop()
            return
        timeline = player.timeline
        exercise = timeline.exercises[step.exercise]
        self.headline.setText(headline(step, timeline))
        self.position.setText(position_text(step))
        if step.kind == "rep_phase" and step.last_rep and step.rep == step.reps and step.reps > 1:
            self.instruction.setText(f"{step.label}")
            self.hint.setText("Last rep")
        elif step.kind == "wait":
            self.instruction.setText(step.label)
            self.hint.setText(wait_hint(step, timeline))
        else:
            self.instruction.setText(step.label)
            self.hint.setText("")
        if player.state == "paused":
            self.hint.setText("Paused — press Space to carry on")
        self.digits.setText("" if step.kind == "wait" else countdown_digits(player.remaining()))
        self.cues.setText("   ·   ".join(exercise.cues[:3]))
        self.next_up.setText(next_text(timeline, step.index))
        self.status.setText(
            {"paused": "Paused", "waiting": "Waiting for you"}.get(player.state, "")
        )
        self.buttons["pause"].setText("Carry on" if player.state == "paused" else "Pause")
        self.buttons["extend"].setEnabled(step.kind == "rest")
        self.buttons["ready"].setEnabled(player.state == "waiting")
        self._paint_panel(step_colour(self.colours, step.kind, step.tempo_phase))
        if player.state == "running":
            if not self._frame.isActive():
                self._frame.start()
        else:
            self._frame.stop()
        self.refresh()

    def _paint_panel(self, background: str) -> None:
        """Tint the panel through its palette: far cheaper than a style sheet per step."""
        key = (background, self.colours.text)
        if key == self._panel_colours:
            return
        self._panel_colours = key
        palette = self.panel.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(background))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(self.colours.text))
        self.panel.setPalette(palette)

    def refresh(self) -> None:
        """Redraw the bars and the time left from the clock (no state changes)."""
        player = self.player
        if player is None or player.step is None:
            return
        self.step_bar.set_fraction(player.progress())
        total = player.timeline.total or 1.0
        left = player.session_remaining()
        self.session_bar.set_fraction(1 - left / total)
        self.time_left.setText(f"{clock_text(left)} left")

    def stop(self) -> None:
        self._frame.stop()

    def flash(self) -> None:
        """Light the whole view for a moment (the optional visual twin of a cue)."""
        palette = self._flash.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(self.colours.accent))
        self._flash.setPalette(palette)
        self._flash.setGeometry(self.rect())
        self._flash.raise_()
        self._flash.show()
        self._flash_off.start()

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # Fonts ----------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        h = max(300, self.height()) * self.text_scale
        w = max(400, self.width()) * self.text_scale

        def font(px: float, bold: bool = False) -> QFont:
            f = QFont(self.font())
            f.setPixelSize(max(12, int(px)))
            f.setBold(bold)
            return f

        big = min(h * 0.2, w * 0.11)
        self.instruction.setFont(font(big, bold=True))
        self.digits.setFont(font(big * 1.15, bold=True))
        self.headline.setFont(font(h * 0.055, bold=True))
        self.position.setFont(font(h * 0.045))
        self.hint.setFont(font(h * 0.04))
        self.cues.setFont(font(h * 0.032))
        self.next_up.setFont(font(h * 0.04, bold=True))
        self.time_left.setFont(font(h * 0.035))
        self.status.setFont(font(h * 0.035, bold=True))
        self.sound.setFont(font(h * 0.03))
        self.notice.setFont(font(h * 0.03, bold=True))
        self.log_panel.set_scale(int(h * 0.04))
        self.keys.setFont(font(max(13, h * 0.02)))
        self.step_bar.setFixedHeight(max(14, int(h * 0.035)))
        self.session_bar.setFixedHeight(max(8, int(h * 0.015)))
