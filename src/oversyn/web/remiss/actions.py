"""Writes for the remiss (consultation): the investigator's remiss, sending it, the parties'
users, and a party's answer.

Same contract as every action (:mod:`oversyn.web.platform.actions`): a role check, the
whole case validated, a compare-and-swap on the case row and an :class:`AuditRecord` in one
transaction.

* :func:`remiss_save` / :func:`remiss_delete` are thin wrappers over the generic
  ``case_item_save`` / ``case_item_delete`` (``field="remisses"``); a save keeps the answers
  and the sent date already stored (the form does not carry them).
* :func:`remiss_send` sets ``sent`` and stores a :class:`RemissSnapshot`: what was sent (title,
  covering text, the alternatives with their diff in words) and the draft beslutsunderlag as
  HTML, so a party reads exactly what was sent even when the case changes later.
* :func:`remiss_party_user_set` / :func:`remiss_party_user_remove` give a user the right to
  answer for one party (:class:`RemissAccess`); such a user is not a case member.
* :func:`remiss_answer` is the party's own write: its response in ``case.remisses[i]``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from oversyn.core.case import BASELINE_ID, Case
from oversyn.core.diff import diff_organisations
from oversyn.core.errors import AlternativeError
from oversyn.core.process import model as process
from oversyn.web.cases.models import Action, CaseRecord, RemissAccess, RemissSnapshot
from oversyn.web.platform import audit, registry
from oversyn.web.platform.actions import Change, check_token, run
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.messages import validated_or_refused
from oversyn.web.platform.permissions import require
from oversyn.web.platform.repository import fresh, retry_row_race
from oversyn.web.platform.shared import (
    EDIT,
    ConflictError,
    ServiceError,
    case_item_delete,
    case_item_save,
    token,
)

# -- the item kinds this app registers (their generic actions: platform.registry) -----------

registry.register(
    registry.list_kind(
        "remiss",
        process.Remiss,
        "remisses",
        lambda: _("Remissen"),
        lambda: _("Remisser"),
        registry.first_text("title"),
        example=lambda case: {"id": "registertest", "title": "Registertestremiss"},
        url_name="remiss_list",
    )
)


FIELD = "remisses"


def find_remiss(case: Case, remiss_id: str) -> tuple[int, process.Remiss] | None:
    """The remiss with ``remiss_id`` and its index in ``case.remisses`` (None if absent)."""
    return next(((i, r) for i, r in enumerate(case.remisses) if r.id == remiss_id), None)


def _remiss_or_conflict(case: Case, remiss_id: str) -> tuple[int, process.Remiss]:
    found = find_remiss(case, remiss_id)
    if found is None:
        raise ConflictError(current=None)
    return found


# -- the investigator's remiss -----------------------------------------------------------------


@retry_row_race
@transaction.atomic
def remiss_save(
    *, actor: Any, record: CaseRecord, remiss_id: str | None, data: dict[str, Any], base: str = ""
) -> CaseRecord:
    """Add (``remiss_id`` None) or change a remiss: title, covering text, alternatives,
    deadline, sender and parties.  Answers are kept; the sent date is kept unless ``data``
    corrects it (only for a remiss already sent: a draft gets its day by
    :func:`remiss_send`); users of a party that is no longer in the remiss lose access."""
    require(actor, record, EDIT)
    data = dict(data)
    corrected = data.pop("sent", None)  # only a sent remiss's day may be corrected here
    if remiss_id is not None:
        _row, case = fresh(record)
        found = find_remiss(case, remiss_id)
        if found is not None:
            old = found[1]
            data["responses"] = [r.model_dump(mode="json") for r in old.responses]
            data["sent"] = (corrected or old.sent.isoformat()) if old.sent else None
    row = case_item_save(
        actor=actor, record=record, field=FIELD, item_id=remiss_id, data=data, base=base
    )
    if remiss_id is not None:
        parties = {str(p.get("id")) for p in data.get("parties", []) if isinstance(p, dict)}
        RemissAccess.objects.filter(case=row, remiss_id=remiss_id).exclude(
            party_id__in=parties
        ).delete()
    return row


@retry_row_race
@transaction.atomic
def remiss_delete(*, actor: Any, record: CaseRecord, remiss_id: str, base: str) -> CaseRecord:
    """Remove a remiss with its answers, what was sent and its parties' access."""
    row = case_item_delete(actor=actor, record=record, field=FIELD, item_id=remiss_id, base=base)
    RemissAccess.objects.filter(case=row, remiss_id=remiss_id).delete()
    RemissSnapshot.objects.filter(case=row, remiss_id=remiss_id).delete()
    return row


# -- sending -----------------------------------------------------------------------------------


def _sent_content(case: Case, remiss: process.Remiss) -> dict[str, Any]:
    """What the party page shows, fixed at sending (both languages for the diff sentences)."""
    baseline = case.organisation(BASELINE_ID)
    alternatives = []
    for alt_id in remiss.alternatives:
        org = case.organisation(alt_id)
        diff = diff_organisations(baseline, org)
        alternatives.append(
            {
                "id": alt_id,
                "name": case.alternative_name(alt_id, "sv"),
                "name_en": case.alternative_name(alt_id, "en"),
                "diff": {"sv": diff.sentences("sv"), "en": diff.sentences("en")},
            }
        )
    return {
        "title": remiss.title,
        "sent_by": remiss.sent_by or "",
        "document": remiss.document,
        "municipality": case.case.municipality.name,
        "alternatives": alternatives,
    }


def _draft_html(case: Case, remiss: process.Remiss, today: dt.date) -> str:
    """The draft beslutsunderlag for the remiss's first alternative, as the preview shows it."""
    from oversyn.documents.build import build_document
    from oversyn.documents.render_html import render_html

    proposed = remiss.alternatives[0] if remiss.alternatives else None
    try:
        return render_html(build_document(case, proposed, current_lang(), today))
    except AlternativeError as exc:
        raise ServiceError([exc.message(current_lang())]) from exc


@retry_row_race
@transaction.atomic
def remiss_send(
    *,
    actor: Any,
    record: CaseRecord,
    remiss_id: str,
    base: str,
    today: dt.date,
    sent: dt.date | None = None,
) -> RemissSnapshot:
    """Send the remiss: set ``sent`` (the day the utredare gives; default ``today``) and store
    what was sent.  Once only; the deadline may not come before the day sent."""
    day = sent or today
    sent_parts: dict[str, Any] = {}

    def execute(case: Case) -> Change:
        index, remiss = _remiss_or_conflict(case, remiss_id)
        check_token(remiss, base)
        if remiss.sent is not None or RemissSnapshot.objects.filter(
            case=record, remiss_id=remiss_id
        ):
            raise ServiceError(
                [
                    _("Remissen %(title)s är redan skickad (%(date)s) och kan inte skickas igen.")
                    % {
                        "title": remiss.title,
                        "date": remiss.sent.isoformat() if remiss.sent else "–",
                    }
                ]
            )
        if not remiss.parties:
            raise ServiceError([_("Remissen har inga remissinstanser; lägg till minst en först.")])
        due = remiss.deadline.end if remiss.deadline else None
        if due is not None and due < day:
            raise ServiceError(
                [
                    _("Skickad: %(sent)s ligger efter sista svarsdag %(due)s.")
                    % {"sent": day.isoformat(), "due": due.isoformat()}
                ]
            )
        sent_parts["content"] = _sent_content(case, remiss)
        sent_parts["html"] = _draft_html(case, remiss, day)
        sent = remiss.model_copy(update={"sent": day})
        items = list(case.remisses)
        items[index] = sent
        return Change(
            case=case.model_copy(update={FIELD: items}),
            object_type=FIELD,
            object_id=remiss_id,
            object_repr=remiss.title,
            before=remiss,
            after=sent,
            message=_("Remissen %(title)s skickades till %(parties)s.")
            % {"title": remiss.title, "parties": ", ".join(p.name for p in remiss.parties)},
        )

    row = run(actor=actor, record=record, execute=execute)
    content, html = sent_parts["content"], sent_parts["html"]
    snapshot = RemissSnapshot.objects.create(
        case=row,
        remiss_id=remiss_id,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        case_version=row.version,
        content=content,
        html=html,
    )
    from oversyn.web.notifications.services import remiss_invite  # e-mail to parties' contacts

    remiss_invite(actor=actor, record=row, remiss_id=remiss_id)
    return snapshot


# -- the parties' users ------------------------------------------------------------------------


def _party(remiss: process.Remiss, party_id: str) -> process.RemissParty:
    """The remiss's party ``party_id``; ServiceError when it is none of its parties."""
    party = next((p for p in remiss.parties if p.id == party_id), None)
    if party is None:
        raise ServiceError([_("%(party)s är inte remissinstans i remissen.") % {"party": party_id}])
    return party


def access_audit(
    *, actor: Any, row: CaseRecord, given: bool, remiss: Any, party: Any, user: Any, message: str
) -> None:
    """The audit row of ``user``'s right to answer ``remiss`` for ``party``: ``given`` (by
    the utredare or by an accepted invitation) or taken away; in the caller's transaction."""
    state = {"user": user.get_username(), "remiss": remiss.id, "party": party.id}
    audit.of_added_or_removed(
        actor=actor,
        row=row,
        added=given,
        state=state,
        object_type="remiss_access",
        object_id=f"{remiss.id}/{party.id}/{user.get_username()}",
        object_repr=f"{party.name}: {user.get_username()}",
        message=message,
    )


@transaction.atomic
def remiss_party_user_set(
    *, actor: Any, record: CaseRecord, remiss_id: str, party_id: str, user: Any
) -> RemissAccess:
    """Let ``user`` answer the remiss for the party (utredare only; audited)."""
    access = _party_user_change(actor, record, remiss_id, party_id, user, given=True)
    assert access is not None
    return access


@transaction.atomic
def remiss_party_user_remove(
    *, actor: Any, record: CaseRecord, remiss_id: str, party_id: str, user: Any
) -> None:
    """Take away ``user``'s right to answer for the party (utredare only; audited)."""
    _party_user_change(actor, record, remiss_id, party_id, user, given=False)


def _party_user_change(
    actor: Any, record: CaseRecord, remiss_id: str, party_id: str, user: Any, *, given: bool
) -> RemissAccess | None:
    """``user``'s right to answer the remiss for the party ``given`` (an active user; the
    access row) or taken away (None); audited when it changed."""
    require(actor, record, EDIT)
    row, case = fresh(record)
    _index, remiss = _remiss_or_conflict(case, remiss_id)
    party = _party(remiss, party_id)
    lookup = {"case": row, "remiss_id": remiss_id, "party_id": party_id, "user": user}
    access = None
    if given:
        if not getattr(user, "is_active", False):
            raise ServiceError([_("Användaren %(user)s är inte aktiv.") % {"user": user}])
        access, changed = RemissAccess.objects.get_or_create(**lookup)
    else:
        changed = RemissAccess.objects.filter(**lookup).delete()[0] > 0
    if changed:
        words = {"user": user.get_username(), "title": remiss.title, "party": party.name}
        message = (
            _("%(user)s svarar på remissen %(title)s för %(party)s.")
            if given
            else _("%(user)s svarar inte längre på remissen %(title)s för %(party)s.")
        )
        access_audit(
            actor=actor,
            row=row,
            given=given,
            remiss=remiss,
            party=party,
            user=user,
            message=message % words,
        )
    return access


# -- the party's answer ------------------------------------------------------------------------

STANCES = [s.value for s in process.Stance]
CATEGORIES = [c.value for c in process.SwotCategory]


def sent_alternatives(access: RemissAccess) -> list[str]:
    """Ids of the alternatives that were sent with the remiss (from the snapshot)."""
    snap = RemissSnapshot.objects.filter(case_id=access.case_id, remiss_id=access.remiss_id).first()
    if snap is not None:
        return [a["id"] for a in snap.content.get("alternatives", [])]
    return []


def _lines(value: Any) -> list[str]:
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return [str(v).strip() for v in value or [] if str(v).strip()]


def _answer_response(
    party_id: str, data: dict[str, Any], allowed: list[str], today: dt.date
) -> process.RemissResponse:
    """Check the answer the party typed and build its response (Swedish messages)."""
    errors: list[str] = []
    stance = data.get("stance") or None
    if stance is not None and stance not in STANCES:
        errors.append(
            _(
                "Ställningstagandet %(value)s finns inte; välj tillstyrker, tillstyrker delvis, "
                "avstyrker, avstår eller tar inte ställning."
            )
            % {"value": stance}
        )
    additions = []
    for n, add in enumerate(data.get("swot_additions") or [], start=1):
        alt, category, text = add.get("alternative"), add.get("category"), add.get("text", "")
        if alt not in allowed:
            errors.append(
                _("SWOT-tillägg %(n)d: alternativet %(alt)s skickades inte på remiss.")
                % {"n": n, "alt": alt or "–"}
            )
        if category not in CATEGORIES:
            errors.append(
                _(
                    "SWOT-tillägg %(n)d: kategorin %(value)s finns inte; välj styrka, svaghet, "
                    "möjlighet eller hot."
                )
                % {"n": n, "value": category or "–"}
            )
        if not str(text).strip():
            errors.append(_("SWOT-tillägg %(n)d: texten saknas.") % {"n": n})
        additions.append({"alternative": alt, "category": category, "text": str(text).strip()})
    if errors:
        raise ServiceError(errors)
    raw = {
        "party": party_id,
        "stance": stance,
        "date": data.get("date") or today,
        "decided_by": (data.get("decided_by") or "").strip() or None,
        "proposal": (data.get("proposal") or "").strip(),
        "text": (data.get("text") or "").strip(),
        "signed_by": _lines(data.get("signed_by")),
        "copy_to": _lines(data.get("copy_to")),
        "swot_additions": additions,
    }
    return validated_or_refused(process.RemissResponse, raw)


def _response_change(
    case: Case,
    index: int,
    remiss: process.Remiss,
    party: Any,
    response: Any,
    base: str | None,
    message: Any,
) -> Change:
    """The change that puts ``response`` in place of ``party``'s earlier answer (or adds it).

    ``base`` is the token of the answer the form showed: another save in between (another user
    of the party, or the utredare) is refused with :class:`ConflictError`.  ``message(old)``
    gives the audit message (with ``%(party)s`` and ``%(title)s``) for the earlier answer."""
    responses = list(remiss.responses)
    old_index = next((i for i, r in enumerate(responses) if r.party == party.id), None)
    old = responses[old_index] if old_index is not None else None
    if base is not None and token(old) != base:
        raise ConflictError(current=old)
    if old_index is None:
        responses.append(response)
    else:
        responses[old_index] = response
    items = list(case.remisses)
    items[index] = remiss.model_copy(update={"responses": responses})
    return Change(
        case=case.model_copy(update={FIELD: items}),
        action=Action.CREATE if old is None else Action.UPDATE,
        object_type="remiss_response",
        object_id=f"{remiss.id}/{party.id}",
        object_repr=f"{party.name}: {remiss.title}",
        before=old,
        after=response,
        message=message(old) % {"party": party.name, "title": remiss.title},
    )


def remiss_answer_for_party(
    *,
    actor: Any,
    record: CaseRecord,
    remiss_id: str,
    party_id: str,
    data: dict[str, Any],
    base: str | None = None,
) -> CaseRecord:
    """The utredare enters an answer that came on paper or by e-mail, on the party's behalf.

    The remiss must be sent (its sent date set); ``data`` gives the stance, text, the date the
    answer was received (required) and ``received_by`` (paper, email, other).  The response is
    marked so (``received_by``, ``entered_by``) and replaces the party's earlier answer; a
    ``base`` other than the stored answer's token is a conflict.  Audited as
    ``remiss_response`` with the utredare as actor.
    """
    received = data.get("received_by")
    if received not in [r.value for r in process.ReceivedBy]:
        raise ServiceError(
            [_("Ange hur svaret kom in: på papper, med e-post eller på annat sätt.")]
        )
    if not data.get("date"):
        raise ServiceError([_("Ange datum då svaret kom in.")])

    def execute(case: Case) -> Change:
        index, remiss = _remiss_or_conflict(case, remiss_id)
        if remiss.sent is None:
            raise ServiceError(
                [
                    _(
                        "Remissen %(title)s är inte skickad; ange först när den skickades, "
                        "sedan kan svar föras in."
                    )
                    % {"title": remiss.title}
                ]
            )
        party = _party(remiss, party_id)
        response = _answer_response(
            party.id, data, list(remiss.alternatives), data["date"]
        ).model_copy(
            update={
                "received_by": process.ReceivedBy(received),
                "entered_by": actor.get_username() if hasattr(actor, "get_username") else None,
            }
        )
        return _response_change(
            case,
            index,
            remiss,
            party,
            response,
            base,
            lambda old: _("Svaret från %(party)s på remissen %(title)s fördes in av utredaren."),
        )

    return run(actor=actor, record=record, execute=execute)


def remiss_answer(
    *,
    actor: Any,
    access: RemissAccess,
    data: dict[str, Any],
    today: dt.date,
    base: str | None = None,
) -> CaseRecord:
    """The party's answer (stance, text, SWOT additions): replaces its earlier answer.

    Only the access's own user may answer, and only a remiss that has been sent.  The date is
    ``today`` (the case's as-of date when it has one) unless ``data`` gives one; an answer
    after the deadline is stored and the core's summary marks it late.  ``base`` is the token
    of the answer the form showed: when another user of the same party saved in between, the
    save is refused (:class:`ConflictError`).
    Audited as ``remiss_response`` with the party user as actor.
    """

    def check() -> None:  # the party's own user, not a case role
        if not getattr(actor, "is_authenticated", False) or access.user_id != actor.pk:
            raise PermissionDenied(_("Du kan inte svara på den här remissen."))

    def execute(case: Case) -> Change:
        found = find_remiss(case, access.remiss_id)
        if found is None or found[1].sent is None:
            raise PermissionDenied(_("Remissen finns inte eller är inte skickad."))
        index, remiss = found
        party = next((p for p in remiss.parties if p.id == access.party_id), None)
        if party is None:
            raise PermissionDenied(_("Du kan inte svara på den här remissen."))
        allowed = sent_alternatives(access) or list(remiss.alternatives)
        response = _answer_response(party.id, data, allowed, case.as_of(today))
        return _response_change(
            case,
            index,
            remiss,
            party,
            response,
            base,
            lambda old: (
                _("%(party)s svarade på remissen %(title)s.")
                if old is None
                else _("%(party)s ändrade sitt svar på remissen %(title)s.")
            ),
        )

    return run(actor=actor, record=access.case, execute=execute, check=check)
