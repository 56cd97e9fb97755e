"""Case files: YAML (UTF-8, one case per file) ⇄ :class:`~oversyn.core.case.Case`.

Loading never half-succeeds: the whole file is parsed, type-checked (pydantic) and
semantically validated (:mod:`oversyn.core.validate`) before a ``Case`` is returned.  Every
problem is reported with the file, the line and the field, in Swedish or English.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from oversyn.core.case import FORMAT_VERSION, Case
from oversyn.core.evaluation.validate import validate_evaluation
from oversyn.core.i18n import DEFAULT_LANG, Lang, t
from oversyn.core.upgrade import UnknownFormat, upgrade
from oversyn.core.validate import Loc, validate_case
from oversyn.io.limits import DEFAULT_LIMITS, BoundError, Limits, check_yaml, size_text

try:  # the C loader is much faster on big files; fall back to pure Python
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):
    """The safe loader, whose scalar constructors report an impossible value (2021-02-30, an
    integer of 5,000 digits) as a located YAML error instead of a bare ValueError."""


def _checked(construct: Any) -> Any:
    def wrapper(loader: _Loader, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError) as exc:
            value = node.value if len(node.value) <= 40 else node.value[:40] + "…"
            problem = str(exc).split(";")[0]
            raise yaml.constructor.ConstructorError(
                None, None, f"{value!r}: {problem}", node.start_mark
            ) from exc

    return wrapper


for _tag, _construct in (
    ("tag:yaml.org,2002:timestamp", yaml.constructor.SafeConstructor.construct_yaml_timestamp),
    ("tag:yaml.org,2002:int", yaml.constructor.SafeConstructor.construct_yaml_int),
    ("tag:yaml.org,2002:float", yaml.constructor.SafeConstructor.construct_yaml_float),
):
    _Loader.add_constructor(_tag, _checked(_construct))


@dataclass(frozen=True)
class LocatedError:
    """One problem in a case file: where (file, line, field) and what (message)."""

    file: str
    line: int | None
    field: str
    code: str
    text_sv: str
    text_en: str

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.text_sv if lang == "sv" else self.text_en

    def format(self, lang: Lang = DEFAULT_LANG) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        field_word = "fält" if lang == "sv" else "field"
        field_part = f" ({field_word} {self.field})" if self.field else ""
        return f"{where}{field_part}: {self.message(lang)}"

    def as_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "code": self.code,
            "message": self.message(lang),
        }


class CaseFileError(Exception):
    """The case file is not valid; ``errors`` says where and why (at least one)."""

    def __init__(self, errors: list[LocatedError]) -> None:
        self.errors = errors
        super().__init__("\n".join(e.format() for e in errors))


# -- locating: path in the data → line in the file --------------------------------------------


def _line_map(text: str) -> dict[Loc, int]:
    """Map each path in the YAML document to its 1-based line (keys: the key's line)."""
    lines: dict[Loc, int] = {}
    root = yaml.compose(text, Loader=_Loader)
    if root is None:
        return lines

    def walk(node: yaml.Node, path: Loc) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value
                lines[(*path, key)] = key_node.start_mark.line + 1
                walk(value_node, (*path, key))
                lines[(*path, key)] = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index))

    walk(root, ())
    return lines


def _normalise_loc(loc: tuple[Any, ...], data: Any) -> Loc:
    """Keep the parts of a pydantic location that exist in the data.

    Pydantic adds the discriminator value of a tagged union ("move_unit") to the location;
    it is not a key in the file and is dropped.  A missing or unknown key is kept as the
    last part, so the message names the field.
    """
    result: list[str | int] = []
    current = data
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            current = current[part]
            result.append(part)
        elif isinstance(current, dict) and part == current.get("op"):
            continue
        elif isinstance(current, dict) and isinstance(part, str):
            result.append(part)
            current = None
    return tuple(result)


def _field_name(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_for(loc: Loc, lines: dict[Loc, int]) -> int | None:
    probe = loc
    while probe:
        if probe in lines:
            return lines[probe]
        probe = probe[:-1]
    return lines.get(())


_PYD_CODES = {
    "missing": "pyd_missing",
    "extra_forbidden": "pyd_extra_forbidden",
    "float_parsing": "pyd_float",
    "float_type": "pyd_float",
    "finite_number": "pyd_float",
    "int_parsing": "pyd_int",
    "int_type": "pyd_int",
    "int_from_float": "pyd_int",
    "bool_parsing": "pyd_bool",
    "bool_type": "pyd_bool",
    "string_type": "pyd_string",
    "list_type": "pyd_list",
    "dict_type": "pyd_dict",
    "model_type": "pyd_dict",
    "model_attributes_type": "pyd_dict",
    "enum": "pyd_enum",
    "literal_error": "pyd_enum",
    "union_tag_invalid": "pyd_union_tag_invalid",
    "union_tag_not_found": "pyd_union_tag_not_found",
    "greater_than_equal": "pyd_greater_than_equal",
    "less_than_equal": "pyd_less_than_equal",
    "string_pattern_mismatch": "pyd_string_pattern_mismatch",
    "too_short": "pyd_too_short",
    "string_too_short": "pyd_string_too_short",
    "value_error": "pyd_value_error",
    "date_parsing": "pyd_date",
    "date_from_datetime_parsing": "pyd_date",
}


def _pydantic_error(err: dict[str, Any]) -> tuple[str, dict[str, object]]:
    code = _PYD_CODES.get(err["type"], "pyd_other")
    ctx = dict(err.get("ctx") or {})
    params: dict[str, object] = {"input": err.get("input"), "msg": err.get("msg", "")}
    params.update(ctx)
    if code == "pyd_union_tag_invalid":
        params["input"] = ctx.get("tag")
        params["expected"] = ctx.get("expected_tags")
    params.setdefault("expected", "")
    if code == "pyd_string" and isinstance(err.get("input"), bool):
        code = "pyd_string_yaml_bool"
    if isinstance(params.get("input"), dict | list):
        params["input"] = type(params["input"]).__name__
    return code, params


# -- public API -------------------------------------------------------------------------------


def pydantic_error_text(err: Any, lang: Lang = "sv") -> str:
    """One pydantic error's text in ``lang`` without its location ("Ska vara ett tal, fick
    'x'"), for callers that say the location themselves (a spreadsheet's sheet, row, column)."""
    code, params = _pydantic_error(dict(err))
    return t(code, lang, **params)


def pydantic_messages(exc: ValidationError, lang: Lang = "sv") -> list[str]:
    """A pydantic error as the case file's messages ("låg: Ska vara ett tal, fick 'x'"),
    for callers that validate a part of a case (the web app's forms)."""
    out = []
    for err in exc.errors():
        code, params = _pydantic_error(dict(err))
        where = _field_name(tuple(err["loc"]))
        text = t(code, lang, **params)
        out.append(f"{where}: {text}" if where else text)
    return out


def parse_case(text: str, filename: str = "<text>", limits: Limits = DEFAULT_LIMITS) -> Case:
    """Parse and validate case-file text; raise :class:`CaseFileError` with located errors.

    The bounds (:func:`oversyn.io.limits.check_yaml`: size, no anchors or aliases, depth,
    number of values) are checked on the event stream first, so a hostile file is refused
    before anything grows with it.
    """

    def error(
        code: str, line: int | None = None, field: str = "", **params: object
    ) -> LocatedError:
        return LocatedError(
            filename, line, field, code, t(code, "sv", **params), t(code, "en", **params)
        )

    try:
        check_yaml(text, _Loader, limits)
        data = yaml.load(text, Loader=_Loader)
        lines = _line_map(text)
    except BoundError as exc:
        raise CaseFileError(
            [LocatedError(filename, exc.line, "", exc.code, exc.message("sv"), exc.message("en"))]
        ) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        problem = f"{exc.problem or exc}" + (f" ({exc.context})" if exc.context else "")
        raise CaseFileError(
            [error("yaml_syntax", mark.line + 1 if mark else None, problem=problem)]
        ) from exc
    except yaml.reader.ReaderError as exc:  # a control character, or bytes that are not text
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        raise CaseFileError([error("yaml_syntax", line, problem=str(exc.reason))]) from exc
    except yaml.YAMLError as exc:
        raise CaseFileError([error("yaml_syntax", problem=str(exc))]) from exc
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # pragma: no cover
        # a constructor outside the checked scalars; the bounds keep RecursionError away
        raise CaseFileError([error("yaml_syntax", problem=str(exc))]) from exc
    if not isinstance(data, dict):
        raise CaseFileError([error("not_a_mapping", 1, kind=type(data).__name__)])
    try:
        data = upgrade(data)  # one step per older format version (core/upgrade.py)
    except UnknownFormat as exc:
        raise CaseFileError(
            [
                LocatedError(
                    filename,
                    lines.get(("format",)),
                    "format",
                    "unknown_format",
                    exc.message("sv"),
                    exc.message("en"),
                )
            ]
        ) from exc

    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            loc = _normalise_loc(tuple(err["loc"]), data)
            if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
                loc = (*loc, "op")
            code, params = _pydantic_error(dict(err))
            errors.append(error(code, _line_for(loc, lines), _field_name(loc), **params))
        raise CaseFileError(errors) from exc

    problems = validate_case(case) + validate_evaluation(case)
    if problems:
        raise CaseFileError(
            [
                LocatedError(
                    filename,
                    _line_for(p.loc, lines),
                    _field_name(p.loc),
                    p.code,
                    p.message("sv"),
                    p.message("en"),
                )
                for p in problems
            ]
        )
    return case


def load_case(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Case:
    """Read and validate a case file (refused unread when larger than the bound)."""
    path = Path(path)

    def fail(code: str, line: int | None = None, **params: object) -> CaseFileError:
        return CaseFileError(
            [
                LocatedError(
                    str(path), line, "", code, t(code, "sv", **params), t(code, "en", **params)
                )
            ]
        )

    try:
        size = path.stat().st_size
        if size > limits.casefile_bytes:
            bound = BoundError(
                "too_large", size=size_text(size), limit=size_text(limits.casefile_bytes)
            )
            raise CaseFileError(
                [
                    LocatedError(
                        str(path), None, "", bound.code, bound.message("sv"), bound.message("en")
                    )
                ]
            )
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise fail("file_not_found", path=str(path)) from exc
    except OSError as exc:  # a directory, no permission …
        raise fail("yaml_syntax", problem=exc.strerror or str(exc)) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise fail("file_encoding", line, problem=f"byte {exc.start}: {exc.reason}") from exc
    return parse_case(text, str(path), limits)


# libyaml's emitter when PyYAML has it: the same text (checked on the 2,000-unit benchmark case),
# a third of the time (1.5 s → 0.5 s for that case's export)
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True  # never write anchors or aliases: the reader refuses them


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def case_to_data(case: Case) -> dict[str, Any]:
    """The case as plain data, without default values (what a person would write)."""
    data = case.model_dump(mode="json", exclude_defaults=True)
    return {
        "format": case.format or FORMAT_VERSION,
        **{k: v for k, v in data.items() if k != "format"},
    }


def dump_case(case: Case) -> str:
    """YAML text for ``case``; ``parse_case(dump_case(c)) == c``."""
    return yaml.dump(
        case_to_data(case),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )


def write_case(case: Case, path: str | Path) -> None:
    """Write ``case`` atomically (to a temporary file, then renamed over ``path``)."""
    path = Path(path)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(dump_case(case), encoding="utf-8")
    tmp.replace(path)
