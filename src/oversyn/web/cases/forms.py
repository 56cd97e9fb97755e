"""Forms: parse what the user typed into plain data for the services (which validate the case).

Choices (units, administrations, committees, service areas) come from the organisation the
form edits, so a select only offers what exists.  ``to_data`` drops empty optional fields so
that the case model's defaults apply and the stored case stays as a person would write it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from oversyn.core.model import (
    FUNCTION_LABELS_SV,
    CommitteeKind,
    Function,
    InteractionKind,
    Organisation,
)
from oversyn.web.uploads import LimitedFileField

FUNCTION_LABELS = {
    Function.AUTHORITY: _("myndighetsutövning"),
    Function.COMMISSIONING: _("beställning"),
    Function.DELIVERY: _("utförande"),
    Function.SUPPORT: _("stöd"),
}
assert set(FUNCTION_LABELS) == set(FUNCTION_LABELS_SV)
FUNCTION_CHOICES = [(f.value, FUNCTION_LABELS[f]) for f in Function]
KIND_CHOICES = [
    (CommitteeKind.COUNCIL.value, _("kommunfullmäktige")),
    (CommitteeKind.EXECUTIVE_BOARD.value, _("kommunstyrelse")),
    (CommitteeKind.COMMITTEE.value, _("facknämnd")),
    (CommitteeKind.JOINT_COMMITTEE.value, _("gemensam nämnd")),
    (CommitteeKind.SUB_COMMITTEE.value, _("utskott / beredning")),
]
INTERACTION_KIND_CHOICES = [
    (InteractionKind.SHARED_CLIENTS.value, _("gemensamma klienter")),
    (InteractionKind.HANDOFFS.value, _("överlämningar")),
    (InteractionKind.CONSULTATIONS.value, _("konsultationer")),
    (InteractionKind.MEETINGS.value, _("samverkansmöten")),
    (InteractionKind.OTHER.value, _("annat")),
]


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


def _multi(label: Any, opts: list[tuple[str, Any]]) -> forms.MultipleChoiceField:
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


class UnitForm(VersionedForm):
    id = forms.CharField(label=_("Id"), max_length=80)
    name = forms.CharField(label=_("Namn"), max_length=200)
    administration = forms.ChoiceField(
        label=_("Förvaltning (för en enhet på toppnivå)"), required=False
    )
    parent = forms.ChoiceField(label=_("Överordnad enhet (för en underenhet)"), required=False)
    functions = _multi(_("Funktioner"), FUNCTION_CHOICES)
    service_areas = _multi(_("Verksamhetsområden"), [])
    laws = forms.CharField(
        label=_("Lagar för myndighetsbeslut (kommaseparerade; tomt = verksamhetsområdenas)"),
        required=False,
    )
    category = forms.CharField(label=_("Stödkategori (HR, ekonomi, stab …)"), required=False)
    fte = forms.FloatField(
        label=_("Årsarbetare (egna, utan underenheter)"), required=False, min_value=0
    )
    budget = forms.FloatField(label=_("Nettobudget (kr)"), required=False)
    manager = forms.CharField(label=_("Chef"), required=False)
    estimated = forms.BooleanField(label=_("Siffrorna är uppskattningar"), required=False)
    note = forms.CharField(
        label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    LIST_FIELDS = ("laws",)

    def __init__(self, *args: Any, org: Organisation, editing: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["administration"].choices = choices(org, "administration", blank=True)
        self.fields["parent"].choices = [
            c for c in choices(org, "unit", blank=True) if c[0] != editing
        ]
        self.fields["service_areas"].choices = choices(org, "service_area")
        if editing:
            self.fields["id"].disabled = True
            self.fields["id"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("administration")) == bool(data.get("parent")):
            raise forms.ValidationError(
                _("Ange antingen en förvaltning eller en överordnad enhet (en av dem).")
            )
        return data


class AdministrationForm(VersionedForm):
    id = forms.CharField(label=_("Id"), max_length=80)
    name = forms.CharField(label=_("Namn"), max_length=200)
    supports = _multi(_("Stödjer nämnderna"), [])
    head = forms.CharField(label=_("Förvaltningschef"), required=False)
    note = forms.CharField(
        label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, org: Organisation, editing: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["supports"].choices = choices(org, "committee")
        if editing:
            self.fields["id"].disabled = True
            self.fields["id"].required = False


class CommitteeForm(VersionedForm):
    id = forms.CharField(label=_("Id"), max_length=80)
    name = forms.CharField(label=_("Namn"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ"), choices=KIND_CHOICES)
    appointed_by = forms.ChoiceField(label=_("Tillsätts av"), required=False)
    chair = forms.CharField(label=_("Ordförande"), required=False)
    mandate_service_areas = _multi(_("Reglemente: verksamhetsområden"), [])
    mandate_laws = forms.CharField(label=_("Reglemente: lagar (kommaseparerade)"), required=False)
    mandate_functions = _multi(_("Reglemente: funktioner (inga = alla)"), FUNCTION_CHOICES)
    mandate_text = forms.CharField(
        label=_("Reglementets lydelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(
        label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    LIST_FIELDS = ("mandate_laws",)
    NESTED = {
        "mandate_service_areas": "mandate",
        "mandate_laws": "mandate",
        "mandate_functions": "mandate",
        "mandate_text": "mandate",
    }

    def __init__(self, *args: Any, org: Organisation, editing: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["appointed_by"].choices = [
            c for c in choices(org, "committee", blank=True) if c[0] != editing
        ]
        self.fields["mandate_service_areas"].choices = choices(org, "service_area")
        if editing:
            self.fields["id"].disabled = True
            self.fields["id"].required = False


class ServiceAreaForm(VersionedForm):
    id = forms.CharField(label=_("Id"), max_length=80)
    name = forms.CharField(label=_("Namn"), max_length=200)
    laws = forms.CharField(label=_("Lagar (kommaseparerade)"), required=False)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    LIST_FIELDS = ("laws",)

    def __init__(self, *args: Any, org: Organisation, editing: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["id"].disabled = True
            self.fields["id"].required = False


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


# -- alternatives ------------------------------------------------------------------------------


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

# field name -> (type, label); types: unit, adm, committee (with '?' optional), adms*, committees*,
# areas*, text, text?, id, bool, list, yaml
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
                field = _multi(label, choices(org, plural[kind]))
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


# -- interactions and uploads ------------------------------------------------------------------


class InteractionForm(VersionedForm):
    a = forms.ChoiceField(label=_("Enhet A"))
    b = forms.ChoiceField(label=_("Enhet B"))
    weight = forms.FloatField(label=_("Omfattning"), min_value=0)
    kind = forms.ChoiceField(label=_("Slag"), choices=INTERACTION_KIND_CHOICES)
    measure = forms.CharField(label=_("Mätt i"), initial="personer")
    period = forms.CharField(label=_("Period"), required=False)
    source = forms.CharField(label=_("Källa"), required=False)
    estimated = forms.BooleanField(label=_("Uppskattning"), required=False)
    note = forms.CharField(label=_("Anteckning"), required=False)

    def __init__(self, *args: Any, org: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["a"].choices = choices(org, "unit")
        self.fields["b"].choices = choices(org, "unit")

    def to_data(self) -> dict[str, Any]:
        data = super().to_data()
        data["weight"] = self.cleaned_data["weight"]  # 0 is a value, not "empty"
        return data


class JourneyForm(VersionedForm):
    id = forms.CharField(label=_("Id"), max_length=80)
    name = forms.CharField(label=_("Namn"), max_length=200)
    steps = forms.CharField(
        label=_("Steg: enheternas id i den ordning en person möter dem (kommaseparerade)")
    )
    volume = forms.FloatField(label=_("Personer per år"), min_value=0)
    source = forms.CharField(label=_("Källa"), required=False)
    estimated = forms.BooleanField(label=_("Uppskattning"), required=False)
    note = forms.CharField(label=_("Anteckning"), required=False)

    LIST_FIELDS = ("steps",)

    def to_data(self) -> dict[str, Any]:
        data = super().to_data()
        data["volume"] = self.cleaned_data["volume"]
        return data


class CaseInfoForm(VersionedForm):
    """The case's own information; fields not in the form (sources, issued_by …) are kept."""

    title = forms.CharField(label=_("Titel"), max_length=300)
    case_number = forms.CharField(label=_("Diarienummer"), required=False)
    municipality_name = forms.CharField(label=_("Kommun"))
    municipality_code = forms.CharField(label=_("Kommunkod (fyra siffror)"), required=False)
    committee = forms.CharField(label=_("Nämnd som ärendet bereds för"), required=False)
    officer = forms.CharField(label=_("Handläggare / utredare"), required=False)
    summary = forms.CharField(
        label=_("Sammanfattning"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    directive_title = forms.CharField(label=_("Direktivets rubrik"), required=False)
    directive_deadline = forms.CharField(
        label=_("Tidsfrist (t.ex. Q1 2025 eller 2025-03-31)"), required=False
    )
    directive_text = forms.CharField(
        label=_("Direktivets text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    NESTED = {
        "municipality_name": "municipality",
        "municipality_code": "municipality",
        "directive_title": "directive",
        "directive_deadline": "directive",
        "directive_text": "directive",
    }

    def merged(self, current: dict[str, Any]) -> dict[str, Any]:
        """The full case information: the current one with this form's fields replaced."""
        data = dict(current)
        for name in self.base_fields:
            if name == "base":
                continue
            value = self.cleaned_data.get(name) or None
            if name in self.NESTED:
                group = self.NESTED[name]
                sub = dict(data.get(group) or {})
                sub[name.removeprefix(group + "_")] = value
                data[group] = sub
            else:
                data[name] = value if value is not None or name != "summary" else ""
        directive = data.get("directive") or {}
        if not directive.get("title"):
            if any(directive.get(k) for k in ("text", "deadline")):
                directive["title"] = data["title"]
            else:
                data["directive"] = None
                return _drop_none(data)
        directive["text"] = directive.get("text") or ""
        data["directive"] = directive
        return _drop_none(data)


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {
        k: _drop_none(v) if isinstance(v, dict) else v for k, v in data.items() if v is not None
    }


class UploadForm(forms.Form):
    label_suffix = ""

    file = LimitedFileField(label=_("Fil"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    base = forms.CharField(widget=forms.HiddenInput, required=False)
    replace = forms.BooleanField(
        label=_("Ersätt befintliga rader (annars läggs de till)"), required=False
    )


class MemberForm(forms.Form):
    label_suffix = ""

    username = forms.CharField(label=_("Användarnamn"))
    role = forms.ChoiceField(label=_("Roll"))

    def __init__(self, *args: Any, **kwargs: Any):
        from oversyn.web.cases.models import Role

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices
