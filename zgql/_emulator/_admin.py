"""The emulator's own endpoint, for the test side only (it needs the admin secret).

``GET /__zgql__/calls`` lists the calls answered; ``POST /__zgql__/faults`` injects a fault
(a JSON object with the fields of :class:`Fault`); ``POST /__zgql__/advance`` moves the clock
(``{"seconds": n}``); ``POST /__zgql__/reset`` forgets faults and calls.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from zgql._emulator._state import FAULT_KINDS, Fault, State

if TYPE_CHECKING:
    from zgql._emulator._app import Request, Response

__all__ = ["handle"]


def handle(state: State, request: Request) -> Response:
    from zgql._emulator._app import envelope  # noqa: PLC0415 - the app imports us lazily

    action = _ACTIONS.get((request.method, request.path.removeprefix("/__zgql__/")))
    if action is None:
        return envelope(404, "INVALID_URL_PATTERN", "no such emulator action")
    try:
        body: Any = json.loads(request.body) if request.body.strip() else {}
    except ValueError:
        return envelope(400, "INVALID_DATA", "the body is not valid JSON")
    return action(state, body if isinstance(body, dict) else {})


def _calls(state: State, _body: dict[str, Any]) -> Response:
    from zgql._emulator._app import as_json  # noqa: PLC0415

    with state.lock:
        return as_json(200, [call.as_json() for call in state.calls])


def _fault(state: State, body: dict[str, Any]) -> Response:
    from zgql._emulator._app import envelope  # noqa: PLC0415

    if body.get("kind") not in FAULT_KINDS:
        return envelope(400, "INVALID_DATA", f"a fault needs a kind among {', '.join(FAULT_KINDS)}")
    try:
        state.add_fault(Fault(**body))
    except TypeError as exc:
        return envelope(400, "INVALID_DATA", str(exc))
    return _done()


def _advance(state: State, body: dict[str, Any]) -> Response:
    state.advance(float(body.get("seconds", 0)))
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
