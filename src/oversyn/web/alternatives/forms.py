"""Forms of the alternatives and their change operations: one form for each of the sixteen
operations of :mod:`oversyn.core.operations`.

The choices come from the organisation as it is at that point of the alternative (after its
earlier operations).  Ids of new objects are made from their names by
:func:`oversyn.core.ids.unique_id` (never typed); numbers are typed and shown in Swedish
("12", "12,5", "9 000 000").  ``OperationForm.to_data()`` gives the operation as the case file
writes it; the core checks that it applies.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from oversyn.core.ids import unique_id
from oversyn.core.model import Organisation
from oversyn.core.operations import OPERATION_NAMES
from oversyn.web.organisation.forms import FUNCTION_CHOICES, KIND_CHOICES
from oversyn.web.platform.fields import text_area
from oversyn.web.platform.forms import (
    SwedishNumberField,
    VersionedForm,
    choices,
    multiple_choice,
    split_list,
)

SPLIT_PARTS = 4  # rows for the parts of a split administration (empty rows are ignored)

# field kinds: unit/adm/committee ("?" optional), units*/adms*/committees*/areas*/functions*/
# topunits* (several), text/textarea ("?" optional), number? (Swedish), list (comma separated),
# bool, kind (committee kind), into-unit/into-adm (one of the merged or a new one), keep (which
# part of a split keeps the id), fmode (what happens to a mandate's functions)
OP_FIELDS: dict[str, list[tuple[str, str, Any]]] = {
    "move_unit": [
        ("unit", "unit", _("Enhet som flyttas (med sina underenheter)")),
        ("to_administration", "adm?", _("Till förvaltning")),
        ("to_parent", "unit?", _("eller under enheten")),
    ],
    "create_unit": [
        ("unit_name", "text", _("Namn")),
        ("unit_administration", "adm?", _("I förvaltningen")),
        ("unit_parent", "unit?", _("eller under enheten")),
        ("unit_functions", "functions*", _("Funktioner")),
        ("unit_service_areas", "areas*", _("Verksamhetsområden")),
        ("unit_laws", "list", _("Lagar för myndighetsbeslut (kommaseparerade; tomt = områdenas)")),
        ("unit_category", "text?", _("Stödkategori (HR, ekonomi, stab …)")),
        ("unit_fte", "number?", _("Årsarbetare")),
        ("unit_budget", "number?", _("Nettobudget (kr)")),
        ("unit_manager", "text?", _("Chef")),
        ("unit_estimated", "bool", _("Siffrorna är uppskattningar")),
        ("unit_note", "textarea?", _("Anteckning om enheten")),
    ],
    "abolish_unit": [
        ("unit", "unit", _("Enhet")),
        ("keep_children", "bool", _("Behåll underenheterna (de flyttar upp)")),
    ],
    "merge_units": [
        ("units", "units*", _("Enheter som slås samman")),
        ("into", "into-unit", _("Den sammanslagna enheten")),
        ("name", "text?", _("Namn på den sammanslagna enheten")),
        ("manager", "text?", _("Chef för den sammanslagna enheten")),
    ],
    "rename_unit": [("unit", "unit", _("Enhet")), ("name", "text", _("Nytt namn"))],
    "update_unit": [
        ("unit", "unit", _("Enhet")),
        ("fte", "number?", _("Årsarbetare (tomt = oförändrat)")),
        ("budget", "number?", _("Nettobudget i kr (tomt = oförändrad)")),
        ("manager", "text?", _("Chef (tomt = oförändrad)")),
        ("functions", "functions*", _("Funktioner (inga valda = oförändrade)")),
        ("service_areas", "areas*", _("Verksamhetsområden (inga valda = oförändrade)")),
        ("laws", "list", _("Lagar för myndighetsbeslut (tomt = oförändrade)")),
        ("category", "text?", _("Stödkategori (tomt = oförändrad)")),
    ],
    "create_administration": [
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
        ("into", "into-adm", _("Den sammanslagna förvaltningen")),
        ("name", "text?", _("Namn på den sammanslagna")),
        ("supports", "committees*", _("Stödjer nämnderna (inga valda = delarnas)")),
        ("head", "text?", _("Förvaltningschef")),
    ],
    "split_administration": [
        ("administration", "adm", _("Förvaltning som delas")),
        ("keep", "keep", _("Del som behåller förvaltningens id (fortsätter den)")),
        *[
            spec
            for n in range(1, SPLIT_PARTS + 1)
            for spec in (
                (f"part{n}_name", "text?", (_("Del %(n)d: namn"), n)),
                (f"part{n}_units", "topunits*", (_("Del %(n)d: enheter"), n)),
                (
                    f"part{n}_supports",
                    "committees*",
                    (_("Del %(n)d: stödjer nämnderna (inga valda = originalets)"), n),
                ),
                (f"part{n}_head", "text?", (_("Del %(n)d: förvaltningschef"), n)),
            )
        ],
    ],
    "change_support": [
        ("administration", "adm", _("Förvaltning")),
        ("add", "committees*", _("Börjar stödja")),
        ("remove", "committees*", _("Slutar stödja")),
        ("set", "committees*", _("Eller: stödjer i stället exakt dessa (ersätter listan)")),
    ],
    "create_committee": [
        ("name", "text", _("Namn")),
        ("kind", "kind", _("Typ")),
        ("appointed_by", "committee?", _("Tillsätts av")),
        ("mandate_service_areas", "areas*", _("Reglemente: verksamhetsområden")),
        ("mandate_laws", "list", _("Reglemente: lagar (kommaseparerade)")),
        ("mandate_functions", "functions*", _("Reglemente: funktioner (inga = alla)")),
        ("mandate_text", "textarea?", _("Reglementets lydelse")),
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
        ("functions_mode", "fmode", _("Reglementets funktioner")),
        ("functions", "functions*", _("Funktioner (om de ersätts)")),
        ("text", "textarea?", _("Ny lydelse (tomt = oförändrad)")),
    ],
}

OP_LABELS = {
    "move_unit": _("Flytta en enhet"),
    "create_unit": _("Skapa en enhet"),
    "abolish_unit": _("Avveckla en enhet"),
    "merge_units": _("Slå samman enheter"),
    "rename_unit": _("Byt namn på en enhet"),
    "update_unit": _("Ändra en enhets årsarbetare, budget, chef eller uppgifter"),
    "create_administration": _("Skapa en förvaltning"),
    "abolish_administration": _("Avveckla en förvaltning"),
    "rename_administration": _("Byt namn på en förvaltning"),
    "merge_administrations": _("Slå ihop förvaltningar"),
    "split_administration": _("Dela en förvaltning"),
    "change_support": _("Ändra vilka nämnder en förvaltning stödjer"),
    "create_committee": _("Skapa en nämnd"),
    "abolish_committee": _("Avveckla en nämnd"),
    "rename_committee": _("Byt namn på en nämnd"),
    "change_mandate": _("Ändra en nämnds reglemente"),
}
assert set(OP_FIELDS) == set(OP_LABELS) == set(OPERATION_NAMES)

FMODE_CHOICES = [
    ("keep", _("oförändrade")),
    ("set", _("ersätts med de valda nedan")),
    ("all", _("alla funktioner")),
]


class AlternativeForm(VersionedForm):
    id = forms.CharField(
        label=_("Id (tomt = av namnet)"),
        max_length=80,
        required=False,
        help_text=_("Görs av namnet om du lämnar det tomt."),
    )
    name = forms.CharField(label=_("Namn"), max_length=200)
    description = text_area(_("Beskrivning"), rows=2)
    based_on = forms.ChoiceField(label=_("Bygger på"), required=False)
    note = text_area(_("Anteckning (antaganden, vad som inte är modellerat)"), rows=2)

    def __init__(
        self,
        *args: Any,
        alternatives: list[tuple[str, str]] | None = None,
        editing: bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].choices = alternatives or []
        self.taken = {a for a, _name in alternatives or []}
        if editing:
            del self.fields["id"]
            del self.fields["based_on"]

    def clean_description(self) -> str:
        return _lines(self.cleaned_data.get("description") or "")

    def clean_note(self) -> str:
        return _lines(self.cleaned_data.get("note") or "")

    def alt_id(self) -> str:
        """The id typed, or one made from the name (unique among the alternatives)."""
        typed = (self.cleaned_data.get("id") or "").strip()
        return typed or unique_id(self.cleaned_data["name"], self.taken, fallback="alternativ")


def _lines(text: str) -> str:
    """A textarea's text with the browser's CR LF line ends as the case file's LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _taken(org: Organisation, baseline: Organisation | None, kind: str) -> set[str]:
    """Ids a new object of ``kind`` must not take: those at this point, the baseline's (so
    evidence about an abolished unit never attaches to a new one) and merged-away units."""
    out: set[str] = set()
    for source in (org, baseline):
        if source is None:
            continue
        items = {
            "unit": source.units,
            "administration": source.administrations,
            "committee": source.committees,
        }[kind]
        out.update(o.id for o in items)
        if kind == "unit":
            out.update(source.merged_units)
    return out


class OperationForm(VersionedForm):
    """The form for one kind of change operation, built from ``OP_FIELDS``."""

    op = forms.ChoiceField(label=_("Typ av ändring"), choices=list(OP_LABELS.items()))

    def __init__(
        self,
        *args: Any,
        org: Organisation,
        op: str,
        baseline: Organisation | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.op = op
        self.org = org
        self.baseline = baseline
        self.data_out: dict[str, Any] = {}
        self.generated: list[tuple[str, str]] = []  # (name, id) of the objects it creates
        self.fields["op"].initial = op
        self.fields["op"].widget = forms.HiddenInput()
        for name, kind, label in OP_FIELDS[op]:
            if isinstance(label, tuple):  # a numbered label, formatted in the request's language
                label = str(label[0]) % {"n": label[1]}
            self.fields[name] = self._field(kind, label)
        self.fields["note"] = forms.CharField(label=_("Motivering (varför)"), required=False)

    def _field(self, kind: str, label: Any) -> forms.Field:
        org = self.org
        optional = kind.endswith("?")
        base = kind.rstrip("?")
        single = {"unit": "unit", "adm": "administration", "committee": "committee"}
        several = {
            "units*": "unit",
            "adms*": "administration",
            "committees*": "committee",
            "areas*": "service_area",
        }
        if base in single:
            return forms.ChoiceField(
                label=label, required=not optional, choices=choices(org, single[base], blank=True)
            )
        if kind in several:
            return multiple_choice(label, choices(org, several[kind]))
        if kind == "topunits*":
            adm_of = org.unit_administrations()
            tops = [
                (u.id, f"{u.name} ({org.label('administration', adm_of.get(u.id))})")
                for u in org.units
                if u.parent is None
            ]
            return multiple_choice(label, tops)
        if kind == "functions*":
            return multiple_choice(label, FUNCTION_CHOICES)
        if kind in ("into-unit", "into-adm"):
            what = "unit" if kind == "into-unit" else "administration"
            new = _("en ny enhet (namnet nedan)") if what == "unit" else _("en ny förvaltning")
            return forms.ChoiceField(
                label=label, required=False, choices=[("", new), *choices(org, what)]
            )
        if kind == "keep":
            opts = [("", _("ingen: alla delar är nya förvaltningar"))]
            opts += [(str(n), _("del %(n)d") % {"n": n}) for n in range(1, SPLIT_PARTS + 1)]
            return forms.ChoiceField(label=label, required=False, choices=opts)
        if kind == "fmode":
            return forms.ChoiceField(
                label=label, required=False, choices=FMODE_CHOICES, initial="keep"
            )
        if kind == "kind":
            return forms.ChoiceField(label=label, choices=KIND_CHOICES, initial="committee")
        if base == "number":
            return SwedishNumberField(label=label, required=not optional, min_value=None)
        if base == "bool":
            return forms.BooleanField(label=label, required=False)
        if base == "textarea":
            return text_area(label, required=not optional)
        # text, list
        return forms.CharField(label=label, required=base == "text" and not optional)

    # -- building the operation ----------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors:
            self.data_out = self._build(cleaned)
        return cleaned

    def _new_id(self, name: str, kind: str, extra: set[str] | None = None) -> str:
        new = unique_id(name, _taken(self.org, self.baseline, kind) | (extra or set()))
        self.generated.append((name, new))
        return new

    def _build(self, c: dict[str, Any]) -> dict[str, Any]:
        op = self.op
        data: dict[str, Any] = {"op": op}
        nested: dict[str, dict[str, Any]] = {}
        parts: dict[int, dict[str, Any]] = {}
        for name, kind, _label in OP_FIELDS[op]:
            value = c.get(name)
            if kind == "list":
                value = split_list(value or "")
            if kind in ("keep", "fmode", "into-unit", "into-adm"):
                continue  # handled below
            if value in ("", None, []) or value is False:
                continue
            if isinstance(value, str):
                value = _lines(value)
            if kind == "number?" and name in ("fte", "unit_fte") and value < 0:
                self.add_error(name, _("Årsarbetare kan inte vara negativa."))
                continue
            if name.startswith("part") and "_" in name:
                number, field = name.removeprefix("part").split("_", 1)
                parts.setdefault(int(number), {})[field] = value
            elif op == "create_unit" and name.startswith("unit_"):
                nested.setdefault("unit", {})[name.removeprefix("unit_")] = value
            elif op == "create_committee" and name.startswith("mandate_"):
                nested.setdefault("mandate", {})[name.removeprefix("mandate_")] = value
            else:
                data[name] = value
        data.update(nested)
        if op == "create_unit":
            unit = data["unit"]
            if bool(unit.get("administration")) == bool(unit.get("parent")):
                self.add_error(
                    "unit_administration",
                    _("Ange antingen en förvaltning eller en överordnad enhet (en av dem)."),
                )
            unit["id"] = self._new_id(unit["name"], "unit")
            data["unit"] = {"id": unit.pop("id"), **unit}
        elif op == "move_unit":
            if bool(data.get("to_administration")) == bool(data.get("to_parent")):
                self.add_error(
                    "to_administration",
                    _("Ange antingen en förvaltning eller en enhet att flytta till (en av dem)."),
                )
        elif op in ("create_administration", "create_committee"):
            kind = "administration" if op == "create_administration" else "committee"
            data = {"op": op, "id": self._new_id(data["name"], kind), **data}
        elif op in ("merge_units", "merge_administrations"):
            self._build_merge(c, data)
        elif op == "split_administration":
            self._build_split(c, data, parts)
        elif op == "change_mandate":
            mode = c.get("functions_mode") or "keep"
            if mode == "all":
                data["functions"] = []
            elif mode == "set":
                if not data.get("functions"):
                    self.add_error("functions", _("Välj de funktioner som ska gälla."))
            else:
                if data.pop("functions", None):
                    self.add_error(
                        "functions_mode",
                        _('Välj "ersätts med de valda nedan" om funktionerna ska ändras.'),
                    )
        elif op == "change_support" and data.get("set") and (data.get("add") or data.get("remove")):
            self.add_error(
                "set",
                _("Ange antingen vilka nämnder som läggs till och tas bort, eller hela listan."),
            )
        if c.get("note"):
            data["note"] = _lines(c["note"])
        return data

    def _build_merge(self, c: dict[str, Any], data: dict[str, Any]) -> None:
        many = "units" if self.op == "merge_units" else "administrations"
        kind = "unit" if self.op == "merge_units" else "administration"
        chosen = data.get(many, [])
        if len(chosen) < 2:
            self.add_error(many, _("Välj minst två att slå samman."))
        into = c.get("into") or ""
        if into:
            if into not in chosen:
                self.add_error("into", _("Den sammanslagna ska vara en av de valda."))
        elif not data.get("name"):
            self.add_error(
                "name",
                _("Ange ett namn på den sammanslagna, eller välj en av de valda som fortsätter."),
            )
        else:
            into = self._new_id(data["name"], kind)
        data["into"] = into

    def _build_split(
        self, c: dict[str, Any], data: dict[str, Any], parts: dict[int, dict[str, Any]]
    ) -> None:
        original = data["administration"]
        keep = int(c["keep"]) if c.get("keep") else None
        out: list[dict[str, Any]] = []
        made: set[str] = set()
        for n in sorted(parts):
            part = parts[n]
            if not part.get("name"):
                self.add_error(f"part{n}_name", _("Del %(n)d behöver ett namn.") % {"n": n})
                continue
            made_id = self._new_id(part["name"], "administration", made) if n != keep else None
            part_id = made_id or original
            made.add(part_id)
            out.append({"id": part_id, **part})
        if keep is not None and keep not in parts:
            self.add_error("keep", _("Del %(n)d är inte ifylld.") % {"n": keep})
        if len(out) < 2 and not self.errors:
            self.add_error("part2_name", _("Ange minst två delar."))
        data["parts"] = out

    def to_data(self) -> dict[str, Any]:
        return dict(self.data_out)
