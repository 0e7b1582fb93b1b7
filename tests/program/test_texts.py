"""Built-in programme words follow the language; a user's own file is shown as written."""

from __future__ import annotations

import pytest

from hipcoach import i18n
from hipcoach.program.catalog import discover, user_dir
from hipcoach.program.decode import decode_program_json
from hipcoach.program.model import played_json


@pytest.fixture
def german():
    i18n.use("de")
    yield
    i18n.use("en")


def _programs(data_dir=None):
    return {e.id: e for e in discover(data_dir) if e.program}


def test_builtin_programmes_are_german_and_still_valid(german):
    drill = _programs()["daily-drill"].program
    assert drill.name == "Tägliche Hüftstreck-Übung"
    exercise = drill.stage[0].exercises[0]
    assert exercise.name == "Marschieren auf der Stelle"
    assert exercise.cues == ["Knie auf Hüfthöhe", "Aufrecht stehen, Rippen unten"]
    squeeze = next(e for e in drill.stage[0].exercises if e.id == "glute-squeeze")
    assert squeeze.setup.startswith("Bauchlage") and squeeze.common_fault.startswith("Beim")
    for entry in _programs().values():
        for stage in entry.program.stage:
            # a session keeps its stage as JSON and decodes it again on resume: the German
            # words must fit the same limits as the English ones
            again = decode_program_json(played_json(entry.program, stage.id))
            assert [e.name for e in again.stage[0].exercises] == [e.name for e in stage.exercises]


def test_english_stays_as_written():
    drill = _programs()["daily-drill"].program
    assert drill.name == "Daily hip-extension drill"
    assert drill.stage[0].exercises[0].cues == ["Knees to hip height", "Stand tall, ribs down"]


def test_a_user_programme_is_shown_as_written_but_gets_german_catalogue_words(tmp_path, german):
    folder = user_dir(tmp_path)
    folder.mkdir()
    (folder / "mine.toml").write_text(
        '[program]\nid = "mine"\nname = "Daily"\n\n[[stage]]\nid = "a"\nname = "Warm-up"\n'
        '  [[stage.phase]]\n  kind = "loaded"\n  name = "Activation"\n'
        '    [[stage.phase.exercise]]\n    id = "glute-bridge"\n    name = "Glute bridge"\n'
        '    sets = 1\n    reps = 5\n', encoding="utf-8")
    mine = _programs(tmp_path)["mine"].program
    assert (mine.name, mine.stage[0].name, mine.stage[0].phase[0].name) == (
        "Daily", "Warm-up", "Activation")
    bridge = mine.stage[0].exercises[0]
    assert bridge.name == "Glute bridge"  # the user's words
    assert bridge.setup.startswith("Rückenlage")  # the built-in catalogue's, translated
