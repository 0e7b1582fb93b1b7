"""The set-logging panel, operated by keys as from across the room."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from hipcoach.session.set_tracker import FinishedSet, SetSpan
from hipcoach.ui.log_panel import LogPanel, LogValues

KEYS = {
    **{str(d): getattr(Qt.Key, f"Key_{d}") for d in range(10)},
    "p": Qt.Key.Key_P, "P": Qt.Key.Key_P, "e": Qt.Key.Key_E, "E": Qt.Key.Key_E,
    "x": Qt.Key.Key_X,
}


def finished(set_no: int = 1, reps: int = 10, target: int = 10, side: str | None = None,
             exercise: str = "bridge") -> FinishedSet:
    span = SetSpan(exercise, "loaded", set_no, side, 3, 20, target)  # type: ignore[arg-type]
    return FinishedSet(span, reps, reps >= target)


class Panel:
    """A LogPanel with its emissions recorded and a typing helper."""

    def __init__(self, panel: LogPanel) -> None:
        self.panel = panel
        self.saved: list[tuple[FinishedSet, LogValues]] = []
        panel.confirmed.connect(lambda f, v: self.saved.append((f, v)))

    def type(self, text: str) -> list[bool]:
        return [self.panel.key(KEYS[ch], ch) for ch in text]

    def enter(self) -> bool:
        return self.panel.key(Qt.Key.Key_Return, "\r")

    def backspace(self) -> bool:
        return self.panel.key(Qt.Key.Key_Backspace, "\b")

    @property
    def fields(self) -> str:
        return self.panel.fields.text()

    @property
    def message(self) -> str:
        return self.panel.message.text()


@pytest.fixture
def log(qtbot) -> Panel:
    panel = LogPanel()
    qtbot.addWidget(panel)
    return Panel(panel)


def test_it_starts_hidden_and_ignores_keys_until_asked(log: Panel) -> None:
    assert log.panel.isHidden() and not log.panel.open
    assert log.type("5p3") == [False, False, False]
    assert not log.enter()
    log.panel.commit()
    assert log.saved == []


def test_ask_prefills_the_prescription(log: Panel) -> None:
    done = finished(set_no=2, reps=7, target=10, side="left")
    log.panel.ask(done, "Banded RDL", ", left side")
    assert log.panel.open and not log.panel.isHidden()
    assert log.panel.title.text() == "Log: Banded RDL, set 2, left side"
    assert log.panel.values == LogValues(7)
    assert log.fields.startswith("Reps [7] of 10")
    assert "Pain –/10" in log.fields and "Effort –/10" in log.fields
    assert log.message == ""


def test_enter_saves_the_prefilled_values(log: Panel) -> None:
    done = finished(reps=10)
    log.panel.ask(done, "Bridge", "")
    assert log.enter()
    assert log.saved == [(done, LogValues(10))]
    assert not log.panel.open and log.panel.isHidden()


def test_digits_type_the_reps(log: Panel) -> None:
    log.panel.ask(finished(reps=10), "Bridge", "")
    assert log.type("12") == [True, True]
    assert log.fields.startswith("Reps [12_] of 10")
    log.enter()
    assert log.saved[0][1] == LogValues(12)


def test_backspace_takes_back_a_typed_digit(log: Panel) -> None:
    log.panel.ask(finished(reps=10), "Bridge", "")
    log.type("86")
    assert log.backspace()
    assert log.fields.startswith("Reps [8_]")
    log.backspace()
    log.backspace()  # nothing typed: the prefilled value stays
    assert log.fields.startswith("Reps [10]")
    log.type("9")
    log.enter()
    assert log.saved[0][1] == LogValues(9)


@pytest.mark.parametrize(("keys", "pain"), [
    ("p0", 0), ("p7", 7), ("p10", 10), ("P10", 10), ("p9", 9),
])
def test_p_then_digits_set_pain(log: Panel, keys: str, pain: int) -> None:
    log.panel.ask(finished(reps=10), "Bridge", "")
    log.type(keys)
    assert f"Pain {pain}/10" in log.fields
    log.enter()
    assert log.saved[0][1] == LogValues(10, pain=pain)


def test_pain_1_waits_for_a_possible_0(log: Panel) -> None:
    log.panel.ask(finished(reps=10), "Bridge", "")
    log.type("p1")
    assert "Pain [1_]/10" in log.fields
    log.enter()  # Enter takes the 1 as it is
    assert log.saved[0][1] == LogValues(10, pain=1)


@pytest.mark.parametrize(("keys", "rpe"), [("e0", 10), ("e8", 8), ("E6", 6), ("e10", 10)])
def test_e_then_a_digit_sets_effort_with_0_meaning_10(log: Panel, keys: str, rpe: int) -> None:
    log.panel.ask(finished(reps=10), "Bridge", "")
    log.type(keys)
    assert f"Effort {rpe}/10" in log.fields
    log.enter()
    assert log.saved[0][1] == LogValues(10, rpe=rpe)


def test_after_pain_or_effort_digits_go_back_to_reps(log: Panel) -> None:
    log.panel.ask(finished(reps=10), "Bridge", "")
    log.type("p3e7" "8")
    log.enter()
    assert log.saved[0][1] == LogValues(8, pain=3, rpe=7)


def test_typed_reps_are_kept_when_p_or_e_follows(log: Panel) -> None:
    log.panel.ask(finished(reps=10), "Bridge", "")
    log.type("9p2")
    log.enter()
    assert log.saved[0][1] == LogValues(9, pain=2)


def test_reps_of_150_are_refused_on_the_spot_and_not_saved(log: Panel) -> None:
    done = finished(reps=10)
    log.panel.ask(done, "Bridge", "")
    log.type("150")
    assert "Reps must be 0-100" in log.message and "150" in log.message
    assert log.fields.startswith("Reps [10]")  # back to what it was
    assert log.panel.open and log.saved == []
    log.enter()
    assert log.saved == [(done, LogValues(10))]


def test_refused_reps_typed_then_enter_keep_the_panel_open(log: Panel) -> None:
    log.panel.ask(finished(reps=10), "Bridge", "")
    log.type("10")
    log.type("1")  # 101
    assert "Reps must be 0-100" in log.message
    assert log.panel.open and log.saved == []
    log.type("12")
    assert log.message == "" or "12" not in log.message
    log.enter()
    assert log.saved[0][1] == LogValues(12)
    assert log.message == ""


def test_100_reps_are_possible(log: Panel) -> None:
    log.panel.ask(finished(reps=10), "Bridge", "")
    log.type("100")
    assert log.message == ""
    log.enter()
    assert log.saved[0][1] == LogValues(100)


def test_pain_11_is_refused_with_a_message(log: Panel) -> None:
    log.panel.ask(finished(reps=10), "Bridge", "")
    log.type("p4")
    log.type("p11")
    assert "Pain must be 0-10" in log.message and "11" in log.message
    assert log.panel.values.pain == 4  # the earlier value stays
    assert log.panel.open and log.saved == []
    log.enter()
    assert log.saved[0][1] == LogValues(10, pain=4)


def test_effort_15_is_refused_with_a_message(log: Panel) -> None:
    log.panel.ask(finished(reps=10), "Bridge", "")
    log.type("e15")
    assert "Effort must be 1-10" in log.message
    assert log.panel.open and log.saved == []
    log.enter()
    assert log.saved[0][1] == LogValues(10)


def test_enter_commits_exactly_once(log: Panel) -> None:
    log.panel.ask(finished(reps=10), "Bridge", "")
    assert log.enter()
    assert not log.enter()  # closed: the key is left for the window (ready, etc.)
    log.panel.commit()
    assert len(log.saved) == 1


def test_a_new_set_saves_the_open_one_as_shown(log: Panel) -> None:
    first, second = finished(set_no=1, reps=10), finished(set_no=2, reps=6)
    log.panel.ask(first, "Bridge", "")
    log.type("p2")
    log.type("9")  # half-typed reps are shown as [9_]: saved as 9
    log.panel.ask(second, "Bridge", "")
    assert log.saved == [(first, LogValues(9, pain=2))]
    assert log.panel.open and log.panel.finished_set is second
    assert log.panel.values == LogValues(6)
    assert "set 2" in log.panel.title.text()
    log.enter()
    assert log.saved[1] == (second, LogValues(6))


def test_commit_saves_as_shown(log: Panel) -> None:
    first = finished(reps=4, target=10)
    log.panel.ask(first, "Bridge", "")
    log.type("e7")
    log.panel.commit()
    assert log.saved == [(first, LogValues(4, rpe=7))]
    assert not log.panel.open


def test_a_refused_value_does_not_lose_the_set_when_the_next_one_starts(log: Panel) -> None:
    first, second = finished(set_no=1, reps=10), finished(set_no=2, reps=10)
    log.panel.ask(first, "Bridge", "")
    log.type("150")
    log.panel.ask(second, "Bridge", "")
    assert log.saved == [(first, LogValues(10))]
    assert log.panel.finished_set is second


def test_other_keys_are_not_used(log: Panel) -> None:
    log.panel.ask(finished(reps=10), "Bridge", "")
    assert log.type("x") == [False]
    assert log.panel.key(Qt.Key.Key_Space, " ") is False
