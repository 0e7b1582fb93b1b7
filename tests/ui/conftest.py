"""Fixtures for driving the real window with a fake clock: nothing waits in real time."""

from __future__ import annotations

import pytest
from fake_scheduler import FakeScheduler

from hipcoach import i18n
from hipcoach.program.catalog import discover
from hipcoach.program.loader import parse_program_text
from hipcoach.session.clock import FakeClock
from hipcoach.ui.app_factory import build, start_services
from hipcoach.ui.asks import NobodyThere
from hipcoach.ui.main_window import MainWindow

SHORT_PROGRAM = """
[program]
id = "short"
name = "Short test programme"

[[stage]]
id = "one"
name = "One"

  [[stage.phase]]
  kind = "activation"
  name = "Activation"

    [[stage.phase.exercise]]
    id = "bridge"
    name = "Glute bridge"
    sets = 2
    reps = 2
    tempo = "2-0-1-1"
    start = "concentric"
    rest = "10s"
    cues = ["Ribs down", "Stop at neutral hip"]

    [[stage.phase.exercise]]
    id = "band-rdl"
    name = "Banded RDL"
    confirm = true
    sets = 1
    reps = 2
    tempo = "3-0-1-0"
    sides = "each"
    load = "band:red"

  [[stage.phase]]
  kind = "cooldown"
  name = "Cool-down"

    [[stage.phase.exercise]]
    id = "stretch"
    name = "Hip-flexor stretch"
    work = "30s"
"""


class Driver:
    """Moves the fake clock through the window's own timer seam: each wake-up fires at the
    moment the deadline timer armed it for (and holds the fake clock up to the deadline)."""

    def __init__(self, window: MainWindow, clock: FakeClock) -> None:
        self.window = window
        self.clock = clock
        scheduler = window.deadlines.scheduler
        assert isinstance(scheduler, FakeScheduler), "build the window with make_window"
        self.scheduler = scheduler

    def advance(self, seconds: float) -> None:
        """Move the clock forward, firing every deadline on the way in order."""
        target = self.clock.now() + seconds
        player = self.window.player
        while player is not None and player.state == "running":
            deadline = player.next_deadline()
            due = self.scheduler.due
            if deadline is None or deadline > target or due is None or due > target:
                break
            self.scheduler.fire()
        self.clock.set(target)

    def run_to_end(self, limit: int = 100_000) -> None:
        player = self.window.player
        assert player is not None
        for _ in range(limit):
            if player.state == "waiting":
                player.confirm(self.clock.now())
            elif player.state == "running":
                self.scheduler.fire()
            else:
                return
        raise AssertionError("session did not end")


@pytest.fixture
def short_program():
    return parse_program_text(SHORT_PROGRAM, "short.toml")


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock(start=5000.0)


def make_window(qtbot, clock: FakeClock, *, data_dir=None, record: bool = False,
                auto_log: bool = True, entries=None, asks=None, services: bool = True,
                **options):
    """A window built by the app factory, as ``launch`` builds it, on a fake clock; the
    dialogs are off and its deadline timer wakes through a ``FakeScheduler``. Without
    ``services`` the database is not opened yet (call ``start_services``)."""
    built = build(data_dir=data_dir, clock=clock, entries=entries or discover(data_dir),
                  theme_name="light", record=record, asks=asks or NobodyThere(), auto_log=auto_log,
                  scheduler=FakeScheduler(clock), **options)
    win = built.window
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)  # shortcuts reach the active window only
    if services:
        start_services(built)
    return built


@pytest.fixture
def window(qtbot, fake_clock):
    return make_window(qtbot, fake_clock).window


@pytest.fixture
def driver(window, fake_clock) -> Driver:
    return Driver(window, fake_clock)


@pytest.fixture
def stored(qtbot, fake_clock, tmp_path):
    """Make a window with a real SQLite file in ``tmp_path`` (call it after seeding the
    database); every one made is closed after the test."""
    made = []

    def make(**options):
        built = make_window(qtbot, fake_clock, data_dir=tmp_path, record=True, **options)
        made.append(built)
        return built

    yield make
    for built in made:
        built.close()


def wait_planned(qtbot, built, program_id=None, timeout=10_000):
    """Until today's plan (of ``program_id``, if given) is on the start screen."""
    def planned():
        plan = built.app.plan
        return plan is not None and (program_id is None or plan.program.id == program_id)

    qtbot.waitUntil(planned, timeout=timeout)
    return built.app.plan


@pytest.fixture
def driver_for(fake_clock):
    """A Driver for any window built on the fake clock (e.g. one from ``stored``)."""
    return lambda window: Driver(window, fake_clock)


@pytest.fixture
def window_factory(qtbot, fake_clock):
    """``make_window`` bound to this test's qtbot and fake clock."""
    return lambda **options: make_window(qtbot, fake_clock, **options)


@pytest.fixture
def short_program_file(tmp_path):
    """The short programme as a user programme of the data folder ``tmp_path``."""
    folder = tmp_path / "programs"
    folder.mkdir(exist_ok=True)
    path = folder / "short.toml"
    path.write_text(SHORT_PROGRAM, encoding="utf-8")
    return path


@pytest.fixture
def german(qapp):
    """The app in German (gettext and Qt's own words) for windows built in the test;
    English again afterwards."""
    from PySide6.QtCore import QLocale

    from hipcoach.ui.translations import follow_language, install_qt_translations

    before = QLocale()
    assert i18n.use("de") == "de"
    translator = install_qt_translations(qapp)
    follow_language()
    yield
    if translator is not None:
        qapp.removeTranslator(translator)
    QLocale.setDefault(before)
    i18n.use("en")


@pytest.fixture
def save_summary_pdf(monkeypatch, qtbot):
    """Save the window's session summary as a PDF at ``target`` (the file dialog answered)
    through the real report path; returns the PDF's text with its spacing evened out."""
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    def save(window, target):
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *a, **k: (str(target), "")))
        window.print_summary(True)
        qtbot.waitUntil(target.exists, timeout=10_000)
        return " ".join(" ".join(p.extract_text() for p in PdfReader(target).pages).split())

    return save
