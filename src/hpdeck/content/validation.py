"""Turn pydantic errors into located messages a non-programmer editing YAML can act on."""

from __future__ import annotations

import ast
import contextlib
import datetime
import difflib
import enum
import inspect
import re
import types
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

import pydantic
from pydantic import BaseModel, RootModel
from pydantic_core.core_schema import ErrorType

from hpdeck.content import bounds
from hpdeck.content.loader import Document, Loc, format_loc
from hpdeck.content.provenance import mark
from hpdeck.errors import ContentError, Problem
from hpdeck.languages import NAMED
from hpdeck.messages import say

__all__ = ["format_loc", "problems_from", "validate"]

M = TypeVar("M", bound=BaseModel)

# Words people put after a figure, and what they multiply it by: '3,76 millioner', '3,7 mrd.'.
_SCALES = (
    ("milliard", 10**9),
    ("mrd", 10**9),
    ("billion", 10**9),
    ("million", 10**6),
    ("mill", 10**6),
    ("mio", 10**6),
    ("tusen", 10**3),
    ("thousand", 10**3),
)
_LEADING_NUMBER = re.compile(r"[-+\u2212]?\d(?:[\d \u00a0]*\d)?(?:[.,]\d+)?")
_GROUPED = re.compile(r"[-+]?\d{1,3}(?:[ \u00a0.]\d{3})+")
_BOUNDS = {
    "greater_than": "gt",
    "greater_than_equal": "ge",
    "less_than": "lt",
    "less_than_equal": "le",
}
_MAX_SHOWN = 40
_WHOLE_NUMBER = {"int_type", "int_parsing", "int_parsing_size", "int_from_float"}
_NUMBER = {"float_type", "float_parsing", "decimal_type", "decimal_parsing"}
_DATE = {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}
_DATETIME = {
    "datetime_type",
    "datetime_parsing",
    "datetime_from_date_parsing",
    "datetime_object_invalid",
}
_BUILTIN_ERRORS = set(get_args(ErrorType))


def validate(
    model: type[M],
    doc: Document,
    *,
    data: Any = None,
    loc_prefix: Loc = (),
    context: dict[str, Any] | None = None,
) -> M:
    """Validate doc.data (or `data`, the part of doc at loc_prefix) and report every problem.

    ``context`` reaches the field validators (the deck's language for per-language text)."""
    payload = _at(doc.data, loc_prefix) if data is None else data
    try:
        result = model.model_validate(payload, context=context)
    except pydantic.ValidationError as exc:
        raise ContentError(problems_from(exc, model, doc, loc_prefix=loc_prefix)) from None
    mark(result, doc, loc_prefix)  # each model knows where it was written
    return result


def problems_from(
    error: pydantic.ValidationError, model: type[BaseModel], doc: Document, *, loc_prefix: Loc = ()
) -> list[Problem]:
    """Locate and reword each error; of union members that all failed, keep the closest."""
    details = _closest_union_members(error.errors(include_url=False), doc, loc_prefix)
    problems = [_problem(detail, model, doc, loc_prefix) for detail in details]
    return list(dict.fromkeys(problems))


def _at(data: Any, loc: Loc) -> Any:
    """The value at loc, or None when the data does not reach that far."""
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _data_loc(raw: Sequence[Any], doc: Document, prefix: Loc) -> tuple[Loc, list[int]]:
    """Keep the loc parts that exist in the document; also return where the others were."""
    loc = prefix
    dropped = []
    for index, part in enumerate(raw):
        if (*loc, part) in doc.positions:
            loc = (*loc, part)
        else:
            dropped.append(index)
    return loc, dropped


def _closest_union_members(details: list[Any], doc: Document, prefix: Loc) -> list[Any]:
    """When every member of a union failed, report only the member with the fewest errors."""
    branches = [_branch(detail, doc, prefix) for detail in details]
    counts = Counter(branch for branch in branches if branch)
    best: dict[Loc, int] = {}
    for (site, _), count in counts.items():
        best[site] = min(best.get(site, count), count)
    return [
        detail
        for detail, branch in zip(details, branches, strict=True)
        if branch is None or counts[branch] == best[branch[0]]
    ]


def _branch(detail: Any, doc: Document, prefix: Loc) -> tuple[Loc, Any] | None:
    """The union site and member tag an error came through, if its loc holds a tag."""
    raw = detail["loc"][:-1] if detail["type"] == "missing" else detail["loc"]
    _, dropped = _data_loc(raw, doc, prefix)
    if not dropped:
        return None
    return _data_loc(raw[: dropped[0]], doc, prefix)[0], raw[dropped[0]]


def _problem(detail: Any, model: type[BaseModel], doc: Document, prefix: Loc) -> Problem:
    """One pydantic error as a Problem: where in the file, which key, what to write instead."""
    kind = detail["type"]
    raw = tuple(detail["loc"])
    loc, dropped = _data_loc(raw, doc, prefix)
    if kind == "union_tag_invalid":
        loc = _with_discriminator(loc, detail, doc)
    message = _message(detail, _Place(model, raw, dropped))
    return doc.problem(loc, message, key=kind == "extra_forbidden" or raw[-1:] == ("[key]",))


def _with_discriminator(loc: Loc, detail: Any, doc: Document) -> Loc:
    """Point a wrong union tag at the tag's own key, which is what the user must fix."""
    key = _literal(detail["ctx"]["discriminator"])
    return (*loc, key) if isinstance(key, str) and (*loc, key) in doc.positions else loc


def _literal(text: str) -> Any:
    """Read back a value pydantic printed with repr() in an error context; None if it cannot."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


@dataclass(frozen=True)
class _Place:
    """Where an error sits in the model, for messages that list what is allowed there."""

    model: type[BaseModel]
    raw: Loc
    dropped: list[int]

    def types(self, depth: int | None = None) -> list[Any]:
        """Every type the model could expect after raw[:depth], following union tags."""
        candidates = list(_expand(self.model))
        for index, part in enumerate(self.raw[:depth]):
            if index in self.dropped:
                candidates = [tp for tp in candidates if _tagged(tp, part)] or candidates
            else:
                candidates = [
                    inner
                    for tp in candidates
                    for step in _step(tp, part)
                    for inner in _expand(step)
                ]
        return candidates


def _message(detail: Any, place: _Place) -> str:
    """The user-facing sentence for one error, by error type."""
    kind: str = detail["type"]
    value = detail.get("input")
    got = say("v.got", value=_show(value))
    if kind == "missing":
        return say("v.missing", key=place.raw[-1])
    if kind == "extra_forbidden":
        key, allowed = str(place.raw[-1]), _allowed_keys(place.types(-1))
        near = difflib.get_close_matches(key, allowed, n=1)
        if value is None and " " in key and not near:  # {role: a, b og c}: 'b og c'
            return say("v.unknown_key", key=key) + say("v.hint.flow_comma")
        return _unknown_key(key, allowed)
    if kind == "union_tag_not_found":
        return say("v.missing", key=_literal(detail["ctx"]["discriminator"]))
    if kind == "union_tag_invalid":
        return _one_of(detail["ctx"]["tag"], _literal(f"[{detail['ctx']['expected_tags']}]") or [])
    if kind in ("literal_error", "enum"):
        choices = _choices(place.types())
        if not choices:
            return say("v.expected", expected=detail["ctx"]["expected"]) + got
        if isinstance(value, bool) and all(isinstance(c, str) for c in choices):
            return _one_of(value, choices) + say(
                "v.bool_choices", yaml_bool=say("v.yaml_bool"), choices=_or(choices)
            )
        return _one_of(value, choices)
    if kind in _WHOLE_NUMBER:
        return (
            say("v.whole_number")
            + got
            + (_number_hint(value, whole=True) if isinstance(value, str) else "")
        )
    if kind in _NUMBER:
        return (
            say("v.number")
            + got
            + (_number_hint(value, whole=False) if isinstance(value, str) else "")
        )
    if kind in _BOUNDS:
        return _out_of_bounds(kind, detail["ctx"], value)
    if kind in ("too_long", "too_short", "string_too_long", "string_too_short"):
        return _wrong_length(kind, detail["ctx"], value, place)
    if kind in ("bool_type", "bool_parsing"):
        return say("v.bool") + got
    if kind in _DATE:
        return say("v.date") + got
    if kind in _DATETIME:
        return say("v.datetime") + got
    if kind == "string_type":
        if isinstance(value, bool):
            return say("v.text") + got + f" ({say('v.yaml_bool')})"
        return say("v.text") + got + (say("v.quote") if _is_plain(value) else "")
    if kind in ("list_type", "tuple_type", "set_type", "frozen_set_type"):
        return say("v.list") + got
    if kind in ("dict_type", "model_type", "model_attributes_type", "dataclass_type"):
        return say("v.mapping") + got
    return _other(detail)


def _number_hint(text: str, *, whole: bool) -> str:
    """What to write instead of a figure written as in prose, worked out from what was written."""
    lowered = text.strip().lower()
    leading = _LEADING_NUMBER.match(lowered)
    number = (
        float(
            leading.group()
            .replace(" ", "")
            .replace("\u00a0", "")
            .replace(",", ".")
            .replace("\u2212", "-")
        )
        if leading
        else None
    )
    rest = lowered[leading.end() :].strip() if leading else lowered
    grouped = _GROUPED.match(lowered)  # '60.000 stk', '1.250.000 kr': thousands dots or spaces
    if grouped and not re.match(r"[.,]?\d", lowered[grouped.end() :]):
        number, rest = float(_digits(grouped.group())), lowered[grouped.end() :].strip()
    if "%" in rest and number is not None and not whole:
        return say("v.hint.fraction", fraction=_plain(number / 100), number=_plain(number))
    if "%" in rest and not whole:
        return say("v.hint.fraction_example")
    scale = next((factor for word, factor in _SCALES if re.search(rf"\b{word}", rest)), None)
    if scale is not None:
        return say("v.hint.full_number", number=round((number or 1) * scale))
    if number is None:
        return say("v.hint.whole" if whole else "v.hint.number")
    if _GROUPED.fullmatch(lowered):
        return say("v.hint.digits", digits=_digits(lowered))
    if re.fullmatch(r"[-+]?\d+,\d+", lowered) and not whole:
        whole_part, fraction = lowered.split(",")
        if len(fraction) == 3:  # 16,000: sixteen thousand in English, sixteen in Norwegian
            # The decimal as a plain number: 16.000 is refused as a thousands dot (loader).
            decimal = _plain(float(f"{whole_part}.{fraction}"))
            digits = str(int(whole_part + fraction))  # 0,250 -> 250: YAML reads 0250 as octal
            return say("v.hint.comma_thousands", digits=digits, decimal=decimal)
        return say("v.hint.decimal_point", whole=whole_part, fraction=fraction)
    if whole and number != int(number):
        return say("v.hint.whole")
    return say("v.hint.digits", digits=_plain(number))


def _digits(text: str) -> str:
    """Only the digits (and sign) of a grouped figure: '16 000' -> '16000'."""
    return "".join(ch for ch in text if ch.isdigit() or ch in "+-")


def _plain(number: float) -> str:
    """A number as YAML should hold it: 3760000, 0.7, 3.76 (no exponent, no trailing .0)."""
    text = f"{number:.10f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def _or(choices: Sequence[Any]) -> str:
    """'nb, nn or en'."""
    shown = [str(choice) for choice in choices]
    return shown[0] if len(shown) == 1 else say("v.or", first=", ".join(shown[:-1]), last=shown[-1])


def _out_of_bounds(kind: str, ctx: Mapping[str, Any], value: Any) -> str:
    """'must be 0 or more, got -5'; a share written as a percentage gets the fraction to write.
    'nan' or 'inf' is no number at all, whatever the bound: said as hpdeck.content.bounds says."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        with contextlib.suppress(ValueError):
            problem = bounds.number_problem(float(value))
            if problem:
                return problem
    key = _BOUNDS[kind]
    bound = ctx[key]
    shown = _plain(bound) if isinstance(bound, int | float) else _show(bound)
    message = say(f"v.bound.{key}", bound=shown) + say("v.got", value=_show(value))
    if (
        key == "le"
        and bound == 1
        and isinstance(value, int | float)
        and not isinstance(value, bool)
        and 1 < value <= 100
    ):
        message += say("v.hint.share", fraction=_plain(value / 100), number=_plain(value))
    return message


def _wrong_length(kind: str, ctx: Mapping[str, Any], value: Any, place: _Place) -> str:
    """Too many or too few items (or characters), with what to do about it."""
    if kind == "string_too_long":
        return say("v.chars_at_most", ctx["max_length"], length=len(value), value=_show(value))
    if kind == "string_too_short":
        if ctx["min_length"] == 1:
            return say("v.empty")
        return say("v.chars_at_least", ctx["min_length"], length=len(value), value=_show(value))
    actual = ctx.get("actual_length")
    if kind == "too_short":
        return say("v.items_at_least", ctx["min_length"], actual=actual or say("v.show.none"))
    limit = ctx["max_length"]
    message = say("v.items_at_most", limit, actual=actual)
    if _in_section(place):
        return message + say("v.split_sections")
    if actual is not None:
        return message + say("v.drop", drop=actual - limit)
    return message + say("v.drop_some")


def _in_section(place: _Place) -> bool:
    """Whether the list belongs to a content section (a mapping with a 'type:' key)."""
    return any(
        inspect.isclass(tp) and issubclass(tp, BaseModel) and "type" in tp.model_fields
        for tp in place.types(-1)
    )


def _other(detail: Any) -> str:
    """Pydantic's own wording, minus its prefixes, with the offending value when it is short."""
    msg: str = detail["msg"]
    if detail["type"] in ("value_error", "assertion_error"):
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    value = detail.get("input")
    useful = detail["type"] in _BUILTIN_ERRORS and (_is_plain(value) or isinstance(value, str))
    return msg + say("v.got", value=_show(value)) if useful else msg


def _is_plain(value: Any) -> bool:
    """A non-text scalar that quoting would turn into text."""
    return isinstance(value, int | float | datetime.date)


def _show(value: Any) -> str:
    """A value as the user wrote it in YAML, short enough for one line."""
    if value is None:
        return say("v.show.nothing")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return say("v.show.mapping")
    if isinstance(value, list | tuple):
        return say("v.show.list")
    text = value if isinstance(value, str) else str(value)
    text = text.replace("\n", "\\n")
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 3] + "..."
    return f"'{text}'" if isinstance(value, str) else text


def _one_of(value: Any, choices: Sequence[Any]) -> str:
    """'expected one of' with a did-you-mean, for literals and union tags."""
    listed = ", ".join(_show(choice) for choice in choices)
    message = say("v.expected" if len(choices) == 1 else "v.one_of", expected=listed)
    message += say("v.got", value=_show(value))
    by_text = {str(choice): choice for choice in choices}
    close = difflib.get_close_matches(str(value), list(by_text), n=1)
    if not close:  # a stage said the way the workbook's dropdown and the slides say it
        from hpdeck.content.registry_sheet import stage_words

        stage = stage_words().get(str(value).strip().casefold())
        close = [stage] if stage in by_text else []
    if not close:  # a language by its name ('nynorsk'), where its code is asked for
        code = NAMED.get(str(value).strip().casefold())
        close = [code] if code in by_text else []
    return message + (say("v.did_you_mean", value=_show(by_text[close[0]])) if close else "")


def _unknown_key(key: str, allowed: list[str]) -> str:
    """Suggest the nearest allowed key, or list them all so the user can pick."""
    close = difflib.get_close_matches(key, allowed, n=1)
    if not close:  # a word of a longer key ('alt' for 'alt_text'), or the key and more
        parts = [a for a in allowed if a.startswith(f"{key}_") or key.startswith(f"{a}_")]
        close = parts if len(parts) == 1 else []
    message = say("v.unknown_key", key=key)
    if close:
        return message + say("v.did_you_mean", value=f"'{close[0]}'")
    if allowed:
        return message + say("v.allowed_keys", keys=", ".join(allowed))
    return message


def _allowed_keys(candidates: list[Any]) -> list[str]:
    """The keys accepted by every model that could stand at a place, in field order."""
    keys: dict[str, None] = {}
    for tp in candidates:
        if inspect.isclass(tp) and issubclass(tp, BaseModel):
            keys.update(dict.fromkeys(_field_keys(tp)))
    return list(keys)


def _choices(candidates: list[Any]) -> list[Any]:
    """The literal or enum values allowed at a place, for 'expected one of'."""
    choices: dict[Any, None] = {}
    for tp in candidates:
        if get_origin(tp) is Literal:
            choices.update(dict.fromkeys(get_args(tp)))
        elif inspect.isclass(tp) and issubclass(tp, enum.Enum):
            choices.update(dict.fromkeys(member.value for member in tp))
    return list(choices)


def _field_keys(model: type[BaseModel]) -> Iterator[str]:
    """How each field is spelt in YAML: its alias if it has one."""
    for name, field in model.model_fields.items():
        alias = field.validation_alias if isinstance(field.validation_alias, str) else field.alias
        yield alias or name


def _tagged(tp: Any, tag: Any) -> bool:
    """Whether a union tag in a pydantic loc names this member (by class or literal field)."""
    if not (inspect.isclass(tp) and issubclass(tp, BaseModel)):
        return False
    literals = (
        get_args(field.annotation)
        for field in tp.model_fields.values()
        if get_origin(field.annotation) is Literal
    )
    return tp.__name__ == tag or any(tag in values for values in literals)


def _expand(tp: Any) -> Iterator[Any]:
    """Look through Annotated, unions and root models to the types that hold data."""
    origin = get_origin(tp)
    if origin is Annotated:
        yield from _expand(get_args(tp)[0])
    elif origin in (Union, types.UnionType):
        for member in get_args(tp):
            yield from _expand(member)
    elif inspect.isclass(tp) and issubclass(tp, RootModel):
        yield from _expand(tp.model_fields["root"].annotation)
    else:
        yield tp


def _step(tp: Any, part: str | int) -> list[Any]:
    """The type one key or index further into tp; empty if tp cannot hold that part."""
    origin = get_origin(tp) or tp
    args = get_args(tp)
    if inspect.isclass(tp) and issubclass(tp, BaseModel) and isinstance(part, str):
        return [
            field.annotation
            for key, field in zip(_field_keys(tp), tp.model_fields.values(), strict=True)
            if key == part
        ]
    if not inspect.isclass(origin) or not args:
        return []
    if issubclass(origin, tuple) and isinstance(part, int):
        if len(args) == 2 and args[1] is Ellipsis:
            return [args[0]]
        return [args[part]] if part < len(args) else []
    if issubclass(origin, Mapping) and isinstance(part, str):
        return [args[-1]]
    if issubclass(origin, Sequence | set | frozenset) and isinstance(part, int):
        return [args[0]]
    return []
