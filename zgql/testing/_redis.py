"""A throwaway ``redis-server`` for tests: on a free loopback port, in a temporary folder, with
nothing saved to disk::

    with RedisServer() as server:
        coordinator = RedisCoordinator(server.url)
        ...
        server.stop()   # Redis goes away mid-run ...
        server.start()  # ... and comes back, empty, on the same port

Needs only the ``redis-server`` executable (not the redis Python package).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from typing_extensions import Self  # annotations only: never imported at run time

__all__ = ["RedisServer"]


class RedisServer:
    """One ``redis-server`` process, started by :meth:`start` (or ``with``), stopped by
    :meth:`stop`; :meth:`close` (or leaving ``with``) also removes its folder. ``password``
    makes it require one (``--requirepass``), and :attr:`url` carries it."""

    host = "127.0.0.1"

    def __init__(
        self,
        *,
        executable: str = "redis-server",
        password: str | None = None,
        startup_timeout: float = 10.0,
    ) -> None:
        self.executable = executable
        self.password = password
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self._folder: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None  # the guard (below)
        self._pid = 0  # redis-server's

    @property
    def url(self) -> str:
        if self.port is None:
            msg = "the Redis server has not been started"
            raise RuntimeError(msg)
        auth = f":{quote(self.password, safe='')}@" if self.password else ""
        return f"redis://{auth}{self.host}:{self.port}/0"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"RedisServer({self.host}:{self.port}, {state})"

    def start(self) -> None:
        """Start it (again: on the same port), and wait until it answers PING."""
        if self.running:
            return
        executable = shutil.which(self.executable)
        if executable is None:
            msg = f"{self.executable!r} was not found: install Redis (Debian: redis-server)"
            raise FileNotFoundError(msg)
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="zgql-redis-"))
        first = self.port is None
        for _ in range(5 if first else 1):
            if first:
                self.port = _free_port(self.host)
            try:
                self._launch(executable)
            except OSError:
                if not first:
                    raise
                continue  # the port was taken between choosing and binding: another one
            return
        msg = "could not start redis-server on a free port"
        raise OSError(msg)

    def _launch(self, executable: str) -> None:
        assert self._folder is not None
        assert self.port is not None
        log = self._folder / "redis.log"
        config = self._folder / "redis.conf"  # the password, if any: not on a command line
        lines = [f"requirepass {_quoted(self.password)}"] if self.password else []
        config.write_text("".join(line + "\n" for line in lines))
        config.chmod(0o600)
        args = [
            executable,
            str(config),
            "--port",
            str(self.port),
            "--bind",
            self.host,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self._folder),
            "--logfile",
            str(log),
            "--daemonize",
            "no",
        ]
        self._process = subprocess.Popen(  # noqa: S603 - sh, then redis-server found on PATH
            ["/bin/sh", "-c", _GUARD, "sh", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self._process.stdout is not None
        self._pid = int(self._process.stdout.readline() or 0)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                self.stop()
                msg = f"redis-server exited at start on port {self.port}:\n{tail}"
                raise OSError(msg)
            if _server_pid(self.host, self.port, self.password) == self._pid:
                return  # this server, not another one that took the port meanwhile
            time.sleep(0.01)
        self.stop()
        msg = f"redis-server did not answer on port {self.port} in {self.startup_timeout:g} s"
        raise OSError(msg)

    def stop(self) -> None:
        """Stop the server (its data is gone: nothing is saved); :meth:`start` brings it back."""
        process, self._process = self._process, None
        if process is None:
            return
        assert process.stdin is not None
        assert process.stdout is not None
        process.stdin.close()  # the guard stops redis-server (SIGTERM), then ends itself
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            if self._pid:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self._pid, signal.SIGKILL)
            process.kill()
            process.wait()
        process.stdout.close()

    def close(self) -> None:
        """Stop the server and remove its folder."""
        self.stop()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


# redis-server runs under a small shell that prints its pid and stops it when its standard input
# closes: by stop(), or when this process dies, however it dies (SIGKILL too, a CI timeout), so
# no server outlives the tests that started it.
_GUARD = (
    "exec 3<&0\n"
    '"$@" </dev/null >/dev/null 2>&1 3<&- &\n'
    "pid=$!\n"
    'echo "$pid"\n'
    '(read -r _ <&3; kill "$pid" 2>/dev/null) >/dev/null 2>&1 &\n'
    'wait "$pid"\n'
)


def _quoted(value: str) -> str:
    """A string in redis.conf's quoting."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def _server_pid(host: str, port: int, password: str | None) -> int | None:
    """The process id of the Redis server answering on ``host:port``, or None when none does
    (yet)."""
    commands = [[b"INFO", b"server"]]
    if password:
        commands.insert(0, [b"AUTH", password.encode()])
    request = b"".join(
        b"*%d\r\n" % len(cmd) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in cmd)
        for cmd in commands
    )
    reply = b""
    try:
        with socket.create_connection((host, port), timeout=0.5) as conn:
            conn.sendall(request)
            while b"process_id:" not in reply or not reply.split(b"process_id:")[1].count(b"\n"):
                chunk = conn.recv(65536)
                if not chunk or reply.startswith(b"-") or len(reply) > 1 << 20:
                    return None
                reply += chunk
    except OSError:
        return None
    value = reply.split(b"process_id:")[1].split(b"\r\n")[0]
    return int(value) if value.isdigit() else None
