"""The big-screen player: readable from three metres, driven by player events.

The view never decides timing. It shows the player's state when an event arrives and
redraws the progress bars from the clock while a step runs. The rows have fixed shares of
the view's height and every text is a ``FitLabel``: fonts come from the space each row
has (capped, times the text size setting), never the other way round, so nothing shown
can change the window's size. The instruction is the largest text; the rep count and the
side badge come next.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hipcoach.format import clock_text
from hipcoach.i18n import N_, _
from hipcoach.session.clock import SessionClock
from hipcoach.session.describe import (
    countdown_digits,
    headline,
    how_text,
    next_text,
    rep_count_text,
    set_text,
    shown_exercise,
    side_badge,
    wait_hint,
)
from hipcoach.session.player import Event, Player
from hipcoach.session.poses import pose_at
from hipcoach.ui.bar import Bar
from hipcoach.ui.figure_view import FigureView
from hipcoach.ui.fit_label import FitLabel
from hipcoach.ui.log_panel import LogPanel
from hipcoach.ui.theme import LIGHT, Colours, step_colour

FLASH_MS = 140  # the full-window flash on each cue, for noisy rooms
FRAME_MS = 33  # progress-bar redraws while a step runs (display only, not timing)
KEY_HINTS = N_(
    "Space pause  ·  ← → back / skip  ·  R +15 s rest  ·  Enter ready  ·  "
    "M mute  ·  + − volume  ·  F full screen  ·  Esc end  ·  ? keys"
)


CONTROLS = (
    ("back", N_("◀ Back"), N_("go back a step (Left)")),
    ("pause", N_("Pause"), N_("pause or carry on (Space)")),
    ("skip", N_("Skip ▶"), N_("skip ahead a step (Right)")),
    ("extend", "+15 s", N_("add 15 seconds to this rest (R)")),
    ("ready", N_("I'm ready"), N_("start when you are set up (Enter)")),
    ("end", N_("End"), N_("end the session (Esc)")),
)


# Heights of the rows, in hundredths of the view (the text never changes them).
ROWS = {"headline": 8, "main": 40, "counter": 15, "hint": 9, "next_up": 4, "cues": 4,
        "footer": 4, "keys": 3}
NOTICE_SHARE = 0.045
LOG_PANEL_SHARE = 0.2
# Font caps as fractions of the view height at text size 1.0 (the space caps them too).
CAPS = {"headline": 0.06, "instruction": 0.24, "counter": 0.11, "side": 0.11,
        "set_no": 0.06, "hint": 0.04, "next_up": 0.034, "cues": 0.028, "status": 0.03,
        "sound": 0.026, "time_left": 0.03, "keys": 0.02, "notice": 0.032}
MIN_SCALE, MAX_SCALE = 1.0, 2.0


def clamp_scale(scale: float) -> float:
    """The text size setting as the player uses it (1.0-2.0; anything else is clamped)."""
    try:
        value = float(scale)
    except (TypeError, ValueError):
        return MIN_SCALE
    if value != value:  # NaN
        return MIN_SCALE
    return min(MAX_SCALE, max(MIN_SCALE, value))


class PauseCover(QWidget):
    """Dims the whole player while paused, with a big PAUSED on top."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("pause_cover")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.colour = QColor(0, 0, 0, 150)
        self.title = FitLabel("paused_title", bold=True)
        self.title.setText(_("PAUSED"))
        self.hint = FitLabel("paused_hint")
        self.hint.setText(_("Press Space to carry on"))
        layout = QVBoxLayout(self)
        layout.addStretch(3)
        layout.addWidget(self.title, 4)
        layout.addWidget(self.hint, 1)
        layout.addStretch(3)
        self.hide()

    def set_colours(self, colours: Colours) -> None:
        shade = QColor(colours.window)
        shade.setAlpha(215)
        self.colour = shade
        for label in (self.title, self.hint):
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(colours.text))
            label.setPalette(palette)

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.colour)


class PlayerView(QWidget):
    """Shows one running session. Emits ``shown(event)`` after it has drawn a transition,
    and ``command(name)`` when one of its buttons is clicked (the window carries it out,
    exactly as for the matching key)."""

    shown = Signal(object)
    command = Signal(str)

    def __init__(self, clock: SessionClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("player_view")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.clock = clock
        self.player: Player | None = None
        self.colours: Colours = LIGHT
        self.text_scale = 1.0

        self.headline = FitLabel("exercise", bold=True)
        self.instruction = FitLabel("instruction", bold=True, max_lines=2)
        self.digits = FitLabel("countdown", bold=True, sample="88")
        self.counter = FitLabel("rep_count", bold=True)
        self.side = FitLabel("side", bold=True)
        self.set_no = FitLabel("set_no")
        self.hint = FitLabel("hint", max_lines=3)
        self.step_bar = Bar("step_progress", _("progress of this step"))
        self.cues = FitLabel("cues")
        self.next_up = FitLabel("next_up", bold=True)
        self.session_bar = Bar("session_progress", _("progress of the session"))
        self.time_left = FitLabel("time_left", align=Qt.AlignmentFlag.AlignRight)
        self.status = FitLabel("status", bold=True, align=Qt.AlignmentFlag.AlignLeft)
        self.keys = FitLabel("keys")
        self.sound = FitLabel("sound", align=Qt.AlignmentFlag.AlignLeft)
        self.notice = FitLabel("notice", bold=True)
        # a fixed share of the height (set in _apply_sizes), which the layout must keep
        self.notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.notice.setVisible(False)
        self.side.setAutoFillBackground(True)
        self.buttons: dict[str, QPushButton] = {}
        controls = QHBoxLayout()
        for name, text, tip in CONTROLS:
            button = QPushButton(_(text))
            tip = _(tip)
            button.setObjectName(f"button_{name}")
            button.setAccessibleName(tip)
            button.setToolTip(tip)
            # Keys belong to the window: a focused button must not swallow Space or Enter.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, n=name: self.command.emit(n))
            controls.addWidget(button)
            self.buttons[name] = button

        self.panel = QFrame()
        self.panel.setObjectName("panel")
        self.panel.setAutoFillBackground(True)
        self.panel.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._panel_colours: tuple[str, str] | None = None
        self.figure = FigureView()
        main = QHBoxLayout()
        main.addWidget(self.figure, 2)
        main.addWidget(self.instruction, 4)
        main.addWidget(self.digits, 2)
        counter = QHBoxLayout()
        counter.addWidget(self.set_no, 2)
        counter.addWidget(self.counter, 3)
        counter.addWidget(self.side, 2)
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.addWidget(self.headline, ROWS["headline"])
        panel_layout.addLayout(main, ROWS["main"])
        panel_layout.addLayout(counter, ROWS["counter"])
        panel_layout.addWidget(self.hint, ROWS["hint"])
        # the exercise's own cues belong to it, inside its panel, not under "Next:"
        panel_layout.addWidget(self.cues, ROWS["cues"])
        panel_layout.addWidget(self.step_bar)
        self.panel_layout = panel_layout

        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.sound, 2)
        footer.addWidget(self.time_left, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.panel,
                         sum(ROWS[k] for k in ("headline", "main", "counter", "hint", "cues")))
        self.log_panel = LogPanel()
        layout.addWidget(self.log_panel)
        layout.addWidget(self.next_up, ROWS["next_up"])
        layout.addWidget(self.session_bar)
        layout.addLayout(footer, ROWS["footer"])
        layout.addLayout(controls)
        layout.addWidget(self.keys, ROWS["keys"])
        self.keys.setText(_(KEY_HINTS))

        self.cover = PauseCover(self)
        self.instruction.resized.connect(lambda _px: self._balance())

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
        self._apply_sizes()

    # Wiring ---------------------------------------------------------------------------
    def attach(self, player: Player) -> None:
        self.player = player
        player.subscribe(self.on_event)
        self.show_state()

    def set_colours(self, colours: Colours) -> None:
        self.colours = colours
        self.cover.set_colours(colours)
        self.figure.set_colours(colours)
        palette = self.side.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(colours.text))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(colours.window))
        self.side.setPalette(palette)
        self.show_state()

    def set_text_scale(self, scale: float) -> None:
        self.text_scale = clamp_scale(scale)
        self._apply_sizes()

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
        exercise = shown_exercise(step, timeline)  # the rest before an exercise shows it
        self.headline.setText(headline(step, timeline))
        self.counter.setText(rep_count_text(step))
        badge = side_badge(step)
        self.side.setText(badge)
        self.side.setAutoFillBackground(bool(badge))
        self.set_no.setText(set_text(step))
        if step.kind == "rep_phase" and step.last_rep and step.rep == step.reps and step.reps > 1:
            self.hint.setText(_("Last rep"))
        elif step.kind == "wait":
            self.hint.setText(". ".join(t for t in (wait_hint(step, timeline),
                                                    how_text(step, exercise)) if t))
        else:
            self.hint.setText(how_text(step, exercise))
        self.figure.set_poses(exercise.poses, mirror=step.side == "right")
        self.figure.setVisible(exercise.poses is not None)
        self.instruction.setText(step.label)
        paused = player.state == "paused"
        self.cover.setGeometry(self.rect())
        self.cover.setVisible(paused)
        if paused:
            self.cover.raise_()
        self.digits.setText("" if step.kind == "wait" else countdown_digits(player.remaining()))
        self.cues.setText("   ·   ".join(exercise.cues[:3]))
        self.next_up.setText(next_text(timeline, step.index))
        self.status.setText(
            {"paused": _("Paused"), "waiting": _("Waiting for you")}.get(player.state, "")
        )
        self.buttons["pause"].setText(_("Carry on") if player.state == "paused" else _("Pause"))
        self.buttons["extend"].setEnabled(step.kind == "rest")
        self.buttons["ready"].setEnabled(player.state == "waiting")
        self._paint_panel(step_colour(self.colours, step.kind, step.tempo_phase))
        if player.state == "running":
            if not self._frame.isActive():
                self._frame.start()
        else:
            self._frame.stop()
        self.refresh()
        self._balance()

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
        progress = player.progress()
        self.step_bar.set_fraction(progress)
        exercise = shown_exercise(player.step, player.timeline)
        self.figure.set_angles(pose_at(exercise.poses, player.step, progress))
        total = player.timeline.total or 1.0
        left = player.session_remaining()
        self.session_bar.set_fraction(1 - left / total)
        self.time_left.setText(_("{time} left").format(time=clock_text(left)))

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
        """One line at the top (elided; the whole text is its tooltip)."""
        self.notice.setText(" ".join(text.split()))
        self.notice.setVisible(bool(text))

    # Sizes ----------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.cover.setGeometry(self.rect())
        self._apply_sizes()

    def labels(self) -> list[FitLabel]:
        """Every text of the view (the layout test checks each one fits)."""
        return self.findChildren(FitLabel)

    def _apply_sizes(self) -> None:
        """Caps from the view's height and the text size; fixed heights for the bars,
        the notice and the set panel. Nothing here reads a text's size."""
        h = max(1, self.height())
        scaled = h * self.text_scale
        for name, share in CAPS.items():
            getattr(self, name).set_cap(scaled * share)
        self.step_bar.setFixedHeight(max(6, int(h * 0.025)))
        self.session_bar.setFixedHeight(max(4, int(h * 0.012)))
        self.notice.setFixedHeight(max(12, int(h * NOTICE_SHARE)))
        self.log_panel.setFixedHeight(max(40, int(h * LOG_PANEL_SHARE)))
        self.log_panel.set_cap(scaled * 0.05)
        self.cover.title.set_cap(scaled * 0.3)
        self.cover.hint.set_cap(scaled * 0.06)
        # Larger text gives the rep count's row more of the panel (from the big row).
        extra = round(10 * (self.text_scale - 1.0))
        self.panel_layout.setStretch(1, ROWS["main"] - extra)
        self.panel_layout.setStretch(2, ROWS["counter"] + extra)
        self._balance()

    def _balance(self) -> None:
        """Keep the instruction the largest text: the others are capped at its size."""
        top = self.instruction.font().pixelSize()
        if not self.instruction.text():
            return
        scaled = max(1, self.height()) * self.text_scale
        self.digits.set_cap(top)
        for label, share in ((self.counter, CAPS["counter"]), (self.side, CAPS["side"])):
            label.set_cap(min(scaled * share, top * 0.8))
        self.set_no.set_cap(min(scaled * CAPS["set_no"], top * 0.45))
