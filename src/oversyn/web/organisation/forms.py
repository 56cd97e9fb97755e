"""Forms of the baseline organisation (units, administrations, committees, service areas),
the interactions and the citizen journeys."""

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
from oversyn.web.platform.forms import (
    SwedishNumberField,
    VersionedForm,
    choices,
    multiple_choice,
)

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


class BaselineObjectForm(VersionedForm):
    """The form of a baseline object (unit, administration, committee, service area): its id
    (made from the name when empty; fixed once the object exists) and name, then the kind's
    own fields; :meth:`choose` fills the choices from the organisation ``org`` (``editing``:
    the edited object's id, which cannot be its own parent)."""

    id = forms.CharField(label=_("Id (tomt = av namnet)"), max_length=80, required=False)
    name = forms.CharField(label=_("Namn"), max_length=200)

    def __init__(self, *args: Any, org: Organisation, editing: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.choose(org, editing)
        if editing:
            self.fields["id"].disabled = True
            self.fields["id"].required = False

    def choose(self, org: Organisation, editing: str | None) -> None:
        """Set the kind's choices (none by default)."""


class UnitForm(BaselineObjectForm):
    administration = forms.ChoiceField(
        label=_("Förvaltning (för en enhet på toppnivå)"), required=False
    )
    parent = forms.ChoiceField(label=_("Överordnad enhet (för en underenhet)"), required=False)
    functions = multiple_choice(_("Funktioner"), FUNCTION_CHOICES)
    service_areas = multiple_choice(_("Verksamhetsområden"), [])
    laws = forms.CharField(
        label=_("Lagar för myndighetsbeslut (kommaseparerade; tomt = verksamhetsområdenas)"),
        required=False,
    )
    category = forms.CharField(label=_("Stödkategori (HR, ekonomi, stab …)"), required=False)
    fte = SwedishNumberField(
        label=_("Årsarbetare (egna, utan underenheter)"), required=False, min_value=0
    )
    budget = SwedishNumberField(label=_("Nettobudget (kr)"), required=False)
    manager = forms.CharField(label=_("Chef"), required=False)
    estimated = forms.BooleanField(label=_("Siffrorna är uppskattningar"), required=False)
    note = forms.CharField(
        label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    LIST_FIELDS = ("laws",)

    def choose(self, org: Organisation, editing: str | None) -> None:
        self.fields["administration"].choices = choices(org, "administration", blank=True)
        self.fields["parent"].choices = [
            c for c in choices(org, "unit", blank=True) if c[0] != editing
        ]
        self.fields["service_areas"].choices = choices(org, "service_area")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("administration")) == bool(data.get("parent")):
            raise forms.ValidationError(
                _("Ange antingen en förvaltning eller en överordnad enhet (en av dem).")
            )
        return data


class AdministrationForm(BaselineObjectForm):
    supports = multiple_choice(_("Stödjer nämnderna"), [])
    head = forms.CharField(label=_("Förvaltningschef"), required=False)
    note = forms.CharField(
        label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def choose(self, org: Organisation, editing: str | None) -> None:
        self.fields["supports"].choices = choices(org, "committee")


class CommitteeForm(BaselineObjectForm):
    kind = forms.ChoiceField(label=_("Typ"), choices=KIND_CHOICES)
    appointed_by = forms.ChoiceField(label=_("Tillsätts av"), required=False)
    chair = forms.CharField(label=_("Ordförande"), required=False)
    mandate_service_areas = multiple_choice(_("Reglemente: verksamhetsområden"), [])
    mandate_laws = forms.CharField(label=_("Reglemente: lagar (kommaseparerade)"), required=False)
    mandate_functions = multiple_choice(_("Reglemente: funktioner (inga = alla)"), FUNCTION_CHOICES)
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

    def choose(self, org: Organisation, editing: str | None) -> None:
        self.fields["appointed_by"].choices = [
            c for c in choices(org, "committee", blank=True) if c[0] != editing
        ]
        self.fields["mandate_service_areas"].choices = choices(org, "service_area")


class ServiceAreaForm(BaselineObjectForm):
    laws = forms.CharField(label=_("Lagar (kommaseparerade)"), required=False)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    LIST_FIELDS = ("laws",)


class InteractionForm(VersionedForm):
    a = forms.ChoiceField(label=_("Enhet A"))
    b = forms.ChoiceField(label=_("Enhet B"))
    weight = SwedishNumberField(label=_("Omfattning"), min_value=0)
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
    volume = SwedishNumberField(label=_("Personer per år"), min_value=0)
    source = forms.CharField(label=_("Källa"), required=False)
    estimated = forms.BooleanField(label=_("Uppskattning"), required=False)
    note = forms.CharField(label=_("Anteckning"), required=False)

    LIST_FIELDS = ("steps",)

    def to_data(self) -> dict[str, Any]:
        data = super().to_data()
        data["volume"] = self.cleaned_data["volume"]
        return data


class RecordsMappingForm(forms.Form):
    """Which column of the uploaded service records is which, and how to count (issue 13).

    The choices are the file's columns; the initial values are the suggested mapping
    (:func:`oversyn.io.evidence.events.suggest_columns`)."""

    label_suffix = ""
    person = forms.ChoiceField(label=_("Personnyckel (pseudonym)"))
    unit = forms.ChoiceField(label=_("Enhet"))
    start = forms.ChoiceField(label=_("Startdatum"))
    end = forms.ChoiceField(label=_("Slutdatum"), required=False)
    service = forms.ChoiceField(label=_("Insatstyp"), required=False)
    period = forms.CharField(
        label=_("Period (t.ex. 2024 eller 2024-01/2024-06; tomt = hela filen)"),
        required=False,
        max_length=40,
    )
    handoff_days = forms.IntegerField(
        label=_("Överlämning: ny insats inom antal dagar"), min_value=0, max_value=3650, initial=30
    )
    min_count = forms.IntegerField(
        label=_("Röjandeskydd: minsta antal personer i en cell"),
        min_value=1,
        max_value=1000,
        initial=5,
    )
    kinds = forms.MultipleChoiceField(
        label=_("Läs in i ärendet"),
        choices=[
            ("shared_clients", _("Gemensamma personer")),
            ("handoffs", _("Överlämningar")),
        ],
        initial=["shared_clients"],
        widget=forms.CheckboxSelectMultiple,
    )
    source = forms.CharField(label=_("Källa (t.ex. Treserva 2024)"), required=False, max_length=200)
    estimated = forms.BooleanField(
        label=_("Uppskattade siffror (t.ex. syntetiska data)"), required=False
    )

    def __init__(self, *args: Any, columns: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [(c, c) for c in columns]
        for name in ("person", "unit", "start"):
            self.fields[name].choices = options
        for name in ("end", "service"):
            self.fields[name].choices = [("", _("(ingen)")), *options]

    def clean_period(self) -> str:
        from oversyn.io.evidence.events import EvidenceError, parse_period

        text = str(self.cleaned_data.get("period") or "").strip()
        if text:
            try:
                parse_period(text)
            except EvidenceError as exc:
                raise forms.ValidationError(exc.message("sv")) from exc
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get(k) for k in ("person", "unit", "start", "end") if data.get(k)]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("Varje kolumn får bara väljas för en uppgift."))
        return data

    def columns(self) -> dict[str, str]:
        return {
            k: self.cleaned_data[k]
            for k in ("person", "unit", "start", "end", "service")
            if self.cleaned_data.get(k)
        }
