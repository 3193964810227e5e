"""One ``redis-server`` for the session (each test in its own namespace), and worker processes
that are killed when the test ends."""

from __future__ import annotations

import queue
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from zgql._coordination._redis import RedisCoordinator

WORKER = Path(__file__).with_name("_worker.py")


def require_redis_server() -> None:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")


@pytest.fixture
def namespace() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def coordinator(redis_url: str, namespace: str) -> Iterator[RedisCoordinator]:
    coordinator = RedisCoordinator(redis_url, namespace=namespace)
    yield coordinator
    coordinator.close()


@pytest.fixture
def raw(redis_url: str) -> Iterator[redis.Redis]:
    """A plain client, to look at the keys."""
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


class Worker:
    """A worker process (tests/coordination/_worker.py) and the lines it prints."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.pid = self.process.pid
        self._lines: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.strip())
        self._lines.put("<eof>")

    def expect(self, wanted: str, timeout: float = 10.0) -> str:
        """Wait for a line starting with ``wanted``; returns it."""
        while True:
            try:
                line = self._lines.get(timeout=timeout)
            except queue.Empty:
                msg = f"worker {self.pid} did not print {wanted!r} in {timeout} s"
                raise AssertionError(msg) from None
            if line == "<eof>":
                self.process.wait()
                assert self.process.stderr is not None
                msg = f"worker {self.pid} ended before {wanted!r}:\n{self.process.stderr.read()}"
                raise AssertionError(msg)
            if line.startswith(wanted):
                return line

    def wait(self, timeout: float = 20.0) -> int:
        code = self.process.wait(timeout)
        self._reader.join(5)
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._reader.join(5)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def spawn() -> Iterator[Callable[..., Worker]]:
    """Start worker processes; every one still running is killed at the end of the test."""
    workers: list[Worker] = []

    def start(*args: str) -> Worker:
        worker = Worker(*args)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.kill()
