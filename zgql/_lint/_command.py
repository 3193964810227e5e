"""``zgql check`` (and ``zgql explain``) as a command: options in, a report out, an exit status.

The command line (``zgql._cli``) only parses; this module runs the check, renders the report,
writes it where it was asked for and says how the run ended: 0 nothing wrong, 1 findings,
2 the check could not run or a file could not be read.
"""

from __future__ import annotations

import functools
import os
import stat
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from zgql._config import Config
from zgql._files import Oversize, kind_of, write_atomic
from zgql._lint._discover import WARNING, PathDisplay
from zgql._lint._progress import progress_for
from zgql._lint._read import LINE_BREAK, read_lines
from zgql._lint._result import CheckError, CheckResult
from zgql._lint._runner import run_check

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "CheckOptions", "check"]

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What ``zgql check`` was asked to do (its command-line options)."""

    paths: tuple[Path, ...] = ()
    format: str = "text"
    output: Path | None = None
    use_cache: bool = True
    jobs: int | None = None
    color: str = "auto"  # auto, always or never
    quiet: bool = False
    operation: str | None = None  # explain --operation: only this operation
    stdin_filename: Path | None = None  # the document comes on standard input, named so
    baseline: Path | None = None  # compare with this cost baseline
    update_baseline: bool = False  # record the run in the baseline instead
    compare_schema: Path | None = None  # also judge the run against this (older) schema
    statistics: bool = False  # counts per rule instead of the findings
    exit_zero: bool = False  # exit 0 even with findings


def check(
    options: CheckOptions,
    config: Config,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the check ``options`` describe; return the exit status."""
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    if options.output is not None:  # before the check, which may take long
        problem = output_problem(options.output, config.root)
        if problem is not None:
            stderr.write(f"zgql: {problem}\n")
            return EXIT_ERROR
    sources: dict[Path, str | Oversize] = {}
    named = [*options.paths, *([options.stdin_filename] if options.stdin_filename else [])]
    paths = named or [Path()]
    try:
        if options.stdin_filename is not None:
            sources[options.stdin_filename] = _read_stdin(stdin, config)
        run = functools.partial(
            run_check,
            paths,
            jobs=options.jobs,
            use_cache=options.use_cache,
            named=bool(named),
            breakdowns=options.format == "explain",
            sources=sources,
        )
        result, problems = run(config, progress=progress_for(stderr, quiet=options.quiet))
        if options.compare_schema is not None:
            from zgql._lint._baseline import compare_schemas  # noqa: PLC0415 - only with it

            old, _ = run(replace(config, schema=options.compare_schema))
            result = compare_schemas(result, old)
        if options.baseline is not None:
            result = _against_baseline(result, options, stderr)
        if options.operation is not None:
            result = result.of_operation(options.operation, str(paths[0]))
    except CheckError as exc:
        stderr.write(f"zgql: {exc}\n")
        return EXIT_ERROR
    report = _render(result, options, sources, config, stdout)
    written = _deliver(report, options.output, stdout, problems)
    for line in problems:
        stderr.write(f"zgql: {line}\n")
    if not written or any(not line.startswith(WARNING) for line in problems):
        return EXIT_ERROR
    return EXIT_FINDINGS if result.errors and not options.exit_zero else EXIT_OK


def _against_baseline(result: CheckResult, options: CheckOptions, stderr: TextIO) -> CheckResult:
    """The run compared with the baseline; or, with ``--update-baseline``, recorded in it
    (and so compared with what was just recorded: nothing to report)."""
    from zgql._lint._baseline import Baseline  # noqa: PLC0415 - only with --baseline

    assert options.baseline is not None
    path = options.baseline
    if not options.update_baseline:
        return Baseline.load(path).compare(result)
    known = Baseline.load(path) if path.exists() else Baseline({}, Counter())
    updated = known.updated(result, result.files)
    try:
        updated.save(path)
    except OSError as exc:
        raise CheckError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None
    stderr.write(
        f"zgql: recorded {len(result.operations)} operations and {len(result.findings)} "
        f"findings in {path}\n"
    )
    return updated.compare(result)


def _render(
    result: CheckResult,
    options: CheckOptions,
    sources: dict[Path, str | Oversize],
    config: Config,
    stdout: TextIO,
) -> str:
    from zgql._output import render, render_statistics  # noqa: PLC0415 - once there is a result

    if options.statistics:
        return render_statistics(result, options.format)
    display = PathDisplay()
    given = {display(path): text for path, text in sources.items() if isinstance(text, str)}

    def lines_of(file: str) -> list[str] | None:
        if file in given:  # what the check read, not what is on disk
            return LINE_BREAK.split(given[file])
        return read_lines(file, config)  # as the check read them

    color = _color(options, stdout)
    return render(result, options.format, color=color, read_lines=lines_of)


def _read_stdin(stdin: TextIO, config: Config) -> str | Oversize:
    """Standard input as one document, never more of it than a file may hold."""
    bound = max(config.max_file_bytes, config.limits.max_document_bytes)
    if hasattr(stdin, "buffer"):
        data = stdin.buffer.read(bound + 1)
    else:  # a text stream without bytes beneath: as many characters, never more
        data = stdin.read(bound + 1).encode("utf-8", "surrogatepass")
    if len(data) > bound:
        return Oversize(None)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"standard input: not UTF-8 text (byte {exc.start}); zgql reads UTF-8 only"
        raise CheckError(message) from None


def _deliver(report: str, output: Path | None, stdout: TextIO, problems: list[str]) -> bool:
    """Print the report, or write it to ``output``; False (and a problem) if that failed."""
    if output is None:
        stdout.write(report)
        return True
    try:
        write_report(output, report)
    except OSError as exc:
        problems.append(f"{output}: cannot write the report: {exc.strerror or exc}")
        return False
    return True


def output_problem(output: Path, root: Path) -> str | None:
    """Why no report can be written to ``output``; None when one can. The project is untrusted:
    a symbolic link in it that leads out of it (``report.sarif -> ~/.bashrc``, a folder link) is
    never written through, nor is a FIFO in it (it would block)."""
    mode = _mode(output)
    if mode is not None and stat.S_ISDIR(mode):
        return f"{output}: is a folder, not a file"
    real = output.resolve()
    if mode is None and not real.parent.is_dir():
        return f"{output}: no such folder: {output.parent}"
    project = root.resolve()
    absolute = Path.cwd() / output
    for path in [*reversed(absolute.parents), absolute]:
        if not path.is_symlink() or not _inside(path.parent.resolve(), project):
            continue
        target = path.resolve()
        if not _inside(target, project):
            return (
                f"{output}: a symbolic link in the project leads out of it ({path} -> "
                f"{target}); zgql writes no report through it"
            )
    if mode is not None and not stat.S_ISREG(mode) and _inside(real, project):
        return f"{output}: is {kind_of(mode)}, not a regular file"
    return None


def _mode(path: Path) -> int | None:
    """The mode of what ``path`` leads to (``/dev/stdout``: the pipe); None if nothing yet."""
    try:
        return path.stat().st_mode
    except OSError:
        return None  # nothing there yet, a loop, a folder closed to us: writing will say so


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def write_report(output: Path, report: str) -> None:
    """Replace the file ``output`` resolves to with ``report`` (a temporary file renamed over
    it: never written through a link or a hard link planted where it was); a device or a pipe
    (``/dev/null``, ``/dev/stdout``) is written through. Raises :class:`OSError`."""
    try:
        data = report.encode("utf-8", "surrogateescape")  # a file name that is not UTF-8
    except UnicodeEncodeError:
        data = report.encode("utf-8", "backslashreplace")
    mode = _mode(output)
    if mode is not None and not stat.S_ISREG(mode):
        with output.open("wb") as handle:
            handle.write(data)
        return
    umask = os.umask(0)
    os.umask(umask)
    # A report is an ordinary file, readable as the user's umask says; not private.
    write_atomic(output.resolve(), data, mode=0o666 & ~umask)


def _color(options: CheckOptions, stdout: TextIO) -> bool:
    """Colour for the text format on a terminal; the NO_COLOR and FORCE_COLOR conventions
    (no-color.org, force-color.org) in ``auto``."""
    if options.color != "auto":
        return options.color == "always"
    if os.environ.get("NO_COLOR") or options.format != "text" or options.output is not None:
        return False
    return bool(os.environ.get("FORCE_COLOR")) or stdout.isatty()
