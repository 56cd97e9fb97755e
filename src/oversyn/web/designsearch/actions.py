"""The one write of the design search: a proposal becomes an alternative of the case."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from oversyn.core.case import BASELINE_ID, Alternative, Case
from oversyn.core.errors import OversynError
from oversyn.core.ids import unique_id
from oversyn.web.cases.models import Action, CaseRecord
from oversyn.web.platform.actions import Change, run
from oversyn.web.platform.errors import ServiceError
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.messages import validated_or_refused


def proposal_alternative(result: dict[str, Any], case: Case, name: str) -> Alternative:
    """The stored proposal as an alternative of ``case`` with a fresh id from ``name``;
    ServiceError when it is malformed or its operations no longer apply to the case."""
    alt = validated_or_refused(Alternative, result.get("alternative") or {})
    taken = {a.id for a in case.alternatives} | {BASELINE_ID}
    alt = alt.model_copy(update={"id": unique_id(name, taken, "forslag"), "name": name})
    probe = case.model_copy(update={"alternatives": [*case.alternatives, alt]})
    try:
        probe.organisation(alt.id)
    except OversynError as exc:
        raise ServiceError(
            [
                _(
                    "Förslaget går inte längre att tillämpa på ärendet (det ändrades efter "
                    "sökningen): %(error)s Kör sökningen igen."
                )
                % {"error": exc.message(current_lang())}
            ]
        ) from exc
    return alt


def proposal_adopt(
    *, actor: Any, record: CaseRecord, result: dict[str, Any], name: str
) -> tuple[CaseRecord, str]:
    """Add the proposal in ``result`` (a design search job's) as an alternative named
    ``name``; returns the record and the new alternative's id."""
    name = name.strip() or _("Organisationssökning")
    created: list[str] = []

    def execute(case: Case) -> Change:
        alt = proposal_alternative(result, case, name)
        created.append(alt.id)
        return Change(
            case=case.model_copy(update={"alternatives": [*case.alternatives, alt]}),
            action=Action.CREATE,
            object_type="alternative",
            object_id=alt.id,
            object_repr=alt.name,
            before=None,
            after=alt,
            message=_("Förslaget från organisationssökningen lades till som alternativet %(name)s.")
            % {"name": alt.name},
        )

    row = run(actor=actor, record=record, execute=execute)
    return row, created[-1]
