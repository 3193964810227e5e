"""Which files ``zgql check`` reads: query files and Python files under the paths given.

The ``include``, ``exclude`` and ``extend-exclude`` patterns are read as the lines of a
``.gitignore`` in the configuration's folder, and match exactly what git's would (dir.c and
wildmatch.c of git 2.39; the tests compare with ``git check-ignore``):

- A pattern with a ``/`` at its start or in its middle matches the path from the
  configuration's folder (``/top.graphql`` is the top one only; ``queries/*.gql``); one without
  matches a file or folder name at any depth (``*.py``, ``node_modules``).
- A trailing ``/`` matches folders only (``build/``).
- ``*`` is any run of characters but ``/``, ``?`` one byte but ``/`` (names are compared as
  their UTF-8 bytes, case-sensitively: ``??`` matches ``é``); ``[abc]``, ``[a-z]``, ``[!a-z]``
  or ``[^a-z]`` and ``[[:digit:]]`` (the ASCII classes) one byte of a class, never ``/``;
  ``\\`` makes the next character literal (``\\*``, ``\\[``, ``\\!``, ``\\#``, ``\\ ``).
- ``**`` as a whole part of the path is any number of folders: ``**/x`` is ``x`` at any depth,
  ``x/**`` everything inside ``x``, ``a/**/b`` is ``a/b``, ``a/x/b``, ``a/x/y/b``. Elsewhere
  ``**`` is ``*``, but right after the plain start of a pattern with a ``/``: git compares that
  start on its own, so ``a**/b`` matches ``a/x/b``, as ``a`` then ``**/b``.
- A leading ``!`` re-includes what an earlier pattern matched: the last pattern matching a path
  decides. Whatever is inside a matched folder is matched, and nothing re-includes it, as in
  git: ``["gen/", "!gen/keep.graphql"]`` still drops ``gen/keep.graphql``, ``["gen/*",
  "!gen/keep.graphql"]`` keeps it.
- As a ``.gitignore`` line, a pattern starting with ``#`` is a comment that matches nothing
  (``\\#x`` is the name ``#x``), and trailing spaces are dropped unless escaped; an empty pattern,
  a ``[`` never closed and a trailing ``\\`` match nothing.

Exclude patterns prune folders while walking: a folder they match is not entered. Include
patterns select files: a file is read when its suffix is one zgql checks and the include
patterns match it or a folder above it (``include = ["queries/"]`` takes every query file in
``queries``), and the exclude patterns do not.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from zgql._config import Config
from zgql._lint._read import QUERY_SUFFIXES, kind_of

__all__ = ["QUERY_SUFFIXES", "WARNING", "PathDisplay", "Skipped", "discover"]

KNOWN_SUFFIXES = QUERY_SUFFIXES | {".py"}
WARNING = "warning: "  # how a problem that does not make the exit status 2 starts


class _Globs:
    """A list of patterns read as a ``.gitignore`` at the configuration's folder (see the module's
    docstring), matched in time linear in the path whatever the patterns: the configuration
    comes with the tree, so a pattern may be hostile (``*a*a*a*a*a*a*a*a*b`` or
    ``**/a/**/a/**/a/**/b`` backtrack exponentially in ``re``). Literal names and ``*.suffix``
    are looked up as git looks them up; every other pattern is one automaton over the bytes of
    the path (names or the whole path), simulated a set of states at a time and made
    deterministic lazily, the states it meets cached up to a bound."""

    def __init__(self, patterns: Iterable[str]) -> None:
        parsed = [p for p in map(_parse, patterns) if p is not None]
        self._negative = [p.negative for p in parsed]
        self._literals: dict[bytes, list[int]] = {}  # a name → [best for a file, for a folder]
        self._suffixes: list[tuple[bytes, int, bool]] = []  # ``*.py``: suffix, index, folders only
        names: list[tuple[int, _Pattern]] = []
        paths: list[tuple[int, _Pattern]] = []
        for index, pattern in enumerate(parsed):
            if pattern.tokens is None:
                continue  # a pattern git cannot match: an unclosed ``[``, a trailing ``\``
            if pattern.anchored:
                paths.append((index, pattern))
            elif pattern.literal is not None:
                best = self._literals.setdefault(pattern.literal, [-1, -1])
                best[0] = best[0] if pattern.folders_only else index
                best[1] = index
            elif pattern.suffix is not None:
                self._suffixes.append((pattern.suffix, index, pattern.folders_only))
            else:
                names.append((index, pattern))
        self._names = _Automaton(names) if names else None
        self._paths = _Automaton(paths) if paths else None
        self._folders: dict[str, _State | None] = {}  # a folder → the path automaton after it

    def matches(self, relative: str, *, folder: bool = False) -> bool:
        """Whether git would ignore ``relative`` (a POSIX path from the configuration's folder;
        ``folder``: it names a folder) were these patterns its ``.gitignore``: the last pattern
        matching it, or one of the folders above it, is not a ``!`` one."""
        if not relative:
            return False  # the configuration's folder itself
        parent, _, name = relative.rpartition("/")
        state: _State | None = _START
        if parent:
            state = self._folders.get(parent, _UNKNOWN)
            if state is _UNKNOWN:
                state = self._climb(parent)
        if state is not None:
            state = self._descend(state, name, first=not parent, folder=folder)
        if folder:
            self._remember(relative, state)
        return state is None

    def _climb(self, folder: str) -> _State | None:
        state: _State | None = _START
        for index, name in enumerate(folder.split("/")):
            if state is None:
                break
            state = self._descend(state, name, first=index == 0, folder=True)
        self._remember(folder, state)
        return state

    def _remember(self, folder: str, state: _State | None) -> None:
        if len(self._folders) >= _CACHED:
            self._folders.clear()
        self._folders[folder] = state

    def _descend(self, state: _State, name: str, *, first: bool, folder: bool) -> _State | None:
        """The path automaton's state after ``name`` (below the path ``state`` stands for), or
        None when the last pattern matching that path is not a ``!`` one."""
        data = os.fsencode(name)
        which = int(folder)
        best = self._literals.get(data, _NONE)[which]
        for suffix, index, folders_only in self._suffixes:
            if index > best and data.endswith(suffix) and (folder or not folders_only):
                best = index
        if self._names is not None:
            best = max(best, self._names.run(self._names.start, data).best[which])
        if self._paths is not None:
            if state is _START:
                state = self._paths.start
            if not first:
                state = self._paths.run(state, b"/")
            state = self._paths.run(state, data)
            best = max(best, state.best[which])
        return None if best >= 0 and not self._negative[best] else state


_CACHED = 4096  # folders whose automaton state is kept; and states of one automaton
_NONE = (-1, -1)


@dataclass(frozen=True, slots=True)
class _Token:
    """One place in a pattern: a byte in ``accepts`` moves past it (``repeats``: stays on it);
    ``skips``: the places ahead that it stands for too, reached without a byte."""

    accepts: frozenset[int]
    repeats: bool = False
    skips: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class _Pattern:
    negative: bool  # ``!``
    folders_only: bool  # a trailing ``/``
    tokens: tuple[_Token, ...] | None  # None: no path matches it
    anchored: bool = False  # a ``/`` before the end: matched against the path, not each name
    literal: bytes | None = None  # a name without wildcards
    suffix: bytes | None = None  # ``*`` then a name without wildcards


_ALL = frozenset(range(256))
_SLASH = ord("/")
_BUT_SLASH = _ALL - {_SLASH}
_STAR = _Token(_BUT_SLASH, repeats=True, skips=(1,))
_ANY = _Token(_ALL, repeats=True, skips=(1,))  # ``**``
# Before ``**/``: it may match nothing at all, slash included; once ``**`` took a byte, the
# slash must follow (``**/b`` matches ``b`` and ``x/b``, not ``xb``).
_NO_FOLDER = _Token(frozenset(), skips=(1, 3))
_WILD = b"*?[\\"  # git's "glob special" bytes


def _chars(*spans: str) -> frozenset[int]:
    """The bytes of ``spans``, each a character or a range ``a-z``."""
    found: set[int] = set()
    for span in spans:
        found.update(range(ord(span[0]), ord(span[-1]) + 1))
    return frozenset(found)


# Git's own ASCII classes (sane_ctype): no byte over 127 is in any; a space is not \v or \f.
_CLASSES = {
    b"alnum": _chars("0-9", "A-Z", "a-z"),
    b"alpha": _chars("A-Z", "a-z"),
    b"blank": _chars(" ", "\t"),
    b"cntrl": _chars("\x00-\x1f", "\x7f"),
    b"digit": _chars("0-9"),
    b"graph": _chars("!-~"),
    b"lower": _chars("a-z"),
    b"print": _chars(" -~"),
    b"punct": _chars("!-/", ":-@", "[-`", "{-~"),
    b"space": _chars("\t", "\n", "\r", " "),
    b"upper": _chars("A-Z"),
    b"xdigit": _chars("0-9", "A-F", "a-f"),
}


def _parse(text: str) -> _Pattern | None:
    """One line of a ``.gitignore``, as git's dir.c reads it; None for a blank line or a comment."""
    line = os.fsencode(text)
    if not line or line.startswith(b"#"):
        return None
    line = _trim_trailing_spaces(line)
    negative = line.startswith(b"!")
    if negative:
        line = line[1:]
    folders_only = line.endswith(b"/")
    if folders_only:
        line = line[:-1]
    if b"/" not in line:  # matched against each name: no prefix split (see below) can matter
        tokens = _tokens(line)
        wild = _simple_length(line)
        literal = line if wild == len(line) else None
        suffix = line[1:] if line[:1] == b"*" and _simple_length(line, 1) == len(line) else None
        return _Pattern(negative, folders_only, tokens, literal=literal, suffix=suffix)
    # Git compares the part before the first wildcard as it is and wildmatches the rest on its
    # own, so a ``**`` right after that part counts as at the pattern's start: ``a**/b``
    # matches ``a/x/b``, as ``a`` then ``**/b``.
    line = line[1:] if line.startswith(b"/") else line
    plain = _simple_length(line)
    rest = _tokens(line[plain:])
    tokens = None if rest is None else (*(_Token(frozenset({c})) for c in line[:plain]), *rest)
    return _Pattern(negative, folders_only, tokens, anchored=True)


def _trim_trailing_spaces(line: bytes) -> bytes:
    """Git's trim_trailing_spaces: trailing spaces go, unless the first is escaped with ``\\``."""
    last_space = None
    index = 0
    while index < len(line):
        char = line[index]
        if char == 0x20:
            last_space = index if last_space is None else last_space
        elif char == 0x5C:
            index += 1
            if index == len(line):
                return line
            last_space = None
        else:
            last_space = None
        index += 1
    return line if last_space is None else line[:last_space]


def _simple_length(line: bytes, start: int = 0) -> int:
    """Where the first wildcard byte of ``line`` is, from ``start`` (its length if none)."""
    return next((i for i in range(start, len(line)) if line[i] in _WILD), len(line))


def _tokens(pattern: bytes) -> tuple[_Token, ...] | None:
    """A pattern's tokens, read as git's wildmatch (with WM_PATHNAME) reads it; None when no
    path can match it (a ``[`` never closed, a ``[:name:]`` git does not know, a trailing ``\\``).
    ``?`` and a class match any byte but ``/``; a ``*`` run any run of them; ``**`` between
    slashes (or the pattern's ends) any run of bytes at all, and ``**/`` nothing too."""
    tokens: list[_Token] = []
    index, end = 0, len(pattern)
    while index < end:
        char = pattern[index]
        if char == 0x5C:  # \
            if index + 1 == end:
                return None
            tokens.append(_Token(frozenset({pattern[index + 1]})))
            index += 2
        elif char == 0x3F:  # ?
            tokens.append(_Token(_BUT_SLASH))
            index += 1
        elif char == 0x2A:  # *
            after = index + 1
            while after < end and pattern[after] == 0x2A:
                after += 1
            follows = pattern[after : after + 2]
            if (
                after - index > 1
                and (index == 0 or pattern[index - 1] == _SLASH)
                and (after == end or follows[:1] == b"/" or follows == b"\\/")
            ):
                tokens.extend((_NO_FOLDER, _ANY) if follows[:1] == b"/" else (_ANY,))
            else:
                tokens.append(_STAR)
            index = after
        elif char == 0x5B:  # [
            found = _class(pattern, index + 1)
            if found is None:
                return None
            accepts, index = found
            tokens.append(_Token(accepts - {_SLASH}))
        else:
            tokens.append(_Token(frozenset({char})))
            index += 1
    return tuple(tokens)


def _class(pattern: bytes, index: int) -> tuple[frozenset[int], int] | None:
    """The bytes a ``[...]`` class whose inside starts at ``index`` accepts, and the index past
    its ``]``; None when it never closes or names an unknown ``[:class:]``. As in git: ``!`` or
    ``^`` first negates; a ``]`` first is literal; ``a-z`` is a range unless the ``-`` is first
    or last; ``\\`` escapes; ``[:alpha:]`` and its kind are ASCII classes."""
    end = len(pattern)
    negated = pattern[index : index + 1] in (b"!", b"^")
    index += negated
    accepts: set[int] = set()
    previous = 0  # the byte before, which a ``-`` may start a range from; 0: none
    while index < end:
        char = pattern[index]
        if char == 0x2D and previous and index + 1 < end and pattern[index + 1] != 0x5D:  # a-z
            escaped = _escaped(pattern, index + 1)
            if escaped is None:
                return None
            last, index = escaped
            accepts.update(range(previous, last + 1))
            char = 0
        elif char == 0x5B and pattern[index + 1 : index + 2] == b":":  # [:alpha:]
            named = _named_class(pattern, index)
            if named is None:
                return None
            accepts.update(named[0] or (char,))  # no ``:]`` before the next ``]``: a plain [
            if named[0]:
                index, char = named[1], 0
        else:
            escaped = _escaped(pattern, index)
            if escaped is None:
                return None
            char, index = escaped
            accepts.add(char)
        previous = char
        index += 1
        if index < end and pattern[index] == 0x5D:  # ]
            found = frozenset(accepts)
            return (_ALL - found if negated else found), index + 1
    return None


def _escaped(pattern: bytes, index: int) -> tuple[int, int] | None:
    """The byte at ``index``, or the one after it when it is ``\\``, and where that one is."""
    if pattern[index] == 0x5C:
        index += 1
        if index == len(pattern):
            return None
    return pattern[index], index


def _named_class(pattern: bytes, index: int) -> tuple[frozenset[int], int] | None:
    """``[:name:]`` at ``index``: its bytes and the index of its ``]``; no bytes when no ``:]``
    ends it before the next ``]`` (git reads that ``[`` as a byte); None when no ``]`` follows
    at all, or git knows no such class."""
    close = pattern.find(b"]", index + 2)
    if close < 0:
        return None
    if close - (index + 2) < 1 or pattern[close - 1] != 0x3A:
        return frozenset(), index
    named = _CLASSES.get(pattern[index + 2 : close - 1])
    return None if named is None else (named, close)


class _State:
    """A set of places in an automaton's patterns, and the bytes seen from it so far."""

    __slots__ = ("best", "moves", "places")

    def __init__(self, places: frozenset[int], best: tuple[int, int]) -> None:
        self.places = places
        self.best = best  # the last pattern the bytes so far match: for a file, for a folder
        self.moves: dict[int, _State] = {}


_START = _State(frozenset(), _NONE)  # a placeholder: the path automaton's start, if any
_UNKNOWN = _State(frozenset(), _NONE)  # a placeholder: a folder not cached


class _Automaton:
    """Patterns as one nondeterministic automaton over bytes, simulated a set of places at a
    time: each byte costs at most one pass over the places, whatever the patterns (no
    backtracking). The sets met are cached as states with their moves, so that a path walks
    from state to state; past ``_CACHED`` states the cache starts again."""

    def __init__(self, patterns: Sequence[tuple[int, _Pattern]]) -> None:
        self._accepts: list[frozenset[int]] = []  # per place: the bytes that move on
        self._repeats: list[bool] = []
        self._ends: dict[int, tuple[int, bool]] = {}  # a pattern's last place → index, folders
        starts: list[int] = []
        skips: list[tuple[int, ...]] = []
        for index, pattern in patterns:
            assert pattern.tokens is not None
            starts.append(len(self._accepts))
            for token in pattern.tokens:
                self._accepts.append(token.accepts)
                self._repeats.append(token.repeats)
                skips.append(token.skips)
            self._ends[len(self._accepts)] = (index, pattern.folders_only)
            self._accepts.append(frozenset())
            self._repeats.append(False)
            skips.append(())
        # The places each place stands for: a ``*`` may match nothing, ``**/`` too.
        self._closure: list[frozenset[int]] = [frozenset()] * len(self._accepts)
        for place in reversed(range(len(self._accepts))):
            closure = {place}.union(*(self._closure[place + skip] for skip in skips[place]))
            self._closure[place] = frozenset(closure)
        self._states: dict[frozenset[int], _State] = {}
        self.start = self._state(frozenset().union(*(self._closure[s] for s in starts)))

    def run(self, state: _State, data: bytes) -> _State:
        for byte in data:
            if not state.places:
                break  # nothing can match any more
            following = state.moves.get(byte)
            if following is None:
                following = self._move(state, byte)
            state = following
        return state

    def _move(self, state: _State, byte: int) -> _State:
        places: set[int] = set()
        for place in state.places:
            if byte in self._accepts[place]:
                places |= self._closure[place if self._repeats[place] else place + 1]
        following = self._state(frozenset(places))
        state.moves[byte] = following
        return following

    def _state(self, places: frozenset[int]) -> _State:
        state = self._states.get(places)
        if state is None:
            if len(self._states) >= _CACHED:
                for old in self._states.values():
                    old.moves.clear()
                self._states.clear()
            best_file = best_folder = -1
            for place in places & self._ends.keys():
                index, folders_only = self._ends[place]
                best_folder = max(best_folder, index)
                if not folders_only:
                    best_file = max(best_file, index)
            state = self._states[places] = _State(places, (best_file, best_folder))
        return state


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path that was found but is not checked, and why (``reason``, without the path). An
    ``error`` (exit 2) when it should have been checked and cannot be — a folder that cannot be
    listed, a special file named outright; a warning otherwise."""

    path: str  # absolute
    reason: str
    error: bool = False


def discover(
    paths: Sequence[Path], config: Config, *, named: bool = False
) -> Iterator[Path | Skipped]:
    """Files to check, each once, in a stable order, as absolute paths without symbolic links;
    and what was skipped on the way. Raises ``FileNotFoundError`` naming a path that does not
    exist. Files named outright are checked when their suffix is known and no exclude pattern
    matches them (a symbolic link named outright is followed: the user chose it); folders are
    searched with the include patterns too.

    The tree searched is untrusted: only regular files are yielded. A symbolic link found in a
    folder is followed only when it resolves to a regular file or folder inside the project
    (``config.root``); any other link, FIFO, socket or device is skipped with a warning.

    ``named``: the user named ``paths`` (a wrong path must not pass CI): a file zgql does not
    check by its suffix, or a folder where nothing is found to check, is an error."""
    walker = _Walker(config)
    for path in paths:
        found = False  # a file to check, or a reason already given for why there is none
        for item in walker.named(path):
            found = True
            yield item
        why = _nothing_in(path) if named and not found else None
        if why is not None:
            yield Skipped(os.path.abspath(path), why, error=True)


def _nothing_in(path: Path) -> str | None:
    """Why a path the user named gives nothing to check; None for a file the configuration
    excludes (pre-commit names every changed file: the excluded ones pass in silence)."""
    if path.is_dir():
        return "holds no .graphql, .gql or .py file that the configuration includes"
    if path.suffix not in KNOWN_SUFFIXES:
        return "is not a .graphql, .gql or .py file, so zgql does not check it"
    return None


class _Walker:
    def __init__(self, config: Config) -> None:
        self.include, self.exclude = _Globs(config.include), _Globs(config.exclude)
        self.root = os.path.realpath(config.root)
        self._below_root = self.root if self.root.endswith(os.sep) else self.root + os.sep
        self.seen: set[str] = set()  # files yielded
        self.walked: set[str] = set()  # folders listed (real paths), so each is listed once

    def named(self, path: Path) -> Iterator[Path | Skipped]:
        given = os.fspath(path)
        try:
            info = os.stat(given)
        except (FileNotFoundError, NotADirectoryError):
            raise FileNotFoundError(f"{path}: no such file or folder") from None
        except OSError as exc:
            reason = f"cannot read: {exc.strerror or exc}"
            yield Skipped(os.path.abspath(given), reason, error=True)
            return
        real = os.path.realpath(given)
        if stat.S_ISDIR(info.st_mode):
            yield from self._walk(real)
        elif not stat.S_ISREG(info.st_mode):  # named, so an error whatever its name
            reason = f"is {kind_of(info.st_mode)}, not a regular file"
            yield Skipped(os.path.abspath(given), reason, error=True)
        elif os.path.splitext(real)[1] in KNOWN_SUFFIXES and not self._excluded(real, folder=False):
            yield from self._file(real)

    def _walk(self, top: str) -> Iterator[Path | Skipped]:
        """Files below ``top``, depth first: a folder's files, then each of its folders."""
        stack = [top]
        while stack:
            folder = stack.pop()
            if folder in self.walked:
                continue  # reached again through a link
            self.walked.add(folder)
            try:
                with os.scandir(folder) as scan:
                    entries = sorted(scan, key=lambda entry: entry.name)
            except OSError as exc:
                reason = f"cannot list the folder: {exc.strerror or exc}"
                yield Skipped(folder, reason, error=True)
                continue
            folders: list[str] = []
            for entry in entries:
                yield from self._entry(entry, folders)
            stack.extend(reversed(folders))

    def _entry(self, entry: os.DirEntry[str], folders: list[str]) -> Iterator[Path | Skipped]:
        path = entry.path
        try:
            if entry.is_symlink():
                yield from self._link(path, folders)
            elif entry.is_dir(follow_symlinks=False):
                if not self._excluded(path, folder=True):
                    folders.append(path)
            elif not self._wanted(path):
                return
            elif entry.is_file(follow_symlinks=False):
                yield from self._file(path)
            else:
                kind = kind_of(entry.stat(follow_symlinks=False).st_mode)
                yield Skipped(path, f"skipped: {kind}, not a regular file")
        except OSError as exc:
            yield Skipped(path, f"cannot read: {exc.strerror or exc}", error=True)

    def _link(self, path: str, folders: list[str]) -> Iterator[Path | Skipped]:
        real = os.path.realpath(path)
        try:
            mode = os.stat(real).st_mode
        except OSError:
            if self._wanted(path):
                yield Skipped(path, "skipped: a symbolic link that leads nowhere")
            return
        if self._excluded(path, folder=True) if stat.S_ISDIR(mode) else not self._wanted(path):
            return  # not a path that would be checked were it no link
        if real != self.root and not real.startswith(self._below_root):
            yield Skipped(path, f"skipped: a symbolic link to {real}, outside the project")
        elif stat.S_ISDIR(mode):
            if not self._excluded(real, folder=True):
                folders.append(real)
        elif not stat.S_ISREG(mode):
            yield Skipped(path, f"skipped: a symbolic link to {kind_of(mode)}")
        elif os.path.splitext(real)[1] not in KNOWN_SUFFIXES:
            yield Skipped(path, f"skipped: a symbolic link to {real}, which zgql does not check")
        elif not self._excluded(real, folder=False):
            yield from self._file(real)

    def _file(self, path: str) -> Iterator[Path]:
        if path not in self.seen:
            self.seen.add(path)
            yield Path(path)

    def _wanted(self, path: str) -> bool:
        """A file at ``path`` is checked: a known suffix, included, not excluded (its folders
        were not, or it would not have been reached)."""
        if os.path.splitext(path)[1] not in KNOWN_SUFFIXES:
            return False
        relative = _relative(path, self.root)
        return self.include.matches(relative) and not self.exclude.matches(relative)

    def _excluded(self, path: str, *, folder: bool) -> bool:
        """The exclude patterns match ``path`` or a folder above it."""
        return self.exclude.matches(_relative(path, self.root), folder=folder)


def _relative(path: str, root: str) -> str:
    """``path`` (absolute) from ``root`` (absolute), in POSIX form; the whole path when it is
    not below ``root``."""
    if path.startswith(root + os.sep):
        path = path[len(root) + 1 :]
    return path.replace(os.sep, "/").lstrip("/")


class PathDisplay:
    """Paths as a user would type them: relative to the working folder when below it."""

    def __init__(self) -> None:
        self._cwd = os.path.realpath(os.getcwd())

    def __call__(self, path: Path) -> str:
        text = str(path)
        if text.startswith(self._cwd + os.sep):
            return text[len(self._cwd) + 1 :].replace(os.sep, "/")
        return path.as_posix()
