"""Load steps the user's equipment allows: at most 10% or the smallest step, within limits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hipcoach.domain.entries import MAX_LOAD, Load
from hipcoach.domain.equipment import MAX_STEP_FRACTION, Equipment, parse_numbers
from hipcoach.settings import Settings


@pytest.mark.parametrize("gear, load, heavier, lighter", [
    (Equipment(), "6kg", "7kg", "5kg"),
    (Equipment(), "1kg", "2kg", None),  # never 0 for a loaded exercise
    (Equipment(), "6.5kg", "7kg", "6kg"),  # back onto the increment's grid
    (Equipment(weights=(4, 6, 8)), "6kg", "8kg", "4kg"),
    (Equipment(weights=(4, 6, 8)), "4kg", "6kg", None),
    (Equipment(weights=(4, 6, 8)), "8kg", None, "6kg"),
    (Equipment(weights=(4, 6, 8)), "5kg", "6kg", "4kg"),
    (Equipment(), "1000kg", None, "999kg"),  # the store's limit
    (Equipment(), "20lb", "22.5lb", "17.5lb"),
    (Equipment(), "band:red", "band:green", "band:yellow"),
    (Equipment(bands=("red", "blue")), "band:red", "band:blue", None),
    (Equipment(bands=()), "band:red", None, None),
    (Equipment(), "bodyweight", None, None),
])
def test_one_step(gear: Equipment, load: str, heavier: str | None, lighter: str | None) -> None:
    up, down = gear.heavier(Load.parse(load)), gear.lighter(Load.parse(load))
    assert (str(up) if up else None, str(down) if down else None) == (heavier, lighter)


@given(st.floats(0.5, MAX_LOAD), st.sampled_from([0.25, 0.5, 1.0, 2.0, 2.5]),
       st.booleans(), st.lists(st.floats(0.5, 60), max_size=6))
def test_a_step_is_within_ten_percent_or_the_smallest_and_within_limits(
        value: float, increment: float, easy: bool, owned: list[float]) -> None:
    value = round(value, 2)
    gear = Equipment(weights=tuple(sorted({round(w, 1) for w in owned})), increment=increment)
    load = Load("kg", value=value)
    smallest = gear.heavier(load)
    up = gear.heavier(load, up_to_fraction=easy)
    if up is None:
        assert smallest is None
    else:
        assert smallest is not None and up.value is not None and smallest.value is not None
        assert value < up.value <= MAX_LOAD
        assert up.value - value <= max(MAX_STEP_FRACTION * value, smallest.value - value) + 1e-6
    down = gear.lighter(load)
    if down is not None:
        assert down.value is not None and 0 < down.value < value


def test_equipment_from_settings_and_bad_lists() -> None:
    gear, problems = Equipment.from_settings(Settings(weights_owned="2, 4,6", weight_increment=0.5,
                                                      band_colours="Red, blue"))
    assert gear.weights == (2.0, 4.0, 6.0) and gear.increment == 0.5
    assert gear.bands == ("red", "blue") and problems == []
    with pytest.raises(ValueError, match="weights_owned: expected numbers"):
        Settings().replace(weights_owned="4, heavy")
    with pytest.raises(ValueError, match="band_colours: expected at least one colour"):
        Settings().replace(band_colours=" , ")
    with pytest.raises(ValueError, match="not a number|must be above 0"):
        parse_numbers("0, 4")


def test_a_bad_equipment_list_in_the_file_is_named_not_fatal(tmp_path) -> None:
    from hipcoach import settings as settings_mod

    (tmp_path / "settings.json").write_text('{"weights_owned": "4, heavy", "band_colours": ""}')
    loaded = settings_mod.load(tmp_path)
    assert loaded.settings.weights_owned == "" and loaded.settings.band_colours == Settings().band_colours
    assert any("weights_owned" in p for p in loaded.problems)
    assert any("band_colours" in p for p in loaded.problems)
