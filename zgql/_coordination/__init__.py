"""Shared state of the clients of one org: in this process, or across processes through Redis."""

from __future__ import annotations

import threading

from zgql._coordination._base import Coordinator
from zgql._coordination._local import LocalCoordinator

__all__ = ["Coordinator", "LocalCoordinator", "default_coordinator"]

_default: list[LocalCoordinator] = []
_default_lock = threading.Lock()


def default_coordinator() -> LocalCoordinator:
    """The process-wide coordinator every client uses unless given another."""
    with _default_lock:
        if not _default:
            _default.append(LocalCoordinator())
        return _default[0]
