"""The user's files: read as UTF-8 or fail with one line naming the file; private ones written
so that only their owner can ever read them."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from zgql._exceptions import ConfigError

__all__ = ["read_utf8", "write_private"]


def read_utf8(path: Path) -> str:
    """The text of ``path``; :class:`ConfigError` naming the file when it cannot be read."""
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def write_private(path: Path, content: Any) -> None:
    """Write ``content`` as JSON to ``path``, mode 0600 from its first byte, replacing any
    previous file atomically (so a reader never sees half of it, nor a moment of 0644)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(content, handle, indent=2)
        handle.write("\n")
    temporary.replace(path)
