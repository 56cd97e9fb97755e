"""Document page: HTML preview of the beslutsunderlag, DOCX/PDF download, Word template.

The document is built by :func:`oversyn.documents.build.build_document` and rendered by the
same renderers as ``oversyn report``; the DOCX uses the case's own template when one is
uploaded (:mod:`oversyn.web.documents.actions`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from oversyn.core.errors import AlternativeError
from oversyn.web.cases.models import CaseRecord, CaseTemplate
from oversyn.web.documents import actions as dsvc
from oversyn.web.documents import preview as doc_preview
from oversyn.web.platform import forms as pforms
from oversyn.web.platform import selectors as sel
from oversyn.web.platform import shared as svc
from oversyn.web.platform import warmup
from oversyn.web.platform.attachment import DOCX, PDF, attachment
from oversyn.web.platform.cache import Pending
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.routes import Routes
from oversyn.web.platform.views import call_service, case_view, page_context

route = Routes()  # this module's URL patterns (urls.py), each beside its view

CONTENT_TYPES = {"docx": DOCX, "pdf": PDF, "html": "text/html; charset=utf-8"}
#: The preview is the self-contained HTML (inline CSS, images as data: URIs): it may load
#: nothing and run nothing.
PREVIEW_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _alternative(request: HttpRequest, access: sel.CaseAccess) -> str | None:
    alt = request.GET.get("alternativ") or None
    if alt is not None and alt not in access.case.alternative_ids():  # nuläge is a choice
        raise Http404(_("Alternativet finns inte."))
    return alt


def _build(access: sel.CaseAccess, alternative: str | None) -> Any:
    from oversyn.documents.build import build_document

    return build_document(access.case, alternative, current_lang())


@route("dokument/", "document")
@case_view()
def document(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    errors: list[str] = []
    form = pforms.UploadForm()
    if request.method == "POST":
        access.require(svc.EDIT)
        if request.POST.get("remove"):
            dsvc.case_template_remove(actor=request.user, record=access.record)
            messages.success(request, _("Word-mallen togs bort."))
            return redirect("cases:document", key=access.record.key)
        form = pforms.UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            outcome = call_service(
                request,
                dsvc.case_template_set,
                record=access.record,
                filename=upload.name,
                data=upload.read(),
            )
            if outcome.ok:
                messages.success(request, _("Word-mallen sparades och används för Word-filen."))
                return redirect("cases:document", key=access.record.key)
            errors = outcome.errors
        else:
            errors = [_("Välj en Word-fil (.docx) att ladda upp.")]
    alternative = _alternative(request, access)
    # a large case's preview is computed by the warm-up job: until it is, the page shows a
    # placeholder that polls instead of a frame that would wait (oversyn.web.platform.warmup)
    preview_pending = warmup.background(access) and not doc_preview.preview_ready(
        access.record, alternative
    )
    if warmup.polled(request):
        if preview_pending:
            return warmup.pending_page(request, access, _("Förhandsvisningen"))
        return warmup.ready_response()
    if preview_pending:
        warmup.pending_page(request, access, "")  # makes sure a warm-up job is on its way
    template = CaseTemplate.objects.filter(case=access.record).defer("data").first()
    from oversyn.documents.remiss_answer import answers
    from oversyn.documents.word_template import inspect_template

    template_report = (
        inspect_template(bytes(template.data)).lines(current_lang()) if template else []
    )
    return render(
        request,
        "documents/document.html",
        page_context(
            access,
            **_document_jobs(request, access),
            form=form,
            errors=errors,
            template=template,
            alternative=alternative,
            query=f"?alternativ={alternative}" if alternative else "",
            alternatives=access.case.alternatives,
            template_report=template_report,
            answers=[(r, p) for r, p, _resp in answers(access.case)],
            pdf_query=f"?alternativ={alternative}&pdf=" if alternative else "?pdf=",
            preview_pending=preview_pending,
        ),
        status=400 if errors else 200,
    )


#: The frame's content while a large case's preview is computed (the frame may run nothing:
#: the page around it polls and reloads, see ``document``).
PENDING_HTML = (
    '<!doctype html><html lang="sv"><meta charset="utf-8"><title>…</title>'
    '<p style="font-family:sans-serif">%(text)s</p></html>'
)


def warm_preview(record: Any, case: Any) -> None:
    """The warm-up job's part (oversyn.web.platform.warmup): the preview of the whole case in
    the current language, its images included."""
    from oversyn.documents.build import build_document

    doc_preview.preview_html(record, lambda: build_document(case, None, current_lang()), None)


#: The web preview links its images to signed, cached image requests of this site.
PREVIEW_CSP_LINKED = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"


@route("dokument/forhandsvisning/", "document_preview")
@xframe_options_sameorigin
@case_view()
def preview(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    """The beslutsunderlag as HTML, once per case version (:mod:`preview`): its images are
    separate signed requests, so the page stays small."""
    alternative = _alternative(request, access)
    try:
        html = doc_preview.preview_html(
            access.record,
            lambda: _build(access, alternative),
            alternative,
            background=warmup.background(access),
        )
    except Pending:
        warmup.pending_page(request, access, "")  # makes sure a warm-up job is on its way
        html = PENDING_HTML % {
            "text": _(
                "Förhandsvisningen beräknas i bakgrunden efter den senaste ändringen av "
                "ärendet. Ladda om sidan om en stund."
            )
        }
    except AlternativeError as exc:
        return HttpResponse(exc.message(current_lang()), status=400, content_type="text/plain")
    response = HttpResponse(html, content_type=CONTENT_TYPES["html"])
    origin = request.build_absolute_uri("/").rstrip("/")
    response["Content-Security-Policy"] = PREVIEW_CSP_LINKED.replace("'self'", f"'self' {origin}")
    return response


@route("dokument/bild/<str:token>/", "document_image")
@require_GET
def preview_image(request: HttpRequest, key: str, token: str) -> HttpResponse:
    """One image of the preview, by its signed address (no session: the preview's sandboxed
    frame sends none).  An address that is forged, expired or of an older version of the
    case answers 410 (reload the preview)."""
    try:
        payload = doc_preview.read_token(token)
        record = CaseRecord.objects.filter(pk=payload["c"], key=key).defer("content").first()
        if record is None:
            raise doc_preview.ImageGone

        def build() -> Any:
            from oversyn.documents.build import build_document
            from oversyn.web.platform.selectors import loaded_case

            return build_document(loaded_case(record), payload["a"] or None, payload["l"])

        content_type, data = doc_preview.preview_image(record, payload, build)
    except doc_preview.ImageGone:
        return HttpResponse(
            _("Bilden finns inte längre. Ladda om förhandsvisningen."),
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = "private, max-age=86400, immutable"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _document_jobs(request: HttpRequest, access: sel.CaseAccess) -> dict[str, Any]:
    """The background documents of the page: jobs still running (and the one the page was
    sent to), and the finished files that are still kept, newest first."""
    from oversyn.web.documents.jobs import KIND, document_path
    from oversyn.web.jobs.models import Job
    from oversyn.web.jobs.views import shown_jobs

    jobs = shown_jobs(request, access.record, KIND, done_too=True)
    files = []
    for job in Job.objects.filter(case=access.record, kind=KIND, status="done")[:20]:
        if document_path(job) is not None:
            files.append(job)
    return {"doc_jobs": jobs, "doc_files": files[:5]}


@route("dokument/bakgrund/", "document_job_start")
@require_POST
@case_view()
def document_job_start(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    """Skapa dokument i bakgrunden: DOCX or PDF of the case (and the chosen alternative)."""
    from oversyn.web.documents.jobs import FORMATS, KIND
    from oversyn.web.jobs.runner import start_job
    from oversyn.web.jobs.views import job_started

    fmt = request.POST.get("fmt", "")
    if fmt not in FORMATS:
        messages.error(request, _("Välj Word (DOCX) eller PDF."))
        return redirect("cases:document", key=access.record.key)
    alternative = request.POST.get("alternativ") or ""
    if alternative and alternative not in access.case.alternative_ids():
        raise Http404(_("Alternativet finns inte."))
    job = start_job(
        actor=request.user,
        record=access.record,
        kind=KIND,
        params={"fmt": fmt, "alternative": alternative},
    )
    started = _("Dokumentet skapas i bakgrunden.")
    return job_started(request, access.record, job, "document", started, "#h-background")


@route("dokument/bakgrund/<uuid:job_id>/", "document_job_file")
@require_GET
@case_view()
def document_job_file(request: HttpRequest, access: sel.CaseAccess, job_id: Any) -> HttpResponse:
    """The file a background document job wrote (the case's view permission)."""
    from django.http import FileResponse

    from oversyn.web.documents.jobs import KIND, document_path
    from oversyn.web.jobs.models import Job

    job = Job.objects.filter(case=access.record, pk=job_id).first()
    if job is None:
        raise Http404(_("Det finns inget sådant jobb i ärendet."))
    if job.kind != KIND or job.status != "done":  # not (yet) a written file: the job's page
        return redirect("cases:job", job_id=job.pk)
    path = document_path(job)
    if path is None:
        raise Http404(_("Filen finns inte längre; skapa dokumentet igen."))
    fmt = str(job.result.get("fmt"))
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=str(job.result.get("filename") or path.name),
        content_type=CONTENT_TYPES.get(fmt, "application/octet-stream"),
    )


# after every literal dokument/<…>/ path (Django tries the patterns in order)
@route("dokument/<str:fmt>/", "document_download")
@case_view()
def download(request: HttpRequest, access: sel.CaseAccess, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    try:
        doc = _build(access, _alternative(request, access))
    except AlternativeError as exc:
        messages.error(request, exc.message(current_lang()))
        return redirect("cases:document", key=access.record.key)
    if fmt == "docx":
        from oversyn.web.documents.downloads import docx_bytes

        data = docx_bytes(access.record, doc)  # in the case's Word template, if it has one
    elif fmt == "pdf":
        from oversyn.web.documents.downloads import pdf_variant, render_pdf_variant

        variant = pdf_variant(request)  # PDF/UA-1, or PDF/A-2a / PDF/A-3a for the archive
        data = render_pdf_variant(access, doc, variant, f"{access.record.key}-beslutsunderlag")
    else:
        from oversyn.documents.render_html import render_html

        data = render_html(doc).encode("utf-8")
    return attachment(data, CONTENT_TYPES[fmt], f"{access.record.key}-beslutsunderlag.{fmt}")
