"""The one translator of pydantic's errors into the user's language.

``pydantic_errors(exc)`` gives the case file's own messages ("låg: Ska vara ett tal, fick
'x'", from :func:`oversyn.io.casefile.pydantic_messages`, Swedish or English after the request).
Given a ``labels`` map (field → label) and optionally ``lists`` (list field → label with
``%(n)d``), it names each field by its label instead and says what is wrong in a sentence
("Åtgärd 2, Klar senast: … är inget datum (skriv ÅÅÅÅ-MM-DD)."), as the follow-up forms do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.utils.translation import gettext as _
from pydantic import BaseModel, ValidationError

from oversyn.io.casefile import pydantic_messages
from oversyn.web.platform.errors import ServiceError
from oversyn.web.platform.lang import current_lang

M = TypeVar("M", bound=BaseModel)

_UNNAMED = ("text", "start", "end")  # pydantic's own location parts that name no field


def where(loc: tuple[Any, ...], labels: Mapping[str, str], lists: Mapping[str, str]) -> str:
    """A location as labels: ``("actions", 1, "due")`` → "Åtgärd 2, Klar senast"."""
    parts: list[str] = []
    i = 0
    while i < len(loc):
        key = loc[i]
        if (
            isinstance(key, str)
            and key in lists
            and i + 1 < len(loc)
            and isinstance(loc[i + 1], int)
        ):
            parts.append(lists[key] % {"n": loc[i + 1] + 1})
            i += 2
            continue
        if isinstance(key, str) and key in labels:
            parts.append(labels[key])
        elif isinstance(key, str) and key not in _UNNAMED:
            parts.append(key)
        i += 1
    return ", ".join(parts)


def pydantic_errors(
    exc: ValidationError,
    labels: Mapping[str, str] | None = None,
    lists: Mapping[str, str] | None = None,
) -> list[str]:
    """``exc``'s errors as messages in the request's language (see the module docstring)."""
    if labels is None:
        return pydantic_messages(exc, current_lang())
    out: list[str] = []
    for err in exc.errors():
        place = where(tuple(err["loc"]), labels, lists or {}) or _("Uppgiften")
        kind = err["type"]
        value = err.get("input")
        if kind in ("missing", "string_too_short"):
            text = _("%(where)s måste fyllas i.") % {"where": place}
        elif kind == "string_pattern_mismatch":
            text = _(
                "%(where)s får bara innehålla bokstäver, siffror, '_', '-' och '.' "
                "(inga mellanslag)."
            ) % {"where": place}
        elif kind == "string_too_long":
            text = _("%(where)s är för långt.") % {"where": place}
        elif kind in ("float_parsing", "float_type", "int_parsing", "finite_number"):
            text = _("%(where)s: %(value)s är inget tal.") % {"where": place, "value": value}
        elif kind.startswith("date") or kind.startswith("datetime"):
            text = _("%(where)s: %(value)s är inget datum (skriv ÅÅÅÅ-MM-DD).") % {
                "where": place,
                "value": value,
            }
        elif kind == "enum":
            text = _("%(where)s: okänt värde %(value)s.") % {"where": place, "value": value}
        elif kind == "bool_parsing":
            text = _("%(where)s: ange ja eller nej.") % {"where": place}
        elif kind == "value_error":
            cause = str(err.get("ctx", {}).get("error", err["msg"]))
            text = f"{place}: {cause}."
        elif kind == "extra_forbidden":
            text = _("%(where)s: fältet finns inte.") % {"where": place}
        else:
            text = f"{place}: {err['msg']}"
        out.append(text[:1].upper() + text[1:])
    return out


def validated_or_refused(
    model: type[M],
    data: Any,
    labels: Mapping[str, str] | None = None,
    lists: Mapping[str, str] | None = None,
) -> M:
    """``model`` validated from ``data``; when it does not validate, a ServiceError with
    :func:`pydantic_errors` (naming the fields by ``labels`` and ``lists``)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ServiceError(pydantic_errors(exc, labels, lists)) from exc
