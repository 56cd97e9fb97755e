"""Forms for follow-up: audit recommendations (with an actions formset), responsibility areas
(with a roles formset), goals, indicators, indicator values and the Kolada upload.

The forms only parse what was typed into plain data; the services validate it with the case
model (deadlines as written are read by the core) and answer in Swedish.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from oversyn.core.process.model import RecommendationStatus, Role
from oversyn.web.platform.fields import PlainLabelForm, date_field, text_area
from oversyn.web.platform.forms import split_list
from oversyn.web.uploads import LimitedFileField


def status_choices() -> list[tuple[str, Any]]:
    return [
        (RecommendationStatus.OPEN.value, _("öppen")),
        (RecommendationStatus.IN_PROGRESS.value, _("pågår")),
        (RecommendationStatus.DONE.value, _("genomförd")),
        (RecommendationStatus.REJECTED.value, _("avvisad")),
    ]


def role_choices() -> list[tuple[str, Any]]:
    return [
        (Role.RESPONSIBLE.value, _("ansvarig")),
        (Role.CONTRIBUTES.value, _("medverkande")),
        (Role.INFORMED.value, _("informeras")),
    ]


GENDER_CHOICES = [("T", _("totalt (T)")), ("K", _("kvinnor (K)")), ("M", _("män (M)"))]
DIRECTION_CHOICES = [
    ("", _("inte angivet")),
    ("up", _("högre är bättre")),
    ("down", _("lägre är bättre")),
]


def _text(label: Any, required: bool = False, **kw: Any) -> forms.CharField:
    return forms.CharField(label=label, required=required, **kw)


class ItemForm(PlainLabelForm):
    """The form of one item with an ``id``: when ``editing``, the id is shown but fixed."""

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["id"].disabled = True
            self.fields["id"].required = False


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in ("", None, [])}


# -- audit recommendations ---------------------------------------------------------------------


class RecommendationForm(ItemForm):
    id = _text(_("Id"), required=True, max_length=80, help_text=_("T.ex. oversyn-ansvar"))
    text = text_area(_("Rekommendation"))
    addressed_to = _text(
        _("Riktad till (nämnder, kommaseparerade)"),
        help_text=_("Välj bland organisationens nämnder eller skriv namnet."),
    )
    auditor = _text(_("Revisor"))
    report = _text(_("Granskningsrapport"))
    answer_due = _text(
        _("Svar senast (som det står, t.ex. ”senast den 26 januari 2019”)"), max_length=200
    )
    response = text_area(_("Nämndens svar"), rows=4)
    responded = date_field(_("Svarsdatum"))
    status = forms.ChoiceField(label=_("Status"), choices=status_choices)
    note = text_area(_("Anteckning"), rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].required = True
        self.fields["addressed_to"].widget.attrs["list"] = "body-names"

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return _drop_empty(
            {
                "id": d.get("id", ""),
                "text": d["text"].strip(),
                "addressed_to": split_list(d.get("addressed_to", "")),
                "auditor": d.get("auditor", "").strip(),
                "report": d.get("report", "").strip(),
                "answer_due": d.get("answer_due", "").strip(),
                "response": d.get("response", "").strip(),
                "responded": d.get("responded"),
                "status": d["status"],
                "note": d.get("note", "").strip(),
            }
        )


def recommendation_initial(rec: Any) -> dict[str, Any]:
    return {
        "id": rec.id,
        "text": rec.text,
        "addressed_to": ", ".join(rec.addressed_to),
        "auditor": rec.auditor or "",
        "report": rec.report or "",
        "answer_due": rec.answer_due.text if rec.answer_due else "",
        "response": rec.response,
        "responded": rec.responded,
        "status": rec.status.value,
        "note": rec.note,
    }


class ActionForm(PlainLabelForm):
    text = text_area(_("Åtgärd"), rows=2)
    owner = _text(_("Ansvarig"))
    due = _text(
        _("Klar senast"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("t.ex. våren 2019")}),
    )
    done = date_field(_("Klar datum"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("text", "").strip() and (
            data.get("owner") or data.get("due") or data.get("done")
        ):
            raise forms.ValidationError(_("Skriv vad åtgärden är (eller töm raden)."))
        return data

    def to_data(self) -> dict[str, Any] | None:
        d = self.cleaned_data
        if not d or not d.get("text", "").strip() or d.get("DELETE"):
            return None
        return _drop_empty(
            {
                "text": d["text"].strip(),
                "owner": d.get("owner", "").strip(),
                "due": d.get("due", "").strip(),
                "done": d.get("done"),
            }
        )


ActionFormSet = forms.formset_factory(ActionForm, extra=2, can_delete=True)


def action_initial(actions: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "text": a.text,
            "owner": a.owner or "",
            "due": a.due.text if a.due else "",
            "done": a.done,
        }
        for a in actions
    ]


# -- responsibility areas ----------------------------------------------------------------------


class AreaForm(ItemForm):
    id = _text(_("Id"), required=True, max_length=80, help_text=_("T.ex. arbetsmarknad"))
    name = _text(_("Område eller uppgift"), required=True, max_length=200)
    description = text_area(_("Beskrivning"), rows=2)
    note = text_area(_("Anteckning"), rows=2)

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return _drop_empty(
            {
                "id": d.get("id", ""),
                "name": d["name"].strip(),
                "description": d.get("description", "").strip(),
                "note": d.get("note", "").strip(),
            }
        )


def area_initial(area: Any) -> dict[str, Any]:
    return {"id": area.id, "name": area.name, "description": area.description, "note": area.note}


class RoleForm(PlainLabelForm):
    body = forms.ChoiceField(label=_("Nämnd eller förvaltning"), required=False)
    body_name = _text(_("… eller annat organ (namn)"), max_length=200)
    role = forms.ChoiceField(label=_("Roll"), choices=role_choices)

    def __init__(self, *args: Any, bodies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", "–"), *bodies]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("body") and data.get("body_name", "").strip():
            raise forms.ValidationError(
                _("Välj ett organ i listan eller skriv ett namn, inte båda.")
            )
        return data

    def chosen_body(self) -> str:
        d = self.cleaned_data
        return (d.get("body") or d.get("body_name", "")).strip()

    def to_data(self) -> dict[str, Any] | None:
        if not self.cleaned_data or self.cleaned_data.get("DELETE") or not self.chosen_body():
            return None
        return {"body": self.chosen_body(), "role": self.cleaned_data["role"]}


class BaseRoleFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def __init__(self, *args: Any, bodies: list[tuple[str, str]], **kwargs: Any) -> None:
        self.bodies = bodies
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "bodies": self.bodies}

    @property
    def empty_form(self) -> Any:
        return self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            bodies=self.bodies,
        )


RoleFormSet = forms.formset_factory(RoleForm, formset=BaseRoleFormSet, extra=3, can_delete=True)


def role_initial(roles: list[Any], known: set[str]) -> list[dict[str, Any]]:
    return [
        {"body": r.body, "role": r.role.value}
        if r.body in known
        else {"body_name": r.body, "role": r.role.value}
        for r in roles
    ]


# -- goals and indicators ----------------------------------------------------------------------


class GoalForm(ItemForm):
    id = _text(
        _("Id"), required=True, max_length=80, help_text=_("T.ex. meningsfull-sysselsattning")
    )
    text = _text(_("Mål"), required=True, max_length=500)
    source = _text(_("Källa (var målet kommer ifrån)"))
    owner = _text(_("Ansvarig"))
    note = text_area(_("Anteckning"), rows=2)

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return _drop_empty(
            {k: (d.get(k) or "").strip() for k in ("id", "text", "source", "owner", "note")}
        )


def goal_initial(goal: Any) -> dict[str, Any]:
    return {k: getattr(goal, k) or "" for k in ("id", "text", "source", "owner", "note")}


class IndicatorForm(ItemForm):
    id = _text(_("Id"), required=True, max_length=80)
    name = _text(_("Indikator"), required=True, max_length=300)
    unit = _text(_("Enhet (t.ex. %, antal, kr)"), max_length=40)
    source = _text(_("Källa (t.ex. Kolada eller eget system)"))
    kolada_kpi = _text(_("Kolada-nyckeltal (t.ex. N00914)"), max_length=20)
    municipality = _text(_("Kommunkod för Kolada (t.ex. 0583)"), max_length=10)
    baseline_period = _text(_("Utgångsvärde: period"), max_length=40)
    baseline_value = forms.FloatField(label=_("Utgångsvärde: värde"), required=False, localize=True)
    target_period = _text(_("Målvärde: period"), max_length=40)
    target_value = forms.FloatField(label=_("Målvärde: värde"), required=False, localize=True)
    direction = forms.ChoiceField(label=_("Riktning"), choices=DIRECTION_CHOICES, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for ref, label in (("baseline", _("Utgångsvärdet")), ("target", _("Målvärdet"))):
            if data.get(f"{ref}_value") is not None and not data.get(f"{ref}_period", "").strip():
                self.add_error(f"{ref}_period", _("%(what)s behöver en period.") % {"what": label})
        return data

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        data: dict[str, Any] = _drop_empty(
            {
                k: (d.get(k) or "").strip()
                for k in ("id", "name", "unit", "source", "kolada_kpi", "municipality")
            }
        )
        for ref in ("baseline", "target"):
            period = (d.get(f"{ref}_period") or "").strip()
            if period:
                data[ref] = {"period": period, "value": d.get(f"{ref}_value")}
        direction = d.get("direction")
        if direction:
            data["higher_is_better"] = direction == "up"
        return data


def indicator_initial(ind: Any) -> dict[str, Any]:
    return {
        "id": ind.id,
        "name": ind.name,
        "unit": ind.unit,
        "source": ind.source or "",
        "kolada_kpi": ind.kolada_kpi or "",
        "municipality": ind.municipality or "",
        "baseline_period": ind.baseline.period if ind.baseline else "",
        "baseline_value": ind.baseline.value if ind.baseline else None,
        "target_period": ind.target.period if ind.target else "",
        "target_value": ind.target.value if ind.target else None,
        "direction": ""
        if ind.higher_is_better is None
        else ("up" if ind.higher_is_better else "down"),
    }


class ValueForm(PlainLabelForm):
    period = _text(_("Period (t.ex. 2019)"), required=True, max_length=40)
    value = forms.FloatField(label=_("Värde"), localize=True)
    gender = forms.ChoiceField(label=_("Kön"), choices=GENDER_CHOICES, initial="T", required=False)

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "period": d["period"].strip(),
            "value": d["value"],
            "gender": d.get("gender") or "T",
        }


class KoladaForm(forms.Form):
    file = LimitedFileField(label=_("Kolada-fil (JSON, API v3)"))
