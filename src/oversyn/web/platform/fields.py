"""What the apps' forms share: a base form whose labels have no colon, a date picker and a
text area (a free text of a few rows)."""

from __future__ import annotations

from typing import Any

from django import forms


class PlainLabelForm(forms.Form):
    """A form whose labels stand without a suffix (Django's default adds a colon)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateInput(forms.DateInput):
    """The browser's date picker; the value as ISO 8601 (what ``type="date"`` reads)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


def text_area(label: Any, rows: int = 3, required: bool = False, **kw: Any) -> forms.CharField:
    """A free text of ``rows`` rows (``kw``: the field's other arguments, e.g. help_text)."""
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kw
    )
