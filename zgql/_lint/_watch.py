"""``zgql check --watch``: check, then check again what changes, as it is saved.

One full check first; then, each time files that ``check`` reads (``.graphql``, ``.gql``,
``.py``) change under the watched paths, those files are checked again (fragments they spread
are still looked up in the rest of the project) and the report is printed under a line saying
what changed. watchfiles (the file watcher of uvicorn and others, on the OS's notifications) is
imported only here, so that ``zgql check`` without ``--watch`` never loads it. Ctrl-C ends it,
with exit status 0.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from zgql._config import Config
from zgql._lint._command import EXIT_ERROR, EXIT_OK, CheckOptions, check
from zgql._lint._discover import PathDisplay

__all__ = ["watch"]

_WATCHED = (".graphql", ".gql", ".py")


def watch(
    options: CheckOptions,
    config: Config,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Check, then check the changed files again, until Ctrl-C (or ``stop`` is set)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        import watchfiles  # noqa: PLC0415 - only in watch mode
    except ImportError:
        stderr.write("zgql: --watch needs watchfiles: pip install 'zgql[watch]'\n")
        return EXIT_ERROR
    check(options, config, stdout=stdout, stderr=stderr)
    stdout.flush()
    roots = [str(path) for path in options.paths] or [str(config.root)]
    display = PathDisplay()
    try:
        for changes in watchfiles.watch(*roots, watch_filter=_checked, stop_event=stop):
            present = sorted({Path(path) for _, path in changes if Path(path).is_file()})
            names = ", ".join(display(path) for path in present) or "files removed"
            stdout.write(f"\n[{time.strftime('%H:%M:%S')}] changed: {names}\n")
            if present:
                check(replace(options, paths=tuple(present)), config, stdout=stdout, stderr=stderr)
            stdout.flush()
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _checked(_change: object, path: str) -> bool:
    """The files ``check`` reads, outside the cache folder it writes."""
    return path.endswith(_WATCHED) and "/.zgql_cache/" not in path
