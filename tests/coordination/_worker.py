"""A worker process for the coordination tests: ``python _worker.py URL NAMESPACE COMMAND ...``.

- ``hold ORG LEASE``: take the one slot of ORG for LEASE seconds, print ``held``, sleep.
- ``wait ORG``: (heartbeat 0.5 s) print ``waiting``, wait for a slot of ORG (limit 1), print
  ``got``, sleep.
- ``loop ORG LIMIT N PREFIX``: N times take a slot, count it in PREFIX:now (and the highest
  count in PREFIX:peak, PREFIX:total), hold it 2 ms, give it back; print ``done``.
- ``save-token KEY ACCESS EXPIRES``: save a token, print ``saved``.
- ``lock KEY SECONDS``: hold the refresh lock of KEY for SECONDS, printing ``locked`` and
  ``unlocked``.
- ``server``: start a RedisServer of its own, print ``server PORT PID``, sleep (URL and
  NAMESPACE are not used).
"""

from __future__ import annotations

import sys
import time

import redis

from zgql._client._oauth import StoredToken
from zgql._coordination._redis import RedisCoordinator
from zgql.testing._redis import RedisServer

_PEAK = """
local n = redis.call('INCR', KEYS[1])
redis.call('INCR', KEYS[3])
if n > tonumber(redis.call('GET', KEYS[2]) or '0') then redis.call('SET', KEYS[2], n) end
return n
"""


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(url: str, namespace: str, command: str, *args: str) -> None:
    if command == "server":
        server = RedisServer()
        server.start()
        say(f"server {server.port} {server._pid}")
        time.sleep(60)
        return
    coordinator = RedisCoordinator(url, namespace=namespace)
    if command == "hold":
        coordinator.acquire_slot(args[0], 1, float(args[1]))
        say("held")
        time.sleep(60)
    elif command == "wait":
        coordinator._heartbeat_seconds = 0.5
        coordinator._poll_seconds = 0.1
        say("waiting")
        coordinator.acquire_slot(args[0], 1, 30)
        say("got")
        time.sleep(60)
    elif command == "loop":
        org, limit, n, prefix = args[0], int(args[1]), int(args[2]), args[3]
        client = redis.Redis.from_url(url)
        peak = client.register_script(_PEAK)
        keys = [f"{prefix}:now", f"{prefix}:peak", f"{prefix}:total"]
        for _ in range(n):
            lease = coordinator.acquire_slot(org, limit, 30)
            peak(keys=keys)
            time.sleep(0.002)
            client.decr(keys[0])
            coordinator.release_slot(lease)
        say("done")
    elif command == "save-token":
        coordinator.save_token(args[0], StoredToken(args[1], float(args[2]), "https://x.zoho"))
        say("saved")
    elif command == "lock":
        with coordinator.refresh_lock(args[0], 5.0):
            say("locked")
            time.sleep(float(args[1]))
        say("unlocked")
    else:
        msg = f"unknown command {command!r}"
        raise SystemExit(msg)


if __name__ == "__main__":
    main(*sys.argv[1:])
