"""The emulator's own endpoint, for the test side only (it needs the admin secret).

``GET /__zgql__/calls`` lists the calls answered; ``POST /__zgql__/faults`` injects a fault
(a JSON object with the fields of :class:`Fault`); ``POST /__zgql__/advance`` moves the clock
(``{"seconds": n}``); ``POST /__zgql__/reset`` forgets faults and calls. A body this endpoint
cannot use (not JSON, too big, a fault that could not be played) is HTTP 400 ``INVALID_DATA``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from zgql._emulator._state import FAULT_KINDS, Call, Fault, State

if TYPE_CHECKING:
    from zgql._emulator._app import Request, Response

__all__ = ["handle"]


def handle(state: State, request: Request) -> Response:
    """Answer one admin call; anything wrong with it is an HTTP 400 ``INVALID_DATA``."""
    from zgql._emulator._app import NOT_JSON, envelope, not_json, read_json  # noqa: PLC0415

    action = _ACTIONS.get((request.method, request.path.removeprefix("/__zgql__/")))
    if action is None:
        return envelope(404, "INVALID_URL_PATTERN", "no such emulator action")
    if request.oversized:
        return envelope(400, "INVALID_DATA", f"the body is too big ({request.size} bytes)")
    body: Any = read_json(request.body) if request.body.strip() else {}
    if body is NOT_JSON:
        return not_json()
    try:
        return action(state, body if isinstance(body, dict) else {})
    except (TypeError, ValueError) as exc:  # a Fault or a duration that cannot be used
        return envelope(400, "INVALID_DATA", str(exc))


def _calls(state: State, _body: dict[str, Any]) -> Response:
    from zgql._emulator._app import Response  # noqa: PLC0415

    with state.lock:
        calls = list(state.calls)
    return Response(200, b"[" + b", ".join(_encoded(call) for call in calls) + b"]")


def _encoded(call: Call) -> bytes:
    """A call as JSON; variables nested too deeply to write (they were read on a thread whose
    stack was shallower) are replaced by a note."""
    record = call.as_json()
    try:
        return json.dumps(record).encode()
    except RecursionError:
        record["variables"] = "(nested too deeply to write)"
        return json.dumps(record).encode()


def _fault(state: State, body: dict[str, Any]) -> Response:
    from zgql._emulator._app import envelope  # noqa: PLC0415

    if body.get("kind") not in FAULT_KINDS:
        return envelope(400, "INVALID_DATA", f"a fault needs a kind among {', '.join(FAULT_KINDS)}")
    state.add_fault(Fault(**body))  # a wrong field or value: TypeError or ValueError
    return _done()


def _advance(state: State, body: dict[str, Any]) -> Response:
    state.advance(body.get("seconds", 0))  # not a finite number at least 0: ValueError
    return _done()


def _reset(state: State, _body: dict[str, Any]) -> Response:
    state.reset()
    return _done()


def _done() -> Response:
    from zgql._emulator._app import as_json  # noqa: PLC0415

    return as_json(200, {"status": "success"})


_ACTIONS: dict[tuple[str, str], Callable[[State, dict[str, Any]], Response]] = {
    ("GET", "calls"): _calls,
    ("POST", "faults"): _fault,
    ("POST", "advance"): _advance,
    ("POST", "reset"): _reset,
}
