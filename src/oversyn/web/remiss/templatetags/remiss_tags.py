"""``{% load remiss_tags %}``: whether the user answers any remiss (for the header link)."""

from typing import Any

from django import template

from oversyn.web.remiss.selectors import has_remiss_access

register = template.Library()


@register.filter
def answers_remiss(user: Any) -> bool:
    return has_remiss_access(user)
