"""The case file itself: the clarified question and notes, other helpers, documents."""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from naast.accounts.models import User
from naast.registry.models import HelpRequest

from ..models import (
    CaseFile,
    Document,
    OtherHelper,
)

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".txt": "text/plain",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}


# Magic numbers, so a renamed executable is not stored as a "pdf".
_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
}


def case_file_for(help_request: HelpRequest) -> CaseFile:
    case_file, _created = CaseFile.objects.get_or_create(help_request=help_request)
    return case_file


def update_case_file(help_request: HelpRequest, *, by: User, **fields) -> CaseFile:
    allowed = {"clarified_question", "hidden_questions", "goals", "target_group_notes"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not case-file fields: {sorted(unknown)}")
    with transaction.atomic():
        case_file = case_file_for(help_request)
        for name, value in fields.items():
            setattr(case_file, name, value)
        case_file.updated_by = by
        case_file.save()
    return case_file


def add_other_helper(help_request: HelpRequest, *, name: str, organisation_name: str = "", role: str = "",
                     contact: str = "") -> OtherHelper:
    if not name.strip():
        raise ValidationError({"name": _("Fill in a name.")})
    return OtherHelper.objects.create(
        help_request=help_request, name=name.strip(), organisation_name=organisation_name.strip(), role=role.strip(),
        contact=contact.strip()
    )


def check_upload(upload: UploadedFile, field: str = "upload") -> str:
    """The content type of an uploaded document within the size and type limits (checked by extension
    and content), or ValidationError on `field`. Every app that takes documents asks this."""
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError(
            {field: _("This kind of file is not allowed. Use PDF, JPG, PNG, TXT, DOCX or ODT.")}, code="type"
        )
    if upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError({field: _("The file is larger than 10 MB.")}, code="size")
    if upload.size == 0:
        raise ValidationError({field: _("The file is empty.")}, code="empty")
    head = upload.read(8)
    upload.seek(0)
    signatures = _SIGNATURES.get(suffix)
    if signatures and not head.startswith(signatures):
        raise ValidationError({field: _("The file's content does not match its type.")}, code="content")
    return DOCUMENT_TYPES[suffix]


def add_document(help_request: HelpRequest, *, title: str, upload: UploadedFile, by: User) -> Document:
    """Store an uploaded file within the size and type limits (`check_upload`)."""
    content_type = check_upload(upload)
    return Document.objects.create(
        help_request=help_request, title=(title.strip() or upload.name)[:200], file=upload,
        content_type=content_type, size=upload.size, uploaded_by=by,
    )
