"""The catalogue shipped as data (list, info NAME and completion read it) against the catalogue's code."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actplot.activations import catalogue, facts, properties, spec
from actplot.errors import ActplotError


def test_shipped_catalogue_is_current() -> None:
    """The file is what the entries say now: after changing an entry, run
    ``python -m actplot.activations.catalogue``."""
    shipped = catalogue.PATH.read_text(encoding="utf-8")
    assert shipped == json.dumps(catalogue.build(), indent=1, allow_nan=False) + "\n"


def test_names_in_catalogue_order() -> None:
    assert list(catalogue.entries()) == spec.names()
    assert catalogue.all_names() == spec.all_names()


def _read(text: str) -> tuple[str, Any]:
    """What facts.known says of `text`, or the error it raises, as the shipped data answers it and as the
    parser does (a spec is never looked up in the shipped data)."""
    try:
        return "facts", facts.known(text)
    except ActplotError as exc:
        return type(exc).__name__, (exc.message, exc.hint)


def _parsed(text: str) -> tuple[str, Any]:
    try:
        return "facts", facts.known(spec.parse(text))
    except ActplotError as exc:
        return type(exc).__name__, (exc.message, exc.hint)


def _variants(word: str) -> list[str]:
    return [word, word.upper(), word.lower(), word.replace("_", "-"), word.replace("-", "_"), f"  {word} ",
            word.replace("_", ""), word.replace("-", " ")]  # fmt: skip


@pytest.mark.parametrize("word", spec.all_names())
def test_every_name_and_alias_reads_as_the_parser_reads_it(word: str) -> None:
    for text in _variants(word):
        assert catalogue.facts_of(text) is not None or " " in text.strip(), text
        assert _read(text) == _parsed(text), text


@pytest.mark.parametrize(
    "text",
    ["x", "pi", "e", "e-lu", "x-relu", "relu-x", "pi-relu", "relu(x)", "relu()", "elu(alpha=1)", "elu(1)",
     "None", "lambda", "relu.x", "-relu", "relu-", "re--lu", "ｒｅｌｕ", "ＬｅａｋｙＲｅＬＵ", "gleu", "softmax", "",
     "relu 6", "2*relu(x)", "tanh(0.5)"],
)  # fmt: skip
def test_texts_that_are_not_plain_names_read_as_the_parser_reads_them(text: str) -> None:
    assert _read(text) == _parsed(text)


@given(st.text(alphabet="reluLRE6xpi_- (=1).", max_size=14))
def test_any_text_reads_as_the_parser_reads_it(text: str) -> None:
    assert _read(text) == _parsed(text)


def test_shipped_answers_are_fresh_copies() -> None:
    first = facts.known("relu")
    first["aliases"].append("changed")
    first["properties"]["signs"] = "changed"
    assert facts.known("relu") == facts.known(spec.parse("relu")) != first
    assert properties.of("relu") == properties.load()["relu"]


def test_shipped_properties_only_for_float32_on_the_cpu() -> None:
    assert facts.known("relu", "float64")["properties"] is None
    assert facts.known("relu", "float32", "cuda")["properties"] is None
    assert facts.known("ReLU")["properties"] == properties.of("relu")
