"""The per-user cache key and signed cache files: only what this user's zgql wrote is read."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from zgql import _user_cache
from zgql._user_cache import read_signed, user_key, write_signed


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user cache folder of this test's own, with no key remembered from another test."""
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("ZGQL_CACHE_DIR", str(folder))
    monkeypatch.delenv("ZGQL_NO_CACHE", raising=False)
    monkeypatch.setattr(_user_cache, "_keys", {})
    return folder


def test_the_key_is_made_once_private(home: Path) -> None:
    key = user_key()
    assert key is not None and len(key) == 32
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "cache-key").stat().st_mode) == 0o600
    _user_cache._keys.clear()
    assert user_key() == key  # read back, not made anew
    assert [p.name for p in home.iterdir()] == ["cache-key"]  # no temporary file left


@pytest.mark.usefixtures("home")
def test_a_signed_file_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "entry.json"
    assert write_signed(path, "test/1", b'{"a": 1}')
    assert read_signed(path, "test/1", 1000) == b'{"a": 1}'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_tampered_foreign_or_misused_files_are_misses(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "entry.json"
    write_signed(path, "test/1", b'{"verdict": "fail"}')
    signed = path.read_bytes()
    path.write_bytes(signed.replace(b"fail", b"pass"))
    assert read_signed(path, "test/1", 1000) is None  # tampered
    path.write_bytes(signed)
    assert read_signed(path, "other/1", 1000) is None  # written for another purpose
    assert read_signed(path, "test/1", 10) is None  # larger than the reader allows
    path.write_bytes(signed[: len(signed) // 2])
    assert read_signed(path, "test/1", 1000) is None  # truncated
    # Signed by someone else: another user's key (another cache folder) on the same bytes.
    monkeypatch.setenv("ZGQL_CACHE_DIR", str(tmp_path / "stranger"))
    write_signed(path, "test/1", b'{"verdict": "pass"}')
    monkeypatch.setenv("ZGQL_CACHE_DIR", str(home))
    assert read_signed(path, "test/1", 1000) is None


@pytest.mark.usefixtures("home")
def test_special_files_are_never_read(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    write_signed(target, "test/1", b"{}")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert read_signed(link, "test/1", 1000) is None  # a symlink, even to a good file
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    result: list[bytes | None] = []
    reader = threading.Thread(target=lambda: result.append(read_signed(fifo, "test/1", 1000)))
    reader.start()
    reader.join(timeout=5)
    assert not reader.is_alive() and result == [None]  # answered at once, never blocked
    assert read_signed(Path("/dev/zero"), "test/1", 1000) is None


@pytest.mark.parametrize("damage", ["readable by others", "a symlink", "a folder open to all"])
def test_an_untrustworthy_key_turns_caching_off(home: Path, tmp_path: Path, damage: str) -> None:
    home.mkdir(mode=0o700)
    key = home / "cache-key"
    if damage == "readable by others":
        key.write_bytes(b"k" * 32)
        key.chmod(0o644)
    elif damage == "a symlink":
        elsewhere = tmp_path / "planted-key"
        elsewhere.write_bytes(b"k" * 32)
        elsewhere.chmod(0o600)
        key.symlink_to(elsewhere)
    else:
        home.chmod(0o777)
    assert user_key() is None
    assert not write_signed(tmp_path / "entry.json", "test/1", b"{}")
    assert not (tmp_path / "entry.json").exists()


def test_caching_off_means_no_key(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZGQL_NO_CACHE", "1")
    assert user_key() is None
    assert not home.exists()
