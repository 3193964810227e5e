"""``zgql check``: find query files, analyse each, print findings as ``path:line:col: rule``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from zgql._analysis._analyze import analyze
from zgql._exceptions import ZgqlError
from zgql._schema import load_schema

__all__ = ["run_check"]

QUERY_SUFFIXES = (".graphql", ".gql")


def run_check(paths: Sequence[Path], *, schema_path: Path | None, out: TextIO, err: TextIO) -> int:
    try:
        schema = load_schema(schema_path)
        files = sorted(set(_query_files(paths)))
    except (ZgqlError, FileNotFoundError) as exc:
        err.write(f"zgql: {exc}\n")
        return 2
    findings = 0
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            err.write(f"zgql: {path}: cannot read as UTF-8 text: {exc}\n")
            return 2
        for diagnostic in analyze(text, schema).diagnostics:
            findings += 1
            where = f"{diagnostic.line}:{diagnostic.column}" if diagnostic.line else "1:1"
            out.write(f"{path}:{where}: {diagnostic.rule} {diagnostic.message}\n")
    checked = f"{len(files)} file{'s' * (len(files) != 1)}"
    out.write(f"{findings} finding{'s' * (findings != 1)} in {checked}\n")
    return 1 if findings else 0


def _query_files(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from (p for p in path.rglob("*") if p.suffix in QUERY_SUFFIXES and p.is_file())
        elif path.is_file():
            yield path
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
