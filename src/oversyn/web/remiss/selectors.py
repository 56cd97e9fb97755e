"""Reads for the remiss pages: the investigator's overview and a party's own view.

A party's user is not a case member: :func:`party_remiss` gives them one remiss as it was sent
(from its :class:`RemissSnapshot`), their own party's answer and nothing else of the case; a
remiss that is not sent, a party that is gone or another user's access is 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.translation import gettext as _

from oversyn.core.case import Case
from oversyn.core.process import model as process
from oversyn.core.process.remiss import (
    received_label,
    remiss_findings,
    stance_label,
    summarise_remiss,
)
from oversyn.web.cases.models import CaseRecord, RemissAccess, RemissSnapshot
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.shared import load, token
from oversyn.web.remiss.actions import find_remiss


def deadline_words(remiss: process.Remiss, today: dt.date) -> str:
    """ "12 dagar kvar", "sista dagen idag", "tidsfristen gick ut 2021-12-23" or ""."""
    due = remiss.deadline.end if remiss.deadline else None
    if due is None:
        return ""
    days = (due - today).days
    if days < 0:
        return _("tidsfristen gick ut %(date)s") % {"date": due.isoformat()}
    if days == 0:
        return _("sista dagen idag")
    # two strings rather than ngettext: the catalogue test reads singular entries only
    if days == 1:
        return _("1 dag kvar")
    return _("%(n)d dagar kvar") % {"n": days}


def _answer(
    remiss: process.Remiss, response: process.RemissResponse, names: dict[str, str]
) -> dict[str, Any]:
    lang = current_lang()
    due = remiss.deadline.end if remiss.deadline else None
    return {
        "response": response,
        "stance": stance_label(response.stance, lang),
        "received": received_label(response.received_by, lang),
        "late": bool(due and response.date and response.date > due),
        "additions": [
            {
                "alternative": names.get(a.alternative, a.alternative),
                "category": category_labels().get(a.category.value, a.category.value),
                "text": a.text,
            }
            for a in response.swot_additions
        ],
    }


def _alt_names(case: Case) -> dict[str, str]:
    lang = current_lang()
    return {a: case.alternative_name(a, lang) for a in case.alternative_ids()}


@dataclass
class RemissRow:
    remiss: process.Remiss
    base: str
    status: str
    deadline: str
    answered: int
    late: int
    sentences: list[str]
    findings: list[str]
    alternatives: list[str]
    parties: list[dict[str, Any]] = field(default_factory=list)
    snapshot: RemissSnapshot | None = None


def remiss_rows(record: CaseRecord, case: Case, today: dt.date) -> list[RemissRow]:
    """Every remiss of the case with status, summary sentences, findings and each party's
    answer and users (for the investigator's page)."""
    lang = current_lang()
    names = _alt_names(case)
    snapshots = {s.remiss_id: s for s in RemissSnapshot.objects.filter(case=record).defer("html")}
    access: dict[tuple[str, str], list[Any]] = {}
    for a in RemissAccess.objects.filter(case=record).select_related("user"):
        access.setdefault((a.remiss_id, a.party_id), []).append(a.user)
    rows = []
    for remiss in case.remisses:
        summary = summarise_remiss(remiss, today)
        if remiss.sent is None:
            status = _("utkast")
        else:
            status = _("skickad %(date)s") % {"date": remiss.sent.isoformat()}
        responses = {r.party: r for r in remiss.responses}
        parties = [
            {
                "party": p,
                "kind": party_kind_labels().get(p.kind.value, p.kind.value),
                "users": sorted(access.get((remiss.id, p.id), []), key=lambda u: u.username),
                "answer": _answer(remiss, responses[p.id], names) if p.id in responses else None,
            }
            for p in remiss.parties
        ]
        rows.append(
            RemissRow(
                remiss=remiss,
                base=token(remiss),
                status=status,
                deadline=deadline_words(remiss, today) if remiss.sent else "",
                answered=len(summary.answers),
                late=len(summary.late),
                sentences=summary.sentences(lang),
                findings=[f.text(lang) for f in remiss_findings(summary)],
                alternatives=[names.get(a, a) for a in remiss.alternatives],
                parties=parties,
                snapshot=snapshots.get(remiss.id),
            )
        )
    return rows


def category_labels() -> dict[str, str]:
    """One SWOT point's category in the singular (styrka, svaghet, möjlighet, hot)."""
    return {
        process.SwotCategory.STRENGTH.value: _("styrka"),
        process.SwotCategory.WEAKNESS.value: _("svaghet"),
        process.SwotCategory.OPPORTUNITY.value: _("möjlighet"),
        process.SwotCategory.THREAT.value: _("hot"),
    }


def party_kind_labels() -> dict[str, str]:
    return {
        process.PartyKind.COMMITTEE.value: _("nämnd"),
        process.PartyKind.UNION.value: _("facklig organisation"),
        process.PartyKind.ADMINISTRATION.value: _("förvaltning"),
        process.PartyKind.OTHER.value: _("annan"),
    }


def assignable_users() -> list[Any]:
    """Users an investigator can give a party's access to (active, by username)."""
    return list(get_user_model().objects.filter(is_active=True).order_by("username"))


# -- the party's side --------------------------------------------------------------------------


def has_remiss_access(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        RemissAccess.objects.filter(user=user).exists()
    )


@dataclass
class PartyRemiss:
    """One remiss as the party's user may see it."""

    access: RemissAccess
    remiss: process.Remiss
    party: process.RemissParty
    snapshot: RemissSnapshot | None
    response: process.RemissResponse | None
    as_of: dt.date | None = None

    def day(self, today: dt.date) -> dt.date:
        """The day the remiss's deadline is judged on: the case's as-of date when set (a
        historic or paused case), else ``today``."""
        return self.as_of if self.as_of is not None else today

    @property
    def sent(self) -> dict[str, Any]:
        """What was sent (the snapshot), falling back to the remiss for an imported one."""
        if self.snapshot is not None:
            return dict(self.snapshot.content)
        return {
            "title": self.remiss.title,
            "sent_by": self.remiss.sent_by or "",
            "document": self.remiss.document,
            "alternatives": [],
        }

    def late(self) -> bool:
        due = self.remiss.deadline.end if self.remiss.deadline else None
        r = self.response
        return bool(due and r and r.date and r.date > due)


def _party_remiss(access: RemissAccess, case: Case | None = None) -> PartyRemiss | None:
    case = case if case is not None else load(access.case)
    found = find_remiss(case, access.remiss_id)
    if found is None or found[1].sent is None:
        return None
    remiss = found[1]
    party = next((p for p in remiss.parties if p.id == access.party_id), None)
    if party is None:
        return None
    snapshot = RemissSnapshot.objects.filter(
        case_id=access.case_id, remiss_id=access.remiss_id
    ).first()
    response = next((r for r in remiss.responses if r.party == party.id), None)
    return PartyRemiss(access, remiss, party, snapshot, response, case.case.as_of)


def party_inbox(user: Any, today: dt.date) -> list[dict[str, Any]]:
    """The sent remisses the user answers for, newest deadline last; each deadline judged on
    its case's as-of date when the case has one, else on ``today``."""
    if not getattr(user, "is_authenticated", False):
        return []
    cases: dict[int, Case] = {}
    out = []
    for access in RemissAccess.objects.filter(user=user).select_related("case").order_by("id"):
        if access.case_id not in cases:
            cases[access.case_id] = load(access.case)
        item = _party_remiss(access, cases[access.case_id])
        if item is None:
            continue
        out.append(
            {
                "access": access,
                "title": item.sent["title"],
                "party": item.party.name,
                "sent_by": item.sent.get("sent_by", ""),
                "sent": item.remiss.sent,
                "deadline": item.remiss.deadline.text if item.remiss.deadline else "",
                "due": item.remiss.deadline.end if item.remiss.deadline else None,
                "left": deadline_words(item.remiss, item.day(today)),
                "answered": item.response is not None,
                "late": item.late(),
            }
        )
    out.sort(key=lambda e: (e["due"] or dt.date.max, e["title"]))
    return out


def party_remiss(user: Any, access_id: int) -> PartyRemiss:
    """The remiss behind ``access_id`` if it is the user's and sent; otherwise 404."""
    access = (
        RemissAccess.objects.filter(pk=access_id, user=user).select_related("case").first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    item = _party_remiss(access) if access is not None else None
    if item is None:
        raise Http404(_("Remissen finns inte."))
    return item


def sent_alternatives_view(item: PartyRemiss) -> list[dict[str, Any]]:
    """The alternatives sent, each with its name and diff sentences in the user's language."""
    lang = current_lang()
    out = []
    for alt in item.sent.get("alternatives", []):
        out.append(
            {
                "id": alt["id"],
                "name": alt.get("name_en") if lang == "en" else alt.get("name"),
                "diff": alt.get("diff", {}).get(lang) or alt.get("diff", {}).get("sv", []),
            }
        )
    return out


def own_answer_view(item: PartyRemiss) -> dict[str, Any] | None:
    if item.response is None:
        return None
    names = {a["id"]: a["name"] for a in sent_alternatives_view(item)}
    return _answer(item.remiss, item.response, names)
