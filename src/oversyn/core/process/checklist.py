"""The process checklist: what an organisational change needs besides the decision itself,
generated from what the alternative changes, with warnings when the order is wrong.

Which items apply is decided from the structural difference between nuläge and the alternative
(:func:`oversyn.core.diff.diff_organisations`) and from which committee each unit answers to
(:func:`oversyn.core.analysis.unit_committees`).  The legal grounds are cited in each item:
MBL 11 § (negotiate before deciding an important change), AFS 2001:1 8 § (risk assessment
before changes in the activity, with the safety representative), SoL 12 kap. / LSS (authority
exercised by a committee), OSL (each committee is its own authority, so confidentiality applies
between them), GDPR art. 4.7 (each committee is controller for its own processing),
arkivlagen, kommunallagen 6 kap. 37 § (delegation) and 3 kap. 9 § / 6 kap. 44 § (reglemente).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from oversyn.core.analysis import unit_committees
from oversyn.core.diff import diff_organisations
from oversyn.core.i18n import DEFAULT_LANG, Lang
from oversyn.core.model import Function, Organisation
from oversyn.core.process.messages import Finding
from oversyn.core.process.model import ChecklistEntry, ChecklistStatus, Decision

if TYPE_CHECKING:
    from oversyn.core.case import Case

# code -> (Swedish title, English title, Swedish ground, English ground)
ITEMS: dict[str, tuple[str, str, str, str]] = {
    "deciding_body": (
        "Rätt organ fattar beslutet",
        "The right body takes the decision",
        "Ändrade nämndsansvar beslutas av kommunfullmäktige (KL 3 kap. 9 §).",
        "Changed committee mandates are decided by the council (Local Government Act 3:9).",
    ),
    "reglemente_update": (
        "Reglementena ändras för berörda nämnder",
        "The mandates (reglementen) of the affected committees are changed",
        "Båda nämndernas reglementen ska spegla det nya ansvaret (KL 6 kap. 44 §).",
        "Both committees' mandates must reflect the new responsibility (LGA 6:44).",
    ),
    "remiss_committees": (
        "Remiss till berörda nämnder",
        "Consultation of the affected committees",
        "Nämnder vars ansvar ändras ska få yttra sig före beslut.",
        "Committees whose responsibility changes should be heard before the decision.",
    ),
    "delegation_orders": (
        "Delegationsordningar uppdateras",
        "Delegation orders are updated",
        "Delegationen följer nämnden (KL 6 kap. 37 §).",
        "Delegation follows the committee (LGA 6:37).",
    ),
    "sol_lss_authority": (
        "Myndighetsutövning enligt SoL/LSS ligger kvar hos en nämnd",
        "Authority under SoL/LSS stays with a committee",
        "Myndighetsutövning enligt SoL och LSS ska fullgöras av en nämnd (SoL 2 kap., LSS).",
        "Authority under SoL and LSS must be exercised by a committee.",
    ),
    "school_law": (
        "Skollagens krav på huvudman och ansvar tillgodoses",
        "School-law duties of the responsible body are met",
        "Vuxenutbildning och annan skollagsreglerad verksamhet har krav på huvudman och rektor.",
        "Adult education and other school-law activity have duties for the provider and head.",
    ),
    "confidentiality": (
        "Sekretess mellan myndigheter hanteras",
        "Confidentiality between authorities is handled",
        "Varje nämnd är en egen myndighet; sekretess gäller mellan dem (OSL 8 kap. 1 §).",
        "Each committee is an authority of its own; confidentiality applies between them.",
    ),
    "personal_data_controller": (
        "Personuppgiftsansvar förs över",
        "Personal-data controllership is transferred",
        "Nämnden är personuppgiftsansvarig för sin behandling (GDPR art. 4.7).",
        "The committee is controller for its own processing (GDPR art. 4(7)).",
    ),
    "archive_diary": (
        "Arkiv och diarium förs över",
        "Archive and case register are transferred",
        "Handlingar och pågående ärenden följer ansvaret (arkivlagen).",
        "Records and open cases follow the responsibility (Archives Act).",
    ),
    "budget_frame": (
        "Budgetram förs över",
        "Budget frame is transferred",
        "Budget och personal ska följa verksamheten till den nya nämnden/förvaltningen.",
        "Budget and staff must follow the activity to its new committee/administration.",
    ),
    "risk_assessment": (
        "Riskbedömning av arbetsmiljön med skyddsombud",
        "Work-environment risk assessment with the safety representative",
        "Ska göras före beslut om ändringar i verksamheten (AFS 2001:1 8 §).",
        "Must be done before deciding changes in the activity (AFS 2001:1 s. 8).",
    ),
    "mbl_negotiation": (
        "MBL-förhandling enligt 11 §",
        "Negotiation under MBL section 11",
        "Arbetsgivaren ska förhandla innan beslut om viktigare förändring (MBL 11 §).",
        "The employer must negotiate before deciding an important change (MBL s. 11).",
    ),
    "impact_assessment": (
        "Konsekvenser för barn, jämställdhet och miljö",
        "Impact on children, gender equality and environment",
        "Barnets bästa ska beaktas (barnkonventionen, lag 2018:1197); jämställdhet och miljö.",
        "The best interests of the child (CRC, Act 2018:1197), gender equality, environment.",
    ),
    "effective_date": (
        "Datum för ikraftträdande",
        "Effective date",
        "Ändringen gäller från ett datum efter beslutet.",
        "The change takes effect on a date after the decision.",
    ),
}

BEFORE_DECISION = ("risk_assessment", "mbl_negotiation", "remiss_committees")


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    applies: bool
    reason_sv: str
    reason_en: str
    status: ChecklistStatus
    date: date | None
    responsible: str | None = None
    note: str = ""

    def title(self, lang: Lang = DEFAULT_LANG) -> str:
        sv, en, _, _ = ITEMS[self.code]
        return sv if lang == "sv" else en

    def ground(self, lang: Lang = DEFAULT_LANG) -> str:
        _, _, sv, en = ITEMS[self.code]
        return sv if lang == "sv" else en

    def reason(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.reason_sv if lang == "sv" else self.reason_en

    def as_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, object]:
        return {
            "item": self.code,
            "title": self.title(lang),
            "ground": self.ground(lang),
            "applies": self.applies,
            "reason": self.reason(lang),
            "status": self.status.value,
            "date": self.date.isoformat() if self.date else None,
            "responsible": self.responsible,
        }


def _names(org: Organisation, ids: set[str], kind: str) -> str:
    return ", ".join(sorted(org.label(kind, i) for i in ids))


def generate_checklist(case: Case, alternative: str) -> list[ChecklistItem]:
    """The checklist for ``alternative``, with the user's recorded status and dates."""
    before = case.organisation(None)
    after = case.organisation(alternative)
    diff = diff_organisations(before, after)
    com_a, com_b = unit_committees(before), unit_committees(after)
    # a unit merged into another is where the merged unit is (a merge followed by a move
    # moves every part): compare each unit of nuläge with what it became
    now = {u: after.resolve_unit(u) for u in com_a}
    changed_com_units = {u for u in com_a if now[u] in com_b and com_a[u] != com_b[now[u]]}
    adm_a, adm_b = before.unit_administrations(), after.unit_administrations()
    changed_adm_units = {
        u for u in adm_a if now.get(u, u) in adm_b and adm_a[u] != adm_b[now.get(u, u)]
    }
    committees_touched = set(diff.changed_committees)
    for u in changed_com_units:
        committees_touched |= set(com_a[u]) | set(com_b[now[u]])
    any_change = not diff.empty
    moved_now = {u for u in com_a if u in diff.moved_units or now[u] in diff.moved_units}
    moved = moved_now | changed_com_units | changed_adm_units

    def unit_laws(org: Organisation, unit_id: str) -> set[str]:
        unit = org.unit(unit_id)
        return set(org.unit_laws(unit)) if unit is not None else set()

    social_authority = {
        u
        for u in moved
        if (unit := before.unit(u)) is not None
        and Function.AUTHORITY in unit.functions
        and unit_laws(before, u) & {"SoL", "LSS", "LVU", "LVM"}
    }
    school = {
        u
        for u in moved
        if "Skollagen" in unit_laws(before, u)
        or any(a in ("vuxenutbildning", "komvux", "sfi") for a in before.unit(u).service_areas)  # type: ignore[union-attr]
    }
    council = bool(diff.changed_committees) or bool(changed_com_units)
    touched = _names(before, committees_touched, "committee") or "–"
    moved_names = _names(before, moved, "unit") or "–"

    rules: dict[str, tuple[bool, str, str]] = {
        "deciding_body": (
            any_change,
            "Kommunfullmäktige: nämndernas ansvar ändras."
            if council
            else "Ansvarig nämnd eller kommunstyrelsen: bara förvaltningsorganisationen ändras.",
            "The council: committee responsibilities change."
            if council
            else "The responsible committee or executive board: only the administration changes.",
        ),
        "reglemente_update": (
            council,
            f"Berörda nämnder: {touched}.",
            f"Committees affected: {touched}.",
        ),
        "remiss_committees": (
            bool(committees_touched) or bool(changed_adm_units),
            f"Berörda nämnder: {touched}.",
            f"Committees affected: {touched}.",
        ),
        "delegation_orders": (
            bool(moved),
            f"Enheter som flyttas: {moved_names}.",
            f"Units moving: {moved_names}.",
        ),
        "sol_lss_authority": (
            bool(social_authority),
            f"Myndighetsutövande enheter flyttas: {_names(before, social_authority, 'unit')}.",
            f"Units exercising authority move: {_names(before, social_authority, 'unit')}.",
        ),
        "school_law": (
            bool(school),
            f"Skollagsreglerad verksamhet berörs: {_names(before, school, 'unit')}.",
            f"School-law activity is affected: {_names(before, school, 'unit')}.",
        ),
        "confidentiality": (
            bool(changed_com_units),
            f"Enheter byter nämnd: {_names(before, changed_com_units, 'unit')}.",
            f"Units change committee: {_names(before, changed_com_units, 'unit')}.",
        ),
        "personal_data_controller": (
            bool(changed_com_units),
            f"Enheter byter nämnd: {_names(before, changed_com_units, 'unit')}.",
            f"Units change committee: {_names(before, changed_com_units, 'unit')}.",
        ),
        "archive_diary": (
            bool(changed_com_units)
            or bool(diff.removed_administrations | diff.merged_administrations),
            "Ansvaret för handlingar och ärenden flyttar.",
            "Responsibility for records and cases moves.",
        ),
        "budget_frame": (
            bool(moved),
            f"Enheter som flyttas: {moved_names}.",
            f"Units moving: {moved_names}.",
        ),
        "risk_assessment": (any_change, "Organisationen ändras.", "The organisation changes."),
        "mbl_negotiation": (any_change, "Organisationen ändras.", "The organisation changes."),
        "impact_assessment": (any_change, "Organisationen ändras.", "The organisation changes."),
        "effective_date": (any_change, "Organisationen ändras.", "The organisation changes."),
    }
    entries = {e.item: e for e in case.checklist}
    items: list[ChecklistItem] = []
    for code in ITEMS:
        applies, why_sv, why_en = rules[code]
        entry = entries.get(code, ChecklistEntry(item=code))
        status = entry.status
        if not applies and entry.status == ChecklistStatus.TODO:
            status = ChecklistStatus.NOT_APPLICABLE
        items.append(
            ChecklistItem(
                code, applies, why_sv, why_en, status, entry.date, entry.responsible, entry.note
            )
        )
    return items


def decision_for(case: Case, alternative: str | None) -> Decision | None:
    """The decision about ``alternative`` — the deciding one of the preparation chain when
    several are about it — else the case's decision in the matter, else its first decision."""
    from oversyn.core.process.decision import deciding_decision

    about = [d for d in case.decisions if d.alternative == alternative]
    if about:
        return deciding_decision(about) or about[0]
    return deciding_decision(case.decisions) or (case.decisions[0] if case.decisions else None)


def order_findings(
    case: Case, items: list[ChecklistItem], alternative: str | None
) -> list[Finding]:
    """Warnings when the order is wrong: the decision dated before the MBL negotiation or the
    risk assessment (or taken while they are not done), the effective date before the decision,
    a remiss deadline after the decision."""
    decision = decision_for(case, alternative)
    by_code = {i.code: i for i in items}
    decided: date | None = decision.date if decision else None
    if decided is None and "deciding_body" in by_code:
        decided = by_code["deciding_body"].date
    out: list[Finding] = []
    if decided is None:
        return out
    for code in ("mbl_negotiation", "risk_assessment"):
        item = by_code.get(code)
        if item is None or not item.applies:
            continue
        label = (item.title("sv"), item.title("en"))
        if item.date is not None and item.date > decided:
            out.append(
                Finding(
                    "error",
                    "order_decision_before",
                    {"decision": decided.isoformat(), "item": label, "date": item.date.isoformat()},
                    code,
                )
            )
        elif item.date is None and item.status != ChecklistStatus.DONE:
            out.append(
                Finding(
                    "warning",
                    "order_not_done_before_decision",
                    {"item": label, "decision": decided.isoformat()},
                    code,
                )
            )
    effective = decision.effective if decision and decision.effective else None
    eff_item = by_code.get("effective_date")
    if effective is None and eff_item is not None:
        effective = eff_item.date
    if effective is not None and effective < decided:
        out.append(
            Finding(
                "error",
                "order_effective_before_decision",
                {"effective": effective.isoformat(), "decision": decided.isoformat()},
                "effective_date",
            )
        )
    for remiss in case.remisses:
        if remiss.deadline is not None and remiss.deadline.end and remiss.deadline.end > decided:
            out.append(
                Finding(
                    "warning",
                    "remiss_after_decision",
                    {
                        "remiss": remiss.id,
                        "due": remiss.deadline.end.isoformat(),
                        "decision": decided.isoformat(),
                    },
                    remiss.id,
                )
            )
    return out
