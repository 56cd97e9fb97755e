"""Form pieces every app shares: the versioned form (it carries the object's token),
lists typed with commas, choices from the organisation, file uploads."""

from __future__ import annotations

import html
from typing import Any

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from oversyn.core.model import (
    Organisation,
)
from oversyn.web.platform.fields import PlainLabelForm
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


#: A select or list of checkboxes with more options than this is rendered by
#: :func:`_fast_render` (Django renders every option through a template: a form with two
#: selects of a 2,000-unit organisation took seconds).
FAST_RENDER_OPTIONS = 100


def _esc(value: Any) -> str:
    """Django's ``escape`` without its lazy-string wrapper (thousands of calls per select)."""
    return html.escape(str(value), quote=True)


def _attrs(attrs: dict[str, Any]) -> str:
    out = []
    for key, value in attrs.items():
        if value is True:
            out.append(f" {_esc(key)}")
        elif value is not False and value is not None:
            out.append(f' {_esc(key)}="{_esc(value)}"')
    return "".join(out)


def _flat(choices: Any) -> list[tuple[Any, Any]] | None:
    """The choices as (value, label) pairs, or None when they have groups."""
    flat = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            return None
        flat.append((value, label))
    return flat


class FastSelect(forms.Select):
    """:class:`forms.Select` whose options are written directly when there are many (the
    same HTML as Django's template: ``<option value="…" selected>label</option>``)."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        flat = _flat(self.choices)
        if flat is None or len(flat) <= FAST_RENDER_OPTIONS:
            return super().render(name, value, attrs, renderer)
        final = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        options = "".join(
            f'  <option value="{_esc(v)}"{" selected" if str(v) in chosen else ""}>'
            f"{_esc(label)}</option>\n\n"
            for v, label in flat
        )
        multiple = " multiple" if self.allow_multiple_selected else ""
        return mark_safe(
            f'<select name="{_esc(name)}"{_attrs(final)}{multiple}>\n{options}</select>'
        )


class FastCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """:class:`forms.CheckboxSelectMultiple` written directly when there are many options
    (the HTML of Django's ``checkbox_select.html``: a ``<div>`` per labelled checkbox)."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        flat = _flat(self.choices)
        if flat is None or len(flat) <= FAST_RENDER_OPTIONS:
            return super().render(name, value, attrs, renderer)
        final = self.build_attrs(self.attrs, attrs)
        base_id = final.get("id")
        chosen = set(self.format_value(value))
        items = []
        for index, (v, label) in enumerate(flat):
            option = {**final, "id": f"{base_id}_{index}"} if base_id else final
            for_attr = f' for="{_esc(option["id"])}"' if base_id else ""
            checked = " checked" if str(v) in chosen else ""
            items.append(
                f'<div>\n    <label{for_attr}><input type="checkbox" name="{_esc(name)}" '
                f'value="{_esc(v)}"{_attrs(option)}{checked}>\n {_esc(label)}</label>\n\n</div>'
            )
        div_id = f' id="{_esc(base_id)}"' if base_id else ""
        cls = f' class="{_esc(final["class"])}"' if final.get("class") else ""
        return mark_safe(f"<div{div_id}{cls}>{''.join(items)}\n</div>")


def _fast_widget(field: forms.Field) -> None:
    """Swap a plain select / checkbox list for its fast twin (same attributes, choices)."""
    widget = field.widget
    if type(widget) is forms.Select:
        widget.__class__ = FastSelect
    elif type(widget) is forms.CheckboxSelectMultiple:
        widget.__class__ = FastCheckboxSelectMultiple


class VersionedForm(PlainLabelForm):
    """A form that carries the version token of the object it edits (optimistic lock)."""

    base = forms.CharField(widget=forms.HiddenInput, required=False)

    LIST_FIELDS: tuple[str, ...] = ()
    NESTED: dict[str, str] = {}

    def __getitem__(self, name: str) -> Any:
        # fields a subclass adds after __init__ included: selects of many units render fast
        _fast_widget(self.fields[name])
        return super().__getitem__(name)

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
    """Initial form values from a case object (lists joined with commas where typed; a
    ``NESTED`` field of a group the object does not have is empty)."""
    data = obj.model_dump(mode="json")
    initial: dict[str, Any] = {"base": base}
    for name in form_class.base_fields:
        if name == "base":
            continue
        if name in form_class.NESTED:
            value = (data.get(form_class.NESTED[name]) or {}).get(
                name.removeprefix(form_class.NESTED[name] + "_")
            )
        else:
            value = data.get(name)
        if name in form_class.LIST_FIELDS and isinstance(value, list):
            value = ", ".join(value)
        initial[name] = value
    return initial


class UploadForm(PlainLabelForm):
    file = LimitedFileField(label=_("Fil"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    base = forms.CharField(widget=forms.HiddenInput, required=False)
    replace = forms.BooleanField(
        label=_("Ersätt befintliga rader (annars läggs de till)"), required=False
    )


# -- numbers as a Swedish reader writes them ---------------------------------------------------

_SPACES = (" ", "\u00a0", "\u202f", "\u2009")


def parse_number(text: str) -> float:
    """'9 000 000' → 9000000.0, '12,5' → 12.5, '−2,5' → -2.5; raises ValueError.

    A space (also no-break and thin space) groups thousands; the decimal mark is a comma (a
    single point is read as a decimal mark too, "12.5"); a point between groups of three
    ("9.000.000") is refused, since it could mean either.
    """
    value = text.strip().replace("−", "-").replace("–", "-")
    for space in _SPACES:
        value = value.replace(space, "")
    if value.count(",") > 1 or ("," in value and "." in value) or value.count(".") > 1:
        raise ValueError(text)
    value = value.replace(",", ".")
    if not value or not all(c.isdigit() or c in "+-." for c in value):
        raise ValueError(text)
    return float(value)


def format_input_number(value: Any) -> str:
    """A number for an input field: '12', '12,5', '9 000 000' (never '12.0')."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = parse_number(value)
        except ValueError:
            return value  # the user's own (invalid) text is shown back as typed
    number = float(value)
    if number.is_integer():
        text = f"{int(number):,}".replace(",", " ")
    else:
        text = f"{number:,.6f}".rstrip("0").replace(",", " ").replace(".", ",")
    return text.replace("-", "−") if text.startswith("-") else text


class SwedishNumberInput(forms.TextInput):
    """A text input that shows numbers in Swedish format and asks for a decimal keypad."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        return format_input_number(value) or None


class SwedishNumberField(forms.Field):
    """A number typed as in Swedish: "12", "12,5", "9 000 000"; shown the same way."""

    widget = SwedishNumberInput
    default_error_messages = {
        "invalid": _("Skriv ett tal, t.ex. 12, 12,5 eller 9 000 000."),
        "min_value": _("Talet får inte vara mindre än %(limit)s."),
    }

    def __init__(self, *, min_value: float | None = None, **kwargs: Any) -> None:
        self.min_value = min_value
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> float | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int | float):
            return float(value)
        try:
            return parse_number(str(value))
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and self.min_value is not None and value < self.min_value:
            raise forms.ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit": format_input_number(self.min_value)},
            )
