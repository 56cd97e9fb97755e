"""Uploads within bounds: counted while they stream in, refused with a Swedish message.

* :class:`SizeLimitedUploadHandler` is the first of ``FILE_UPLOAD_HANDLERS``.  It counts each
  file's bytes as the request body streams in; past ``OVERSYN_LIMITS["upload_bytes"]`` it
  stops passing data on (nothing more is kept in memory or on disk) and the file becomes an
  :class:`OversizedUpload`, which :class:`LimitedFileField` refuses ("Filen är för stor …").
* :class:`LimitedFileField` shows the limit in its label ("Fil (högst 50 MB)").
* :func:`limits` is the :class:`~oversyn.io.limits.Limits` configured in settings; every
  parser the web app calls gets it.
* :func:`read_text` turns an upload into text or a list of located messages (empty, not
  UTF-8, NUL bytes, too large).
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.signals import setting_changed
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oversyn.io.limits import BoundError, Limits, size_text
from oversyn.web.platform.lang import current_lang


@lru_cache(maxsize=1)
def limits() -> Limits:
    """The bounds from ``settings.OVERSYN_LIMITS`` (defaults for the names not given)."""
    return Limits().with_overrides(getattr(settings, "OVERSYN_LIMITS", None))


def _reset_limits(*, setting: str, **kwargs: Any) -> None:
    if setting == "OVERSYN_LIMITS":
        limits.cache_clear()


setting_changed.connect(_reset_limits)


class OversizedUpload(UploadedFile):
    """Stands in for a file that passed the size limit while streaming: it holds no data."""

    oversized = True

    def __init__(self, name: str, received: int) -> None:
        super().__init__(io.BytesIO(b""), name=name, size=received)


class SizeLimitedUploadHandler(FileUploadHandler):
    """Count each uploaded file's bytes while they arrive; past the limit keep none of them."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.limit = limits().upload_bytes
        self.over = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.over:
            return None
        self.received += len(raw_data)
        if self.received > self.limit:
            self.over = True  # the later handlers get nothing more; the rest is read and dropped
            return None
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.over:
            return OversizedUpload(self.file_name or "", self.received)
        return None


class LimitedFileField(forms.FileField):
    """A file field that refuses files above the upload limit and says the limit."""

    def __init__(self, *, label: Any = None, **kwargs: Any) -> None:
        label = label or gettext_lazy("Fil")
        limit = format_lazy(gettext_lazy("högst {size}"), size=_Size())
        super().__init__(label=format_lazy("{} ({})", label, limit), **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if getattr(data, "oversized", False) or (
            data is not None and getattr(data, "size", 0) > limits().upload_bytes
        ):
            raise forms.ValidationError(
                _("Filen %(name)s är för stor; högst %(limit)s tillåts.")
                % {"name": getattr(data, "name", ""), "limit": size_text(limits().upload_bytes)},
                code="too_large",
            )
        return super().clean(data, initial)


class _Size:
    """The upload limit as text, read when the label is rendered (settings may change)."""

    def __str__(self) -> str:
        return size_text(limits().upload_bytes)


def context(request: Any) -> dict[str, str]:
    """Template context: the limits shown next to the file inputs ("högst 50 MB")."""
    return {
        "upload_limit": size_text(limits().upload_bytes),
        "casefile_limit": size_text(min(limits().casefile_bytes, limits().upload_bytes)),
        "json_limit": size_text(min(limits().json_bytes, limits().upload_bytes)),
    }


def read_text(upload: Any, limit: int | None = None) -> tuple[str | None, list[str]]:
    """(text, []) or (None, [located message]) for an uploaded text file."""
    from oversyn.io.limits import decode_text

    name = getattr(upload, "name", "") or ""
    try:
        raw = upload.read((limit or limits().upload_bytes) + 1)
        return decode_text(raw, limit or limits().upload_bytes), []
    except BoundError as exc:
        return None, [exc.located(name, current_lang())]
