from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import zgql
from zgql._schema import _load

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"
NAME = "zoho-crm-enterprise"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for suffix in (".introspection.json", ".metadata.json"):
        shutil.copy(SCHEMA_DIR / f"{NAME}{suffix}", tmp_path / f"org{suffix}")
    return tmp_path


@pytest.fixture(autouse=True)
def fresh_memo(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test loads for itself, except those about the session's own bundled schema."""
    if "schema" not in request.fixturenames:
        monkeypatch.setattr(_load, "_memo", {})
        monkeypatch.setattr(_load, "_bundled_schema", [])


def test_bundled(schema: zgql.Schema) -> None:
    assert schema.origin == "bundled"
    assert {"Leads", "Deals", "Appointments__s", "Services__s"} <= set(schema.modules)
    assert "Subform_1" not in schema.modules and "Users" not in schema.modules
    assert len(schema.digest) == 64
    assert "bundled" in repr(schema)


def test_loaded_once_per_process(schema: zgql.Schema) -> None:
    assert zgql.load_schema() is schema


def test_from_a_file_or_its_folder(copy: Path, schema: zgql.Schema) -> None:
    by_file = zgql.load_schema(copy / "org.introspection.json")
    by_folder = zgql.load_schema(copy)
    assert by_file.digest == by_folder.digest == schema.digest
    assert by_file.origin.endswith("org.introspection.json")


def test_a_saved_introspection_response_is_accepted(copy: Path) -> None:
    path = copy / "org.introspection.json"
    path.write_text(json.dumps({"data": json.loads(path.read_text())}))
    assert "Leads" in zgql.load_schema(path).modules


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b'{"__schema": ', "not JSON"),
        (b"<html><body>502 Bad Gateway</body></html>", "not JSON"),
        (b'{"data": {"Records": null}}', "not an introspection result"),
        (b'{"__schema": {"types": []}}', "not a valid introspection result"),
    ],
)
def test_broken_introspection(copy: Path, content: bytes, said: str) -> None:
    path = copy / "org.introspection.json"
    path.write_bytes(content)
    with pytest.raises(zgql.SchemaError) as caught:
        zgql.load_schema(path)
    message = str(caught.value)
    assert said in message and str(path) in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"[]", "no 'modules' list"),
        (b'{"zgql_metadata_version": 9, "modules": []}', "version 9"),
        (
            b'{"zgql_metadata_version": 1, "modules": [{"api_name": "Leads", "fields": [{"api_name": 1}]}]}',
            "string 'api_name' and 'data_type'",
        ),
        (
            b'{"zgql_metadata_version": 1, "modules": [{"api_name": "Leads", "fields": [], "related_lists": {}}]}',
            "'related_lists' must be a list",
        ),
        (
            b'{"zgql_metadata_version": 1, "modules": [{"api_name": "Leads", "fields": [], "related_lists": [{"module": "Deals"}]}]}',
            r"related_lists\[0\]: a related list needs a string 'api_name'",
        ),
    ],
)
def test_broken_metadata(copy: Path, content: bytes, said: str) -> None:
    (copy / "org.metadata.json").write_bytes(content)
    with pytest.raises(zgql.SchemaError, match=said):
        zgql.load_schema(copy)


def test_missing_paths(tmp_path: Path) -> None:
    with pytest.raises(zgql.SchemaError, match="no such schema file"):
        zgql.load_schema(tmp_path / "nope.introspection.json")
    with pytest.raises(zgql.SchemaError, match="found none"):
        zgql.load_schema(tmp_path)


def test_cache_is_written_private_and_reused(
    copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("ZGQL_CACHE_DIR", str(cache))
    first = zgql.load_schema(copy)
    (entry,) = cache.glob("schema-*.json")
    assert entry.name.startswith(f"schema-{first.digest[:40]}")
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    monkeypatch.setattr(_load, "_memo", {})
    monkeypatch.setattr(_load, "_build", _fail)
    assert zgql.load_schema(copy).digest == first.digest  # served from the cache


def test_cache_is_never_stale(copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZGQL_CACHE_DIR", str(tmp_path / "cache"))
    before = zgql.load_schema(copy)
    metadata = json.loads((copy / "org.metadata.json").read_text())
    leads = next(m for m in metadata["modules"] if m["api_name"] == "Leads")
    next(f for f in leads["fields"] if f["api_name"] == "Street")["data_type"] = "textarea"
    (copy / "org.metadata.json").write_text(json.dumps(metadata))
    after = zgql.load_schema(copy)
    assert after.digest != before.digest
    streets = " ".join(f"s{i}: Street {{ value }}" for i in range(6))
    query = f"{{ Records {{ Leads {{ _data {{ {streets} }} }} }} }}"
    assert zgql.analyze(query, before).ok
    assert [d.rule for d in zgql.analyze(query, after).diagnostics] == ["textareas-per-resource"]


def test_damaged_cache_is_rebuilt(
    copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("ZGQL_CACHE_DIR", str(cache))
    digest = zgql.load_schema(copy).digest
    (entry,) = cache.glob("schema-*.json")
    entry.write_bytes(entry.read_bytes()[:200])
    monkeypatch.setattr(_load, "_memo", {})
    assert zgql.load_schema(copy).digest == digest


def test_unwritable_cache_only_costs_time(
    copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("ZGQL_CACHE_DIR", str(blocker / "cache"))
    assert "Leads" in zgql.load_schema(copy).modules


def test_cache_off(copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZGQL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ZGQL_NO_CACHE", "1")
    zgql.load_schema(copy)
    assert not (tmp_path / "cache").exists()


def test_fresh_process_loads_without_importing_http(tmp_path: Path) -> None:
    code = "import sys, zgql; zgql.load_schema(); print(sorted(m for m in ('httpx', 'gql') if m in sys.modules))"
    env = {**os.environ, "ZGQL_CACHE_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "[]"


def _fail(*_: object) -> None:
    raise AssertionError("the cache should have been used")
