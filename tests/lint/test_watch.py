"""``zgql check --watch``: a first check, then the files saved checked again; Ctrl-C ends it."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from zgql._config import Config
from zgql._lint._command import CheckOptions
from zgql._lint._watch import watch

GOOD = "query Good { Records { Leads { _data { id { value } } } } }\n"
DEEP = "query Deep { Records { Contacts { _data { Account_Name { Parent_Account { Owner { id { value } } } } } } } }\n"


def _until(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


class _Output(io.StringIO):
    """Standard output shared with the watching thread."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()

    def write(self, text: str) -> int:
        with self.lock:
            return super().write(text)

    def text(self) -> str:
        with self.lock:
            return self.getvalue()


def test_a_saved_file_is_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "q.graphql").write_text(GOOD)
    (tmp_path / "other.graphql").write_text(GOOD)
    out, stop = _Output(), threading.Event()
    options = CheckOptions(paths=(tmp_path,), use_cache=False)
    worker = threading.Thread(
        target=watch, args=(options, Config(root=tmp_path)), kwargs={"stdout": out, "stop": stop}
    )
    worker.start()
    try:
        _until(lambda: "All 2 files passed." in out.text())
        time.sleep(0.3)  # the watcher is set up after the first report
        (tmp_path / "q.graphql").write_text(DEEP)
        _until(lambda: "records-depth" in out.text())
    finally:
        stop.set()
        worker.join(10)
    assert not worker.is_alive()
    later = out.text().split("All 2 files passed.", 1)[1]
    assert "changed: q.graphql\n" in later
    assert "q.graphql:1:75: records-depth" in later and "other.graphql" not in later


def test_ctrl_c_ends_it(tmp_path: Path) -> None:
    (tmp_path / "zgql.toml").write_text("")
    (tmp_path / "q.graphql").write_text(GOOD)
    with subprocess.Popen(
        [sys.executable, "-m", "zgql", "check", "--watch", "--no-cache"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    ) as watcher:
        try:
            assert watcher.stdout is not None
            assert watcher.stdout.readline() == "1 file passed.\n"
            time.sleep(0.5)
            watcher.send_signal(signal.SIGINT)
            assert watcher.wait(20) == 0
        finally:
            watcher.kill()
