"""Forms for the remiss pages: the investigator's remiss with its parties (a formset), a
party's user, and the party's answer with its SWOT additions (a formset).

The forms parse; the services validate the case.  The deadline is read by the core's
:class:`~oversyn.core.process.model.Deadline`, so text it cannot read gets the core's Swedish
message at the field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as PydanticValidationError

from oversyn.core.model import Organisation
from oversyn.core.process import model as process
from oversyn.web.platform.fields import PlainLabelForm, date_field, text_area
from oversyn.web.remiss import selectors as rsel

NO_STANCE = ""
STANCE_CHOICES = [
    (process.Stance.SUPPORTS.value, _("tillstyrker")),
    (process.Stance.SUPPORTS_PARTLY.value, _("tillstyrker delvis")),
    (process.Stance.OPPOSES.value, _("avstyrker")),
    (process.Stance.ABSTAINS.value, _("avstår")),
    (NO_STANCE, _("tar inte ställning")),
]
CATEGORY_CHOICES = [
    (process.SwotCategory.STRENGTH.value, _("styrka")),
    (process.SwotCategory.WEAKNESS.value, _("svaghet")),
    (process.SwotCategory.OPPORTUNITY.value, _("möjlighet")),
    (process.SwotCategory.THREAT.value, _("hot")),
]


def _lines(value: list[str]) -> str:
    return "\n".join(value)


class RemissForm(PlainLabelForm):
    base = forms.CharField(widget=forms.HiddenInput, required=False)
    id = forms.SlugField(label=_("Id"), max_length=80)
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    sent_by = forms.CharField(label=_("Avsändare (t.ex. Kommunstyrelsen)"), required=False)
    deadline = forms.CharField(
        label=_("Sista svarsdag (som den skrivs, t.ex. ”senast den 23 december 2021”)"),
        required=False,
    )
    document = text_area(_("Vad som skickas (följebrev, underlagets namn)"), rows=4)
    alternatives = forms.MultipleChoiceField(
        label=_("Alternativ som remitteras"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = text_area(_("Anteckning (visas inte för remissinstanserna)"), rows=2)

    sent = date_field(_("Skickad den (rätta dagen om den blev fel)"))

    def __init__(
        self,
        *args: Any,
        alternatives: list[tuple[str, str]],
        editing: bool = False,
        sent: bool = False,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["alternatives"].choices = alternatives
        if editing:
            self.fields["id"].disabled = True
        if not sent:  # a draft gets its day when it is sent, not here
            del self.fields["sent"]

    def clean_id(self) -> str:
        value: str = self.cleaned_data["id"]
        if value == "ny":
            raise forms.ValidationError(_("Id ”ny” är reserverat; välj ett annat."))
        return value

    def clean_deadline(self) -> str:
        text = self.cleaned_data["deadline"].strip()
        if text:
            try:
                process.Deadline.model_validate(text)
            except PydanticValidationError as exc:
                err = exc.errors()[0]
                cause = err.get("ctx", {}).get("error")
                raise forms.ValidationError(str(cause) if cause else err["msg"]) from exc
        return text

    def to_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        data: dict[str, Any] = {
            "id": c["id"],
            "title": c["title"].strip(),
            "document": c["document"].strip(),
            "alternatives": list(c["alternatives"]),
            "note": c["note"].strip(),
        }
        if c["sent_by"].strip():
            data["sent_by"] = c["sent_by"].strip()
        if c["deadline"]:
            data["deadline"] = c["deadline"]
        if c.get("sent"):
            data["sent"] = c["sent"].isoformat()
        return data

    @staticmethod
    def initial_for(remiss: process.Remiss, base: str) -> dict[str, Any]:
        return {
            "base": base,
            "id": remiss.id,
            "title": remiss.title,
            "sent_by": remiss.sent_by or "",
            "deadline": remiss.deadline.text if remiss.deadline else "",
            "document": remiss.document,
            "alternatives": remiss.alternatives,
            "note": remiss.note,
            "sent": remiss.sent,
        }


class PartyForm(PlainLabelForm):
    id = forms.SlugField(label=_("Id"), max_length=80)
    name = forms.CharField(label=_("Namn"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Slag"),
        choices=lambda: list(rsel.party_kind_labels().items()),
        initial=process.PartyKind.COMMITTEE.value,
    )
    committee = forms.ChoiceField(label=_("Nämnd i organisationen"), required=False)

    def __init__(self, *args: Any, org: Organisation, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["committee"].choices = [("", "–")] + [(c.id, c.name) for c in org.committees]

    def to_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        data = {"id": c["id"], "name": c["name"].strip(), "kind": c["kind"]}
        if c["committee"]:
            data["committee"] = c["committee"]
        return data


class _PartyFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        ids = [
            f.cleaned_data["id"]
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and "id" in f.cleaned_data
        ]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise forms.ValidationError(
                _("Remissinstansernas id måste vara unika: %(ids)s") % {"ids": ", ".join(dupes)}
            )

    def to_data(self) -> list[dict[str, Any]]:
        return [
            f.to_data()
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and "id" in f.cleaned_data
        ]


PartyFormSet = forms.formset_factory(PartyForm, formset=_PartyFormSet, extra=1, can_delete=True)
ADD_PARTY = "add_party"  # the "Lägg till remissinstans" button: one more row, nothing saved


def party_formset(
    org: Organisation,
    data: Any = None,
    parties: list[process.RemissParty] | None = None,
    add_row: bool = False,
) -> Any:
    """The parties as rows: the saved ones and one empty row.  ``add_row`` (the add button,
    which works without JavaScript) gives the posted rows back with one more empty row."""
    initial = [
        {"id": p.id, "name": p.name, "kind": p.kind.value, "committee": p.committee or ""}
        for p in parties or []
    ]
    if data is not None and add_row:
        data = data.copy()
        key = "party-TOTAL_FORMS"
        try:
            total = int(data.get(key, 0))
        except ValueError:
            total = 0
        data[key] = str(min(total + 1, 500))
    return PartyFormSet(data, initial=initial, prefix="party", form_kwargs={"org": org})


class SendForm(PlainLabelForm):
    """The day the remiss went out (set by the utredare; default the case's day)."""

    sent = date_field(_("Skickad den"), required=True)


class PartyUserForm(PlainLabelForm):
    party = forms.CharField(widget=forms.HiddenInput)
    username = forms.ChoiceField(label=_("Användare"))

    def __init__(self, *args: Any, usernames: list[str], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["username"].choices = [(u, u) for u in usernames]


class AnswerForm(PlainLabelForm):
    stance = forms.ChoiceField(
        label=_("Ställningstagande"),
        choices=STANCE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    decided_by = forms.CharField(
        label=_("Beslutat av (t.ex. ”Socialnämndens sammanträde 2021-12-14”)"), required=False
    )
    proposal = text_area(_("Förslag till beslut"), rows=2)
    text = text_area(_("Yttrande"), rows=7)
    signed_by = text_area(_("Undertecknat av (en per rad)"), rows=2)
    date = date_field(_("Datum för svaret (tomt = idag)"))

    @staticmethod
    def initial_for(response: process.RemissResponse | None) -> dict[str, Any]:
        if response is None:
            return {"stance": NO_STANCE}
        return {
            "stance": response.stance.value if response.stance else NO_STANCE,
            "decided_by": response.decided_by or "",
            "proposal": response.proposal,
            "text": response.text,
            "signed_by": _lines(response.signed_by),
        }


RECEIVED_CHOICES = [
    (process.ReceivedBy.PAPER.value, _("på papper")),
    (process.ReceivedBy.EMAIL.value, _("med e-post")),
    (process.ReceivedBy.OTHER.value, _("på annat sätt")),
]


class OnBehalfAnswerForm(AnswerForm):
    """An answer the utredare enters for the party: how it came and the day it came in."""

    received_by = forms.ChoiceField(
        label=_("Svaret kom in"), choices=RECEIVED_CHOICES, widget=forms.RadioSelect
    )
    date = date_field(_("Datum då svaret kom in"), required=True)

    @staticmethod
    def initial_for(response: process.RemissResponse | None) -> dict[str, Any]:
        initial = AnswerForm.initial_for(response)
        if response is not None:
            initial["date"] = response.date
            initial["received_by"] = (
                response.received_by.value
                if response.received_by
                else process.ReceivedBy.PAPER.value
            )
        else:
            initial["received_by"] = process.ReceivedBy.PAPER.value
        return initial


class SwotAdditionForm(PlainLabelForm):
    alternative = forms.ChoiceField(label=_("Alternativ"))
    category = forms.ChoiceField(label=_("Kategori"), choices=[("", "–"), *CATEGORY_CHOICES])
    text = forms.CharField(label=_("Punkt"), max_length=1000)

    def __init__(self, *args: Any, alternatives: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["alternative"].choices = alternatives
        # an untouched empty row is not a change (so it is skipped, not refused)
        self.fields["alternative"].initial = alternatives[0][0] if alternatives else None


class _SwotFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def to_data(self) -> list[dict[str, Any]]:
        return [
            {k: f.cleaned_data[k] for k in ("alternative", "category", "text")}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("text")
        ]


SwotFormSet = forms.formset_factory(
    SwotAdditionForm, formset=_SwotFormSet, extra=2, can_delete=True
)


def swot_formset(
    alternatives: list[tuple[str, str]],
    data: Any = None,
    additions: list[process.SwotAddition] | None = None,
) -> Any:
    initial = [
        {"alternative": a.alternative, "category": a.category.value, "text": a.text}
        for a in additions or []
    ]
    return SwotFormSet(
        data, initial=initial, prefix="swot", form_kwargs={"alternatives": alternatives}
    )
