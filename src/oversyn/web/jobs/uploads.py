"""Service records stream straight to disk, into ``OVERSYN_JOB_FILES``, never into memory.

:class:`RecordsUploadHandler` is the first upload handler.  On the records upload route only
(``cases:records_upload``) it writes each chunk to ``<OVERSYN_JOB_FILES>/<case pk>/<uuid>.<ext>``
as it arrives, counts the bytes against ``OVERSYN_RECORDS_MAX_BYTES`` (past it the file is
deleted and the upload refused), and passes nothing on to the other handlers.  Elsewhere it
does nothing, so the other uploads keep their own limit.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.urls import Resolver404, resolve

SUFFIXES = (".csv", ".txt", ".parquet", ".pq")
UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
ROUTE = "records_upload"


def job_files() -> Path:
    return Path(settings.OVERSYN_JOB_FILES)


def upload_path(case_pk: int, upload_id: str, suffix: str) -> Path:
    """The stored file of an upload (``upload_id`` checked: 32 hex digits, no path)."""
    if not UPLOAD_ID.match(upload_id) or suffix not in SUFFIXES:
        raise ValueError("bad upload id")
    return job_files() / str(int(case_pk)) / f"{upload_id}{suffix}"


def find_upload(case_pk: int, upload_id: str) -> Path | None:
    if not UPLOAD_ID.match(upload_id):
        return None
    for suffix in SUFFIXES:
        path = upload_path(case_pk, upload_id, suffix)
        if path.is_file():
            return path
    return None


class StoredRecords(UploadedFile):
    """An upload that is already on disk at ``path`` (holds no data in memory)."""

    def __init__(self, path: Path, name: str, size: int, oversized: bool = False) -> None:
        super().__init__(None, name=name, size=size)
        self.path = path
        self.oversized = oversized

    def open(self, mode: str | None = None) -> StoredRecords:  # pragma: no cover - unused
        raise NotImplementedError


class RecordsUploadHandler(FileUploadHandler):
    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.active = False
        try:
            match = resolve(request.path_info) if request is not None else None
        except Resolver404:
            match = None
        if match is not None and match.url_name == ROUTE:
            self.case_key = match.kwargs.get("key", "")
            self.active = True
        self.handle: Any = None

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        if not self.active:
            return
        from oversyn.web.cases.models import CaseRecord
        from oversyn.web.platform.permissions import EDIT, can

        suffix = Path(file_name or "").suffix.lower()
        suffix = suffix if suffix in SUFFIXES else ".csv"
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            raise StopUpload(connection_reset=True)
        record = CaseRecord.objects.filter(key=self.case_key).first()
        if record is None or not can(user, record, EDIT):
            raise StopUpload(connection_reset=True)
        self.path = upload_path(record.pk, uuid.uuid4().hex, suffix)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("wb")
        self.received = 0
        self.limit = int(settings.OVERSYN_RECORDS_MAX_BYTES)
        self.over = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if not self.active:
            return raw_data
        if self.over:
            return None
        self.received += len(raw_data)
        if self.received > self.limit:
            self.over = True
            self.handle.close()
            self.path.unlink(missing_ok=True)
            return None
        self.handle.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.active:
            return None
        if not self.over:
            self.handle.close()
        return StoredRecords(self.path, self.file_name or "", self.received, oversized=self.over)

    def upload_interrupted(self) -> None:
        if self.active and self.handle is not None:
            self.handle.close()
            self.path.unlink(missing_ok=True)
