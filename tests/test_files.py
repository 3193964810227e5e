"""Private files (credentials, token stores): only their owner can ever read them, and nothing
placed beside them beforehand can redirect or expose what is written.

The attacks are played for real: another user of a shared folder pre-creates the temporary
file zgql used to write through, or plants a symlink there or at the destination.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

import zgql
from zgql._files import write_private

TOKENS = {"key": {"access_token": "1000.secret", "expires_at": 1.0}}

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")


def _old_temporary(path: Path) -> Path:
    """The predictable name zgql once wrote through."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_the_file_is_private_and_holds_the_json(tmp_path: Path) -> None:
    path = tmp_path / "new" / "tokens.json"
    write_private(path, TOKENS)
    assert json.loads(path.read_text(encoding="utf-8")) == TOKENS
    assert _mode(path) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["tokens.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_world_readable_file_at_the_old_temporary_name_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    planted = _old_temporary(path)
    planted.write_text("planted\n", encoding="utf-8")
    planted.chmod(0o666)  # another user made it, and may read whatever lands in it
    write_private(path, TOKENS)
    assert _mode(path) == 0o600
    assert json.loads(path.read_text(encoding="utf-8")) == TOKENS
    assert planted.read_text(encoding="utf-8") == "planted\n"  # not written through


@needs_symlinks
def test_a_symlink_at_the_old_temporary_name_sends_the_token_nowhere(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    victim = tmp_path / "someone-elses.txt"
    victim.write_text("theirs\n", encoding="utf-8")
    _old_temporary(path).symlink_to(victim)
    write_private(path, TOKENS)
    assert victim.read_text(encoding="utf-8") == "theirs\n"
    assert not path.is_symlink()
    assert _mode(path) == 0o600
    assert json.loads(path.read_text(encoding="utf-8")) == TOKENS


@needs_symlinks
def test_a_symlink_at_the_destination_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    target = tmp_path / "elsewhere.json"
    target.write_text("{}\n", encoding="utf-8")
    path.symlink_to(target)
    with pytest.raises(zgql.ConfigError, match="symlink") as caught:
        write_private(path, TOKENS)
    assert str(path) in str(caught.value)
    assert path.is_symlink() and target.read_text(encoding="utf-8") == "{}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere.json", "tokens.json"]


def test_a_failed_write_leaves_no_temporary_file_and_the_old_one_whole(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    write_private(path, TOKENS)
    with pytest.raises(TypeError):
        write_private(path, {"key": object()})  # not JSON: fails half-way through writing
    assert json.loads(path.read_text(encoding="utf-8")) == TOKENS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tokens.json"]


def test_a_destination_that_cannot_be_replaced_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    path.mkdir()  # a folder where the file should be
    with pytest.raises(zgql.ConfigError, match="cannot write") as caught:
        write_private(path, TOKENS)
    assert str(path) in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tokens.json"]
