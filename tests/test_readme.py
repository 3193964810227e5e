"""The README's examples run as written: the library example and what its comments say, and
every configuration it shows is one zgql accepts."""

from __future__ import annotations

import re
import sys
from fractions import Fraction
from pathlib import Path

import pytest

import zgql
from zgql._config import load_config

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```(?P<language>\w+)\n(?P<body>.*?)```", re.DOTALL)


def _blocks(language: str) -> list[str]:
    return [m["body"] for m in BLOCK.finditer(README) if m["language"] == language]


def test_the_library_example_says_what_it_computes() -> None:
    example = _blocks("python")[0]
    namespace: dict[str, object] = {}
    lines = example.splitlines()
    exec("\n".join(lines), namespace)  # noqa: S102 - the README's own example
    said = 0
    for line in lines:
        expression, _, comment = line.partition("  # ")
        stated = re.match(r"(-?\d+|True|False|Fraction\(\d+, \d+\))(?!\w)", comment)
        if stated and expression.strip():
            value = eval(expression, namespace)  # noqa: S307 - the README's own expressions
            assert value == eval(stated[1], {"Fraction": Fraction}), line  # noqa: S307
            said += 1
    assert said == 5


@pytest.mark.parametrize("block", [b for b in _blocks("toml") if "[tool.zgql" in b])
def test_every_configuration_shown_is_accepted(block: str, tmp_path: Path) -> None:
    tomllib.loads(block)
    (tmp_path / "pyproject.toml").write_text(block)
    config = load_config(tmp_path / "pyproject.toml")
    assert isinstance(config.limits, zgql.Limits)
