"""The progress display of a long ``zgql check``: on standard error when it is a terminal, only
after a delay, at most ten redraws a second, erased before anything else is written; never
with ``--quiet`` nor on a standard error that is no terminal."""

from __future__ import annotations

import io
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest

from zgql._lint._progress import (
    DELAY_VARIABLE,
    NULL_PROGRESS,
    TerminalProgress,
    progress_for,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

LINE = re.compile(r"zgql: (reading|analysing) (\d+) of (\d+) (files|queries) \((\d+) \4/s\)")
FILES = 150  # generated: 100 queries (enough for worker processes), 50 fragments
READ = FILES + 3  # with fragments.graphql, deep.graphql and the link that leads nowhere
DANGLING = "zgql: warning: dangling.graphql: skipped: a symbolic link that leads nowhere"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def drawn(stream: io.StringIO) -> list[str]:
    """The lines drawn so far, each as it was written after its carriage return."""
    return [part.rstrip() for part in stream.getvalue().split("\r") if part.strip()]


# -- the class ----------------------------------------------------------------------------------


def test_nothing_before_the_delay_then_at_most_one_redraw_per_interval() -> None:
    clock, stream = Clock(), io.StringIO()
    # Times a little off the steps of the clock, so that no comparison is of equal floats.
    progress = TerminalProgress(stream, delay=0.501, interval=0.099, clock=clock)
    progress.start("reading", 1000, "files")
    for _ in range(100):
        clock.now += 0.004  # 0.4 s: a short run shows nothing
        progress.advance(1)
    assert stream.getvalue() == ""
    for _ in range(100):
        clock.now += 0.004  # 0.4 s more, past the delay: drawn at 0.504, 0.604 and 0.704 s
        progress.advance(1)
    lines = drawn(stream)
    assert len(lines) == 3
    assert lines[0] == "zgql: reading 126 of 1000 files (250 files/s)"
    assert all(LINE.fullmatch(line) for line in lines)
    progress.start("analysing", 64, "queries")  # a new phase is drawn as soon as it advances
    clock.now += 0.25
    progress.advance(32)
    assert drawn(stream)[-1] == "zgql: analysing 32 of 64 queries (128 queries/s)"
    erased = "\r" + " " * max(len(line) for line in drawn(stream)) + "\r"
    progress.done()
    assert stream.getvalue().endswith(erased)
    written = stream.getvalue()
    clock.now += 1
    progress.advance(32)  # after done(): never drawn again, nor erased twice
    progress.done()
    assert stream.getvalue() == written


def test_a_shorter_line_covers_the_longer_one_before_it() -> None:
    clock, stream = Clock(), io.StringIO()
    progress = TerminalProgress(stream, delay=0, interval=0, clock=clock)
    progress.start("reading", 10000, "files")
    clock.now += 1
    progress.advance(5000)
    progress.start("analysing", 5, "queries")
    clock.now += 1
    progress.advance(1)
    first, second = stream.getvalue().split("\r")[1:]
    assert len(second) == len(first) > len(second.rstrip())


def test_a_short_run_writes_nothing_at_all() -> None:
    clock, stream = Clock(), io.StringIO()
    progress = TerminalProgress(stream, delay=0.5, clock=clock)
    progress.start("reading", 3, "files")
    progress.advance(3)
    progress.start("analysing", 0, "queries")
    progress.done()
    assert stream.getvalue() == ""


def test_a_stream_that_fails_turns_the_display_off_not_the_check() -> None:
    class Broken(io.StringIO):
        writes = 0

        def write(self, text: str) -> int:
            self.writes += 1
            raise BrokenPipeError

    clock, stream = Clock(), Broken()
    progress = TerminalProgress(stream, delay=0, interval=0, clock=clock)
    progress.start("reading", 10, "files")
    for _ in range(10):
        clock.now += 1
        progress.advance(1)
    progress.done()
    assert stream.writes == 1


def test_progress_for(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert progress_for(io.StringIO()) is NULL_PROGRESS
    assert progress_for(Terminal(), quiet=True) is NULL_PROGRESS
    monkeypatch.setenv(DELAY_VARIABLE, "0")
    stream = Terminal()
    progress = progress_for(stream)
    assert isinstance(progress, TerminalProgress)
    progress.start("reading", 1, "files")
    progress.advance(1)
    assert LINE.fullmatch(drawn(stream)[0])
    monkeypatch.setenv(DELAY_VARIABLE, "soon")  # not a number: the default delay
    stream = Terminal()
    progress = progress_for(stream)
    progress.start("reading", 1, "files")
    progress.advance(1)
    assert stream.getvalue() == ""


# -- zgql check, with standard error on a pseudo-terminal ---------------------------------------


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """FILES files of queries or fragments, a query that breaks a limit, and a link that leads
    nowhere, which gives a ``zgql: warning:`` line on standard error."""
    root = tmp_path_factory.mktemp("progress")
    (root / "zgql.toml").write_text("")
    (root / "fragments.graphql").write_text("fragment LeadId on Leads__data { id { value } }\n")
    for index in range(FILES):
        folder = root / f"area{index % 5}"
        folder.mkdir(exist_ok=True)
        if index % 3 == 2:
            text = f"fragment Deal{index} on Deals__data {{ id {{ value }} }}\n"
        else:
            text = f"query Q{index} {{ Records {{ Leads {{ _data {{ ...LeadId }} }} }} }}\n"
        (folder / f"q{index}.graphql").write_text(text)
    (root / "area0" / "deep.graphql").write_text(
        "query Deep { Records { Contacts { _data { Account_Name { Parent_Account { Owner "
        "{ id { value } } } } } } } }\n"
    )
    (root / "dangling.graphql").symlink_to(root / "missing.graphql")
    return root


def zgql_check(
    root: Path, *args: str, terminal: bool, delay: str | None = "0"
) -> tuple[int, str, bytes]:
    """``zgql check --no-cache --jobs 2 ARGS`` (a later ``--jobs`` wins) in ``root``: its status, its standard output (a
    file), and its standard error: what a pseudo-terminal received, or a pipe. ``delay``: the
    display's delay in seconds, from the first file by default; None: the real one."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    env.pop(DELAY_VARIABLE, None)
    if delay is not None:
        env[DELAY_VARIABLE] = delay
    command = [sys.executable, "-m", "zgql", "check", "--no-cache", "--jobs", "2", *args]
    with (root.parent / f"{root.name}.out").open("w+") as out:
        if terminal:
            status, err = _on_a_terminal(command, root, env, out)
        else:
            done = subprocess.run(
                command, cwd=root, env=env, stdout=out, stderr=subprocess.PIPE, check=False
            )
            status, err = done.returncode, done.stderr
        out.seek(0)
        return status, out.read(), err


def _on_a_terminal(
    command: list[str], root: Path, env: dict[str, str], out: IO[str]
) -> tuple[int, bytes]:
    primary, secondary = os.openpty()
    try:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=secondary)
    except BaseException:
        os.close(primary)
        raise
    finally:
        os.close(secondary)
    received = bytearray()
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], 1)
            if not ready:
                continue
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # EIO: every copy of the secondary side is closed
                break
            if not chunk:
                break
            received += chunk
        else:
            pytest.fail("zgql check did not finish within a minute")
    finally:
        if process.poll() is None:
            process.kill()
        status = process.wait()
        os.close(primary)
    return status, bytes(received)


def screen(output: str) -> list[str]:
    """What a terminal shows once ``output`` is written to it: carriage returns move back to
    the start of the line and what follows is written over what was there."""
    lines, column = [""], 0
    for part in re.split(r"(\r|\n)", output):
        if part == "\r":
            column = 0
        elif part == "\n":
            lines.append("")
            column = 0
        elif part:
            line = lines[-1]
            lines[-1] = line[:column].ljust(column) + part + line[column + len(part) :]
            column += len(part)
    return [line.rstrip() for line in lines]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_on_a_terminal_progress_is_drawn_then_erased(tree: Path, jobs: str) -> None:
    status, report, raw = zgql_check(tree, "--jobs", jobs, terminal=True)
    err = raw.decode()
    drawn = [match.groups() for match in LINE.finditer(err)]
    phases = {phase for phase, *_ in drawn}
    assert phases == {"reading", "analysing"}, err
    for phase, done, total, unit, _rate in drawn:
        assert 0 < int(done) <= int(total)
        assert (phase, unit) in {("reading", "files"), ("analysing", "queries")}
    assert {int(total) for phase, _, total, *_ in drawn if phase == "reading"} == {READ}
    analysed = [int(done) for phase, done, *_ in drawn if phase == "analysing"]
    assert analysed == sorted(analysed)
    assert analysed[0] == (32 if jobs == "2" else 1)  # as each batch, or each query, is done
    # Erased before the warning is written: a terminal shows the zgql: lines and nothing else.
    assert screen(err) == [DANGLING, ""]
    assert err.endswith(DANGLING + "\r\n")  # the terminal's own \n -> \r\n
    # The report is the one written when standard error is no terminal.
    assert (status, report) == zgql_check(tree, "--jobs", jobs, terminal=False)[:2]
    assert status == 1 and "records-depth" in report


def test_no_progress_with_quiet(tree: Path) -> None:
    status, report, raw = zgql_check(tree, "--quiet", terminal=True)
    assert raw.decode() == DANGLING + "\r\n"
    assert status == 1 and "records-depth" in report


def test_no_progress_when_standard_error_is_no_terminal(tree: Path) -> None:
    _, _, err = zgql_check(tree, terminal=False)
    assert err.decode() == DANGLING + "\n"


def test_no_progress_on_a_short_run(tree: Path) -> None:
    """With the real delay, a run over a file ends before the display would appear."""
    status, _, raw = zgql_check(tree, "fragments.graphql", terminal=True, delay=None)
    assert (status, raw) == (0, b"")
