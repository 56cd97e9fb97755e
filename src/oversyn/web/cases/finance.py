"""Savings requirement, unit costs and budget frame transfers of a case (core.finance).

The transfers are a registered case item kind (generic pages, API, registry test); the
requirement and the costs per FTE and per unit are one small part of the case, saved through
:func:`finance_update` (the one write contract: :func:`oversyn.web.platform.actions.run`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from oversyn.core.case import Case
from oversyn.core.finance import BudgetTransfer, Finance, SavingsRequirement, mnkr
from oversyn.web.cases.models import CaseRecord
from oversyn.web.platform import registry
from oversyn.web.platform.actions import Change, check_token, run
from oversyn.web.platform.messages import validated_or_refused
from oversyn.web.platform.repository import token


def _transfer_name(item: Any) -> str:
    return f"{item.source} → {item.target}, {mnkr(item.amount)}"


registry.register(
    registry.list_kind(
        "budget_transfer",
        BudgetTransfer,
        ("finance", "transfers"),
        lambda: _("Budgetramsöverföringen"),
        lambda: _("Budgetramar"),
        _transfer_name,
        object_type="finance",
        labels=lambda: {
            "alternative": _("Alternativ"),
            "amount": _("Belopp (kr per år)"),
            "year": _("Från och med år"),
            "source": _("Från nämnd"),
            "target": _("Till nämnd"),
            "remaining": _("Stannar kvar (kr)"),
            "note": _("Anteckning"),
        },
        example=lambda case: {
            "id": "registertest",
            "alternative": case.alternatives[0].id,
            "amount": 2500000,
            "year": 2026,
            "source": "Socialnämnden",
            "target": "Kommunstyrelsen",
        },
        url_name="finance",
    )
)


def _settings(finance: Finance) -> dict[str, Any]:
    """The part of the finance the settings form edits (not the transfers)."""
    return finance.model_dump(mode="json", exclude={"transfers"})


def finance_token(case: Case) -> str:
    return token(_settings(case.finance))


def finance_update(
    *, actor: Any, record: CaseRecord, data: dict[str, Any], base: str
) -> CaseRecord:
    """Set the savings requirement (amount, year, note; no amount: no requirement) and the
    cost per FTE and per unit; the transfers stay."""

    def execute(case: Case) -> Change:
        before = _settings(case.finance)
        check_token(before, base)
        savings = None
        if data.get("amount") is not None:
            savings = validated_or_refused(
                SavingsRequirement,
                {
                    "amount": data["amount"],
                    "year": data.get("year"),
                    "note": data.get("note") or "",
                },
                {"amount": _("Krav (kr per år)"), "year": _("År")},
            )
        finance = case.finance.model_copy(
            update={
                "savings": savings,
                "cost_per_fte": data.get("cost_per_fte"),
                "cost_per_unit": data.get("cost_per_unit"),
            }
        )
        finance = validated_or_refused(
            Finance,
            finance.model_dump(mode="json"),
            {
                "cost_per_fte": _("Kostnad per årsarbetare"),
                "cost_per_unit": _("Kostnad per enhet"),
            },
        )
        return Change(
            case=case.model_copy(update={"finance": finance}),
            object_type="finance",
            object_id="savings",
            object_repr=_("Effektiviseringskrav och kostnader"),
            before=before,
            after=_settings(finance),
            message=_("Effektiviseringskravet och kostnaderna per årsarbetare och enhet sparades."),
        )

    return run(actor=actor, record=record, execute=execute)
