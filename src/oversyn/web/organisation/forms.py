"""Forms of the baseline organisation (units, administrations, committees, service areas),
the interactions and the citizen journeys."""

from __future__ import annotations

import contextlib
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
from oversyn.web.platform.fields import PlainLabelForm, text_area
from oversyn.web.platform.forms import (
    SwedishNumberField,
    VersionedForm,
    choices,
    format_input_number,
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
    note = text_area(_("Anteckning"), rows=2)

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
    note = text_area(_("Anteckning"), rows=2)

    def choose(self, org: Organisation, editing: str | None) -> None:
        self.fields["supports"].choices = choices(org, "committee")


class CommitteeForm(BaselineObjectForm):
    kind = forms.ChoiceField(label=_("Typ"), choices=KIND_CHOICES)
    appointed_by = forms.ChoiceField(label=_("Tillsätts av"), required=False)
    chair = forms.CharField(label=_("Ordförande"), required=False)
    mandate_service_areas = multiple_choice(_("Reglemente: verksamhetsområden"), [])
    mandate_laws = forms.CharField(label=_("Reglemente: lagar (kommaseparerade)"), required=False)
    mandate_functions = multiple_choice(_("Reglemente: funktioner (inga = alla)"), FUNCTION_CHOICES)
    mandate_text = text_area(_("Reglementets lydelse"))
    note = text_area(_("Anteckning"), rows=2)

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
    description = text_area(_("Beskrivning"), rows=2)

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


ADD_STEP = "add_step"  # the "Lägg till steg" button: one more step, nothing saved
REMOVE_STEP = "remove_step"  # "Ta bort steg N" (value: the step's index), nothing saved


class StepsWidget(forms.Widget):
    """A journey's steps: one select of the units (by name) per step, in order, each with a
    button that removes it, and a button that adds a step.  The buttons submit the form (they
    work without JavaScript); the view shows it again with a step more or less and saves
    nothing (:func:`edit_steps`)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices: list[tuple[str, str]] = []

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        return [str(v) for v in values]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False

    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value or []]

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        from django.utils.html import format_html, format_html_join
        from django.utils.safestring import mark_safe

        rows = self.format_value(value) or ["", ""]
        base_id = (attrs or {}).get("id") or f"id_{name}"
        out = []
        for index, chosen in enumerate(rows):
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (v, mark_safe(" selected") if v == chosen else "", label)
                    for v, label in [("", _("– välj enhet –")), *self.choices]
                ),
            )
            out.append(
                format_html(
                    '<li><label for="{id}">{step}</label> <select name="{name}" id="{id}">'
                    "{options}</select> "
                    '<button type="submit" name="{remove}" value="{index}" class="small secondary"'
                    " formnovalidate>{label}</button></li>",
                    id=f"{base_id}_{index}",
                    step=_("Steg %(n)d") % {"n": index + 1},
                    name=name,
                    options=options,
                    remove=REMOVE_STEP,
                    index=index,
                    label=_("Ta bort steg %(n)d") % {"n": index + 1},
                )
            )
        return format_html(
            '<ol class="steps">{}</ol><p><button type="submit" name="{}" value="1" '
            'class="small secondary" formnovalidate>{}</button></p>',
            mark_safe("".join(out)),
            ADD_STEP,
            _("Lägg till steg"),
        )

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else id_


class StepsField(forms.MultipleChoiceField):
    """The steps of a journey as unit ids in order (a unit may come back: "IA, SFI, IA");
    the empty selects are left out."""

    widget = StepsWidget

    def to_python(self, value: Any) -> list[str]:
        return [str(v) for v in value or [] if str(v).strip()]

    def validate(self, value: Any) -> None:
        super().validate(value)
        if len(value) < 2:
            raise forms.ValidationError(_("Välj minst två steg (enheter) i kedjan."))


def edit_steps(data: Any) -> Any | None:
    """The posted journey form with a step added or removed (the buttons of
    :class:`StepsWidget`), or None when the form was sent to be saved."""
    if ADD_STEP not in data and REMOVE_STEP not in data:
        return None
    data = data.copy()
    steps = data.getlist("steps")
    if ADD_STEP in data:
        steps.append("")
    else:
        with contextlib.suppress(ValueError, IndexError):
            del steps[int(data.get(REMOVE_STEP, ""))]
    data.setlist("steps", steps[:200])
    return data


class JourneyForm(VersionedForm):
    """A citizen journey: its name, the units a person meets in order (chosen by name; the
    journey's id is made from its name), its yearly volume and source."""

    name = forms.CharField(label=_("Namn"), max_length=200)
    steps = StepsField(label=_("Steg: enheterna i den ordning en person möter dem"))
    volume = SwedishNumberField(label=_("Personer per år"), min_value=0)
    source = forms.CharField(label=_("Källa"), required=False)
    estimated = forms.BooleanField(label=_("Uppskattning"), required=False)
    note = forms.CharField(label=_("Anteckning"), required=False)

    def __init__(self, *args: Any, org: Organisation, **kwargs: Any):
        # its ids differ from the interaction form's on the same page (both have a source …)
        kwargs.setdefault("auto_id", "id_journey_%s")
        super().__init__(*args, **kwargs)
        names = [u.name for u in org.units]
        adm = {a.id: a.name for a in org.administrations}
        home = org.unit_administrations()
        self.fields["steps"].choices = [
            (  # a name two units share gets its administration (or its id) to tell them apart
                u.id,
                u.name
                if names.count(u.name) == 1
                else f"{u.name} ({adm.get(home.get(u.id) or '', u.id)})",
            )
            for u in org.units
        ]

    def to_data(self) -> dict[str, Any]:
        data = super().to_data()
        data["volume"] = self.cleaned_data["volume"]
        return data

    @staticmethod
    def initial_for(journey: Any, base: str) -> dict[str, Any]:
        return {
            "base": base,
            "name": journey.name,
            "steps": list(journey.steps),
            "volume": format_input_number(journey.volume),
            "source": journey.source or "",
            "estimated": journey.estimated,
            "note": journey.note,
        }


class RecordsMappingForm(PlainLabelForm):
    """Which column of the uploaded service records is which, and how to count (issue 13).

    The choices are the file's columns; the initial values are the suggested mapping
    (:func:`oversyn.io.evidence.events.suggest_columns`)."""

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
