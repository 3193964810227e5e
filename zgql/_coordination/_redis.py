"""The :class:`~zgql._coordination._base.Coordinator` of every process and machine sharing one
Redis (``pip install 'zgql[redis]'``; Redis 6.0 or later, one server or a primary — not Redis
Cluster: the scripts also write the waiters' inboxes, which are not in their org's hash slot).

Every decision is one Lua script, run atomically by Redis (registered once, called by EVALSHA),
so no worker ever sees a half-made change, and every time in a script is Redis's own ``TIME``:
the workers' clocks do not matter (except for the token store and the mint record, whose times
the caller gives).

Keys, for namespace ``ns`` and org key ``org`` (an org key that is not a plain name is replaced
by a digest; the braces are a hash tag, which keeps an org's keys together):

- ``ns:{org}:leases`` ZSET lease id → expiry (ms). Scored by expiry, so the expired leases go
  in one ZREMRANGEBYSCORE, and ZCARD is the number of slots held: never more than ``limit``.
- ``ns:{org}:queue`` ZSET waiter id → ticket (an INCR counter): first come, first served, and,
  unlike a LIST, any waiter can leave in O(log n) (LREM is O(n)) and its rank is one ZRANK.
- ``ns:{org}:alive`` ZSET waiter id → heartbeat deadline (ms): a waiter renews it each time it
  looks; one that stops (SIGKILLed) is dropped from the queue, so it blocks nobody behind it.
- ``ns:{org}:meta`` HASH ``ticket`` and ``limit`` (for a release, which is not told the limit).
- ``ns:inbox:ID`` LIST: wake tokens for the waiters of one process's threads, or of one event
  loop's tasks, which one listener BLPOPs (see "waiting" below; short-lived).
- ``ns:{org}:credits`` HASH minute → credits, at most one field per minute of the rolling day;
  ``ns:{org}:minutes`` ZSET of the same minutes, to prune and to walk oldest first without
  reading every field; ``ns:{org}:ledger`` HASH ``total`` (the running sum, so a reservation
  does not add up 1440 fields), ``pool``, ``spent``, ``spent_until``; ``ns:{org}:pending`` ZSET
  ``id:credits`` → expiry (ms) of reservations not settled yet, which a sync keeps counting.
- ``ns:{key}:token`` HASH (expires with the token), ``ns:{key}:refresh`` (redis-py's Lock),
  ``ns:{key}:mints`` ZSET mint → time, pruned to the refresh window.

Every key carries a TTL, refreshed by what writes it, so an org that goes quiet leaves nothing
behind. Nothing is retried automatically: see ``RedisCoordinator.__init__``.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import redis
import redis.asyncio
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff
from redis.exceptions import LockError, RedisError
from redis.retry import Retry

from zgql._coordination._base import IN_FLIGHT_SECONDS, Lease, Refusal, Reservation
from zgql._exceptions import CoordinationError
from zgql._service import service_limits

if TYPE_CHECKING:
    from redis.commands.core import AsyncScript
    from redis.typing import EncodableT, FieldT
    from typing_extensions import Self

    from zgql._client._oauth import StoredToken

__all__ = ["CoordinationError", "RedisCoordinator"]


# -- Lua ------------------------------------------------------------------------------------------
#
# Numbers: Lua's are doubles, exact to 2^53; epoch milliseconds (13 digits) and credits pass
# through Redis's number-to-string conversion (%.17g) unchanged.

_NOW = """
local function now_ms(offset)
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + offset
end
"""

# The slots. KEYS: leases, queue, alive, meta. Invariant after every script: the queue is empty,
# or every slot is held (``pump``) — a free slot never waits while somebody waits for one.
_SLOTS = (
    _NOW
    + """
local L, Q, H, M = KEYS[1], KEYS[2], KEYS[3], KEYS[4]

-- Expired leases give their slots back; waiters past their heartbeat deadline leave the queue.
local function tidy(now)
  redis.call('ZREMRANGEBYSCORE', L, '-inf', now)
  local dead = redis.call('ZRANGEBYSCORE', H, '-inf', now)
  for i = 1, #dead do redis.call('ZREM', Q, dead[i]) end
  if #dead > 0 then redis.call('ZREMRANGEBYSCORE', H, '-inf', now) end
end

-- Free slots go to the head of the queue, in order: the waiter gets a lease at once (a short
-- "claim", made the full lease when it wakes and confirms; a waiter that died in between lets
-- it lapse) and a wake token — its id — in the inbox of the process (or event loop) it waits
-- in, named by the id's prefix: a precise hand-off, that wakes this waiter and nobody else.
local function pump(now, limit, claim, inboxes)
  local held = redis.call('ZCARD', L)
  while held < limit do
    local head = redis.call('ZPOPMIN', Q)
    if #head == 0 then break end
    local w = head[1]
    redis.call('ZREM', H, w)
    redis.call('ZADD', L, now + claim, w)
    local dot = string.find(w, '.', 1, true)
    if dot then
      local inbox = inboxes .. string.sub(w, 1, dot - 1)
      redis.call('RPUSH', inbox, w)
      redis.call('PEXPIRE', inbox, claim)
    end
    held = held + 1
  end
end

local function stored_limit()
  return tonumber(redis.call('HGET', M, 'limit') or '0')
end

-- The keys live as long as the last lease or heartbeat in them, and a minute more.
local function touch(now)
  local last = now
  local l = redis.call('ZRANGE', L, -1, -1, 'WITHSCORES')
  if #l > 0 then last = math.max(last, tonumber(l[2])) end
  local h = redis.call('ZRANGE', H, -1, -1, 'WITHSCORES')
  if #h > 0 then last = math.max(last, tonumber(h[2])) end
  local ttl = math.floor(last - now) + 60000
  for _, k in ipairs({L, Q, H, M}) do redis.call('PEXPIRE', k, ttl) end
end
"""
)

# KEYS: leases, queue, alive, meta.
# ARGV: waiter id, limit, lease ms, heartbeat ms, time offset ms, claim ms, inbox prefix.
# Returns {1, lease expiry} (granted) or {0, hint}: ms until the earliest lease expires when
# this waiter is near enough the head to get a slot by it (-1 otherwise).
# Idempotent: run again (a retry, a wake-up) it confirms a grant, or renews the heartbeat.
_ACQUIRE = (
    _SLOTS
    + """
local wid, limit = ARGV[1], tonumber(ARGV[2])
local lease, hb = tonumber(ARGV[3]), tonumber(ARGV[4])
local now = now_ms(tonumber(ARGV[5]))
tidy(now)
redis.call('HSET', M, 'limit', limit)
pump(now, limit, tonumber(ARGV[6]), ARGV[7])
if redis.call('ZSCORE', L, wid) then
  redis.call('ZADD', L, now + lease, wid)
  touch(now)
  return {1, now + lease}
end
if not redis.call('ZSCORE', Q, wid) then
  if redis.call('ZCARD', Q) == 0 and redis.call('ZCARD', L) < limit then
    redis.call('ZADD', L, now + lease, wid)
    touch(now)
    return {1, now + lease}
  end
  redis.call('ZADD', Q, redis.call('HINCRBY', M, 'ticket', 1), wid)
end
redis.call('ZADD', H, now + hb, wid)
touch(now)
local hint = -1
if redis.call('ZRANK', Q, wid) < limit then
  local first = redis.call('ZRANGE', L, 0, 0, 'WITHSCORES')
  if #first > 0 then hint = tonumber(first[2]) - now end
end
return {0, hint}
"""
)

# Release, and withdraw (a waiter that gives up): whatever the id is — a lease, a waiter in the
# queue, a waiter the slot was just handed to — it ends up holding nothing, and a slot it held
# goes to the next waiter (a wake token left in an inbox is ignored there). KEYS: leases,
# queue, alive, meta. ARGV: id, time offset ms, claim ms, inbox prefix. Returns 1 when a slot
# was given back.
_RELEASE = (
    _SLOTS
    + """
local id = ARGV[1]
local now = now_ms(tonumber(ARGV[2]))
tidy(now)
redis.call('ZREM', Q, id)
redis.call('ZREM', H, id)
local gone = redis.call('ZREM', L, id)
pump(now, stored_limit(), tonumber(ARGV[3]), ARGV[4])
touch(now)
return gone
"""
)

# KEYS: leases, queue, alive, meta. ARGV: lease id, lease ms, time offset ms, claim ms, inbox
# prefix.
# Returns 1 when the lease was still held (and now runs lease ms from now), else 0.
_RENEW = (
    _SLOTS
    + """
local id = ARGV[1]
local now = now_ms(tonumber(ARGV[3]))
tidy(now)
local held = 0
if redis.call('ZSCORE', L, id) then
  redis.call('ZADD', L, now + tonumber(ARGV[2]), id)
  held = 1
end
pump(now, stored_limit(), tonumber(ARGV[4]), ARGV[5])
touch(now)
return held
"""
)

# The credits. KEYS: buckets (HASH minute → credits), minutes (ZSET), ledger (HASH).
# A bucket of minute m counts while the current minute is < m + window (window in minutes):
# at most ``window`` buckets, and credits leave the rolling day at the start of their minute
# a day later (exact to the minute).
_CREDITS = (
    _NOW
    + """
local B, I, C, P = KEYS[1], KEYS[2], KEYS[3], KEYS[4]

local function total()
  local t = redis.call('HGET', C, 'total')
  if t then return tonumber(t) end
  local sum = 0  -- the sum is lost (never, unless someone deleted it): count it again
  local vals = redis.call('HVALS', B)
  for i = 1, #vals do sum = sum + tonumber(vals[i]) end
  redis.call('HSET', C, 'total', sum)
  return sum
end

-- Add delta to a minute's bucket, never below zero; returns the change made.
local function add(minute, delta)
  local cur = tonumber(redis.call('HGET', B, minute) or '0')
  local new = math.max(cur + delta, 0)
  if new == 0 then
    redis.call('HDEL', B, minute)
    redis.call('ZREM', I, minute)
  else
    redis.call('HSET', B, minute, new)
    redis.call('ZADD', I, minute, minute)
  end
  total()
  redis.call('HINCRBY', C, 'total', new - cur)
  return new - cur
end

-- Drop the buckets that left the window; returns the credits used in it.
local function prune(now_min, win)
  local first = now_min - win + 1
  local old = redis.call('ZRANGEBYSCORE', I, '-inf', '(' .. first)
  local used = total()
  if #old > 0 then
    local gone = 0
    for i = 1, #old do
      gone = gone + tonumber(redis.call('HGET', B, old[i]) or '0')
      redis.call('HDEL', B, old[i])
    end
    redis.call('ZREMRANGEBYSCORE', I, '-inf', '(' .. first)
    used = used - gone
    redis.call('HSET', C, 'total', used)
  end
  return used
end

-- ms until ``need`` credits have left the window, oldest buckets first (-1: never).
local function roll_wait(need, now, win)
  if need <= 0 then return 0 end
  local ms = redis.call('ZRANGE', I, 0, -1)
  local freed = 0
  for i = 1, #ms do
    freed = freed + tonumber(redis.call('HGET', B, ms[i]) or '0')
    if freed >= need then return (tonumber(ms[i]) + win) * 60000 - now end
  end
  return -1
end

local function touch(win)
  for _, k in ipairs({B, I, C, P}) do redis.call('PEXPIRE', k, win * 60000 + 3600000) end
end

-- Credits reserved and not settled yet ("id:credits" -> expiry ms): calls in flight, which a
-- sync must keep counting, since Zoho's figure may not hold them yet. A worker killed between
-- reserve and settle leaves one behind until it expires.
local function pending(now)
  redis.call('ZREMRANGEBYSCORE', P, '-inf', now)
  local sum = 0
  local ids = redis.call('ZRANGE', P, 0, -1)
  for i = 1, #ids do
    sum = sum + tonumber(string.match(ids[i], ':(%d+)$') or '0')
  end
  return sum
end
"""
)

# ARGV: credits, budget (-1: none), window minutes, time offset ms, reservation id, how long a
# reservation counts as in flight (ms).
# Returns {1, minute} or {0, reason, used, limit, retry ms (-1: never)}.
_RESERVE = (
    _CREDITS
    + """
local credits, budget, win = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local now = now_ms(tonumber(ARGV[4]))
local now_min = math.floor(now / 60000)
local used = prune(now_min, win)
if budget >= 0 and used + credits > budget then
  touch(win)
  return {0, 'budget', used, budget, roll_wait(used + credits - budget, now, win)}
end
if redis.call('HGET', C, 'spent') then
  local pool = tonumber(redis.call('HGET', C, 'pool') or '-1')
  if pool >= 0 then
    -- The ledger was set to pool - remaining: refused until enough has rolled off.
    if used + credits > pool then
      touch(win)
      return {0, 'pool', used, pool, roll_wait(used + credits - pool, now, win)}
    end
  else
    -- The pool's size is unknown: refused until the time the sync computed.
    local till = tonumber(redis.call('HGET', C, 'spent_until') or '0')
    if now < till then
      touch(win)
      return {0, 'pool', used, used, till - now}
    end
    redis.call('HDEL', C, 'spent', 'spent_until')
  end
end
if credits > 0 then
  add(now_min, credits)
  redis.call('ZADD', P, now + tonumber(ARGV[6]), ARGV[5] .. ':' .. credits)
end
touch(win)
return {1, now_min}
"""
)

# ARGV: minute, delta, window minutes, time offset ms, reservation id, reserved credits.
_SETTLE = (
    _CREDITS
    + """
local minute, delta, win = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local now_min = math.floor(now_ms(tonumber(ARGV[4])) / 60000)
redis.call('ZREM', P, ARGV[5] .. ':' .. ARGV[6])
prune(now_min, win)
if delta ~= 0 and minute > now_min - win and minute <= now_min then add(minute, delta) end
touch(win)
return 0
"""
)

# ARGV: remaining, pool (-1: not given), window minutes, time offset ms.
_SYNC = (
    _CREDITS
    + """
local remaining, pool, win = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local now = now_ms(tonumber(ARGV[4]))
local now_min = math.floor(now / 60000)
local used = prune(now_min, win)
if pool >= 0 then
  redis.call('HSET', C, 'pool', pool)
else
  pool = tonumber(redis.call('HGET', C, 'pool') or '-1')  -- remembered from an earlier sync
end
if pool >= 0 then
  -- Zoho's use, and the calls in flight that it may not count yet.
  local target = math.max(pool - remaining, 0) + pending(now)
  if target > used then
    -- Use this ledger did not see (other processes' REST calls, other apps): counted in the
    -- current minute, the latest it can have been, so it leaves the window last.
    add(now_min, target - used)
  end
  -- Never lowered: by the time a header is applied it may be stale (another worker's call
  -- charged and settled since), and lowering to it would let a call past the pool. What this
  -- ledger counted on its own rolls off by itself.
end
if remaining <= 0 then
  redis.call('HSET', C, 'spent', 1)
  if pool < 0 then
    local wait = 60000
    local first = redis.call('ZRANGE', I, 0, 0)
    if #first > 0 then wait = math.max(wait, (tonumber(first[1]) + win) * 60000 - now) end
    redis.call('HSET', C, 'spent_until', now + wait)
  end
else
  redis.call('HDEL', C, 'spent', 'spent_until')
end
touch(win)
return 0
"""
)

# ARGV: window minutes, time offset ms.
_USED = (
    _CREDITS
    + """
local win = tonumber(ARGV[1])
local used = prune(math.floor(now_ms(tonumber(ARGV[2])) / 60000), win)
return used
"""
)

# -- keys -----------------------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z0-9_.:@=+/-]{1,200}")


def _tag(name: str) -> str:
    """A key's hash tag for ``name``: itself when it is plain, else a digest (so that no name
    can close the tag early, or spell another name's keys)."""
    if _PLAIN.fullmatch(name):
        return name
    return "#" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:40]


@dataclass(frozen=True, slots=True)
class _SlotKeys:
    leases: str
    queue: str
    alive: str
    meta: str

    @property
    def all(self) -> list[str]:
        return [self.leases, self.queue, self.alive, self.meta]


def _redact(url: str) -> str:
    """The Redis URL without password or query (which may carry one)."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, host = netloc.rsplit("@", 1)
            user = userinfo.split(":", 1)[0]
            netloc = f"{user}:***@{host}" if ":" in userinfo else f"{user}@{host}"
    except ValueError:
        return "<a Redis URL that cannot be parsed>"
    return f"{parts.scheme}://{netloc}{parts.path}"


def _new_id() -> str:
    return uuid.uuid4().hex


# -- waiting --------------------------------------------------------------------------------------
#
# A waiter's id is ``INBOX.RANDOM``: INBOX names the list (``ns:inbox:INBOX``) where the scripts
# put its wake token when a slot is handed to it. One inbox per coordinator for its threads, one
# per event loop for its tasks, each read by one listener (a thread, a task) that BLPOPs it while
# anybody waits and wakes the waiter the token names. So a process holds one blocking connection
# however many threads or tasks wait (a BLPOP per waiter would need a connection each), and each
# release wakes exactly the waiter that got the slot. A waiter also looks again by itself (its
# heartbeat, and the moment the earliest lease may lapse): a token that is lost (a listener
# restarting) costs latency, never a slot — the slot is held for the waiter by its claim.


class _ThreadInbox:
    def __init__(self, prefix: str, client: redis.Redis, timeout: Callable[[], float]) -> None:
        self.id = _new_id()
        self.key = prefix + self.id
        self._client = client
        self._timeout = timeout  # of a BLPOP
        self._lock = threading.Lock()
        self._waiters: dict[str, threading.Event] = {}
        self._listener: threading.Thread | None = None

    def enter(self) -> tuple[str, threading.Event]:
        wid = f"{self.id}.{_new_id()}"
        event = threading.Event()
        with self._lock:
            self._waiters[wid] = event
        return wid, event

    def leave(self, wid: str) -> None:
        with self._lock:
            self._waiters.pop(wid, None)

    def listen(self) -> None:
        """Make sure the listener runs (it stops when nobody waits, or when Redis fails)."""
        with self._lock:
            if self._listener is None or not self._listener.is_alive():
                self._listener = threading.Thread(
                    target=self._listen, name="zgql-redis-inbox", daemon=True
                )
                self._listener.start()

    def _listen(self) -> None:
        me = threading.current_thread()
        while True:
            with self._lock:
                if not self._waiters or self._listener is not me:
                    if self._listener is me:
                        self._listener = None
                    return
            try:
                token = self._client.blpop([self.key], timeout=self._timeout())
            except Exception:  # noqa: BLE001 - Redis failed, or close() pulled the connection:
                # the waiters meet a failure in their own next call, and start a new listener
                with self._lock:
                    if self._listener is me:
                        self._listener = None
                return
            if token is not None:
                with self._lock:
                    event = self._waiters.get(_text(token[1]))
                if event is not None:
                    event.set()

    def stop(self) -> None:
        """Let the listener go now (not at the end of its BLPOP), and wait for it."""
        with self._lock:
            listener, self._listener = self._listener, None
        if listener is not None and listener.is_alive():
            with suppress(RedisError):  # a token that wakes it; it sees it is not the listener
                pipe = self._client.pipeline(transaction=False)
                pipe.rpush(self.key, "")
                pipe.pexpire(self.key, 60_000)
                pipe.execute()
            listener.join(self._timeout() + 1)


class _LoopInbox:
    def __init__(
        self, prefix: str, client: redis.asyncio.Redis, timeout: Callable[[], float]
    ) -> None:
        self.id = _new_id()
        self.key = prefix + self.id
        self._client = client
        self._timeout = timeout
        self._waiters: dict[str, asyncio.Event] = {}  # touched in its loop only: no lock
        self._listener: asyncio.Task[None] | None = None

    def enter(self) -> tuple[str, asyncio.Event]:
        wid = f"{self.id}.{_new_id()}"
        self._waiters[wid] = event = asyncio.Event()
        return wid, event

    def leave(self, wid: str) -> None:
        self._waiters.pop(wid, None)

    def listen(self) -> None:
        if self._listener is None or self._listener.done():
            self._listener = asyncio.get_running_loop().create_task(self._listen())

    async def stop(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None and not listener.done():
            listener.cancel()
            await asyncio.wait({listener})  # (a cancellation of this task still comes through)

    async def _listen(self) -> None:
        while self._waiters:
            try:
                token = await self._client.blpop([self.key], timeout=self._timeout())
            except Exception:  # noqa: BLE001 - as _ThreadInbox._listen
                return
            if token is not None:
                event = self._waiters.get(_text(token[1]))
                if event is not None:
                    event.set()


@dataclass
class _AsyncSide:
    """The asyncio client of one event loop, its scripts and its inbox."""

    client: redis.asyncio.Redis
    pool: redis.asyncio.BlockingConnectionPool
    acquire: AsyncScript
    release: AsyncScript
    inbox: _LoopInbox
    cleanups: set[asyncio.Task[None]] = field(default_factory=set)


# -- the coordinator ------------------------------------------------------------------------------


class RedisCoordinator:
    """Shared state of the clients of each org, in one Redis, for every process and machine
    using it (with the same ``namespace``).

    ``socket_timeout`` bounds every Redis call; a Redis that does not answer, or answers with
    an error, raises :class:`CoordinationError`. ``fallback`` is kept for the client: whether
    it may carry on with a local coordinator when Redis fails.

    Close it with :meth:`close` (and, in each event loop that used it, :meth:`aclose`).
    """

    # How long a waiter waits before it looks again by itself (renewing its heartbeat), and how
    # long a waiter that stops renewing stays in the queue — also how long a slot handed to a
    # waiter is kept for it until it confirms. Instance attributes may be changed (tests make
    # them short).
    _poll_seconds: float = 1.0
    _heartbeat_seconds: float = 5.0
    # Connections per client (the threads' one, each event loop's one); a call waits for a free
    # one (at most socket_timeout) rather than failing.
    _max_connections: int = 50
    # Added to Redis's TIME in every script: a test hook to move this coordinator's time on.
    _time_offset_ms: int = 0

    def __init__(
        self,
        url: str,
        *,
        namespace: str = "zgql",
        fallback: bool = False,
        socket_timeout: float = 5.0,
    ) -> None:
        if not namespace or "{" in namespace or "}" in namespace:
            msg = f"namespace must be a non-empty name without braces, not {namespace!r}"
            raise ValueError(msg)
        if not socket_timeout > 0:
            msg = f"socket_timeout must be a positive number of seconds, not {socket_timeout!r}"
            raise ValueError(msg)
        self.url = _redact(url)  # what messages and reprs show; the password stays in _url
        self._url = url
        self.namespace = namespace
        self.fallback = fallback
        self.socket_timeout = socket_timeout
        self._inbox_prefix = f"{namespace}:inbox:"
        # No automatic retries: a retried script whose first run happened but whose answer was
        # lost would count credits twice. A connection the server closed is noticed and
        # reconnected when it is taken from the pool, so a Redis restart costs nothing.
        self._pool = redis.BlockingConnectionPool.from_url(
            url,
            max_connections=self._max_connections,
            timeout=socket_timeout,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            retry=Retry(NoBackoff(), 0),
        )
        self._client = redis.Redis(connection_pool=self._pool)
        # Scripts are registered once: EVALSHA, loaded again by redis-py after a restart.
        self._acquire = self._client.register_script(_ACQUIRE)
        self._release = self._client.register_script(_RELEASE)
        self._renew = self._client.register_script(_RENEW)
        self._reserve = self._client.register_script(_RESERVE)
        self._settle = self._client.register_script(_SETTLE)
        self._sync = self._client.register_script(_SYNC)
        self._used = self._client.register_script(_USED)
        self._inbox = _ThreadInbox(self._inbox_prefix, self._client, self._listen_seconds)
        self._sides: dict[asyncio.AbstractEventLoop, _AsyncSide] = {}
        self._sides_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RedisCoordinator({self.url!r}, namespace={self.namespace!r})"

    # -- lifetime ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connections of the threads' client (the event loops' ones: :meth:`aclose`)."""
        self._inbox.stop()
        self._client.close()
        self._pool.disconnect()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    async def aclose(self) -> None:
        """Close the connections this event loop used."""
        loop = asyncio.get_running_loop()
        with self._sides_lock:
            side = self._sides.pop(loop, None)
        if side is not None:
            await side.inbox.stop()
            await side.client.aclose()
            await side.pool.disconnect()

    # -- errors -----------------------------------------------------------------------------

    @contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        try:
            yield
        except RedisError as exc:
            raise self._failure(doing, exc) from exc

    def _failure(self, doing: str, exc: BaseException) -> CoordinationError:
        detail = str(exc)
        for secret in _secrets(self._url):
            detail = detail.replace(secret, "***")
        return CoordinationError(
            f"Redis at {self.url} failed to {doing}: {type(exc).__name__}: {detail}"
        )

    # -- keys -------------------------------------------------------------------------------

    def _slot_keys(self, org: str) -> _SlotKeys:
        base = f"{self.namespace}:{{{_tag(org)}}}:"
        return _SlotKeys(base + "leases", base + "queue", base + "alive", base + "meta")

    def _credit_keys(self, org: str) -> list[str]:
        base = f"{self.namespace}:{{{_tag(org)}}}:"
        return [base + "credits", base + "minutes", base + "ledger", base + "pending"]

    def _token_key(self, key: str, what: str) -> str:
        return f"{self.namespace}:{{{_tag(key)}}}:{what}"

    # -- slots ------------------------------------------------------------------------------

    def _claim_ms(self) -> int:
        return max(1, round(self._heartbeat_seconds * 1000))

    def _acquire_args(self, wid: str, limit: int, lease_seconds: float) -> list[Any]:
        return [
            wid,
            limit,
            max(1, round(lease_seconds * 1000)),
            max(1, round(self._heartbeat_seconds * 1000)),
            self._time_offset_ms,
            self._claim_ms(),
            self._inbox_prefix,
        ]

    def _release_args(self, lease_id: str) -> list[Any]:
        return [lease_id, self._time_offset_ms, self._claim_ms(), self._inbox_prefix]

    def _listen_seconds(self) -> float:
        """A listener's BLPOP timeout: well inside the socket timeout, which bounds its read."""
        return min(self._poll_seconds, self.socket_timeout / 2)

    def _wait_seconds(self, hint_ms: int) -> float:
        """How long a waiter waits for its token before it looks again: until the earliest
        lease expires when that may free a slot for it, at most the poll period."""
        if hint_ms < 0:
            return self._poll_seconds
        return min(self._poll_seconds, max(hint_ms / 1000, 0.005))

    def acquire_slot(self, org: str, limit: int, lease_seconds: float) -> Lease:
        _check_slot(limit, lease_seconds)
        keys = self._slot_keys(org).all
        wid, woken = self._inbox.enter()
        args = self._acquire_args(wid, limit, lease_seconds)
        try:
            with self._guard("acquire a slot"):
                granted, hint = self._acquire(keys=keys, args=args)
                while not granted:
                    self._inbox.listen()
                    woken.wait(self._wait_seconds(hint))
                    woken.clear()
                    granted, hint = self._acquire(keys=keys, args=args)
        except BaseException:  # interrupted, or Redis failed: leave holding nothing
            with suppress(RedisError):
                self._release(keys=keys, args=self._release_args(wid))
            raise
        finally:
            self._inbox.leave(wid)
        return Lease(org, wid)

    async def acquire_slot_async(self, org: str, limit: int, lease_seconds: float) -> Lease:
        _check_slot(limit, lease_seconds)
        side = self._async_side()
        keys = self._slot_keys(org).all
        wid, woken = side.inbox.enter()
        args = self._acquire_args(wid, limit, lease_seconds)
        try:
            with self._guard("acquire a slot"):
                granted, hint = await side.acquire(keys=keys, args=args)
                while not granted:
                    side.inbox.listen()
                    with suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(woken.wait(), self._wait_seconds(hint))
                    woken.clear()
                    granted, hint = await side.acquire(keys=keys, args=args)
        except BaseException:
            # Cancelled (wait_for's timeout too), or Redis failed. The withdrawal runs in its own
            # task, shielded: cancelled again, this task still leaves, and the slot — if it
            # reached this waiter, even in the very answer that was being read — passes on.
            await self._withdraw_async(side, keys, wid)
            raise
        finally:
            side.inbox.leave(wid)
        return Lease(org, wid)

    async def _withdraw_async(self, side: _AsyncSide, keys: list[str], wid: str) -> None:
        async def withdraw() -> None:
            with suppress(RedisError):
                await side.release(keys=keys, args=self._release_args(wid))

        task = asyncio.get_running_loop().create_task(withdraw())
        side.cleanups.add(task)  # a strong reference until it is done
        task.add_done_callback(side.cleanups.discard)
        await asyncio.shield(task)

    def release_slot(self, lease: Lease) -> None:
        with self._guard("release a slot"):
            self._release(keys=self._slot_keys(lease.org).all, args=self._release_args(lease.id))

    async def release_slot_async(self, lease: Lease) -> None:
        side = self._async_side()
        with self._guard("release a slot"):
            await side.release(
                keys=self._slot_keys(lease.org).all, args=self._release_args(lease.id)
            )

    def renew_slot(self, lease: Lease, lease_seconds: float) -> bool:
        """Make ``lease`` run ``lease_seconds`` from now; False when it had already expired (the
        slot may be someone else's now) or was released."""
        _check_slot(1, lease_seconds)
        with self._guard("renew a slot"):
            held = self._renew(
                keys=self._slot_keys(lease.org).all,
                args=[
                    lease.id,
                    max(1, round(lease_seconds * 1000)),
                    self._time_offset_ms,
                    self._claim_ms(),
                    self._inbox_prefix,
                ],
            )
        return bool(held)

    def _async_side(self) -> _AsyncSide:
        """This event loop's client: made on first use, one per loop (an asyncio connection
        belongs to the loop that opened it)."""
        loop = asyncio.get_running_loop()
        with self._sides_lock:
            side = self._sides.get(loop)
            if side is None:
                for closed in [other for other in self._sides if other.is_closed()]:
                    del self._sides[closed]  # its connections died with their loop
                pool = redis.asyncio.BlockingConnectionPool.from_url(
                    self._url,
                    max_connections=self._max_connections,
                    timeout=self.socket_timeout,
                    socket_timeout=self.socket_timeout,
                    socket_connect_timeout=self.socket_timeout,
                    retry=AsyncRetry(NoBackoff(), 0),
                )
                client = redis.asyncio.Redis(connection_pool=pool)
                side = _AsyncSide(
                    client,
                    pool,
                    client.register_script(_ACQUIRE),
                    client.register_script(_RELEASE),
                    _LoopInbox(self._inbox_prefix, client, self._listen_seconds),
                )
                self._sides[loop] = side
        return side

    # -- credits ----------------------------------------------------------------------------

    def _window_minutes(self) -> int:
        return max(1, service_limits().credits_window_seconds // 60)

    def reserve_credits(
        self,
        org: str,
        credits: int,  # noqa: A002 - the protocol's name
        *,
        budget_per_day: int | None,
    ) -> Reservation | Refusal:
        _check_credits("credits", credits)
        if budget_per_day is not None:
            _check_credits("budget_per_day", budget_per_day)
        reservation_id = _new_id()
        with self._guard("reserve credits"):
            answer = self._reserve(
                keys=self._credit_keys(org),
                args=[
                    credits,
                    -1 if budget_per_day is None else budget_per_day,
                    self._window_minutes(),
                    self._time_offset_ms,
                    reservation_id,
                    round(IN_FLIGHT_SECONDS * 1000),
                ],
            )
        if answer[0] == 1:
            return Reservation(org, reservation_id, credits, int(answer[1]) * 60.0)
        _, reason, used, limit, retry_ms = answer
        return Refusal(
            _text(reason),
            int(used),
            int(limit),
            None if int(retry_ms) < 0 else int(retry_ms) / 1000,
        )

    def settle_credits(self, reservation: Reservation, charged: int) -> None:
        _check_credits("charged", charged)
        delta = charged - reservation.credits
        with self._guard("settle credits"):
            self._settle(
                keys=self._credit_keys(reservation.org),
                args=[
                    int(reservation.at // 60),
                    delta,
                    self._window_minutes(),
                    self._time_offset_ms,
                    reservation.id,
                    reservation.credits,
                ],
            )

    def sync_credits(self, org: str, remaining: int, pool: int | None) -> None:
        if pool is not None:
            _check_credits("pool", pool)
        with self._guard("record the credits Zoho reported"):
            self._sync(
                keys=self._credit_keys(org),
                args=[
                    int(remaining),
                    -1 if pool is None else pool,
                    self._window_minutes(),
                    self._time_offset_ms,
                ],
            )

    def credits_used(self, org: str) -> int:
        with self._guard("read the credits used"):
            used = self._used(
                keys=self._credit_keys(org), args=[self._window_minutes(), self._time_offset_ms]
            )
        return int(used)

    # -- tokens -----------------------------------------------------------------------------

    def load_token(self, key: str) -> StoredToken | None:
        from zgql._client._oauth import StoredToken  # noqa: PLC0415 - no import cycle

        with self._guard("load an access token"):
            fields = self._client.hgetall(self._token_key(key, "token"))
        if not fields or b"access_token" not in fields or b"expires_at" not in fields:
            return None
        domain = fields.get(b"api_domain")
        return StoredToken(
            access_token=_text(fields[b"access_token"]),
            expires_at=float(fields[b"expires_at"]),
            api_domain=_text(domain) if domain is not None else None,
        )

    def save_token(self, key: str, token: StoredToken) -> None:
        name = self._token_key(key, "token")
        mapping: dict[FieldT, EncodableT] = {
            "access_token": token.access_token,
            "expires_at": repr(token.expires_at),
        }
        if token.api_domain is not None:
            mapping["api_domain"] = token.api_domain
        # One transaction: a reader sees the old token or the new one, never a mix; the key
        # goes when the token expires (by Redis's clock; one in the past deletes it).
        with self._guard("save an access token"):
            pipe = self._client.pipeline(transaction=True)
            pipe.delete(name)
            pipe.hset(name, mapping=mapping)
            pipe.pexpireat(name, max(1, int(token.expires_at * 1000)))
            pipe.execute()

    @contextmanager
    def _locked(self, key: str, timeout: float) -> Iterator[None]:
        # redis-py's Lock: SET NX PX with a random token, released only by its owner (Lua). It
        # lives ``timeout`` + 30 s, so a holder that died frees it; not thread-local, since
        # async code may enter and leave it from different worker threads.
        lock = self._client.lock(
            self._token_key(key, "refresh"),
            timeout=timeout + 30.0,
            sleep=0.05,
            blocking=True,
            blocking_timeout=timeout,
            thread_local=False,
        )
        with self._guard("take the refresh lock"):
            obtained = lock.acquire()
        if not obtained:
            raise CoordinationError(
                f"the access-token refresh lock in Redis at {self.url} was held by another "
                f"process for more than {timeout:g} s"
            )
        try:
            yield
        finally:
            # Expired (held too long) or Redis gone: nothing to give back, and the lock's own
            # expiry frees it; an error here must not hide the body's outcome.
            with suppress(LockError, RedisError):
                lock.release()

    def refresh_lock(self, key: str, timeout: float) -> AbstractContextManager[None]:
        return self._locked(key, timeout)

    def record_mint(self, key: str, at: float) -> None:
        name = self._token_key(key, "mints")
        # Kept for both of Zoho's token limits: ten per ten minutes, fifteen alive at once.
        limits = service_limits()
        window = max(limits.refresh_window_seconds, limits.access_token_seconds)
        horizon = max(at, time.time()) - window
        with self._guard("record a token mint"):
            pipe = self._client.pipeline(transaction=True)
            pipe.zadd(name, {f"{at!r}:{_new_id()}": at})
            pipe.zremrangebyscore(name, "-inf", horizon)
            pipe.expire(name, window + 60)
            pipe.execute()

    def mints_since(self, key: str, since: float) -> list[float]:
        """Mints strictly after ``since``, oldest first."""
        with self._guard("read the token mints"):
            found = self._client.zrangebyscore(
                self._token_key(key, "mints"), f"({since!r}", "+inf", withscores=True
            )
        return [float(item[1]) for item in found]


def _secrets(url: str) -> list[str]:
    """The password in a Redis URL, however it is spelt (``:pw@``, ``?password=pw``)."""
    try:
        parts = urlsplit(url)
        found = [parts.password or ""]
        found += [v for k, v in parse_qsl(parts.query) if k.lower() == "password"]
    except ValueError:
        return []
    return sorted({s for s in found if s}, key=len, reverse=True)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _check_slot(limit: int, lease_seconds: float) -> None:
    if limit < 1:
        msg = f"limit must be at least 1, not {limit!r}"
        raise ValueError(msg)
    if not lease_seconds > 0:
        msg = f"lease_seconds must be positive, not {lease_seconds!r}"
        raise ValueError(msg)


def _check_credits(name: str, value: int) -> None:
    if value < 0:
        msg = f"{name} must not be negative, not {value!r}"
        raise ValueError(msg)
