"""The case meeting's agenda."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from naast.registry.models import HelpRequest

from ..models import CaseFile
from .casefile import case_file_for


def put_on_case_meeting(help_request: HelpRequest, *, question: str = "") -> CaseFile:
    with transaction.atomic():
        case_file = case_file_for(help_request)
        case_file.case_meeting_requested_at = case_file.case_meeting_requested_at or timezone.now()
        case_file.case_meeting_question = question.strip()[:300]
        case_file.save(update_fields=["case_meeting_requested_at", "case_meeting_question", "updated_at"])
    return case_file


def take_off_case_meeting(help_request: HelpRequest) -> None:
    CaseFile.objects.filter(help_request=help_request).update(case_meeting_requested_at=None, case_meeting_question="")
