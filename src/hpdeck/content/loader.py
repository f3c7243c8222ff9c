"""Safe YAML loading that remembers where every value stands, so problems point at lines."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hpdeck.content import bounds
from hpdeck.content.reading import inside_project, read_regular
from hpdeck.errors import ContentError, Problem
from hpdeck.messages import say

__all__ = ["Document", "Origin", "format_loc", "inside_project", "load_yaml", "parse_yaml"]

Loc = tuple[str | int, ...]
Position = tuple[int, int]

MAX_BYTES = 2 * 1024 * 1024
MAX_VALUES = 100_000
MAX_DEPTH = 50

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("null", "bool", "int", "float", "str", "timestamp")}
_VALUE_TAG = f"{_TAG}value"
_MERGE_TAG = f"{_TAG}merge"
_BOM = b"\xef\xbb\xbf"
# 98.200 or 60.000: the Norwegian thousands dot, which YAML reads as 98.2 (1.250.000 stays
# text and is caught by validation). A decimal is not written with a trailing zero, so 1.125
# passes as the decimal it is, and the advice "write 98.2" is not refused in turn.
_THOUSANDS = re.compile(r"[-+]?[1-9]\d{0,2}\.\d\d0")


@dataclass(frozen=True)
class Origin:
    """Where a value was written: its file (relative to the project) and line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        """'content/2022-12/status.yaml:7', as recorded in a built deck for the linter."""
        return f"{self.file}:{self.line}" if self.line else self.file

    @classmethod
    def parse(cls, text: str) -> Origin | None:
        """The origin a built deck recorded as text (see __str__); None when none was."""
        if not text:
            return None
        file, _, line = text.rpartition(":")
        return cls(file, int(line)) if file and line.isdigit() else cls(text)


@dataclass(frozen=True)
class Document:
    """A parsed YAML file plus where each value and key stands in it."""

    path: Path  # absolute for files; Path(display) for text parsed from memory
    display: str  # relative to the project root, posix style
    data: Any  # dict/list/str/int/float/bool/None/date/datetime
    positions: dict[Loc, Position]  # 1-based (line, col) of the value at each loc; () is the root
    key_positions: dict[Loc, Position]  # 1-based (line, col) of the mapping key for each loc
    sources: dict[Loc, tuple[str, Loc]] = field(default_factory=dict)
    """(file, loc there) of each value laid over this document from another file (a
    municipality file's facts over the shared content); every other value is this file's own."""

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int | None, int | None]:
        """Position of loc or its nearest located ancestor, so every problem gets a line."""
        for end in range(len(loc), -1, -1):
            part = loc[:end]
            if key and part in self.key_positions:
                return self.key_positions[part]
            if part in self.positions:
                return self.positions[part]
        return None, None

    def written(self, loc: Loc) -> tuple[str, Loc]:
        """The file a value was written in and its loc there: its own, or the file it was laid
        over from (found at loc or its nearest ancestor that was laid over)."""
        for end in range(len(loc), -1, -1):
            part = loc[:end]
            if part in self.sources:
                file, there = self.sources[part]
                return file, (*there, *loc[end:])
            if part in self.positions:
                break  # a value of this file's own
        return self.display, loc

    def origin(self, loc: Loc) -> Origin:
        """The file and line of loc or its nearest located ancestor, whichever file that is."""
        line, _ = self.locate(loc)
        return Origin(self.written(loc)[0], line)

    def problem(
        self, loc: Loc, message: str, *, key: bool = False, warning: bool = False
    ) -> Problem:
        """A problem with the value (or key) at loc, in the file and at the place it was written."""
        line, col = self.locate(loc, key=key)
        file, there = self.written(loc)
        return Problem(file, line, col, format_loc(there), message, warning=warning)


def format_loc(loc: Loc) -> str:
    """Spell a location the way users navigate YAML: metrics[0].value."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def load_yaml(path: Path, *, root: Path) -> Document:
    """Read a project file (relative paths start at root) without trusting its size or bytes.

    A file whose bytes are unchanged since this process last parsed it is not parsed again: a
    batch of council decks reads the same theme, history and content files for every deck.
    Callers treat ``Document.data`` as read-only, so sharing it is safe.
    """
    display = _display(path, root)
    resolved = inside_project(path, root, display=display)
    raw = read_regular(resolved, display=display, limit=MAX_BYTES, too_large=say("yaml.too_large"))
    known = _PARSED.get((resolved, display))
    if known is not None and known[0] == raw:
        return known[1]
    doc = parse_yaml(raw, display=display, path=resolved)
    _PARSED[(resolved, display)] = (raw, doc)
    return doc


_PARSED: dict[tuple[Path, str], tuple[bytes, Document]] = {}


def parse_yaml(text: str | bytes, *, display: str, path: Path | None = None) -> Document:
    """Parse YAML from memory with the same checks as load_yaml, for tests and live preview."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    source = _decode(raw, display)
    _refuse_long_lines(source, display)
    node = _compose(source, display)
    builder = _Builder(display)
    data = None if node is None else builder.build(node, (), 0)
    doc = Document(path or Path(display), display, data, builder.positions, builder.key_positions)
    if builder.problems:
        raise UnreadableValues(builder.problems, doc)
    return doc


class UnreadableValues(ContentError):
    """Values the parser could not read (a date that does not exist, a thousands dot, a
    duplicate key), while the rest of the file was read: ``document`` holds it, with each such
    value as its text, so validation can still report the file's other problems at once."""

    def __init__(self, problems: list[Problem], document: Document) -> None:
        super().__init__(problems)
        self.document = document


def every_problem(err: ContentError, validate: Callable[[Document], object]) -> list[Problem]:
    """The parser's problems plus what ``validate`` finds in the rest of the file, one per line."""
    document = getattr(err, "document", None)
    if document is None:
        return list(err.problems)
    try:
        validate(document)
    except ContentError as more:
        lines = {(p.file, p.line) for p in err.problems}
        return [*err.problems, *(p for p in more.problems if (p.file, p.line) not in lines)]
    return list(err.problems)


def _refuse_long_lines(source: str, display: str) -> None:
    """A line holding more text than any value may have is refused before PyYAML's scanner
    spends seconds reading it (brackets and commas do not count: nesting has its own limit)."""
    for number, line in enumerate(source.splitlines(), start=1):
        if len(line) > bounds.MAX_LINE_CHARS and (
            len(line) - sum(map(line.count, "[]{},")) > bounds.MAX_LINE_CHARS
        ):
            raise ContentError.single(
                display,
                say(
                    "yaml.long_line",
                    length=len(line),
                    limit=bounds.MAX_LINE_CHARS,
                    excerpt=bounds.excerpt(line),
                ),
                line=number,
                col=1,
            )


def _display(path: Path, root: Path) -> str:
    """Name the file relative to the project so messages stay short and machine-independent."""
    full = path if path.is_absolute() else root / path
    relative = Path(os.path.relpath(os.path.abspath(full), os.path.abspath(root)))
    if relative.parts[:1] == ("..",):
        with contextlib.suppress(OSError, RuntimeError, ValueError):
            relative = full.resolve().relative_to(root.resolve())
    return relative.as_posix()


def _decode(raw: bytes, display: str) -> str:
    """Turn bytes into text, rejecting what YAML editors get wrong: size, binary, encodings."""
    if len(raw) > MAX_BYTES:
        raise ContentError.single(display, say("yaml.too_large"))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError.single(display, say("yaml.utf16"))
    raw = raw.removeprefix(_BOM)
    if b"\0" in raw:
        line, col = _byte_position(raw, raw.index(b"\0"))
        raise ContentError.single(display, say("yaml.nul"), line=line, col=col)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(raw, exc.start)
        message = say("yaml.not_utf8", byte=f"{raw[exc.start]:02x}", offset=exc.start)
        raise ContentError.single(display, message, line=line, col=col) from None


def _byte_position(raw: bytes, offset: int) -> Position:
    """Line and column of a byte offset; the bytes before it are known to be valid UTF-8."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    col = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, col


class _TooDeep(Exception):
    """Raised inside the composer, whose recursion would otherwise exhaust the stack."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.mark = mark


class _Depth(yaml.composer.Composer):
    """A composer that stops before nesting can exhaust Python's stack."""

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH + 1:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[attr-defined]  # a mixin
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Loader(_Depth, yaml.SafeLoader):
    """SafeLoader with the nesting limit."""


class _LibyamlDiffers(Exception):
    """Raised while composing libyaml's events where PyYAML would read the text otherwise."""


_CParser = getattr(getattr(yaml, "_yaml", None), "CParser", None)
if _CParser is not None:

    class _FastLoader(_CParser, _Depth, yaml.resolver.Resolver):  # type: ignore[misc,valid-type]
        """libyaml's parser under Python's composer (``compose_node`` above, with its limit)."""

        # libyaml's C parser is invisible to type checkers: its methods are checked by tests.
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)  # type: ignore[misc]
            yaml.resolver.Resolver.__init__(self)
            self.anchors: dict[Any, Node] = {}

        def compose_scalar_node(self, anchor: Any) -> yaml.ScalarNode:
            event = self.peek_event()
            if event.value == "" and not event.style:  # libyaml places empty values elsewhere
                raise _LibyamlDiffers
            return super().compose_scalar_node(anchor)

else:
    _FastLoader = None  # type: ignore[misc, assignment]


def _compose(text: str, display: str) -> Node | None:
    """Build the node graph of the single document in text; None for an empty file."""
    try:
        return _compose_single(text, display)
    except _TooDeep as exc:
        raise ContentError([_too_deep(display, exc.mark)]) from None
    except RecursionError:
        raise ContentError([_too_deep(display, None)]) from None
    except yaml.reader.ReaderError as exc:
        line, col = _char_position(text, exc.position)
        message = say("yaml.bad_character", code=f"{exc.character:04x}")
        raise ContentError.single(display, message, line=line, col=col) from None
    except yaml.MarkedYAMLError as exc:
        raise ContentError([_syntax_problem(exc, text, display)]) from None
    except yaml.YAMLError as exc:
        raise ContentError.single(display, say("yaml.syntax", problem=exc)) from None


def _compose_single(text: str, display: str) -> Node | None:
    """Like yaml.compose, but a second document gets a message users understand.

    libyaml reads the events where PyYAML has it (several times faster than the Python
    scanner); the nodes are composed here in Python either way, so the nesting limit holds.
    Whatever libyaml refuses is read again by the Python parser, so a mistake is reported in
    the same words and at the same place with or without libyaml. Text where the two are
    known to differ goes to the Python parser too (see _libyaml_differs).
    """
    if _FastLoader is not None and not _libyaml_differs(text):
        try:
            return _compose_with(_FastLoader(text), display)
        except (yaml.YAMLError, _TooDeep, _LibyamlDiffers, ContentError, RecursionError):
            pass
    return _compose_with(_Loader(text), display)


def _libyaml_differs(text: str) -> bool:
    """Whether libyaml may read ``text`` unlike PyYAML (found by comparing the two on mutated
    files): a last line without its line break, tabs, anchors, tags, '?' and reserved
    characters, directives and unusual block-scalar headers. An empty value is found while
    composing (see _FastLoader). Such text is rare in content and is read by PyYAML alone."""
    return not text.endswith("\n") or _LIBYAML_UNLIKE.search(text) is not None


_LIBYAML_UNLIKE = re.compile(r"[\t?!&*@`]|^%|[|>][-+0-9]*[^-+0-9\s]", re.MULTILINE)


def _compose_with(loader: Any, display: str) -> Node | None:
    """The single document's node graph, composed from ``loader``'s events."""
    try:
        loader.get_event()
        node = None if loader.check_event(yaml.StreamEndEvent) else loader.compose_document()
        if not loader.check_event(yaml.StreamEndEvent):
            line, col = _pos(loader.peek_event())
            raise ContentError.single(display, say("yaml.two_documents"), line=line, col=col)
        return node
    finally:
        loader.dispose()


def _char_position(text: str, index: int) -> Position:
    """Line and column of a character index, for errors that carry no mark."""
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def _too_deep(display: str, mark: yaml.Mark | None) -> Problem:
    """One wording for nesting limits hit while composing or while expanding aliases."""
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return Problem(display, line, col, "", say("yaml.too_deep", limit=MAX_DEPTH))


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, display: str) -> Problem:
    """Keep PyYAML's short problem and its mark, adding a hint for the usual mistakes."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    problem = _pyyaml_words(exc.problem or exc.context or "invalid YAML")
    context = exc.context or ""
    indent = _indent_problem(exc, text)
    if indent:
        return Problem(display, line, col, "", indent)
    if context.endswith("; first occurrence") and exc.context_mark:
        problem = say(
            "yaml.first_at",
            what=context.removesuffix("; first occurrence"),
            line=exc.context_mark.line + 1,
        )
    hint = _syntax_hint(exc, text)
    return Problem(
        display, line, col, "", say("yaml.syntax", problem=problem) + (f" ({hint})" if hint else "")
    )


# PyYAML's wording of the mistakes people make most, said in the user's language too.
_PYYAML = {
    "invalid YAML": "yaml.pyyaml.invalid",
    "mapping values are not allowed here": "yaml.pyyaml.mapping_values",
    "could not find expected ':'": "yaml.pyyaml.no_colon",
    "found unexpected end of stream": "yaml.pyyaml.end_of_stream",
    "found character '\\t' that cannot start any token": "yaml.pyyaml.tab",
}


def _pyyaml_words(problem: str) -> str:
    """PyYAML's problem in the user's language where it is one of the usual ones."""
    key = _PYYAML.get(problem)
    return say(key) if key else problem


def _indent_of(line: str) -> int:
    """Where a line's key or value starts: after its spaces and any '- ' list markers."""
    stripped = line.lstrip(" ")
    column = len(line) - len(stripped)
    while stripped.startswith("- "):
        rest = stripped[2:].lstrip(" ")
        column += len(stripped) - len(rest)
        stripped = rest
    return column


def _indent_problem(exc: yaml.MarkedYAMLError, text: str) -> str:
    """Indentation mistakes in plain words: which line is indented unlike which, and how to fix.

    PyYAML says 'expected <block end>, but found ...' or 'mapping values are not allowed
    here', naming tokens ('?') that are not in the file.
    """
    mark = exc.problem_mark
    lines = text.splitlines()
    if mark is None or mark.line >= len(lines) or "\t" in lines[mark.line][: mark.column + 1]:
        return ""
    before = [
        i
        for i in range(mark.line - 1, -1, -1)
        if lines[i].strip() and not lines[i].lstrip().startswith("#")
    ]
    if not before:
        return ""
    here, above = mark.line, before[0]
    spaces, above_spaces = _indent_of(lines[here]), _indent_of(lines[above])
    if (exc.problem or "").startswith("expected <block end>"):
        start = exc.context_mark.line if exc.context_mark else above
        start_spaces = _indent_of(lines[start])
        alternative = ""
        if start != above and start_spaces != above_spaces:
            alternative = say(
                "yaml.indent_alternative", spaces=_spaces(start_spaces), line=start + 1
            )
        return say(
            "yaml.indent_unlike",
            line=here + 1,
            spaces=_spaces(spaces),
            above=above + 1,
            above_spaces=_spaces(above_spaces),
            alternative=alternative,
        )
    if (
        exc.problem == "mapping values are not allowed here"
        and spaces > above_spaces
        and not _opens_block(lines[above])  # under 'key:' a line is meant to go further in
        and mark.column <= _key_end(lines[here])  # not a second ': ' in the line's own value
    ):
        return say(
            "yaml.indent_more",
            line=here + 1,
            spaces=_spaces(spaces),
            above=above + 1,
            above_spaces=_spaces(above_spaces),
        )
    return ""


def _opens_block(line: str) -> bool:
    """Whether ``line`` is a key with nothing after it ('message:'): the lines under it are its
    value, indented further."""
    words = line.split(" #", 1)[0].rstrip()
    return words.endswith(":")


def _key_end(line: str) -> int:
    """The column of the line's first ': ' (its key's), or past its end if it has none."""
    found = line.find(": ")
    return found if found >= 0 else len(line)


def _spaces(count: int) -> str:
    return say("yaml.spaces", count)


def _syntax_hint(exc: yaml.MarkedYAMLError, text: str) -> str:
    """Name the likely cause when a beginner's mistake is recognisable from the error."""
    mark = exc.problem_mark
    lines = text.splitlines()
    line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
    indent = line_text[: len(line_text) - len(line_text.lstrip())]
    if "\t" in indent or "'\\t'" in (exc.problem or ""):
        return say("yaml.hint.tab")
    if exc.problem == "mapping values are not allowed here":
        key_end = _key_end(line_text)
        value, _, comment = line_text[key_end + 2 :].partition(" #")
        value = value.strip()
        if mark and mark.column > key_end and value and value[0] not in "'\"":
            # single quotes: nothing in them is an escape ('K:\Felles'); a quote is doubled
            quoted = "'" + value.replace("'", "''") + "'"
            fixed = f"{line_text[: key_end + 1].strip()} {quoted}"
            return say(
                "yaml.hint.colon_in_value", fixed=fixed + (f"  #{comment}" if comment else "")
            )
        return say("yaml.hint.colon")
    if exc.context == "while scanning a quoted scalar" and exc.context_mark:
        return say("yaml.hint.unclosed", line=exc.context_mark.line + 1)
    return ""


def _pos(item: Node | yaml.Event) -> Position:
    mark = item.start_mark
    assert mark is not None  # the composer marks every node and event it makes
    return mark.line + 1, mark.column + 1


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _unreadable(node: ScalarNode, exc: Exception) -> str:
    """Say which scalar PyYAML could not turn into its tagged type."""
    text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    if node.tag == f"{_TAG}timestamp":
        reason = f" ({exc})" if type(exc) is ValueError else ""
        return say("yaml.not_a_date", text=text) + reason
    return say("yaml.cannot_read", text=text, tag=_short_tag(node.tag))


class _Builder:
    """Turns nodes into plain values, counting visits so aliases cannot expand without bound."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.positions: dict[Loc, Position] = {}
        self.key_positions: dict[Loc, Position] = {}
        self.problems: list[Problem] = []
        self.visits = 0
        self.active: set[int] = set()
        self.scalars: dict[int, Any] = {}
        self.constructor = yaml.constructor.SafeConstructor()

    def problem(self, node: Node, loc: Loc, message: str) -> None:
        self.problems.append(Problem(self.display, *_pos(node), format_loc(loc), message))

    def fatal(self, node: Node, message: str) -> ContentError:
        return ContentError([*self.problems, Problem(self.display, *_pos(node), "", message)])

    def visit(self, node: Node) -> None:
        self.visits += 1
        if self.visits > MAX_VALUES:
            raise self.fatal(node, say("yaml.too_many", limit=MAX_VALUES))

    def build(self, node: Node, loc: Loc, depth: int) -> Any:
        self.visit(node)
        self.positions[loc] = _pos(node)
        if isinstance(node, ScalarNode):
            return self.scalar(node, loc)
        if depth >= MAX_DEPTH:
            raise ContentError([*self.problems, _too_deep(self.display, node.start_mark)])
        if id(node) in self.active:
            raise self.fatal(node, say("yaml.alias_loop"))
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode) and node.tag == f"{_TAG}seq":
                return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode) and node.tag == f"{_TAG}map":
                return self.mapping(node, loc, depth)
            self.problem(node, loc, say("yaml.unknown_tag", tag=_short_tag(node.tag)))
            return None
        finally:
            self.active.discard(id(node))

    def scalar(self, node: ScalarNode, loc: Loc) -> Any:
        if node.tag == _VALUE_TAG:
            return node.value
        if node.tag not in _SCALAR_TAGS:
            self.problem(node, loc, say("yaml.unknown_tag", tag=_short_tag(node.tag)))
            return node.value
        known = self.scalars.get(id(node), self)
        if known is not self:  # an alias of a scalar already read (and reported) once
            return known
        if node.tag == f"{_TAG}float" and _THOUSANDS.fullmatch(node.value):
            digits = node.value.replace(".", "")
            self.problem(
                node,
                loc,
                say(
                    "yaml.thousands_dot",
                    text=node.value,
                    decimal=f"{float(node.value):g}",
                    digits=digits,
                    grouped=f"{int(digits):_}",
                ),
            )
            return node.value
        try:
            value = self.constructor.yaml_constructors[node.tag](self.constructor, node)
        except Exception as exc:  # PyYAML fails in assorted ways on explicitly tagged text
            self.problem(node, loc, _unreadable(node, exc))
            return node.value
        value = self.scalars[id(node)] = self.bounded(node, loc, value)
        return value

    def bounded(self, node: ScalarNode, loc: Loc, value: Any) -> Any:
        """The value if a slide can hold it; else a problem at its line and column."""
        if isinstance(value, str):
            problem = bounds.text_problem(value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            problem = bounds.number_problem(value)
            value = bounds.normal_number(value)
        else:
            problem = None
        if problem:
            self.problem(node, loc, problem)
            return None
        return value

    def mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            self.visit(key_node)
            key = self.key(key_node, loc)
            if key is None:
                continue
            if key in result:
                first = self.key_positions[(*loc, key)][0]
                self.problem(key_node, loc, say("yaml.duplicate_key", key=key, line=first))
                continue
            self.key_positions[(*loc, key)] = _pos(key_node)
            result[key] = self.build(value_node, (*loc, key), depth + 1)
        return result

    def key(self, node: Node, loc: Loc) -> str | None:
        """The key as text, or None after recording why it cannot be one."""
        if isinstance(node, ScalarNode) and node.tag == _MERGE_TAG:
            self.problem(node, loc, say("yaml.merge_key"))
            return None
        if not isinstance(node, ScalarNode):
            self.problem(node, loc, say("yaml.key_not_scalar"))
            return None
        key = self.scalar(node, loc)
        if not isinstance(key, str):
            self.problem(node, loc, say("yaml.key_not_text", value=node.value))
            return None
        return key
