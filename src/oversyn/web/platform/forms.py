"""Form pieces every app shares: the versioned form (it carries the object's token),
lists typed with commas, choices from the organisation, file uploads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from oversyn.core.model import (
    Organisation,
)
from oversyn.web.uploads import LimitedFileField


def split_list(text: str) -> list[str]:
    """'SoL, LVU; LVM' → ['SoL', 'LVU', 'LVM']."""
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


def choices(org: Organisation, kind: str, blank: bool = False) -> list[tuple[str, str]]:
    items = {
        "unit": org.units,
        "administration": org.administrations,
        "committee": org.committees,
        "service_area": org.service_areas,
    }[kind]
    result = [(o.id, f"{o.name} ({o.id})") for o in items]
    return [("", "–"), *result] if blank else result


def multiple_choice(label: Any, opts: list[tuple[str, Any]]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=opts, required=False, widget=forms.CheckboxSelectMultiple
    )


class VersionedForm(forms.Form):
    """A form that carries the version token of the object it edits (optimistic lock)."""

    base = forms.CharField(widget=forms.HiddenInput, required=False)

    LIST_FIELDS: tuple[str, ...] = ()
    NESTED: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name == "base":
                continue
            if name in self.LIST_FIELDS and isinstance(value, str):
                value = split_list(value)
            if value in ("", None, []) or value is False:
                continue
            target = data
            if name in self.NESTED:
                target = data.setdefault(self.NESTED[name], {})
                name = name.removeprefix(self.NESTED[name] + "_")
            target[name] = value
        return data


def initial_from(obj: Any, form_class: type[VersionedForm], base: str) -> dict[str, Any]:
    """Initial form values from a case object (lists joined with commas where typed)."""
    data = obj.model_dump(mode="json")
    initial: dict[str, Any] = {"base": base}
    for name in form_class.base_fields:
        if name == "base":
            continue
        if name in form_class.NESTED:
            value = data.get(form_class.NESTED[name], {}).get(
                name.removeprefix(form_class.NESTED[name] + "_")
            )
        else:
            value = data.get(name)
        if name in form_class.LIST_FIELDS and isinstance(value, list):
            value = ", ".join(value)
        initial[name] = value
    return initial


class UploadForm(forms.Form):
    label_suffix = ""

    file = LimitedFileField(label=_("Fil"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    base = forms.CharField(widget=forms.HiddenInput, required=False)
    replace = forms.BooleanField(
        label=_("Ersätt befintliga rader (annars läggs de till)"), required=False
    )
