"""What the case's content gives: the structural analysis of an alternative, the evaluation
results, and the beslutsunderlag as DOCX, PDF or HTML.

The numbers are the core's own contracts (``AlternativeAnalysis.as_dict``, the
``EvaluationResult.as_dict`` that ``oversyn evaluate --json`` prints); the documents are
rendered by :mod:`oversyn.web.documents.downloads` (the case's Word template, the PDF
variants), as the document page's downloads are.
"""

# no ``from __future__ import annotations``: ninja reads these views' signatures

from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from oversyn.core.analysis import analyze_organisation
from oversyn.core.errors import AlternativeError
from oversyn.web.api.common import case_access
from oversyn.web.api.errors import REFUSALS
from oversyn.web.documents import downloads
from oversyn.web.platform.attachment import DOCX, PDF, attachment
from oversyn.web.platform.errors import ServiceError
from oversyn.web.platform.lang import current_lang

router = Router()


class Check(Schema):
    level: str
    code: str
    message: str
    subject: str | None = None


class Analysis(Schema):
    """The structural analysis of one alternative (``nulage``: the present organisation)."""

    id: str
    name: str
    metrics: dict[str, float | None]
    checks: list[Check]
    details: dict[str, Any]


@router.get(
    "/cases/{key}/alternatives/{alt_id}/analysis",
    response={200: Analysis, **REFUSALS},
    operation_id="alternative_analysis",
    summary="Structural analysis of an alternative (nulage: the present organisation)",
    tags=["results"],
    url_name="analysis",
)
def alternative_analysis(request: HttpRequest, key: str, alt_id: str) -> Any:
    access = case_access(request, key)
    case = access.case
    if alt_id not in case.alternative_ids():
        raise Http404(_("Alternativet finns inte."))
    lang = current_lang()
    try:
        org = case.organisation(alt_id)
        metrics, checks, details = analyze_organisation(org, case.interactions, case.journeys, lang)
    except AlternativeError as exc:
        raise ServiceError([exc.message(lang)]) from exc
    return {
        "id": alt_id,
        "name": case.alternative_name(alt_id, lang),
        "metrics": metrics,
        "checks": [c.as_dict() for c in checks],
        "details": details,
    }


@router.get(
    "/cases/{key}/evaluation",
    response={200: dict[str, Any], **REFUSALS},
    operation_id="evaluation_results",
    summary="Evaluation results (gates, scores, ranking, SMAA) as `oversyn evaluate --json`",
    tags=["results"],
    url_name="evaluation",
)
def evaluation_results(request: HttpRequest, key: str) -> Any:
    from oversyn.core.evaluation.engine import evaluate_case
    from oversyn.web.evaluation.selectors import WEB_SMAA_SAMPLES

    access = case_access(request, key)
    lang = current_lang()
    try:
        result = evaluate_case(access.case, lang, samples=WEB_SMAA_SAMPLES, seed=0)
    except AlternativeError as exc:
        raise ServiceError([exc.message(lang)]) from exc
    return result.as_dict(lang)


def _rendered(access: Any, variant: tuple[str, ...], render: Any) -> bytes:
    """A rendered document from Django's cache (the PDF takes seconds): keyed by the case's
    content token, its Word template, the variant and the day (deadlines are judged on it)."""
    import hashlib

    from django.core.cache import cache
    from django.utils import timezone

    from oversyn.web.cases.models import CaseTemplate
    from oversyn.web.platform.repository import token

    template = (
        CaseTemplate.objects.filter(case=access.record).values_list("pk", "uploaded_at").first()
    )
    parts = (access.record.pk, token(access.case), str(template), *variant, timezone.localdate())
    key = "oversyn-api-doc:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = render()
        cache.set(key, data, 3600)
    return bytes(data)


CONTENT_TYPES = {
    "docx": DOCX,
    "pdf": PDF,
    "html": "text/html; charset=utf-8",
}


@router.get(
    "/cases/{key}/document/{fmt}",
    response=REFUSALS,
    operation_id="document_download",
    summary="The beslutsunderlag as DOCX (the case's Word template), PDF or HTML",
    tags=["results"],
    openapi_extra={
        "responses": {
            200: {
                "description": "The document",
                "content": {
                    downloads.DOCX: {"schema": {"type": "string", "format": "binary"}},
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                    "text/html": {"schema": {"type": "string"}},
                },
            }
        }
    },
    url_name="document",
)
def document_download(
    request: HttpRequest,
    key: str,
    fmt: Literal["docx", "pdf", "html"],
    alternative: str | None = None,
    pdf: Literal["ua", "a2", "a3"] = "ua",
) -> HttpResponse:
    from oversyn.documents.build import build_document

    access = case_access(request, key)
    if alternative is not None and access.case.alternative(alternative) is None:
        raise Http404(_("Alternativet finns inte."))
    lang = current_lang()
    name = f"{access.record.key}-beslutsunderlag"

    def render() -> bytes:
        try:
            doc = build_document(access.case, alternative, lang)
        except AlternativeError as exc:
            raise ServiceError([exc.message(lang)]) from exc
        if fmt == "docx":
            return downloads.render_with_template(access, doc)
        if fmt == "pdf":
            return downloads.render_pdf_variant(access, doc, pdf, name)
        from oversyn.documents.render_html import render_html

        return render_html(doc).encode("utf-8")

    data = _rendered(access, (fmt, pdf, alternative or "", lang), render)
    return attachment(data, CONTENT_TYPES[fmt], f"{name}.{fmt}")
