"""Forms: parse what the user typed into plain data for the services (which validate the case).

Choices (units, administrations, committees, service areas) come from the organisation the
form edits, so a select only offers what exists.  ``to_data`` drops empty optional fields so
that the case model's defaults apply and the stored case stays as a person would write it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from oversyn.web.platform.fields import PlainLabelForm, text_area
from oversyn.web.platform.forms import VersionedForm
from oversyn.web.uploads import LimitedFileField

# -- alternatives ------------------------------------------------------------------------------


# field name -> (type, label); types: unit, adm, committee (with '?' optional), adms*, committees*,
# areas*, text, text?, id, bool, list, yaml


# -- interactions and uploads ------------------------------------------------------------------


class CaseInfoForm(VersionedForm):
    """The case's own information; fields not in the form (sources, issued_by …) are kept."""

    title = forms.CharField(label=_("Titel"), max_length=300)
    case_number = forms.CharField(label=_("Diarienummer"), required=False)
    municipality_name = forms.CharField(label=_("Kommun"))
    municipality_code = forms.CharField(label=_("Kommunkod (fyra siffror)"), required=False)
    committee = forms.CharField(label=_("Nämnd som ärendet bereds för"), required=False)
    officer = forms.CharField(label=_("Handläggare / utredare"), required=False)
    date = forms.CharField(
        label=_("Ärendets datum (t.ex. 2018-02-14)"), required=False, max_length=40
    )
    summary = text_area(_("Sammanfattning"), rows=4)
    directive_title = forms.CharField(label=_("Direktivets rubrik"), required=False)
    directive_deadline = forms.CharField(
        label=_("Tidsfrist (t.ex. Q1 2025 eller 2025-03-31)"), required=False
    )
    directive_text = text_area(_("Direktivets text"), rows=6)

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


class MemberForm(PlainLabelForm):
    username = forms.CharField(label=_("Användarnamn"))
    role = forms.ChoiceField(label=_("Roll"))

    def __init__(self, *args: Any, **kwargs: Any):
        from oversyn.web.cases.models import Role

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices


# -- a new case from nothing -------------------------------------------------------------------

#: The help of a list of names (who gave the directive, to whom).
NAMES_HELP = _("Kommaseparerat, eller en per rad när ett namn har kommatecken.")


class NewCaseForm(PlainLabelForm):
    """ "Nytt ärende": the case, its directive and the organisation it starts from.

    ``municipality`` offers only what the user may create cases in (``municipalities``:
    value, label); ``source_case`` the cases whose baseline the user can read."""

    title = forms.CharField(label=_("Titel"), max_length=300, required=False)
    municipality = forms.ChoiceField(label=_("Kommun"))
    committee = forms.CharField(label=_("Nämnd som ärendet bereds för"), required=False)
    case_number = forms.CharField(
        label=_("Diarienummer (t.ex. KS 2025/0123)"), required=False, max_length=100
    )
    officer = forms.CharField(label=_("Handläggare / utredare"), required=False)
    directive_by = text_area(
        _("Uppdraget gavs av (t.ex. Kommunstyrelsen)"), rows=2, help_text=NAMES_HELP
    )
    directive_to = text_area(
        _("Uppdraget gavs till (kommaseparerat)"), rows=2, help_text=NAMES_HELP
    )
    directive_date = forms.CharField(label=_("Direktivets datum (ÅÅÅÅ-MM-DD)"), required=False)
    directive_deadline = forms.CharField(
        label=_("Tidsfrist som direktivet skriver den (t.ex. Q1 2025, våren 2026)"),
        required=False,
    )
    directive_text = text_area(_("Direktivets text"), rows=5)
    start = forms.ChoiceField(
        label=_("Organisationen ärendet börjar från"), widget=forms.RadioSelect, initial="skeleton"
    )
    source_case = forms.ChoiceField(label=_("Ärende att kopiera nuläget från"), required=False)
    workbook = LimitedFileField(
        label=_("Excel-arbetsbok (.xlsx) i exportens format"), required=False
    )

    def __init__(
        self,
        *args: Any,
        municipalities: list[tuple[str, str]],
        source_cases: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", "–"), *municipalities]
        self.fields["source_case"].choices = [("", "–"), *source_cases]
        self.fields["start"].choices = [
            (
                "skeleton",
                _(
                    "En typisk kommunorganisation (fullmäktige, kommunstyrelse, "
                    "kommunledningsförvaltning, nämnder och förvaltningar) att ändra i"
                ),
            ),
            ("empty", _("Tom organisation")),
            ("copy", _("En kopia av nuläget i ett annat ärende")),
            ("excel", _("En Excel-arbetsbok i samma format som exporten")),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start = data.get("start")
        if start == "copy" and not data.get("source_case"):
            self.add_error("source_case", _("Välj ärendet vars nuläge ska kopieras."))
        if start == "excel" and not data.get("workbook"):
            self.add_error("workbook", _("Välj en Excel-arbetsbok (.xlsx)."))
        return data


class WrittenAmountField(forms.CharField):
    """An amount as people write it ("6 500 000", "6,5 mnkr", "650 tkr"; empty: None), read
    by :func:`oversyn.core.finance.parse_amount`."""

    def to_python(self, value: Any) -> float | None:
        from oversyn.core.finance import parse_amount

        text = super().to_python(value)
        try:
            return parse_amount(text)
        except ValueError:
            raise forms.ValidationError(
                _("%(text)s är inget belopp; skriv t.ex. 650 000 eller 6,5 mnkr.") % {"text": text}
            ) from None


class FinanceForm(PlainLabelForm):
    """The savings requirement and the costs per FTE and per unit (amounts as written:
    "6 500 000", "6,5 mnkr")."""

    base = forms.CharField(widget=forms.HiddenInput, required=False)
    amount = WrittenAmountField(
        label=_("Effektiviseringskrav per år (t.ex. 6,5 mnkr eller 6 500 000)"), required=False
    )
    year = forms.IntegerField(label=_("Från år"), required=False, min_value=1900, max_value=2200)
    note = forms.CharField(label=_("Varifrån kravet kommer"), required=False)
    cost_per_fte = WrittenAmountField(
        label=_("Kostnad per årsarbetare och år (t.ex. 650 000)"), required=False
    )
    cost_per_unit = WrittenAmountField(
        label=_("Kostnad per enhet och år (t.ex. en enhetschef)"), required=False
    )
