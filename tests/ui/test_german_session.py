"""A whole session in German, through the real window (app factory, fake clock, real
SQLite file) and the real report path: not one English word may be left on screen or in
the printed summary.

The walk covers the start screen, every step kind of a session (countdown, each tempo
phase, hold, rest, wait, side switch, timed work), the pause cover, the set panel, the end
screen, History, every chart, the menus, the shortcut sheet, the coach's dialogs and the
session summary PDF. Each text is searched for English words that are not German too
("Pause", "Start", "Status", "Tempo", "Rest", "Last" are German and pass). The programme
played is the user's own, written in German, so every English word found comes from the
app itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QListWidget,
    QTabBar,
    QTableWidget,
    QWidget,
)

# English words that are not also German words (so "Pause", "Start", "Status", "Tempo",
# "Rest", "Last", "Band", "Test", "Show", "Report", "Chart", "Programme", "also", "will",
# "was", "so", "an", "in", "am", "all", "still", "not", "after", "most", "per", "total"
# are left out).
_WORDS = """
the and of to for with without from into onto your yours you what when where which who
how this that these those there here now yes is are were be been being has have had
would can could should may might does did done it its at by on off up down out over
under before during since until again any each every both other another more less least
some no none one two three four five six seven eight nine ten next previous back skip
end ended started session sessions set sets rep reps repetition repetitions exercise
exercises stage stages programmes program programs step steps resting hold
holds holding side sides left right pain effort load loaded weight week weeks weekly day
days month months year years today tomorrow yesterday morning evening time minutes
seconds hour hours saved save saving printed history settings voice tones silent muted
mute volume paused ready go keep going quit resume later average target highest lowest
logged best hardest here shown then than just only well if but or been get got make
made give given take taken close closed new old ago while because about like
monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun
january february march june july october december mar oct dec
glute glutes bridge hip hips knee knees stretch squeeze place kneeling drill extension
progression daily foundation hinge ribs breathe slowly squat lunge plank warm warmup
cooldown activation endurance flexor banded pelvis thigh floor feet heels toes lift
lower raise push pull lying face leg legs arm arms tall stand brace switch work good fair
poor tight
"""
ENGLISH = frozenset(_WORDS.split())


def english_words(text: str) -> list[str]:
    plain = re.sub(r"<[^>]+>", " ", text).replace("&nbsp;", " ").replace("&", "")
    plain = re.sub(r"(?<!\S)/\S+", " ", plain)  # a file's path is not a sentence
    return [w for w in re.findall(r"[A-Za-zÄÖÜäöüß]+", plain) if w.lower() in ENGLISH]


PROGRAMME = """
[program]
id = "kurz"
name = "Kurzes Übungsprogramm"

[[stage]]
id = "eins"
name = "Erste Stufe"

  [[stage.phase]]
  kind = "activation"
  name = "Aktivierung"

    [[stage.phase.exercise]]
    id = "becken"
    name = "Beckenheben"
    sets = 2
    reps = 2
    tempo = "2-1-1-1"
    start = "concentric"
    rest = "10s"
    cues = ["Rippen nach unten", "Oben Gesäß anspannen"]

    [[stage.phase.exercise]]
    id = "anspannen"
    name = "Gesäß anspannen"
    sets = 1
    reps = 2
    hold = "5s"
    rest_between_reps = "3s"

    [[stage.phase.exercise]]
    id = "kreuzheben"
    name = "Kreuzheben mit Band"
    confirm = true
    sets = 1
    reps = 2
    tempo = "3-0-1-0"
    sides = "each"
    load = "band:red"

  [[stage.phase]]
  kind = "cooldown"
  name = "Ausklang"

    [[stage.phase.exercise]]
    id = "dehnen"
    name = "Hüftbeugerdehnung"
    work = "20s"
"""


class Seen:
    """Every text shown, with where it was seen (the first place for each text)."""

    def __init__(self) -> None:
        self.places: dict[str, str] = {}

    def add(self, where: str, *texts: object) -> None:
        for text in texts:
            if isinstance(text, str) and text.strip() and text not in self.places:
                self.places[text] = where

    def widget(self, where: str, widget: QWidget) -> None:
        self.add(where, widget.toolTip(), widget.accessibleName())
        if widget.isWindow():
            self.add(where, widget.windowTitle())
        if isinstance(widget, QLabel | QAbstractButton):
            self.add(where, widget.text())
        if isinstance(widget, QGroupBox):
            self.add(where, widget.title())
        if isinstance(widget, QComboBox):
            self.add(where, *(widget.itemText(i) for i in range(widget.count())))
        if isinstance(widget, QAbstractSpinBox):
            self.add(where, widget.specialValueText(), widget.text())
        if isinstance(widget, QListWidget):
            self.add(where, *(widget.item(i).text() for i in range(widget.count())))
        if isinstance(widget, QTabBar):
            self.add(where, *(widget.tabText(i) for i in range(widget.count())))
        if isinstance(widget, QTableWidget):
            self.table(where, widget)

    def table(self, where: str, table: QTableWidget) -> None:
        for column in range(table.columnCount()):
            header = table.horizontalHeaderItem(column)
            self.add(where, header.text() if header else "")
            for row in range(table.rowCount()):
                item = table.item(row, column)
                self.add(where, item.text() if item else "")

    def screen(self, where: str, root: QWidget) -> None:
        """The visible texts of a window or dialog, its actions and its status line."""
        self.widget(where, root)
        for child in root.findChildren(QWidget):
            if child.isVisible():
                self.widget(where, child)
        for action in root.findChildren(QAction):
            self.add(where, action.text(), action.toolTip(), action.statusTip())
        status = getattr(root, "statusBar", None)
        if status is not None:
            self.add(where, status().currentMessage())

    def english(self) -> list[str]:
        return [f"{where}: {text!r} -> {english_words(text)}"
                for text, where in self.places.items() if english_words(text)]


def chart_texts(chart) -> Iterable[str]:
    """What a chart draws as text: title, subtitle, axes, legends, lines, bands, hovers."""
    from hipcoach.ui.charts.render import date_labels

    yield from (chart.title, chart.subtitle, chart.empty or "")
    low, high = chart.x_range
    yield " ".join(date_labels([low + (high - low) * n / 6 for n in range(7)], 7 * 86400))
    for panel in chart.panels:
        yield from (panel.y_label, panel.message or "")
        yield from (label for _value, label in panel.y_ticks or [])
        yield from (line.label for line in (*panel.hlines, *panel.vlines))
        yield from (band.label for band in panel.bands)
        for series in panel.series:
            yield series.label
            yield from list(series.hover)[:3]


def test_a_whole_session_and_its_summary_in_german_leave_no_english(
        german, stored, driver_for, save_summary_pdf, tmp_path, qtbot):
    from hipcoach.charts.kinds import KINDS
    from hipcoach.coach.profile import Profile
    from hipcoach.ui.coach_dialogs import RetestResultsDialog, SafetyDialog
    from hipcoach.ui.printing import RangeDialog
    from hipcoach.ui.settings_dialog import SettingsDialog
    from hipcoach.ui.window_actions import show_shortcuts

    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "kurz.toml").write_text(PROGRAMME, encoding="utf-8")
    built = stored(auto_log=False)
    window = built.window
    seen = Seen()

    # The start screen with today's plan for the German programme.
    qtbot.waitUntil(lambda: window.start_view.plan is not None, timeout=15_000)
    assert window.start_view.select("kurz", None)
    qtbot.waitUntil(lambda: window.start_view.plan is not None
                    and window.start_view.plan.program.id == "kurz", timeout=15_000)
    seen.screen("start screen", window)
    for menu in (a.menu() for a in window.menuBar().actions()):
        seen.add("menu", menu.title(), *(a.text() for a in menu.actions()))

    # The session: every step, the pause cover and the set panel.
    window.start_chosen()
    qtbot.waitUntil(lambda: window.player is not None, timeout=10_000)
    player, driver = window.player, driver_for(window)
    kinds, panel_seen, paused_seen = set(), False, False
    for _ in range(2000):
        step = player.step
        if player.state not in ("running", "waiting", "paused") or step is None:
            break
        kinds.add(step.tempo_phase or step.kind)
        seen.screen(f"player, {step.kind} step", window)
        if step.kind == "rest" and not panel_seen:  # the set is written, then asked about
            qtbot.waitUntil(lambda: window.player_view.log_panel.open, timeout=5000)
            panel_seen = True
            window.player_view.log_panel.key(0, "9")  # 9 reps typed: the panel refuses it
            seen.screen("set panel", window)
        if step.kind == "rest" and not paused_seen:
            paused_seen = True
            window.toggle_pause()
            seen.screen("paused", window)
            window.toggle_pause()
        if player.state == "waiting":
            player.confirm(driver.clock.now())
        else:
            driver.clock.set(player.next_deadline())
            window.deadlines.poll()
    assert player.state == "finished"
    assert kinds >= {"countdown", "eccentric", "concentric", "top", "bottom", "hold", "rest",
                     "wait", "switch_side", "work"}, kinds
    assert panel_seen and paused_seen

    # The end screen once the record is read back, with the pain check-in.
    saving = window.end_view.summary.text().splitlines()[-1]
    qtbot.waitUntil(lambda: saving not in window.end_view.summary.text(), timeout=10_000)
    window.end_view.key("2")
    seen.screen("end screen", window)

    # The summary PDF through the real report path.
    pdf = save_summary_pdf(window, tmp_path / "zusammenfassung.pdf")
    assert "Beckenheben" in pdf
    seen.add("summary PDF", pdf)
    seen.screen("after saving the PDF", window)

    # History, with the session's sets.
    window.enter_pressed()
    window.show_history()
    history = window.history
    qtbot.waitUntil(lambda: history.sessions.rowCount() > 0 and history.sets.rowCount() > 0,
                    timeout=10_000)
    seen.screen("History", window)

    # Every chart.
    window.show_charts()
    charts = window.charts
    for kind in KINDS:
        charts.set_kind(kind)
        # the chart is built on the store worker and shown when it is back
        qtbot.waitUntil(lambda k=kind: charts.chart is not None and charts.chart.kind == k,
                        timeout=10_000)
        seen.screen(f"charts, {kind}", window)
        seen.add(f"chart {kind}", *chart_texts(charts.chart))

    # The shortcut sheet and the dialogs the window opens.
    sheet = show_shortcuts(window)
    seen.screen("shortcut sheet", sheet)
    sheet.close()
    for dialog in (SafetyDialog(Profile(), window), RetestResultsDialog(window),
                   RangeDialog(window), SettingsDialog(built.app.settings.current, window)):
        dialog.show()
        seen.screen(dialog.windowTitle(), dialog)
        dialog.close()
    QApplication.processEvents()

    assert len(seen.places) > 150  # the walk saw the screens it claims to
    left = seen.english()
    assert left == [], "English left in the German app:\n" + "\n".join(left)


def test_the_detector_knows_english_from_german():
    assert english_words("Next: Glute bridge") == ["Next", "Glute", "bridge"]
    assert english_words("1 of 5 sets") == ["of", "sets"]
    assert english_words("<b>Pause</b> · Start · Status · Tempo · Rest · Last · Band") == []
    assert english_words("&Datei · Einheit beendet · noch 5:01 · Wdh. 2 von 2") == []
    assert english_words("/tmp/test_a_session_of_its/x.pdf gespeichert") == []
    assert english_words("Drucken / PDF… · good/fair/poor") == ["good", "fair", "poor"]
