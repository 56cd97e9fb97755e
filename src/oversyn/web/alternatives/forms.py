"""Forms of the alternatives and their change operations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from oversyn.core.model import (
    Organisation,
)
from oversyn.web.platform.forms import VersionedForm, choices, multiple_choice, split_list

OP_FIELDS: dict[str, list[tuple[str, str, Any]]] = {
    "move_unit": [
        ("unit", "unit", _("Enhet som flyttas (med sina underenheter)")),
        ("to_administration", "adm?", _("Till förvaltning")),
        ("to_parent", "unit?", _("eller under enheten")),
    ],
    "create_unit": [
        ("unit_id", "id", _("Id för den nya enheten")),
        ("unit_name", "text", _("Namn")),
        ("unit_administration", "adm?", _("I förvaltningen")),
        ("unit_parent", "unit?", _("eller under enheten")),
        ("unit_fte", "float?", _("Årsarbetare")),
    ],
    "abolish_unit": [
        ("unit", "unit", _("Enhet")),
        ("keep_children", "bool", _("Behåll underenheterna (de flyttar upp)")),
    ],
    "rename_unit": [("unit", "unit", _("Enhet")), ("name", "text", _("Nytt namn"))],
    "update_unit": [("yaml", "yaml", _("Ändringen i YAML, t.ex. unit: ia och fte: 20"))],
    "create_administration": [
        ("id", "id", _("Id")),
        ("name", "text", _("Namn")),
        ("supports", "committees*", _("Stödjer nämnderna")),
        ("head", "text?", _("Förvaltningschef")),
    ],
    "abolish_administration": [("administration", "adm", _("Förvaltning"))],
    "rename_administration": [
        ("administration", "adm", _("Förvaltning")),
        ("name", "text", _("Nytt namn")),
    ],
    "merge_administrations": [
        ("administrations", "adms*", _("Förvaltningar som slås ihop")),
        ("into", "id", _("Id för den sammanslagna (en av dem eller ett nytt id)")),
        ("name", "text?", _("Namn på den sammanslagna")),
    ],
    "split_administration": [("yaml", "yaml", _("Delningen i YAML (administration och parts)"))],
    "change_support": [
        ("administration", "adm", _("Förvaltning")),
        ("add", "committees*", _("Börjar stödja")),
        ("remove", "committees*", _("Slutar stödja")),
    ],
    "create_committee": [
        ("id", "id", _("Id")),
        ("name", "text", _("Namn")),
        ("appointed_by", "committee?", _("Tillsätts av")),
    ],
    "abolish_committee": [
        ("committee", "committee", _("Nämnd")),
        ("transfer_to", "committee?", _("Ansvaret går över till")),
    ],
    "rename_committee": [
        ("committee", "committee", _("Nämnd")),
        ("name", "text", _("Nytt namn")),
    ],
    "change_mandate": [
        ("committee", "committee", _("Nämnd")),
        ("add_service_areas", "areas*", _("Får ansvar för")),
        ("remove_service_areas", "areas*", _("Lämnar ansvar för")),
        ("add_laws", "list", _("Lagar som läggs till (kommaseparerade)")),
        ("remove_laws", "list", _("Lagar som tas bort (kommaseparerade)")),
    ],
}


class AlternativeForm(VersionedForm):
    id = forms.CharField(label=_("Id"), max_length=80)
    name = forms.CharField(label=_("Namn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    based_on = forms.ChoiceField(label=_("Bygger på"), required=False)

    def __init__(
        self,
        *args: Any,
        alternatives: list[tuple[str, str]] | None = None,
        editing: bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].choices = alternatives or []
        if editing:
            del self.fields["id"]
            del self.fields["based_on"]


OP_LABELS = {
    "move_unit": _("Flytta en enhet"),
    "create_unit": _("Skapa en enhet"),
    "abolish_unit": _("Avveckla en enhet"),
    "rename_unit": _("Byt namn på en enhet"),
    "update_unit": _("Ändra en enhets uppgifter (YAML)"),
    "create_administration": _("Skapa en förvaltning"),
    "abolish_administration": _("Avveckla en förvaltning"),
    "rename_administration": _("Byt namn på en förvaltning"),
    "merge_administrations": _("Slå ihop förvaltningar"),
    "split_administration": _("Dela en förvaltning (YAML)"),
    "change_support": _("Ändra vilka nämnder en förvaltning stödjer"),
    "create_committee": _("Skapa en nämnd"),
    "abolish_committee": _("Avveckla en nämnd"),
    "rename_committee": _("Byt namn på en nämnd"),
    "change_mandate": _("Ändra en nämnds reglemente"),
}


class OperationForm(VersionedForm):
    """The form for one kind of change operation, built from ``OP_FIELDS``."""

    op = forms.ChoiceField(label=_("Typ av ändring"), choices=list(OP_LABELS.items()))

    def __init__(self, *args: Any, org: Organisation, op: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.op = op
        self.fields["op"].initial = op
        self.fields["op"].widget = forms.HiddenInput()
        kinds = {"unit": "unit", "adm": "administration", "committee": "committee"}
        plural = {"adms*": "administration", "committees*": "committee", "areas*": "service_area"}
        for name, kind, label in OP_FIELDS[op]:
            optional = kind.endswith("?")
            base = kind.rstrip("?")
            field: forms.Field
            if base in kinds:
                field = forms.ChoiceField(
                    label=label,
                    required=not optional,
                    choices=choices(org, kinds[base], blank=True),
                )
            elif kind in plural:
                field = multiple_choice(label, choices(org, plural[kind]))
            elif base in ("text", "id", "list"):
                field = forms.CharField(label=label, required=base != "list" and not optional)
            elif base == "float":
                field = forms.FloatField(label=label, required=not optional, min_value=0)
            elif base == "bool":
                field = forms.BooleanField(label=label, required=False)
            else:  # yaml
                field = forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 5}))
            self.fields[name] = field
        self.fields["note"] = forms.CharField(label=_("Motivering (varför)"), required=False)

    def to_data(self) -> dict[str, Any]:
        import yaml

        data: dict[str, Any] = {"op": self.op}
        for name, kind, _label in OP_FIELDS[self.op]:
            value = self.cleaned_data.get(name)
            if kind == "yaml":
                try:
                    parsed = yaml.safe_load(value or "") or {}
                except yaml.YAMLError as exc:
                    raise forms.ValidationError(str(exc)) from exc
                if not isinstance(parsed, dict):
                    raise forms.ValidationError(_("YAML-texten måste vara en mappning."))
                data.update({k: v for k, v in parsed.items() if k != "op"})
                continue
            if kind == "list":
                value = split_list(value or "")
            if value in ("", None, []) or value is False:
                continue
            if name.startswith("unit_") and self.op == "create_unit":
                data.setdefault("unit", {})[name.removeprefix("unit_")] = value
            else:
                data[name] = value
        if self.cleaned_data.get("note"):
            data["note"] = self.cleaned_data["note"]
        return data
