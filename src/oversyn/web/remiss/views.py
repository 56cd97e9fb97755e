"""Remiss pages: the investigator's remisses of a case (utredare edits, others read), and a
party's own inbox and answer page (outside the case pages: a party's user is no case member).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from oversyn.web.cases.models import RemissSnapshot
from oversyn.web.documents.views import CONTENT_TYPES, PREVIEW_CSP
from oversyn.web.platform import selectors as sel
from oversyn.web.platform import shared as svc
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.pages import form_errors
from oversyn.web.platform.routes import Routes
from oversyn.web.platform.views import (
    attempt,
    case_view,
    page_context,
    posted_button,
    read_only_unless,
    run_posted,
    run_service,
)
from oversyn.web.process.selectors import case_today
from oversyn.web.remiss import actions as rsvc
from oversyn.web.remiss import forms as rf
from oversyn.web.remiss import selectors as rsel

route = Routes()  # this module's URL patterns (urls.py), each beside its view


def _alt_choices(access: sel.CaseAccess) -> list[tuple[str, str]]:
    case = access.case
    return [(a, case.alternative_name(a, current_lang())) for a in case.alternative_ids()]


def _snapshot_response(snapshot: RemissSnapshot | None) -> HttpResponse:
    if snapshot is None:
        raise Http404(_("Remissen har ingen sparad version av underlaget."))
    response = HttpResponse(snapshot.html, content_type=CONTENT_TYPES["html"])
    response["Content-Security-Policy"] = PREVIEW_CSP
    return response


# -- the investigator's pages ------------------------------------------------------------------


@route("remiss/", "remiss_list")
@case_view()
def remiss_list(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    rows = rsel.remiss_rows(access.record, access.case, case_today(access.case))
    return render(request, "remiss/list.html", page_context(access, rows=rows))


@route("remiss/<str:remiss_id>/", "remiss_edit")
@route("remiss/ny/", "remiss_new")
@case_view()
def remiss_edit(
    request: HttpRequest, access: sel.CaseAccess, remiss_id: str | None = None
) -> HttpResponse:
    case = access.case
    found = rsvc.find_remiss(case, remiss_id) if remiss_id else None
    if remiss_id and found is None:
        raise Http404(_("Remissen finns inte."))
    remiss = found[1] if found else None
    base = svc.token(remiss) if remiss is not None else ""
    initial = rf.RemissForm.initial_for(remiss, base) if remiss is not None else {}
    errors: list[str] = []
    status = 200
    shape: dict[str, Any] = {  # the form as this remiss shapes it, posted or shown
        "initial": initial,
        "alternatives": _alt_choices(access),
        "editing": bool(remiss),
        "sent": bool(remiss and remiss.sent),
    }
    if request.method == "POST":
        access.require(svc.EDIT)
        form = rf.RemissForm(request.POST, **shape)
        adding = rf.ADD_PARTY in request.POST
        parties = rf.party_formset(case.baseline, request.POST, add_row=adding)
        if adding:  # one more party row; nothing is saved until "Spara remissen"
            status = 200
        elif form.is_valid() and parties.is_valid():
            data = {**form.to_data(), "parties": parties.to_data()}
            try:
                rsvc.remiss_save(
                    actor=request.user,
                    record=access.record,
                    remiss_id=remiss_id,
                    data=data,
                    base=form.cleaned_data.get("base") or "",
                )
            except svc.ServiceError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("Remissen sparades."))
                return redirect("cases:remiss_edit", key=access.record.key, remiss_id=data["id"])
            status = 400
        else:
            status = 400
    else:
        form = rf.RemissForm(**shape)
        parties = rf.party_formset(case.baseline, parties=remiss.parties if remiss else [])
    read_only_unless(access, form, parties)
    row = None
    if remiss is not None:
        rows = rsel.remiss_rows(access.record, case, case_today(case))
        row = next(r for r in rows if r.remiss.id == remiss.id)
    send_form = rf.SendForm(initial={"sent": case_today(case)})
    return render(
        request,
        "remiss/edit.html",
        page_context(
            access,
            remiss=remiss,
            row=row,
            form=form,
            parties=parties,
            send_form=send_form,
            errors=errors,
            usernames=[u.get_username() for u in rsel.assignable_users()],
        ),
        status=status,
    )


remiss_delete = route("remiss/<str:remiss_id>/ta-bort/", "remiss_delete")(
    posted_button(
        rsvc.remiss_delete, lambda: _("Remissen togs bort."), "remiss_list", refused="remiss_edit"
    )
)


@route("remiss/<str:remiss_id>/skicka/", "remiss_send")
@require_POST
@case_view(svc.EDIT)
def remiss_send(request: HttpRequest, access: sel.CaseAccess, remiss_id: str) -> HttpResponse:
    form = rf.SendForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Skickad den: ange dagen då remissen skickades (ÅÅÅÅ-MM-DD); den skickades inte."),
        )
        return redirect("cases:remiss_edit", key=access.record.key, remiss_id=remiss_id)
    run_posted(
        request,
        access,
        rsvc.remiss_send,
        _("Remissen skickades; remissinstanserna ser nu det som skickades."),
        remiss_id=remiss_id,
        today=case_today(access.case),
        sent=form.cleaned_data["sent"],
    )
    return redirect("cases:remiss_edit", key=access.record.key, remiss_id=remiss_id)


@route("remiss/<str:remiss_id>/svar/<str:party_id>/", "remiss_answer_entry")
@case_view(svc.EDIT)
def remiss_answer_entry(
    request: HttpRequest, access: sel.CaseAccess, remiss_id: str, party_id: str
) -> HttpResponse:
    """The utredare enters an answer received on paper or by e-mail for the party."""
    found = rsvc.find_remiss(access.case, remiss_id)
    if found is None:
        raise Http404(_("Remissen finns inte."))
    remiss = found[1]
    party = next((p for p in remiss.parties if p.id == party_id), None)
    if party is None:
        raise Http404(_("Remissinstansen finns inte i remissen."))
    response = next((r for r in remiss.responses if r.party == party_id), None)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        form = rf.OnBehalfAnswerForm(request.POST)
        if form.is_valid():
            outcome = attempt(
                lambda: rsvc.remiss_answer_for_party(
                    actor=request.user,
                    record=access.record,
                    remiss_id=remiss_id,
                    party_id=party_id,
                    data={**form.cleaned_data, "swot_additions": []},
                    base=request.POST.get("base"),
                )
            )
            if outcome.ok:
                messages.success(
                    request, _("Svaret från %(party)s fördes in.") % {"party": party.name}
                )
                return redirect("cases:remiss_edit", key=access.record.key, remiss_id=remiss_id)
            errors = outcome.errors
        else:
            errors = form_errors(form)
        status = 400
    else:
        form = rf.OnBehalfAnswerForm(
            initial=rf.OnBehalfAnswerForm.initial_for(response)
            | ({} if response else {"date": case_today(access.case)})
        )
    return render(
        request,
        "remiss/answer_entry.html",
        page_context(
            access,
            remiss=remiss,
            party=party,
            response=response,
            form=form,
            errors=errors,
            base=request.POST.get("base") if errors else svc.token(response),
        ),
        status=status,
    )


@route("remiss/<str:remiss_id>/instanser/", "remiss_party_user")
@require_POST
@case_view(svc.EDIT)
def remiss_party_user(request: HttpRequest, access: sel.CaseAccess, remiss_id: str) -> HttpResponse:
    usernames = [u.get_username() for u in rsel.assignable_users()]
    form = rf.PartyUserForm(request.POST, usernames=usernames)
    if not form.is_valid():
        messages.error(request, _("Välj en användare."))
    else:
        user = get_user_model().objects.get(username=form.cleaned_data["username"])
        remove = bool(request.POST.get("remove"))
        run_service(
            request,
            rsvc.remiss_party_user_remove if remove else rsvc.remiss_party_user_set,
            _("Användaren svarar inte längre för remissinstansen.")
            if remove
            else _("Användaren kan nu svara för remissinstansen."),
            record=access.record,
            remiss_id=remiss_id,
            party_id=form.cleaned_data["party"],
            user=user,
        )
    return redirect("cases:remiss_edit", key=access.record.key, remiss_id=remiss_id)


@route("remiss/<str:remiss_id>/skickat-underlag/", "remiss_sent_document")
@xframe_options_sameorigin
@case_view()
def remiss_sent_document(
    request: HttpRequest, access: sel.CaseAccess, remiss_id: str
) -> HttpResponse:
    return _snapshot_response(
        RemissSnapshot.objects.filter(case=access.record, remiss_id=remiss_id).first()
    )


# -- the party's pages -------------------------------------------------------------------------


@route("remiss/", "party_inbox", case=False)
@login_required
def party_inbox(request: HttpRequest) -> HttpResponse:
    items = rsel.party_inbox(request.user, timezone.localdate())
    return render(request, "remiss/inbox.html", {"items": items})


def _alternatives(item: rsel.PartyRemiss) -> list[tuple[str, str]]:
    return [(a["id"], a["name"]) for a in rsel.sent_alternatives_view(item)]


@route("remiss/<int:access_id>/", "party_remiss", case=False)
@login_required
def party_remiss(request: HttpRequest, access_id: int) -> HttpResponse:
    item = rsel.party_remiss(request.user, access_id)
    alternatives = _alternatives(item)
    additions = item.response.swot_additions if item.response else []
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        form = rf.AnswerForm(request.POST)
        swot = rf.swot_formset(alternatives, request.POST)
        swot_ok = not alternatives or swot.is_valid()  # no SWOT rows when nothing was sent
        if form.is_valid() and swot_ok:
            additions_data = swot.to_data() if alternatives else []
            data: dict[str, Any] = {**form.cleaned_data, "swot_additions": additions_data}
            outcome = attempt(
                lambda: rsvc.remiss_answer(
                    actor=request.user,
                    access=item.access,
                    data=data,
                    today=timezone.localdate(),
                    base=request.POST.get("base"),
                )
            )
            if outcome.ok:
                messages.success(request, _("Ert svar är sparat."))
                return redirect("cases:party_remiss", access_id=access_id)
            errors = outcome.errors
        status = 400
    else:
        form = rf.AnswerForm(initial=rf.AnswerForm.initial_for(item.response))
        swot = rf.swot_formset(alternatives, additions=additions)
    return render(
        request,
        "remiss/party.html",
        {
            "item": item,
            "sent": item.sent,
            "alternatives": rsel.sent_alternatives_view(item),
            "left": rsel.deadline_words(item.remiss, item.day(timezone.localdate())),
            "answer": rsel.own_answer_view(item),
            "form": form,
            "swot": swot,
            "errors": errors,
            "base": request.POST.get("base") if errors else svc.token(item.response),
        },
        status=status,
    )


@route("remiss/<int:access_id>/underlag/", "party_document", case=False)
@xframe_options_sameorigin
@login_required
def party_document(request: HttpRequest, access_id: int) -> HttpResponse:
    return _snapshot_response(rsel.party_remiss(request.user, access_id).snapshot)
