"""Views: parse the request, call a service (writes) or a selector (reads), render a template.

Every case view loads the case through :func:`selectors.case_for_user`, so a case the user has
no role in answers 404.  Writes need the role the service asks for; a missing role is 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from oversyn.core.case import BASELINE_ID
from oversyn.io.casefile import dump_case
from oversyn.web.alternatives import forms as alt_forms
from oversyn.web.alternatives import selectors as asel
from oversyn.web.cases import forms as f
from oversyn.web.cases import selectors as sel
from oversyn.web.cases import services as svc
from oversyn.web.platform import forms as pforms
from oversyn.web.platform import revisions
from oversyn.web.platform.permissions import creatable_municipalities, is_global_creator
from oversyn.web.platform.views import (
    call_service,
    case_view,
    page_context,
    run_service,
)
from oversyn.web.process import selectors as psel
from oversyn.web.uploads import limits, read_text

# -- case list, overview, import/export --------------------------------------------------------


def _form_errors(form: Any) -> list[str]:
    """A form's errors as the page's error list (an empty or too large file says so)."""
    return [str(m) for messages_ in form.errors.values() for m in messages_]


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    form = pforms.UploadForm()
    creatable = list(creatable_municipalities(request.user))
    may_create = bool(creatable) or is_global_creator(request.user)
    if request.method == "POST":
        if not may_create:
            raise PermissionDenied(_("Du har ingen roll som får skapa ärenden."))
        form = pforms.UploadForm(request.POST, request.FILES)
        chosen = request.POST.get("municipality") or ""
        municipality = next((m for m in creatable if str(m.pk) == chosen), None)
        if chosen and municipality is None:
            errors = [_("Välj en kommun där du får skapa ärenden.")]
        elif not form.is_valid():
            errors = _form_errors(form)
        else:
            upload = form.cleaned_data["file"]
            text, errors = read_text(upload, limits().casefile_bytes)
            if text is not None:
                name = upload.name
                outcome = call_service(
                    request,
                    svc.case_import_new,
                    text=text,
                    filename=name,
                    municipality=municipality,
                )
                if outcome.ok:
                    messages.success(request, _("Ärendet importerades."))
                    return redirect("cases:overview", key=outcome.result.key)
                errors = outcome.errors
    cases = sel.cases_for_user(request.user).select_related("owner")
    return render(
        request,
        "cases/case_list.html",
        {
            "cases": cases,
            "form": form,
            "errors": errors,
            "may_create": may_create,
            "creatable": creatable,
        },
    )


@case_view()
def overview(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    case = access.case
    alternatives = []
    for alt in case.alternatives:
        alternatives.append(
            {"alt": alt, "diff": asel.alternative_diff(case, alt.id, alt.based_on or BASELINE_ID)}
        )
    return render(
        request,
        "cases/overview.html",
        page_context(
            access,
            alternatives=alternatives,
            analysis=sel.analysis_table(case),
            missing=sel.missing_items(case),
            alt_form=alt_forms.AlternativeForm(alternatives=asel.alternative_choices(access.case)),
            members=sel.case_members(access.record),
            process=psel.overview_prompts(case, psel.case_today(case)),
        ),
    )


@case_view()
def export_yaml(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    response = HttpResponse(dump_case(access.case), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{access.record.key}.yaml"'
    return response


@case_view(svc.EDIT)
def import_yaml(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    errors: list[str] = []
    form = pforms.UploadForm(initial={"version": access.record.version})
    if request.method == "POST":
        form = pforms.UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = _form_errors(form)
        else:
            upload = form.cleaned_data["file"]
            text, errors = read_text(upload, limits().casefile_bytes)
            name = upload.name
            if text is not None and run_service(
                request,
                svc.case_import,
                _("Ärendefilen importerades; hela ärendet ersattes."),
                record=access.record,
                text=text,
                filename=name,
                expected_version=form.cleaned_data["version"] or 0,
            ):
                return redirect("cases:overview", key=access.record.key)
    return render(request, "cases/import_yaml.html", page_context(access, form=form, errors=errors))


# -- organisation ------------------------------------------------------------------------------


# -- alternatives ------------------------------------------------------------------------------


# -- interactions ------------------------------------------------------------------------------


@case_view()
def case_info(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    info = access.case.case
    errors: list[str] = []
    conflict = None
    if request.method == "POST":
        if not access.can(svc.EDIT):
            raise PermissionDenied
        form = f.CaseInfoForm(request.POST)
        if form.is_valid():
            outcome = call_service(
                request,
                svc.case_info_update,
                record=access.record,
                data=form.merged(info.model_dump(mode="json", exclude_defaults=True)),
                base=form.cleaned_data.get("base") or "",
            )
            if outcome.ok:
                messages.success(request, _("Sparat."))
                return redirect("cases:overview", key=access.record.key)
            errors, conflict = outcome.errors, outcome.conflict
    else:
        directive = info.directive
        form = f.CaseInfoForm(
            initial={
                "base": svc.token(info),
                "title": info.title,
                "case_number": info.case_number,
                "municipality_name": info.municipality.name,
                "municipality_code": info.municipality.code,
                "committee": info.committee,
                "officer": info.officer,
                "summary": info.summary,
                "directive_title": directive.title if directive else "",
                "directive_deadline": directive.deadline if directive else "",
                "directive_text": directive.text if directive else "",
            }
        )
    if not access.can(svc.EDIT):
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "cases/case_info.html",
        page_context(access, form=form, errors=errors, conflict=conflict),
    )


# -- history and members -----------------------------------------------------------------------


@case_view()
def history(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    revs = list(revisions.revisions_of(access.record)[:200])
    return render(
        request,
        "cases/history.html",
        page_context(access, records=sel.case_history(access.record)[:200], revisions=revs),
    )


def _revision_or_404(access: sel.CaseAccess, version: int) -> Any:
    revision = revisions.revision_get(access.record, version)
    if revision is None:
        raise Http404(_("Versionen finns inte."))
    return revision


@case_view()
def revision_show(request: HttpRequest, access: sel.CaseAccess, version: int) -> HttpResponse:
    """One earlier version: what it was (the case file), and what differs from today's."""
    revision = _revision_or_404(access, version)
    old = revisions.revision_case(revision)
    return render(
        request,
        "cases/revision.html",
        page_context(
            access,
            revision=revision,
            old=old,
            text=dump_case(old),
            diff=revisions.case_diff(old, access.case),
        ),
    )


@case_view()
def revision_diff(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    """The differences between two versions (``?fran=N&till=M``), in words; by default from
    the version before the current one to the current one."""
    versions = [r.version for r in revisions.revisions_of(access.record)[:2]]
    default_b = versions[0] if versions else access.record.version
    default_a = versions[-1] if versions else default_b

    def number(name: str, default: int) -> int:
        try:
            return int(request.GET.get(name, default))
        except ValueError:
            return default

    a, b = number("fran", default_a), number("till", default_b)
    old = revisions.revision_case(_revision_or_404(access, a))
    new = revisions.revision_case(_revision_or_404(access, b))
    return render(
        request,
        "cases/revision_diff.html",
        page_context(access, a=a, b=b, diff=revisions.case_diff(old, new)),
    )


@case_view(svc.EDIT)
def revision_restore(request: HttpRequest, access: sel.CaseAccess, version: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        expected = int(request.POST.get("version", ""))
    except ValueError:
        expected = 0
    if run_service(
        request,
        revisions.case_restore,
        _("Version %(v)d återställdes som en ny version.") % {"v": version},
        record=access.record,
        version=version,
        expected_version=expected,
    ):
        return redirect("cases:history", key=access.record.key)
    return redirect("cases:revision", key=access.record.key, version=version)


@case_view()
def members(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    form = f.MemberForm()
    if request.method == "POST":
        form = f.MemberForm(request.POST)
        if form.is_valid():
            user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
            if user is None:
                form.add_error("username", _("Användaren finns inte."))
            else:
                try:
                    if request.POST.get("remove"):
                        svc.membership_remove(actor=request.user, record=access.record, user=user)
                    else:
                        svc.membership_set(
                            actor=request.user,
                            record=access.record,
                            user=user,
                            role=form.cleaned_data["role"],
                        )
                except svc.ServiceError as exc:
                    for message in exc.messages:
                        form.add_error(None, message)
                else:
                    messages.success(request, _("Sparat."))
                    return redirect("cases:members", key=access.record.key)
    return render(
        request,
        "cases/members.html",
        page_context(access, form=form, members=sel.case_members(access.record)),
    )
