"""Fuzzing the loader: whatever the file says, only ProgramError may escape.

Thousands of programme files are made by mutating the built-in TOML (as text, and as a
parsed tree written back out), plus random TOML documents and random text. Each one
either loads - and then every stage must compile to a contiguous timeline - or raises
ProgramError with a one-line problem. Any other exception fails the test.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import tomllib
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from hipcoach.program.catalog import builtin_dir
from hipcoach.program.loader import ProgramError, parse_program_text
from hipcoach.program.model import Program
from hipcoach.session.timeline import compile_stage

BASE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(builtin_dir().glob("*.toml"))]
BASE_TREES = [tomllib.loads(text) for text in BASE_TEXTS]

FIELDS = [
    "program", "stage", "phase", "exercise", "id", "name", "version", "description", "kind",
    "work", "sets", "reps", "tempo", "start", "sides", "rest", "rest_after", "load", "hold",
    "rest_between_reps", "confirm", "cues",
]
PLAUSIBLE = [
    "3-0-3-0", "X-0-X-0", "0-0-0-0", "9-9-9-9", "60s", "1m30s", "10m", "10m1s", "0s", "8-12",
    "12-8", "1-100", "0", "both", "each", "alternate", "eccentric", "concentric", "warmup",
    "loaded", "band:red", "5kg", "2.5lb", "bodyweight", "", " ", "a", "hip-extension",
]
SETTINGS = settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

keys = st.sampled_from(FIELDS) | st.text(max_size=8)
scalars = st.one_of(
    st.booleans(),
    st.integers(),
    st.integers(min_value=-3, max_value=25),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(PLAUSIBLE),
    st.dates(),
    st.times(),
    st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)


# Writing TOML --------------------------------------------------------------------------
def toml_key(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def toml_document(tree: dict[str, Any]) -> str:
    return "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in tree.items())


# The property --------------------------------------------------------------------------
def check(text: str) -> None:
    try:
        program = parse_program_text(text, "fuzz.toml")
    except ProgramError as exc:
        problem = exc.problem
        assert problem.file == "fuzz.toml"
        assert problem.message
        assert "\n" not in str(problem), "a problem must fit on one line"
        event("TOML syntax" if problem.message.startswith("not valid TOML") else "invalid content")
        return
    event("loaded")
    assert isinstance(program, Program)
    for stage in program.stage:
        timeline = compile_stage(program, stage)
        t = 0.0
        for step in timeline.steps:
            assert step.t == t and step.duration >= 0
            t = step.end


# Text mutations ------------------------------------------------------------------------
Draw = Callable[[st.SearchStrategy[Any]], Any]


def _span(draw: Draw, text: str) -> tuple[int, int]:
    start = draw(st.integers(0, len(text)))
    return start, min(len(text), start + draw(st.integers(1, 40)))


def delete_chars(draw: Draw, text: str) -> str:
    a, b = _span(draw, text)
    return text[:a] + text[b:]


def duplicate_chars(draw: Draw, text: str) -> str:
    a, b = _span(draw, text)
    return text[:b] + text[a:b] + text[b:]


def replace_chars(draw: Draw, text: str) -> str:
    a, b = _span(draw, text)
    junk = draw(st.text(alphabet=st.sampled_from('[]{}="\'\n#.,-_:019Xx \\\t') | st.characters(),
                        max_size=b - a + 2))
    return text[:a] + junk + text[b:]


def truncate(draw: Draw, text: str) -> str:
    return text[: draw(st.integers(0, len(text)))]


def _lines(draw: Draw, text: str) -> tuple[list[str], int]:
    lines = text.split("\n")
    return lines, draw(st.integers(0, len(lines) - 1))


def delete_line(draw: Draw, text: str) -> str:
    lines, i = _lines(draw, text)
    del lines[i]
    return "\n".join(lines)


def duplicate_line(draw: Draw, text: str) -> str:
    lines, i = _lines(draw, text)
    lines.insert(draw(st.integers(0, len(lines))), lines[i])
    return "\n".join(lines)


def swap_lines(draw: Draw, text: str) -> str:
    lines, i = _lines(draw, text)
    j = draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def replace_value(draw: Draw, text: str) -> str:
    """Give one ``key = value`` line a value of a random type."""
    lines = text.split("\n")
    assignments = [i for i, line in enumerate(lines) if " = " in line and '"""' not in line]
    if not assignments:
        return text + "\nid = " + toml_value(draw(values))
    i = draw(st.sampled_from(assignments))
    key = lines[i].split(" = ", 1)[0]
    lines[i] = f"{key} = {toml_value(draw(values))}"
    return "\n".join(lines)


def insert_line(draw: Draw, text: str) -> str:
    lines, i = _lines(draw, text)
    line = draw(st.one_of(
        st.builds(lambda k, v: f"{toml_key(k)} = {toml_value(v)}", keys, values),
        st.sampled_from(["[program]", "[[stage]]", "[[stage.phase]]", "[[stage.phase.exercise]]",
                         "[stage]", "[[program]]", "[stage.phase]", "[[stage.phase.exercise.cues]]"]),
        st.text(max_size=30),
    ))
    lines.insert(i, line)
    return "\n".join(lines)


TEXT_MUTATIONS = [delete_chars, duplicate_chars, replace_chars, truncate, delete_line,
                  duplicate_line, swap_lines, replace_value, replace_value, insert_line]


@SETTINGS
@given(st.data())
def test_mutated_programme_text(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(BASE_TEXTS))
    for _ in range(data.draw(st.integers(1, 5))):
        mutation = data.draw(st.sampled_from(TEXT_MUTATIONS))
        text = mutation(data.draw, text)
    check(text)


# Tree mutations: valid TOML, wrong content ---------------------------------------------
def _slots(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a parsed document."""
    found: list[tuple[Any, Any]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, child in items:
        found.append((node, key))
        if isinstance(child, dict | list):
            found.extend(_slots(child))
    return found


@SETTINGS
@given(st.data())
def test_mutated_programme_tree(data: st.DataObject) -> None:
    tree = copy.deepcopy(data.draw(st.sampled_from(BASE_TREES)))
    for _ in range(data.draw(st.integers(1, 4))):
        slots = _slots(tree)
        if not slots:
            break
        container, key = data.draw(st.sampled_from(slots))
        action = data.draw(st.sampled_from(["replace", "replace", "delete", "add", "copy"]))
        if action == "replace":
            container[key] = data.draw(values)
        elif action == "delete":
            del container[key]
        elif action == "copy" and isinstance(container, list):
            container.insert(data.draw(st.integers(0, len(container))), copy.deepcopy(container[key]))
        elif isinstance(container, dict):
            container[data.draw(keys)] = data.draw(values)
    check(toml_document(tree))


# Random documents ----------------------------------------------------------------------
@settings(SETTINGS, max_examples=400)
@given(st.dictionaries(keys, values, max_size=5))
def test_random_toml_documents(tree: dict[str, Any]) -> None:
    check(toml_document(tree))


@settings(SETTINGS, max_examples=400)
@given(st.text(max_size=200))
def test_random_text(text: str) -> None:
    check(text)


def test_the_fuzzer_writes_valid_toml() -> None:
    for text, tree in zip(BASE_TEXTS, BASE_TREES, strict=True):
        assert tomllib.loads(toml_document(tree)) == tree
        assert parse_program_text(toml_document(tree)) == parse_program_text(text)
