"""RedisCoordinator when Redis fails (one typed error, no password anywhere), its repr, and the
RedisServer test helper."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterator

import pytest
import redis

from coordination.conftest import Worker, require_redis_server
from zgql import ZgqlError
from zgql._client._oauth import StoredToken
from zgql._coordination._base import Lease, Reservation
from zgql._coordination._redis import CoordinationError, RedisCoordinator
from zgql.testing._redis import RedisServer

PASSWORD = "s3cret-Pa55word"


@pytest.fixture
def own_server() -> Iterator[RedisServer]:
    """A server of this test's own, with a password, that the test may stop."""
    require_redis_server()
    with RedisServer(password=PASSWORD) as server:
        yield server


def calls(coordinator: RedisCoordinator) -> dict[str, Callable[[], object]]:
    lease = Lease("org", "lease")
    reservation = Reservation("org", "id", 5, time.time())

    def lock() -> None:
        with coordinator.refresh_lock("key", 0.5):
            pass  # pragma: no cover - not reached

    return {
        "acquire_slot": lambda: coordinator.release_slot(coordinator.acquire_slot("org", 1, 30)),
        "acquire_slot_async": lambda: asyncio.run(_acquire_async(coordinator)),
        "release_slot": lambda: coordinator.release_slot(lease),
        "release_slot_async": lambda: asyncio.run(_release_async(coordinator, lease)),
        "renew_slot": lambda: coordinator.renew_slot(lease, 30),
        "reserve_credits": lambda: coordinator.reserve_credits("org", 5, budget_per_day=None),
        "settle_credits": lambda: coordinator.settle_credits(reservation, 7),
        "sync_credits": lambda: coordinator.sync_credits("org", 5, 10),
        "credits_used": lambda: coordinator.credits_used("org"),
        "load_token": lambda: coordinator.load_token("key"),
        "save_token": lambda: coordinator.save_token("key", StoredToken(PASSWORD, 1e10)),
        "refresh_lock": lock,
        "record_mint": lambda: coordinator.record_mint("key", time.time()),
        "mints_since": lambda: coordinator.mints_since("key", 0),
    }


async def _acquire_async(coordinator: RedisCoordinator) -> None:
    try:
        await coordinator.release_slot_async(await coordinator.acquire_slot_async("org", 1, 30))
    finally:
        await coordinator.aclose()


async def _release_async(coordinator: RedisCoordinator, lease: Lease) -> None:
    try:
        await coordinator.release_slot_async(lease)
    finally:
        await coordinator.aclose()


def assert_no_secret(error: BaseException) -> None:
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    assert PASSWORD not in text
    assert PASSWORD not in repr(error)


def test_redis_stopped_mid_run(own_server: RedisServer) -> None:
    coordinator = RedisCoordinator(own_server.url, namespace="t", socket_timeout=1.0)
    assert PASSWORD in own_server.url and PASSWORD not in repr(coordinator)
    for call in calls(coordinator).values():  # all well while Redis is up
        call()
    own_server.stop()
    for name, call in calls(coordinator).items():
        with pytest.raises(CoordinationError) as caught:
            call()
        error = caught.value
        assert isinstance(error, ZgqlError), name
        assert f"127.0.0.1:{own_server.port}" in str(error), name
        assert "redis://:***@" in str(error), name
        assert_no_secret(error)
    # Back again (empty, and without the scripts: they are loaded again).
    own_server.start()
    for call in calls(coordinator).values():
        call()
    coordinator.close()


def test_redis_stopped_while_a_thread_waits(own_server: RedisServer) -> None:
    coordinator = RedisCoordinator(own_server.url, namespace="t", socket_timeout=2.0)
    coordinator.acquire_slot("org", 1, 30)
    errors: list[BaseException] = []

    def wait() -> None:
        try:
            coordinator.acquire_slot("org", 1, 30)
        except BaseException as error:  # noqa: BLE001 - looked at below
            errors.append(error)

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(0.2)
    own_server.stop()
    waiter.join(5)
    assert not waiter.is_alive()
    assert len(errors) == 1 and isinstance(errors[0], CoordinationError)
    assert_no_secret(errors[0])
    coordinator.close()


def test_redis_stopped_while_a_task_waits(own_server: RedisServer) -> None:
    coordinator = RedisCoordinator(own_server.url, namespace="t", socket_timeout=2.0)

    async def run() -> None:
        try:
            await coordinator.acquire_slot_async("org", 1, 30)
            waiter = asyncio.create_task(coordinator.acquire_slot_async("org", 1, 30))
            await asyncio.sleep(0.2)
            own_server.stop()
            with pytest.raises(CoordinationError) as caught:
                await asyncio.wait_for(waiter, 5)
            assert_no_secret(caught.value)
        finally:
            await coordinator.aclose()

    asyncio.run(run())
    coordinator.close()


def test_a_wrong_password(own_server: RedisServer) -> None:
    url = own_server.url.replace(PASSWORD, "wrong-" + PASSWORD)
    coordinator = RedisCoordinator(url, namespace="t")
    with pytest.raises(CoordinationError) as caught:
        coordinator.credits_used("org")
    assert_no_secret(caught.value)
    assert "wrong-" not in str(caught.value)
    coordinator.close()


def test_nobody_listening() -> None:
    coordinator = RedisCoordinator("redis://127.0.0.1:1/0", socket_timeout=1.0)
    with pytest.raises(CoordinationError, match=r"Redis at redis://127\.0\.0\.1:1/0 failed"):
        coordinator.acquire_slot("org", 1, 30)
    coordinator.close()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://:pw-1@host:6379/0", "redis://:***@host:6379/0"),
        ("redis://user:pw-1@host:6379/2", "redis://user:***@host:6379/2"),
        ("rediss://user@host", "rediss://user@host"),
        ("redis://host:6379/0?password=pw-1&db=1", "redis://host:6379/0"),
        ("unix:///run/redis.sock?password=pw-1", "unix:///run/redis.sock"),
    ],
)
def test_repr_without_secrets(url: str, shown: str) -> None:
    coordinator = RedisCoordinator(url, namespace="ns", fallback=True)
    assert repr(coordinator) == f"RedisCoordinator({shown!r}, namespace='ns')"
    assert coordinator.fallback is True
    assert "pw-1" not in repr(vars(coordinator).get("url"))
    coordinator.close()


def test_bad_settings() -> None:
    with pytest.raises(ValueError, match="namespace"):
        RedisCoordinator("redis://host", namespace="a{b}")
    with pytest.raises(ValueError, match="socket_timeout"):
        RedisCoordinator("redis://host", socket_timeout=0)


def test_no_automatic_retries(coordinator: RedisCoordinator) -> None:
    # A retried script that ran once already would count credits twice.
    retry = coordinator._client.get_retry()
    assert retry is not None and retry.get_retries() == 0


def test_the_server_does_not_outlive_a_killed_test_process(
    spawn: Callable[..., Worker],
) -> None:
    require_redis_server()
    worker = spawn("-", "-", "server")
    _, port, _pid = worker.expect("server").split()
    assert _answers(int(port))
    os.kill(worker.pid, signal.SIGKILL)  # no cleanup runs in it
    deadline = time.monotonic() + 5
    while _answers(int(port)):
        assert time.monotonic() < deadline, "redis-server outlived the process that started it"
        time.sleep(0.02)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def test_the_server_helper(raw: redis.Redis, redis_server: RedisServer) -> None:
    with RedisServer() as server:
        assert server.running and server.port != redis_server.port
        client = redis.Redis.from_url(server.url)
        client.set("k", "v")
        server.stop()
        assert repr(server).endswith("stopped)")
        server.stop()  # twice: nothing
        server.start()
        assert client.get("k") is None  # nothing was saved
        assert repr(server) == f"RedisServer(127.0.0.1:{server.port}, running)"
        client.close()
        folder = server._folder
        assert folder is not None and folder.is_dir()
    assert repr(server).endswith("stopped)") and not folder.exists()
    assert raw.ping()
