"""The difference between two organisations, in words a user reads and as sets for charts.

The diff is structural (computed from the two organisations, not from the operations), so it
compares any two alternatives, not only an alternative with nuläge.  Merges and splits of
administrations are recognised from where the units went, so that "A and B are merged into C"
is said once instead of listing every unit that moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from oversyn.core.i18n import DEFAULT_LANG, Lang, join_words, t
from oversyn.core.model import FUNCTION_LABELS_SV, Function, Organisation, Unit

MNKR = 1_000_000.0


def format_figure(value: float | None, decimals: int, lang: Lang, signed: bool = False) -> str:
    """``52`` → "52", ``12.5`` → "12,5", ``22.0`` with 1 decimal → "22,0", signed ``-11`` →
    "−11", ``2.5`` → "+2,5"; thousands grouped with a no-break space in Swedish."""
    if value is None:
        return "–"
    text = f"{abs(value):,.{decimals}f}"
    if lang == "sv":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", "\u00a0")
    if value < 0 and float(text.replace("\u00a0", "").replace(",", ".")) != 0:
        return "−" + text
    return ("+" + text) if signed and value > 0 else text


def _fte_decimals(*values: float | None) -> int:
    return 0 if all(v is None or float(v).is_integer() for v in values) else 1


@dataclass(frozen=True)
class Change:
    """One change: a message code with its parameters (names, not ids) and the ids involved.

    ``numbers`` are figures (value, decimals, signed) put into words in the reader's language
    when the text is made ("52", "12,5", "−11").
    """

    code: str
    params: dict[str, str | list[str]]
    subjects: tuple[str, ...] = ()
    numbers: tuple[tuple[str, float | None, int, bool], ...] = ()

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
        params = {
            k: join_words(v, lang) if isinstance(v, list) else v for k, v in self.params.items()
        }
        for key, value, decimals, signed in self.numbers:
            params[key] = format_figure(value, decimals, lang, signed)
        return t(self.code, lang, **params)


def figure_change(
    code: str,
    params: dict[str, str | list[str]],
    subjects: tuple[str, ...],
    before: float | None,
    after: float | None,
    budget: bool = False,
) -> Change:
    """ "52 → 41 (−11)" for staff, "22,0 → 19,5 mnkr (−2,5)" for a budget (in kronor)."""
    scale = MNKR if budget else 1.0
    a = None if before is None else before / scale
    b = None if after is None else after / scale
    decimals = 1 if budget else _fte_decimals(a, b)
    delta = None if a is None or b is None else b - a
    numbers = (
        ("before", a, decimals, False),
        ("after", b, decimals, False),
        ("delta", delta, decimals, True),
    )
    return Change(code, params, subjects, numbers)


def _function_words(functions: list[Function], lang: Lang) -> list[str]:
    return [FUNCTION_LABELS_SV[f] if lang == "sv" else f.value for f in functions]


def totals_sentences(
    before: Organisation, after: Organisation, lang: Lang = DEFAULT_LANG
) -> list[str]:
    """The whole organisation's staff and budget, where they change ("Årsarbetare totalt:
    3 000 → 2 989 (−11)."); units without a figure count as 0."""
    out: list[str] = []
    for attr, code, budget in (
        ("fte", "diff_total_fte", False),
        ("budget", "diff_total_budget", True),
    ):
        a = sum(getattr(u, attr) or 0.0 for u in before.units)
        b = sum(getattr(u, attr) or 0.0 for u in after.units)
        if round(a, 6) != round(b, 6):
            out.append(figure_change(code, {}, (), a, b, budget).text(lang))
    return out


@dataclass
class OrgDiff:
    changes: list[Change] = field(default_factory=list)
    moved_units: set[str] = field(default_factory=set)
    created_units: set[str] = field(default_factory=set)
    removed_units: set[str] = field(default_factory=set)
    created_administrations: set[str] = field(default_factory=set)
    removed_administrations: set[str] = field(default_factory=set)
    merged_administrations: set[str] = field(default_factory=set)  # the merge results
    merged_units: set[str] = field(default_factory=set)  # units that others were merged into
    changed_committees: set[str] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not self.changes

    def sentences(self, lang: Lang = DEFAULT_LANG) -> list[str]:
        if not self.changes:
            return [t("diff_no_change", lang)]
        return [c.text(lang) for c in self.changes]


def diff_organisations(before: Organisation, after: Organisation) -> OrgDiff:
    """What changes from ``before`` to ``after``."""
    d = OrgDiff()
    adm_a, adm_b = before.unit_administrations(), after.unit_administrations()
    a_adms = {a.id: a for a in before.administrations}
    b_adms = {a.id: a for a in after.administrations}

    def name_a(adm: str | None) -> str:
        return before.label("administration", adm)

    def name_b(adm: str | None) -> str:
        return after.label("administration", adm)

    covered: set[str] = set()  # units whose move is explained by a merge or split

    # merges: an administration in `after` gathering units from ≥ 2 administrations of `before`,
    # at least one of which no longer exists
    a_order, b_order = list(a_adms), list(b_adms)
    # the units of each administration, grouped once (not a walk of every unit per
    # administration: 30 × 2,000 per diff on a large case)
    units_a: dict[str | None, list[str]] = {}
    for u, x in adm_a.items():
        units_a.setdefault(x, []).append(u)
    units_b: dict[str | None, list[str]] = {}
    for u, x in adm_b.items():
        units_b.setdefault(x, []).append(u)
    for adm in after.administrations:
        found = {adm_a.get(u) for u in units_b.get(adm.id, [])}
        sources = sorted((s for s in found if s is not None), key=a_order.index)
        if len(sources) >= 2 and any(s not in b_adms for s in sources):
            d.changes.append(
                Change(
                    "diff_adm_merged",
                    {"srcs": [name_a(s) for s in sources], "dst": adm.name},
                    (adm.id, *sources),
                )
            )
            d.merged_administrations.add(adm.id)
            covered.update(units_b.get(adm.id, []))
    # splits: an administration of `before` whose units went to ≥ 2 administrations, at least one
    # of them new
    for adm in before.administrations:
        went = {adm_b[u] for u in units_a.get(adm.id, []) if u in adm_b}
        targets = sorted((x for x in went if x is not None), key=b_order.index)
        if len(targets) < 2 or all(x in a_adms for x in targets):
            continue
        if any(x in d.merged_administrations for x in targets):
            continue
        d.changes.append(
            Change(
                "diff_adm_split",
                {"src": adm.name, "dsts": [name_b(x) for x in targets]},
                (adm.id, *targets),
            )
        )
        covered.update(units_a.get(adm.id, []))

    explained = {s for c in d.changes for s in c.subjects}
    for adm_id, adm in b_adms.items():
        if adm_id not in a_adms:
            d.created_administrations.add(adm_id)
            if adm_id not in explained:
                d.changes.append(Change("diff_adm_created", {"adm": adm.name}, (adm_id,)))
    for adm_id, adm in a_adms.items():
        if adm_id not in b_adms:
            d.removed_administrations.add(adm_id)
            if adm_id not in explained:
                d.changes.append(Change("diff_adm_removed", {"adm": adm.name}, (adm_id,)))
        else:
            new = b_adms[adm_id]
            if new.name != adm.name:
                d.changes.append(
                    Change("diff_adm_renamed", {"old": adm.name, "new": new.name}, (adm_id,))
                )
            if sorted(new.supports) != sorted(adm.supports):
                d.changes.append(
                    Change(
                        "diff_adm_support",
                        {
                            "adm": new.name,
                            "now": [after.label("committee", c) for c in new.supports],
                            "before": [before.label("committee", c) for c in adm.supports],
                        },
                        (adm_id,),
                    )
                )

    # units
    a_units = {u.id: u for u in before.units}
    b_units = {u.id: u for u in after.units}
    merged_into: dict[str, list[str]] = {}
    for gone, kept in after.merged_units.items():
        if before.merged_units.get(gone) != kept and gone in a_units:
            merged_into.setdefault(kept, []).append(gone)
    for target, olds in merged_into.items():
        names = [a_units[o].name for o in olds]
        if target in a_units:
            names.insert(0, a_units[target].name)
        d.changes.append(
            Change(
                "diff_units_merged",
                {"srcs": names, "dst": after.label("unit", target)},
                (target, *olds),
            )
        )
        d.merged_units.add(target)
        new_unit = b_units.get(target)
        if target not in a_units and new_unit is not None:
            # a new merged unit stands where its first part stood; a later move is said too
            first = a_units[olds[0]]
            if (new_unit.parent, adm_b.get(target)) != (first.parent, adm_a.get(first.id)):
                src = (
                    before.label("unit", first.parent)
                    if first.parent
                    else name_a(adm_a.get(first.id))
                )
                dst = (
                    after.label("unit", new_unit.parent)
                    if new_unit.parent
                    else name_b(adm_b.get(target))
                )
                d.moved_units.add(target)
                d.changes.append(
                    Change(
                        "diff_unit_moved",
                        {"unit": new_unit.name, "src": src, "dst": dst},
                        (target,),
                    )
                )
    merged_away = {o for olds in merged_into.values() for o in olds}
    for unit_id, unit in b_units.items():
        old = a_units.get(unit_id)
        if old is None:
            d.created_units.add(unit_id)
            if unit_id in merged_into:
                continue  # said by the merge sentence
            where = after.label("unit", unit.parent) if unit.parent else name_b(adm_b[unit_id])
            d.changes.append(
                Change("diff_unit_created", {"unit": unit.name, "dst": where}, (unit_id,))
            )
            continue
        if old.name != unit.name:
            d.changes.append(
                Change("diff_unit_renamed", {"old": old.name, "new": unit.name}, (unit_id,))
            )
        if unit_id not in merged_into:  # a merge's sums are said by the merge sentence
            _unit_details(d, before, after, old, unit)
        adm_changed = adm_a[unit_id] != adm_b[unit_id]
        if old.parent == unit.parent and not (unit.parent is None and adm_changed):
            continue
        d.moved_units.add(unit_id)
        if unit.parent is None and unit_id in covered:
            continue  # explained by a merge or split
        if old.parent is None and unit.parent is None:
            src, dst = name_a(adm_a[unit_id]), name_b(adm_b[unit_id])
        else:
            src = before.label("unit", old.parent) if old.parent else name_a(adm_a[unit_id])
            dst = after.label("unit", unit.parent) if unit.parent else name_b(adm_b[unit_id])
            if adm_changed and old.parent:
                src = f"{src} ({name_a(adm_a[unit_id])})"
            if adm_changed and unit.parent:
                dst = f"{dst} ({name_b(adm_b[unit_id])})"
        d.changes.append(
            Change("diff_unit_moved", {"unit": unit.name, "src": src, "dst": dst}, (unit_id,))
        )
    for unit_id, unit in a_units.items():
        if unit_id not in b_units and unit_id not in merged_away:
            d.removed_units.add(unit_id)
            d.changes.append(Change("diff_unit_removed", {"unit": unit.name}, (unit_id,)))

    # committees
    a_com = {c.id: c for c in before.committees}
    b_com = {c.id: c for c in after.committees}
    for com_id, com in b_com.items():
        old_com = a_com.get(com_id)
        if old_com is None:
            d.changed_committees.add(com_id)
            d.changes.append(Change("diff_com_created", {"committee": com.name}, (com_id,)))
            continue
        if old_com.name != com.name:
            d.changed_committees.add(com_id)
            d.changes.append(
                Change("diff_com_renamed", {"old": old_com.name, "new": com.name}, (com_id,))
            )
        changes = {
            "diff_com_mandate_added": [
                after.label("service_area", a)
                for a in com.mandate.service_areas
                if a not in old_com.mandate.service_areas
            ],
            "diff_com_mandate_removed": [
                before.label("service_area", a)
                for a in old_com.mandate.service_areas
                if a not in com.mandate.service_areas
            ],
            "diff_com_laws_added": [
                law for law in com.mandate.laws if law not in old_com.mandate.laws
            ],
            "diff_com_laws_removed": [
                law for law in old_com.mandate.laws if law not in com.mandate.laws
            ],
        }
        for code, items in changes.items():
            if items:
                d.changed_committees.add(com_id)
                d.changes.append(Change(code, {"committee": com.name, "items": items}, (com_id,)))
    for com_id, com in a_com.items():
        if com_id not in b_com:
            d.changes.append(Change("diff_com_removed", {"committee": com.name}, (com_id,)))
    return d


def _unit_details(
    d: OrgDiff, before: Organisation, after: Organisation, old: Unit, unit: Unit
) -> None:
    """Changes of a unit's staff, budget, functions, service areas and manager."""
    subject = (unit.id,)
    if old.fte != unit.fte:
        d.changes.append(
            figure_change("diff_unit_fte", {"unit": unit.name}, subject, old.fte, unit.fte)
        )
    if old.budget != unit.budget:
        d.changes.append(
            figure_change(
                "diff_unit_budget", {"unit": unit.name}, subject, old.budget, unit.budget, True
            )
        )
    if sorted(old.functions) != sorted(unit.functions):
        d.changes.append(
            _LangChange(
                "diff_unit_functions",
                {"unit": unit.name},
                subject,
                functions=(list(unit.functions), list(old.functions)),
            )
        )
    if sorted(old.service_areas) != sorted(unit.service_areas):
        d.changes.append(
            Change(
                "diff_unit_areas",
                {
                    "unit": unit.name,
                    "now": [after.label("service_area", a) for a in unit.service_areas],
                    "before": [before.label("service_area", a) for a in old.service_areas],
                },
                subject,
            )
        )
    if (old.manager or "") != (unit.manager or ""):
        d.changes.append(
            Change(
                "diff_unit_manager",
                {"unit": unit.name, "before": old.manager or "–", "after": unit.manager or "–"},
                subject,
            )
        )


@dataclass(frozen=True)
class _LangChange(Change):
    """A change whose function names are put into the reader's language."""

    functions: tuple[list[Function], list[Function]] = ([], [])

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
        now, was = self.functions
        params = {
            **self.params,
            "now": join_words(_function_words(now, lang), lang),
            "before": join_words(_function_words(was, lang), lang),
        }
        return t(self.code, lang, **{k: v for k, v in params.items() if isinstance(v, str)})
