"""Views: parse the request, call a service (writes) or a selector (reads), render a template.

Every case view loads the case through :func:`selectors.case_for_user`, so a case the user has
no role in answers 404.  Writes need the role the service asks for; a missing role is 403.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
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
from oversyn.web.jobs.views import shown_jobs, upload_job_started
from oversyn.web.platform import forms as pforms
from oversyn.web.platform import revisions, shared, warmup
from oversyn.web.platform.attachment import YAML, attachment
from oversyn.web.platform.cache import Pending, cached
from oversyn.web.platform.pages import form_messages
from oversyn.web.platform.pagination import paginate
from oversyn.web.platform.permissions import creatable_municipalities, is_global_creator
from oversyn.web.platform.routes import Routes
from oversyn.web.platform.views import (
    call_service,
    case_view,
    page_context,
    read_only_unless,
    run_service,
    save_form,
)
from oversyn.web.process import selectors as psel
from oversyn.web.uploads import limits, read_text

route = Routes()  # this module's URL patterns (urls.py), each beside its view

# -- case list, overview, import/export --------------------------------------------------------


#: What the case list reads of a case row (and of its municipality).
CASE_LIST_COLUMNS = (
    "key",
    "case_id",
    "title",
    "municipality",
    "deadline",
    "updated_at",
    "version",
    "owner__name",
    "owner__code",
)
CASE_LIST_PER_PAGE = 50


@route("", "list", case=False)
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
            errors = form_messages(form)
        else:
            upload = form.cleaned_data["file"]
            text, errors = read_text(upload, limits().casefile_bytes)
            if text is not None and upload.size > settings.OVERSYN_JOB_INLINE_BYTES:
                return upload_job_started(
                    request,
                    record=None,
                    kind="case_import_new",
                    data=text,
                    suffix=".yaml",
                    filename=upload.name,
                    municipality=municipality.pk if municipality else None,
                )
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
    # only the indexed metadata columns: never a case's content (a large JSON per case)
    cases = (
        sel.cases_for_user(request.user)
        .select_related("owner")
        .only(*CASE_LIST_COLUMNS)
        .order_by("title", "pk")
    )
    pages = paginate(request, cases, CASE_LIST_PER_PAGE)
    return render(
        request,
        "cases/case_list.html",
        {
            **pages,
            "cases": pages["page_obj"].object_list,
            "form": form,
            "errors": errors,
            "may_create": may_create,
            "creatable": creatable,
            "jobs": _new_case_jobs(request.user) if may_create else [],
        },
    )


def _new_case_jobs(user: Any) -> list[Any]:
    """The user's case-creating jobs that still run (shown on the case list)."""
    from oversyn.web.jobs.models import ACTIVE, Job

    return list(Job.objects.filter(case__isnull=True, created_by=user, status__in=ACTIVE)[:5])


def overview_parts(record: Any, case: Any, background: bool = False) -> dict[str, Any]:
    """The derived parts of the overview, once per case version (oversyn.web.platform.cache);
    with ``background`` a part not yet computed raises :class:`cache.Pending`."""
    today = psel.case_today(case)
    diffs = cached(
        record,
        "overview-diffs",
        lambda: [
            asel.alternative_diff(case, alt.id, alt.based_on or BASELINE_ID)
            for alt in case.alternatives
        ],
        background=background,
    )
    return {
        "diffs": diffs,
        "analysis": cached(
            record, "analysis", lambda: sel.analysis_table(case), background=background
        ),
        "missing": cached(
            record, "missing", lambda: sel.missing_items(case), background=background
        ),
        "process": cached(
            record,
            "prompts",
            lambda: psel.overview_prompts(case, today),
            today.isoformat(),
            background=background,
        ),
    }


def warm_overview(record: Any, case: Any) -> None:
    """The warm-up job's part (oversyn.web.platform.warmup): compute the overview's parts."""
    overview_parts(record, case)


@route("", "overview")
@case_view()
def overview(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    case, record = access.case, access.record
    try:
        parts = overview_parts(record, case, background=warmup.background(access))
    except Pending:
        return warmup.pending_page(request, access, _("Översikten"))
    if warmup.polled(request):
        return warmup.ready_response()
    alternatives = [
        {"alt": alt, "diff": diff}
        for alt, diff in zip(case.alternatives, parts["diffs"], strict=True)
    ]
    return render(
        request,
        "cases/overview.html",
        page_context(
            access,
            alternatives=alternatives,
            analysis=parts["analysis"],
            missing=parts["missing"],
            alt_form=alt_forms.AlternativeForm(alternatives=asel.alternative_choices(access.case)),
            members=sel.case_members(access.record),
            process=parts["process"],
        ),
    )


@route("export.yaml", "export_yaml")
@case_view()
def export_yaml(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    text = sel.case_yaml(access.record, access.case)
    return attachment(text, YAML, f"{access.record.key}.yaml")


@route("importera/", "import_yaml")
@case_view(shared.EDIT)
def import_yaml(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    errors: list[str] = []
    form = pforms.UploadForm(initial={"version": access.record.version})
    if request.method == "POST":
        form = pforms.UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = form_messages(form)
        else:
            upload = form.cleaned_data["file"]
            text, errors = read_text(upload, limits().casefile_bytes)
            name = upload.name
            if text is not None and upload.size > settings.OVERSYN_JOB_INLINE_BYTES:
                # a large file: imported by a background job (``case_import_yaml``)
                return upload_job_started(
                    request,
                    record=access.record,
                    kind="case_import_yaml",
                    data=text,
                    suffix=".yaml",
                    filename=name,
                    page="import_yaml",
                    expected_version=form.cleaned_data["version"] or 0,
                )
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
    # running imports, and the one the page was sent to in any state (a failed one shows its
    # located errors)
    jobs = shown_jobs(request, access.record, "case_import_yaml", done_too=True)
    return render(
        request,
        "cases/import_yaml.html",
        page_context(access, form=form, errors=errors, jobs=jobs),
    )


@route("uppgifter/", "case_info")
@case_view()
def case_info(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    info = access.case.case
    errors: list[str] = []
    conflict = None
    if request.method == "POST":
        if not access.can(shared.EDIT):
            raise PermissionDenied
        form = f.CaseInfoForm(request.POST)
        stored = info.model_dump(mode="json", exclude_defaults=True)
        outcome = save_form(
            request, access, form, svc.case_info_update, lambda f: {"data": f.merged(stored)}
        )
        if outcome.ok:
            return redirect("cases:overview", key=access.record.key)
        errors, conflict = outcome.errors, outcome.conflict
    else:
        form = f.CaseInfoForm(initial=pforms.initial_from(info, f.CaseInfoForm, shared.token(info)))
    read_only_unless(access, form)
    return render(
        request,
        "cases/case_info.html",
        page_context(access, form=form, errors=errors, conflict=conflict),
    )


# -- history and members -----------------------------------------------------------------------


@route("historik/", "history")
@case_view()
def history(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    # in pages (?sida=N): a version and an audit row per write, newest first; the versions'
    # audit rows without their before/after (a whole case for a created or imported case)
    revs = revisions.revisions_of(access.record).defer("audit__before", "audit__after")
    pages = paginate(request, sel.case_history(access.record), HISTORY_PER_PAGE)
    revs_page = paginate(request, revs, HISTORY_PER_PAGE)["page_obj"]
    records = [
        {"r": r, "before": _shown_json(r.before), "after": _shown_json(r.after)}
        for r in pages["page_obj"].object_list
    ]
    return render(
        request,
        "cases/history.html",
        page_context(access, records=records, revisions=list(revs_page.object_list), **pages),
    )


HISTORY_PER_PAGE = 25
#: Before/after of an audit row longer than this are cut (the version page shows it whole).
SHOWN_JSON_CHARS = 4000


def _shown_json(value: Any) -> dict[str, Any]:
    """An audit row's before or after as the history shows it: pretty JSON, cut when long."""
    if value is None:
        return {"text": "", "cut": False}
    import json

    compact = json.dumps(value, ensure_ascii=False, sort_keys=True)  # C encoder: fast
    if len(compact) > SHOWN_JSON_CHARS:
        return {"text": compact[:SHOWN_JSON_CHARS] + " …", "cut": True}
    return {"text": json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True), "cut": False}


def _revision_or_404(access: sel.CaseAccess, version: int) -> Any:
    revision = revisions.revision_get(access.record, version)
    if revision is None:
        raise Http404(_("Versionen finns inte."))
    return revision


@route("historik/<int:version>/", "revision")
@case_view()
def revision_show(request: HttpRequest, access: sel.CaseAccess, version: int) -> HttpResponse:
    """One earlier version: what it was (the case file), and what differs from today's."""
    revision = _revision_or_404(access, version)

    def shown() -> dict[str, Any]:
        old = revisions.revision_case(revision)
        return {"old": old, "text": dump_case(old), "diff": revisions.case_diff(old, access.case)}

    # a stored version never changes: what it shows is cached per (current) case version
    return render(
        request,
        "cases/revision.html",
        page_context(
            access, revision=revision, **cached(access.record, "revision", shown, version)
        ),
    )


@route("historik/jamfor/", "revision_diff")
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
    old_revision, new_revision = _revision_or_404(access, a), _revision_or_404(access, b)

    def diff() -> Any:
        old = revisions.revision_case(old_revision)
        return revisions.case_diff(old, revisions.revision_case(new_revision))

    return render(
        request,
        "cases/revision_diff.html",
        page_context(access, a=a, b=b, diff=cached(access.record, "revision-diff", diff, a, b)),
    )


@route("historik/<int:version>/aterstall/", "revision_restore")
@case_view(shared.EDIT)
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


@route("medlemmar/", "members")
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
                except shared.ServiceError as exc:
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


# -- a new case from nothing -------------------------------------------------------------------


def _municipality_choices(user: Any) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """(value, label) of the municipalities ``user`` may create cases in, and value → stored
    municipality (None: one of SCB's 290 not stored yet, offered to global creators only)."""
    from oversyn.io.municipalities import choices as scb_choices

    stored: dict[str, Any] = {m.slug: m for m in creatable_municipalities(user)}
    options = [(value, str(m)) for value, m in stored.items()]
    if is_global_creator(user):
        options += [(code, label) for code, label in scb_choices() if code not in stored]
    options.sort(key=lambda o: o[1].lower().translate(_SV_ORDER))
    return options, stored


_SV_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})
_TEXT_FIELDS = ("title", "directive_date", "directive_deadline")
# the new case's fields as typed in the form (the municipality is chosen from a list)
_NEW_CASE_TYPED = (
    "title",
    "committee",
    "case_number",
    "officer",
    "directive_by",
    "directive_to",
    "directive_date",
    "directive_deadline",
    "directive_text",
    "start",
)


def _add_core_problems(form: Any) -> None:
    """An invalid form still gets the core's messages for the fields Django passed (so one
    submit shows every problem: a missing municipality and an unreadable deadline)."""
    from oversyn.core.newcase import NewCase, check_new_case
    from oversyn.web.platform.lang import current_lang

    spec = NewCase(
        title=form.data.get("title", ""),
        municipality_name="–",
        directive_date=form.data.get("directive_date", ""),
        directive_deadline=form.data.get("directive_deadline", ""),
    )
    for problem in check_new_case(spec):
        if problem.field in _TEXT_FIELDS and problem.field not in form.errors:
            form.add_error(problem.field, problem.message(current_lang()))


@route("nytt-arende/", "case_new", case=False)
@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    """ "Nytt ärende": title, municipality, committee, diarienummer, directive and the
    starting organisation (skeleton, empty, another case's baseline, an Excel workbook)."""
    from oversyn.core.newcase import NewCase
    from oversyn.io.municipalities import official_name
    from oversyn.web.organisation.tabular import TableError, check_workbook, organisation_from_xlsx

    municipalities, stored = _municipality_choices(request.user)
    if not municipalities:
        raise PermissionDenied(_("Du har ingen roll som får skapa ärenden."))
    visible = sel.cases_for_user(request.user).select_related("owner")
    source_cases = [(c.key, f"{c.title} ({c.owner.name if c.owner else c.key})") for c in visible]
    errors: list[str] = []
    initial = {"municipality": municipalities[0][0]} if len(municipalities) == 1 else {}
    form = f.NewCaseForm(initial=initial, municipalities=municipalities, source_cases=source_cases)
    if request.method == "POST":
        form = f.NewCaseForm(
            request.POST,
            request.FILES,
            municipalities=municipalities,
            source_cases=source_cases,
        )
        if not form.is_valid():
            _add_core_problems(form)
        else:
            data = form.cleaned_data
            chosen = data["municipality"]
            record = stored.get(chosen)
            code = record.code if record is not None else chosen
            name = record.name if record is not None else official_name(chosen) or ""
            spec = NewCase(
                municipality_code=code or "",
                municipality_name=name,
                **{k: data[k] for k in _NEW_CASE_TYPED},
            )
            baseline = None
            source = ""
            if data["start"] == "copy":
                source_access = sel.case_for_user(request.user, data["source_case"])
                baseline = source_access.case.baseline
                source = _("kopia av nuläget i %(case)s") % {"case": source_access.record.title}
            elif data["start"] == "excel":
                upload = data["workbook"]
                content = upload.read(limits().upload_bytes + 1)
                try:
                    if upload.size > settings.OVERSYN_JOB_INLINE_BYTES:
                        check_workbook(content, upload.name, limits())  # a zip bomb: refused here
                        if _spec_refused(form, spec):
                            return _case_new_page(request, form, errors)
                        return upload_job_started(
                            request,
                            record=None,
                            kind="case_new_xlsx",
                            data=content,
                            suffix=".xlsx",
                            filename=upload.name,
                            spec=spec.model_dump(mode="json"),
                            municipality=record.pk if record is not None else None,
                        )
                    baseline = organisation_from_xlsx(content, upload.name, limits())
                except TableError as exc:
                    errors = exc.messages
                source = upload.name
            if not errors:
                try:
                    row = svc.case_new(
                        actor=request.user,
                        spec=spec,
                        baseline=baseline,
                        municipality=record,
                        source=source,
                    )
                except svc.NewCaseRefused as exc:
                    _field_errors(form, exc.fields)
                except shared.ServiceError as exc:
                    errors = exc.messages
                else:
                    messages.success(request, _("Ärendet skapades."))
                    return redirect("cases:overview", key=row.key)
    return _case_new_page(request, form, errors)


def _case_new_page(request: HttpRequest, form: Any, errors: list[str]) -> HttpResponse:
    return render(
        request,
        "cases/case_new.html",
        {"form": form, "errors": errors},
        status=400 if request.method == "POST" else 200,
    )


def _field_errors(form: Any, fields: dict[str, str]) -> None:
    for field, message in fields.items():
        form.add_error(field if field in form.fields else None, message)


def _spec_refused(form: Any, spec: Any) -> bool:
    """Before a large workbook's job is queued: the core's located problems of the rest of
    the form (a title, a known municipality, a readable deadline) go on the form at once."""
    from oversyn.core.newcase import check_new_case
    from oversyn.io.municipalities import MUNICIPALITIES
    from oversyn.web.platform.lang import current_lang

    problems = check_new_case(spec, known_codes=MUNICIPALITIES)
    _field_errors(form, {p.field: p.message(current_lang()) for p in problems})
    return bool(problems)


# -- savings requirement and budget frames -----------------------------------------------------


def _amount_text(value: float | None) -> str:
    """An amount for a form field in Swedish format: 6500000 → "6 500 000"."""
    from oversyn.core.fmt import format_number

    return "" if value is None else format_number(value, 2, "sv").replace("\u00a0", " ")


@route("besparing/", "finance")
@case_view()
def finance(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    """Effektiviseringskrav and costs per FTE/unit (a form), each alternative's staff and
    budget change against it, and the budget frame transfers (a registered item kind)."""
    from oversyn.core.finance import mnkr, requirement_text, staff_changes, transfer_text
    from oversyn.core.fmt import format_number
    from oversyn.web.cases import finance as fsvc
    from oversyn.web.platform.lang import current_lang

    case = access.case
    current = case.finance
    errors: list[str] = []
    status = 200
    form = f.FinanceForm(
        initial={
            "base": fsvc.finance_token(case),
            "amount": _amount_text(current.savings.amount if current.savings else None),
            "year": current.savings.year if current.savings else None,
            "note": current.savings.note if current.savings else "",
            "cost_per_fte": _amount_text(current.cost_per_fte),
            "cost_per_unit": _amount_text(current.cost_per_unit),
        }
    )
    if request.method == "POST":
        access.require(shared.EDIT)
        form = f.FinanceForm(request.POST)
        outcome = save_form(
            request, access, form, fsvc.finance_update, lambda f: {"data": f.cleaned_data}
        )
        if outcome.ok:
            return redirect("cases:finance", key=access.record.key)
        errors = outcome.errors
        status = 400
    lang = current_lang()
    rows = [
        {
            "name": c.name,
            "fte": format_number(c.fte_before, 1, lang)
            + " → "
            + format_number(c.fte_after, 1, lang),
            "diff": "–" if c.fte_difference is None else format_number(c.fte_difference, 1, lang),
            "budget": "–" if c.budget_difference is None else mnkr(c.budget_difference, lang),
            "saving": "–" if c.saving is None else mnkr(c.saving, lang),
            "comparison": c.comparison(lang),
            "meets": c.meets_requirement,
        }
        # each alternative's organisation applied (~0.1 s on 2,000 units): once per version
        for c in cached(access.record, "staff-changes", lambda: staff_changes(case, lang))
    ]
    transfers = [
        {
            "item": t,
            "text": transfer_text(t, lang),
            "alternative": case.alternative_name(t.alternative, lang) if t.alternative else "",
        }
        for t in current.transfers
    ]
    read_only_unless(access, form)
    return render(
        request,
        "cases/finance.html",
        page_context(
            access,
            form=form,
            errors=errors,
            rows=rows,
            requirement=requirement_text(case, lang) or "",
            transfers=transfers,
        ),
        status=status,
    )
