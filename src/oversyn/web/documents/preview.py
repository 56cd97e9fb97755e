"""The document preview of a large case: rendered once per case version, images apart.

The beslutsunderlag of a 2,000-unit case has org charts and plots of several megabytes; drawn
and inlined as data: URIs on every request the preview took half a minute and four megabytes.
Here the preview HTML is computed once per case version, alternative and language
(:mod:`oversyn.web.platform.cache`) and each image is its own cached request
(``dokument/bild/<signed>/``).  The image address is *signed* (:mod:`django.core.signing`):
it names the case row, the case version, the alternative, the image's number and the
language, and it expires (:data:`MAX_AGE`).  The preview is shown in a sandboxed frame whose
requests may carry no session, so the signature is what lets an image through: only someone
who was shown the preview (a member of the case) has the address, and it stops working when
the case changes (a new version draws new images under new addresses).
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.core import signing
from django.urls import reverse
from django.utils import translation

from oversyn.documents.model import Figure
from oversyn.web.platform import cache

SALT = "oversyn.document-image"
#: Seconds an image address is valid (a preview left open for a day reloads its images).
MAX_AGE = 24 * 3600


class ImageGone(Exception):
    """The image address is not valid (forged, expired, or of an older case version)."""


def image_token(record: Any, alternative: str | None, number: int, lang: str) -> str:
    payload = {
        "c": record.pk,
        "v": cache.version_token(record),
        "a": alternative or "",
        "n": number,
        "l": lang,
    }
    return str(signing.dumps(payload, salt=SALT, compress=True))


def read_token(token: str) -> dict[str, Any]:
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature
        raise ImageGone from exc
    if not isinstance(payload, dict) or not {"c", "v", "a", "n", "l"} <= payload.keys():
        raise ImageGone
    return payload


def _image_key(record: Any, alternative: str | None, number: int, lang: str) -> str:
    return cache.cache_key(record, "preview-image", alternative or "", number, lang=lang)


def preview_html(record: Any, build: Any, alternative: str | None, background: bool = False) -> str:
    """The preview HTML of ``build()`` (the :class:`Document`) for this case version, its
    images stored apart under their signed addresses.  With ``background`` (a large case, see
    :mod:`oversyn.web.platform.warmup`) a preview not yet computed raises
    :class:`cache.Pending`."""
    lang = translation.get_language() or "sv"

    def compute() -> str:
        from oversyn.documents.render_html import render_html

        doc = build()
        images: list[tuple[str, bytes]] = []

        def src(figure: Figure) -> str:
            svg = figure.svg_bytes()
            images.append(("image/svg+xml", svg) if svg is not None else ("image/png", figure.png))
            number = len(images) - 1
            token = image_token(record, alternative, number, lang)
            return str(reverse("cases:document_image", args=[record.key, token]))

        html = render_html(doc, image_src=src)
        for number, image in enumerate(images):
            try:
                cache.store_set(_image_key(record, alternative, number, lang), image)
            except Exception:  # a cache that is down: the images are drawn again on request
                cache.log.warning("cache set failed for a preview image", exc_info=True)
        return html

    return cache.cached(
        record, "preview", compute, alternative or "", _today(), lang=lang, background=background
    )


def preview_ready(record: Any, alternative: str | None) -> bool:
    """Whether the preview of this case version (and language) is in the cache."""
    lang = translation.get_language() or "sv"
    return cache.present(record, "preview", alternative or "", _today(), lang=lang)


def _today() -> str:
    """The document names today's date (deadlines, its own date): part of the key."""
    from django.utils import timezone

    return str(timezone.localdate().isoformat())


def _stored(key: str) -> Any:
    """What the cache's store holds under ``key``; None when it holds nothing (or fails)."""
    try:
        return cache.store_get(key)
    except Exception:
        return None


def preview_image(record: Any, payload: dict[str, Any], build: Any) -> tuple[str, bytes]:
    """(content type, bytes) of the image a valid token names; drawn again (the whole
    preview) when the cache no longer has it.  :class:`ImageGone` for another version."""
    if payload["c"] != record.pk or payload["v"] != cache.version_token(record):
        raise ImageGone
    alternative = payload["a"] or None
    number, lang = int(payload["n"]), str(payload["l"])
    key = _image_key(record, alternative, number, lang)
    image = _stored(key)
    if image is None:  # evicted: draw the preview again, which stores its images again
        with translation.override(lang):
            with contextlib.suppress(Exception):
                cache.store_delete(
                    cache.cache_key(record, "preview", alternative or "", _today(), lang=lang)
                )
            preview_html(record, build, alternative)
        image = _stored(key)
    if image is None:
        raise ImageGone
    return image  # type: ignore[no-any-return]
