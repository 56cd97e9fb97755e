"""Forms: parse what the user typed into plain data for the services (which validate the case).

Choices (units, administrations, committees, service areas) come from the organisation the
form edits, so a select only offers what exists.  ``to_data`` drops empty optional fields so
that the case model's defaults apply and the stored case stays as a person would write it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from oversyn.web.platform.forms import VersionedForm

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


class MemberForm(forms.Form):
    label_suffix = ""

    username = forms.CharField(label=_("Användarnamn"))
    role = forms.ChoiceField(label=_("Roll"))

    def __init__(self, *args: Any, **kwargs: Any):
        from oversyn.web.cases.models import Role

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices
