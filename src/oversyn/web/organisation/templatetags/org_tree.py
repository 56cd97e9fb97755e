"""``{% unit_tree node editable %}``: a unit and every unit below it as nested list items.

The same HTML as the recursive include ``organisation/_unit.html`` used to give, written in
Python: a 2,000-unit organisation was 2,000 nested template includes, seconds of rendering on
the organisation page and in the alternative builder.
"""

from __future__ import annotations

import functools
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_PLACEHOLDER = "UNIT-ID-PLACEHOLDER"


@register.simple_tag(takes_context=True)
def unit_tree(context: Any, node: Any, editable: bool = False) -> SafeString:
    """``node`` (an :class:`~oversyn.web.organisation.selectors.UnitNode`) and its children."""
    # the words and the link are looked up once per page, not once per unit
    memo = context.render_context.setdefault("org_tree", {})
    if "words" not in memo:
        memo["words"] = {
            "fte": _("åa"),
            "estimated": _("uppskattat"),
            "moved": _("flyttad"),
            "created": _("ny"),
            "lang": translation.get_language() or "",
        }
    link = ""
    if editable:
        if "link" not in memo:
            record = context["record"]
            memo["link"] = reverse("cases:org_object", args=[record.key, "unit", _PLACEHOLDER])
        link = memo["link"]
    out: list[str] = []
    _write(node, bool(editable), link, memo["words"], out)
    return mark_safe("".join(out))  # every value written is escaped


@functools.lru_cache(maxsize=4096)
def _fte(value: float, lang: str) -> str:
    """``floatformat:"-1"`` of an FTE figure (in the active language ``lang``), remembered:
    a large organisation repeats a few hundred figures thousands of times."""
    return str(floatformat(value, "-1"))


def _write(node: Any, editable: bool, link: str, words: dict[str, str], out: list[str]) -> None:
    unit = node.unit
    mark = f" mark-{escape(node.mark)}" if node.mark else ""
    name = escape(unit.name)
    if editable:
        name = f'<a href="{escape(link.replace(_PLACEHOLDER, unit.id))}">{name}</a>'
    muted = ""
    if unit.fte is not None:
        muted += f"{_fte(unit.fte, words['lang'])} {words['fte']}"
    if unit.estimated:
        muted += f" ({words['estimated']})"
    tag = ""
    if node.mark == "moved":
        tag = f'<span class="tag">{words["moved"]}</span>'
    elif node.mark == "created":
        tag = f'<span class="tag">{words["created"]}</span>'
    out.append(
        f'<li class="unit{mark}">\n  <span class="node">{name}\n'
        f'  <span class="muted">{muted}</span>\n  {tag}</span>\n'
    )
    if node.children:
        out.append("  <ul>")
        for child in node.children:
            _write(child, editable, link, words, out)
        out.append("</ul>\n")
    out.append("</li>")
