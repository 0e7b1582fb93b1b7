"""The process entry point: Ctrl+C before a command starts its work, or after it is done."""

from __future__ import annotations

import signal

import pytest

from hipcoach import cli, entry


@pytest.fixture
def sigint_restored():
    previous = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, previous)


def test_an_interrupt_before_the_work_is_one_line_and_130(monkeypatch, capsys, sigint_restored):
    def interrupted(_argv=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_use_language", interrupted)
    assert entry.run() == 130
    assert capsys.readouterr().err.splitlines() == ["hipcoach: stopped; nothing was changed"]


def test_once_the_work_is_done_an_interrupt_cannot_change_the_status(monkeypatch,
                                                                     sigint_restored):
    monkeypatch.setattr(cli, "main", lambda **_hooks: 3)
    assert entry.run() == 3
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
