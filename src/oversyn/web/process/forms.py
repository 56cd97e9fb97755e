"""Forms for the process pages: status changes, deadlines, SWOT, cost lines, decisions and the
checklist.  They parse what a Swedish user types ("42 857", "150 000,50", "2018: 4") into the
plain data the services validate; the business rules stay in the core."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as PydanticValidationError

from oversyn.core.process.model import (
    SECTION_PLACES,
    STATUS_LABELS,
    SWOT_LABELS,
    CostBasis,
    Deadline,
)
from oversyn.web.platform.fields import PlainLabelForm, date_field, text_area
from oversyn.web.platform.forms import VersionedForm, initial_from
from oversyn.web.platform.lang import current_lang
from oversyn.web.process import selectors as psel


def _number(text: str) -> float:
    """'42 857' / '150 000,50' / '1\u00a0800\u00a0000' / '−5' → float; ValueError otherwise."""
    clean = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".").replace("\u2212", "-")
    clean = clean.removesuffix("kr")
    return float(clean)


class AmountField(forms.Field):
    """Kronor as a Swedish user writes them: spaces between thousands, decimal comma."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> float | None:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            amount = _number(text)
        except ValueError:
            raise forms.ValidationError(
                _("%(text)s är inget belopp; skriv t.ex. 42 857 eller 150 000,50.") % {"text": text}
            ) from None
        if amount < 0:
            raise forms.ValidationError(_("Beloppet kan inte vara negativt."))
        return amount


def parse_years(text: str) -> list[int]:
    """'2018, 2019' or '2018–2020' → the years; ValidationError in Swedish otherwise."""
    years: list[int] = []
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\d{4})(?:[-–](\d{4}))?", part)
        if m is None:
            raise forms.ValidationError(
                _("%(part)s är inget år; skriv t.ex. 2018, 2019 eller 2018–2020.") % {"part": part}
            )
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if last < first or last - first > 50:
            raise forms.ValidationError(
                _("%(part)s är inget rimligt årsintervall.") % {"part": part}
            )
        years += [y for y in range(first, last + 1) if y not in years]
    return years


def parse_volumes(text: str) -> dict[int, float]:
    """One 'år: antal' per line (or separated by ';'): '2018: 4\\n2019: 2' → {2018: 4, 2019: 2}."""
    out: dict[int, float] = {}
    for n, raw in enumerate(re.split(r"[\n;]+", text), start=1):
        row = raw.strip()
        if not row:
            continue
        m = re.fullmatch(r"(\d{4})\s*[:=]\s*(.+)", row)
        value = None
        if m is not None:
            try:
                value = _number(m.group(2))
            except ValueError:
                value = None
        if m is None or value is None or value < 0:
            raise forms.ValidationError(
                _("Rad %(n)d, %(row)s: skriv år: antal, t.ex. 2018: 4.") % {"n": n, "row": row}
            )
        year = int(m.group(1))
        if year in out:
            raise forms.ValidationError(_("Året %(year)d står två gånger.") % {"year": year})
        out[year] = value
    return out


def lines(text: str) -> list[str]:
    return [s.strip() for s in text.splitlines() if s.strip()]


# -- status and deadlines ----------------------------------------------------------------------


def _choices(words: dict[Any, tuple[str, str]]) -> list[tuple[str, str]]:
    """A core table of (Swedish, English) words as a form's choices, in the page's language."""
    pick = 0 if current_lang() == "sv" else 1
    return [(str(key), pair[pick]) for key, pair in words.items()]


def status_choices() -> list[tuple[str, str]]:
    return _choices(STATUS_LABELS)


class StatusChangeForm(VersionedForm):
    status = forms.ChoiceField(label=_("Ny status"), choices=status_choices)
    date = date_field(_("Datum"))
    by = forms.CharField(label=_("Beslutat eller noterat av"), required=False, max_length=200)
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=500)


class DeadlineForm(VersionedForm):
    deadline_id = forms.CharField(widget=forms.HiddenInput, required=False)
    label = forms.CharField(label=_("Vad ska vara klart"), max_length=200)
    due = forms.CharField(
        label=_("Tidsfrist som den är skriven (t.ex. Q1 2025, 2025-03-31, våren 2025)"),
        max_length=200,
    )
    done = date_field(_("Klart datum"))
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=500)

    def clean_due(self) -> str:
        """The core reads the date range; its Swedish message is shown at the field."""
        text = self.cleaned_data["due"].strip()
        try:
            Deadline.model_validate(text)
        except PydanticValidationError as exc:
            err = exc.errors()[0]
            cause = err.get("ctx", {}).get("error")
            raise forms.ValidationError(str(cause) if cause else err["msg"]) from None
        return text


# -- SWOT --------------------------------------------------------------------------------------


def swot_category_choices() -> list[tuple[str, str]]:
    return _choices(SWOT_LABELS)


class SwotForm(VersionedForm):
    title = forms.CharField(label=_("Rubrik"), required=False, max_length=300)
    author = forms.CharField(
        label=_("Författare (gäller punkter utan egen författare)"),
        required=False,
        max_length=200,
    )
    date = date_field(_("Datum"))


class SwotItemForm(PlainLabelForm):
    category = forms.ChoiceField(label=_("Kategori"), choices=swot_category_choices)
    text = forms.CharField(label=_("Punkt"), required=False, max_length=1000)  # empty: no item
    author = forms.CharField(label=_("Författare"), required=False, max_length=200)
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=500)


SwotItemFormSet = forms.formset_factory(SwotItemForm, extra=3, can_delete=True)


def swot_data(form: SwotForm, items: Any) -> dict[str, Any]:
    """The SWOT as the service takes it, from the head form and the items formset."""
    data: dict[str, Any] = {
        k: v for k, v in form.cleaned_data.items() if k != "base" and v not in ("", None)
    }
    data["items"] = [
        {k: v for k, v in f.cleaned_data.items() if k != "DELETE" and v not in ("", None)}
        for f in items.forms
        if f.cleaned_data and f.cleaned_data.get("text") and not f.cleaned_data.get("DELETE")
    ]
    return data


# -- costs -------------------------------------------------------------------------------------


class CostLineForm(VersionedForm):
    cost_id = forms.CharField(widget=forms.HiddenInput, required=False)
    alternative = forms.ChoiceField(label=_("Alternativ"))
    label = forms.CharField(label=_("Kostnadspost"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Slag"),
        choices=lambda: list(psel.kind_labels().items()),
    )
    basis = forms.ChoiceField(
        label=_("Beloppet gäller"),
        choices=lambda: list(psel.basis_labels().items()),
    )
    low = AmountField(label=_("Belopp, lägsta (kr)"))
    high = AmountField(label=_("Belopp, högsta (kr; tomt om samma som lägsta)"), required=False)
    years = forms.CharField(
        label=_("År som kostnaden gäller (t.ex. 2018, 2019; tomt = alla år)"),
        required=False,
        max_length=200,
    )
    volumes = text_area(_("Prognos, antal personer per år (en rad per år: 2018: 4)"), rows=3)
    estimated = forms.BooleanField(label=_("Uppskattning"), required=False)
    source = forms.CharField(label=_("Källa"), required=False, max_length=300)
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=1000)

    def __init__(self, *args: Any, alternatives: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alternative"].choices = alternatives

    def clean_years(self) -> list[int]:
        return parse_years(self.cleaned_data["years"])

    def clean_volumes(self) -> dict[int, float]:
        return parse_volumes(self.cleaned_data["volumes"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("low"), data.get("high")
        if low is not None and high is not None and high < low:
            self.add_error("high", _("Högsta beloppet är lägre än lägsta."))
        per_person = data.get("basis") in (
            CostBasis.PER_PERSON_PER_MONTH.value,
            CostBasis.PER_PERSON_PER_YEAR.value,
        )
        if per_person and "volumes" in data and not data["volumes"]:
            self.add_error(
                "volumes",
                _("Ett belopp per person behöver en prognos: antal personer per år (2018: 4)."),
            )
        return data

    def to_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        data: dict[str, Any] = {
            "alternative": c["alternative"],
            "label": c["label"],
            "kind": c["kind"],
            "basis": c["basis"],
            "low": c["low"],
        }
        for name in ("high", "source", "note"):
            if c.get(name) not in (None, ""):
                data[name] = c[name]
        if c.get("years"):
            data["years"] = c["years"]
        if c.get("volumes"):
            data["volumes"] = c["volumes"]
        if c.get("estimated"):
            data["estimated"] = True
        return data


def cost_initial(line: Any, base: str) -> dict[str, Any]:
    def num(v: float | None) -> str:
        return "" if v is None else (str(int(v)) if float(v).is_integer() else str(v))

    return {
        "base": base,
        "cost_id": line.id,
        "alternative": line.alternative,
        "label": line.label,
        "kind": line.kind.value,
        "basis": line.basis.value,
        "low": num(line.low),
        "high": num(line.high),
        "years": ", ".join(str(y) for y in line.years),
        "volumes": "\n".join(f"{y}: {num(v)}" for y, v in sorted(line.volumes.items())),
        "estimated": line.estimated,
        "source": line.source or "",
        "note": line.note,
    }


# -- own sections of the document --------------------------------------------------------------


def place_choices() -> list[tuple[str, str]]:
    return _choices(SECTION_PLACES)


class SectionForm(VersionedForm):
    section_id = forms.CharField(widget=forms.HiddenInput, required=False)
    heading = forms.CharField(label=_("Rubrik (t.ex. Facklig samverkan)"), max_length=200)
    text = text_area(
        _("Text"),
        rows=8,
        help_text=_(
            "Tomrad mellan stycken. Punktlista: rader som börjar med ”- ”. "
            "**fet** och *kursiv*. HTML visas som text."
        ),
    )
    after = forms.ChoiceField(label=_("Placeras efter avsnittet"), choices=place_choices)
    order = forms.IntegerField(
        label=_("Ordning bland egna avsnitt på samma plats"), required=False, initial=0
    )
    note = forms.CharField(
        label=_("Anteckning (visas inte i dokumentet)"), required=False, max_length=1000
    )

    def __init__(self, *args: Any, alternatives: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # ``alternatives``: the list page passes them; unused

    def to_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "heading": c["heading"].strip(),
            "text": c.get("text") or "",
            "after": c["after"],
            "order": c.get("order") or 0,
            "note": c.get("note") or "",
        }


def section_initial(s: Any, base: str) -> dict[str, Any]:
    return {**initial_from(s, SectionForm, base), "section_id": s.id}


# -- as-of date -------------------------------------------------------------------------------


class AsOfForm(VersionedForm):
    as_of = date_field(_("Bedöm tidsfrister och varningar per dag (tomt = i dag)"))


# -- decisions ---------------------------------------------------------------------------------


class DecisionForm(VersionedForm):
    decision_id = forms.CharField(widget=forms.HiddenInput, required=False)
    body = forms.CharField(label=_("Beslutande organ"), max_length=200)
    stage = forms.ChoiceField(
        label=_("Steg i beredningsgången"),
        required=False,
        choices=[
            ("", _("läses ur beredningsgången")),
            ("preparation", _("beredning (arbetsutskott, nämndens yttrande)")),
            ("decision", _("beslut i ärendet")),
        ],
    )
    date = date_field(_("Sammanträdesdatum"), required=True)
    paragraph = forms.CharField(label=_("Paragraf (t.ex. § 13)"), required=False, max_length=40)
    case_number = forms.CharField(label=_("Diarienummer"), required=False, max_length=100)
    title = forms.CharField(label=_("Ärendets rubrik i protokollet"), required=False)
    text = text_area(_("Beslutet som det står i protokollet"), rows=4)
    alternative = forms.ChoiceField(label=_("Alternativ som beslutet avser"), required=False)
    effective = date_field(_("Gäller från"))
    attestation_date = date_field(_("Justeringsdatum"))
    attestation_by = text_area(_("Justerare (en per rad)"), rows=2)
    notice_posted = date_field(_("Anslag: dag då justeringen tillkännagavs"))
    distribution = text_area(_("Expedieras till (en per rad)"), rows=3)
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=1000)

    def __init__(self, *args: Any, alternatives: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alternative"].choices = [("", "–"), *alternatives]

    def to_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        data: dict[str, Any] = {"body": c["body"], "date": c["date"]}
        for name in ("stage", "paragraph", "case_number", "title", "text", "alternative", "note"):
            if c.get(name):
                data[name] = c[name]
        for name in ("effective", "notice_posted"):
            if c.get(name):
                data[name] = c[name]
        by = lines(c.get("attestation_by") or "")
        if c.get("attestation_date") or by:
            data["attestation"] = {"date": c.get("attestation_date"), "by": by}
        distribution = lines(c.get("distribution") or "")
        if distribution:
            data["distribution"] = distribution
        return data


def decision_initial(d: Any, base: str) -> dict[str, Any]:
    att = d.attestation
    return {
        "base": base,
        "decision_id": d.id,
        "body": d.body,
        "stage": d.stage.value if d.stage else "",
        "date": d.date,
        "paragraph": d.paragraph or "",
        "case_number": d.case_number or "",
        "title": d.title,
        "text": d.text,
        "alternative": d.alternative or "",
        "effective": d.effective,
        "attestation_date": att.date if att else None,
        "attestation_by": "\n".join(att.by) if att else "",
        "notice_posted": d.notice_posted,
        "distribution": "\n".join(d.distribution),
        "note": d.note,
    }


# -- checklist ---------------------------------------------------------------------------------


class ChecklistEntryForm(PlainLabelForm):
    item = forms.CharField(widget=forms.HiddenInput)
    base = forms.CharField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=lambda: list(psel.checklist_status_labels().items()),
    )
    date = date_field(_("Datum"))
    responsible = forms.CharField(label=_("Ansvarig"), required=False, max_length=200)
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=500)

    TRACKED = ("status", "date", "responsible", "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.TRACKED:  # the page carries what the user saw, to tell what changed
            self.fields[name].show_hidden_initial = True

    def changed(self) -> bool:
        return bool(set(self.changed_data) & set(self.TRACKED))

    def to_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        data: dict[str, Any] = {"status": c["status"]}
        for name in ("date", "responsible", "note"):
            if c.get(name):
                data[name] = c[name]
        return data


ChecklistFormSet = forms.formset_factory(ChecklistEntryForm, extra=0)
