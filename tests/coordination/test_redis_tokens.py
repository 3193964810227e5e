"""RedisCoordinator's token store, refresh lock and mint record, within and across processes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
import redis

from coordination.conftest import Worker
from zgql._client._oauth import StoredToken
from zgql._coordination._redis import CoordinationError, RedisCoordinator
from zgql._service import service_limits


def test_tokens_are_saved_and_loaded(coordinator: RedisCoordinator, raw: redis.Redis) -> None:
    assert coordinator.load_token("key") is None
    token = StoredToken("1000.abc", time.time() + 3600, "https://www.zohoapis.eu")
    coordinator.save_token("key", token)
    assert coordinator.load_token("key") == token
    bare = StoredToken("1000.def", time.time() + 2)
    coordinator.save_token("key", bare)  # replaces the whole token: no domain left over
    assert coordinator.load_token("key") == bare
    assert 0 < raw.pttl(coordinator._token_key("key", "token")) <= 2000  # gone when it expires
    coordinator.save_token("key", StoredToken("1000.old", time.time() - 1))
    assert coordinator.load_token("key") is None
    assert "1000." not in repr(coordinator)


def test_a_token_saved_by_another_process(
    coordinator: RedisCoordinator, redis_url: str, namespace: str, spawn: Callable[..., Worker]
) -> None:
    expires = time.time() + 600
    worker = spawn(redis_url, namespace, "save-token", "shared", "1000.xyz", repr(expires))
    worker.expect("saved")
    assert coordinator.load_token("shared") == StoredToken("1000.xyz", expires, "https://x.zoho")


def test_the_refresh_lock_across_processes(
    coordinator: RedisCoordinator, redis_url: str, namespace: str, spawn: Callable[..., Worker]
) -> None:
    worker = spawn(redis_url, namespace, "lock", "key", "1.0")
    worker.expect("locked")
    started = time.monotonic()
    with (
        pytest.raises(CoordinationError, match="refresh lock"),
        coordinator.refresh_lock("key", 0.2),
    ):
        pass  # pragma: no cover - not reached
    assert time.monotonic() - started < 1.0
    with coordinator.refresh_lock("key", 5.0):
        waited = time.monotonic() - started
        worker.expect("unlocked", timeout=1)  # it was let go before this one got in
    assert 0.5 < waited < 3.0
    with coordinator.refresh_lock("other key", 0.1):
        pass


def test_the_refresh_lock_is_single_flight(coordinator: RedisCoordinator) -> None:
    inside, most, errors = [0], [0], []
    lock = threading.Lock()

    def refresh() -> None:
        try:
            with coordinator.refresh_lock("key", 5.0):
                with lock:
                    inside[0] += 1
                    most[0] = max(most[0], inside[0])
                time.sleep(0.01)
                with lock:
                    inside[0] -= 1
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=refresh) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not errors and most == [1]


def test_the_lock_is_released_when_the_body_raises(coordinator: RedisCoordinator) -> None:
    with pytest.raises(RuntimeError), coordinator.refresh_lock("key", 1.0):
        raise RuntimeError
    with coordinator.refresh_lock("key", 0.1):
        pass


def test_mints_within_the_window(coordinator: RedisCoordinator, raw: redis.Redis) -> None:
    # Kept as long as either token limit looks back: ten per ten minutes, fifteen alive.
    window = max(service_limits().refresh_window_seconds, service_limits().access_token_seconds)
    now = time.time()
    coordinator.record_mint("key", now - window - 100)  # already out of the window
    coordinator.record_mint("key", now - 100)
    coordinator.record_mint("key", now - 50)
    coordinator.record_mint("key", now - 50)  # two at once are two mints
    assert coordinator.mints_since("key", now - window) == [now - 100, now - 50, now - 50]
    assert coordinator.mints_since("key", now - 100) == [now - 50, now - 50]
    assert coordinator.mints_since("other key", 0) == []
    assert raw.zcard(coordinator._token_key("key", "mints")) == 3  # pruned to the window
    assert 0 < raw.ttl(coordinator._token_key("key", "mints")) <= window + 60
