"""The invitation page (create or link an account) and the case's mail page (what was sent
to whom; the parties' contacts)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oversyn.web.notifications import services as nsvc
from oversyn.web.notifications.forms import ContactForm, InvitedUserForm
from oversyn.web.notifications.models import Invitation, PartyContact, SentMail
from oversyn.web.platform import selectors as sel
from oversyn.web.platform import shared as svc
from oversyn.web.platform.routes import Routes
from oversyn.web.platform.views import case_view, page_context, run_and_back

route = Routes()  # this module's URL patterns (urls.py), each beside its view

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _invitation_context(invitation: Invitation) -> dict:
    case = svc.load(invitation.case)
    remiss = next((r for r in case.remisses if r.id == invitation.remiss_id), None)
    party = remiss and next((p for p in remiss.parties if p.id == invitation.party_id), None)
    return {
        "invitation": invitation,
        "remiss": remiss,
        "party": party,
        "deadline": nsvc._deadline_text(remiss) if remiss else "",
    }


@route("inbjudan/<str:token>/", "invitation", case=False)
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        inv = nsvc.invitation_for(token)
    except nsvc.InvitationError as exc:
        return render(
            request, "notifications/invitation_gone.html", {"reason": str(exc)}, status=410
        )
    form = InvitedUserForm(initial={"username": inv.email.split("@")[0]})
    if request.method == "POST":
        user = request.user if request.user.is_authenticated else None
        if user is None:
            form = InvitedUserForm(request.POST)
            if form.is_valid():
                user = form.save(commit=False)
                user.email = inv.email
        if user is not None:
            try:
                with transaction.atomic():  # a new account only with the accepted invitation
                    if not user.pk:
                        user.save()
                    access = nsvc.invitation_accept(token=token, user=user)
            except nsvc.InvitationError as exc:
                return render(
                    request, "notifications/invitation_gone.html", {"reason": str(exc)}, status=410
                )
            if not request.user.is_authenticated:
                login(request, user, backend=BACKEND)
            messages.success(request, _("Inbjudan är mottagen: du kan nu svara på remissen."))
            return redirect("cases:party_remiss", access_id=access.pk)
    return render(
        request, "notifications/invitation.html", {**_invitation_context(inv), "form": form}
    )


@route("utskick/", "case_mail")
@case_view()
def case_mail(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    parties = nsvc.party_names(access.case)
    return render(
        request,
        "notifications/case_mail.html",
        page_context(
            access,
            mails=SentMail.objects.filter(case=access.record),
            contacts=[
                (c, parties.get(c.party_id, c.party_id))
                for c in PartyContact.objects.filter(case=access.record)
            ],
            form=ContactForm(parties=parties) if parties else None,
        ),
    )


@route("utskick/kontakt/", "contact_add")
@require_POST
@case_view(svc.EDIT)
def contact_add(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    form = ContactForm(request.POST, parties=nsvc.party_names(access.case))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("case_mail", key=access.record.key)
    return run_and_back(
        request,
        access,
        nsvc.contact_add,
        _("Kontakten är tillagd."),
        "case_mail",
        party_id=form.cleaned_data["party"],
        email=form.cleaned_data["email"],
        name=form.cleaned_data["name"],
    )


@route("utskick/kontakt/<int:contact_id>/ta-bort/", "contact_remove")
@require_POST
@case_view(svc.EDIT)
def contact_remove(request: HttpRequest, access: sel.CaseAccess, contact_id: int) -> HttpResponse:
    return run_and_back(
        request,
        access,
        nsvc.contact_remove,
        _("Kontakten är borttagen."),
        "case_mail",
        contact_id=contact_id,
    )
