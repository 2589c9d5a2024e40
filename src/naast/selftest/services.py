"""Filling in a self-test: every write goes through here, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.casework.services.casefile import check_upload

from .models import Answer, AnswerChoice, EvidenceDocument, SelfTest
from .questions import QUESTIONS

MAX_LINKS = 10
MAX_LINK_LENGTH = 500


def clean_links(text: str) -> list[str]:
    """One web address per line (http or https), checked; ValidationError names the wrong line."""
    links = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        link = line.strip()
        if not link:
            continue
        if len(link) > MAX_LINK_LENGTH:
            raise ValidationError(_("Line %(line)s: the web address is longer than %(max)s characters.")
                                  % {"line": number, "max": MAX_LINK_LENGTH})
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise ValidationError(_("Line %(line)s: “%(link)s” is not a web address. Start it with https:// "
                                    "(or http://), for example https://www.gemeente.nl/beleidsplan.")
                                  % {"line": number, "link": link[:80]}) from None
        if urlsplit(link).username or urlsplit(link).password:
            raise ValidationError(_("Line %(line)s: a web address may not contain a user name or password.")
                                  % {"line": number})
        if link not in links:
            links.append(link)
    if len(links) > MAX_LINKS:
        raise ValidationError(_("Give at most %(max)s web addresses.") % {"max": MAX_LINKS})
    return links


@dataclass
class AnswerInput:
    answer: str = AnswerChoice.UNKNOWN
    explanation: str = ""
    links: list[str] = field(default_factory=list)
    upload: UploadedFile | None = None
    upload_title: str = ""
    remove_documents: list[int] = field(default_factory=list)


def check_documents(answers: dict[str, AnswerInput]) -> None:
    """Every upload within the limits, or one ValidationError naming the questions (before anything is saved)."""
    errors = {}
    for key, data in answers.items():
        if data.upload is not None:
            try:
                check_upload(data.upload, field=key)
            except ValidationError as error:
                errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


def save_self_test(municipality, year: int, answers: dict[str, AnswerInput], *, by) -> SelfTest:
    """Store the answers of one municipality's self-test for `year`, with new documents and removals,
    in one transaction."""
    unknown = set(answers) - set(QUESTIONS)
    if unknown:
        raise ValueError(f"not self-test questions: {sorted(unknown)}")
    check_documents(answers)
    with transaction.atomic():
        self_test, _created = SelfTest.objects.select_for_update().get_or_create(municipality=municipality, year=year)
        for key, data in answers.items():
            if data.answer not in AnswerChoice.values:
                raise ValidationError({key: _("Choose yes, partly, no or unknown.")})
            answer, _created = Answer.objects.update_or_create(
                self_test=self_test, question=key,
                defaults={"answer": data.answer, "explanation": data.explanation.strip(), "links": list(data.links)},
            )
            if data.remove_documents:
                for document in answer.documents.filter(pk__in=data.remove_documents):
                    _delete_after_commit(document.file)
                    document.delete()
            if data.upload is not None:
                content_type = check_upload(data.upload, field=key)
                EvidenceDocument.objects.create(
                    answer=answer, title=(data.upload_title.strip() or data.upload.name or "")[:200], file=data.upload,
                    content_type=content_type, size=data.upload.size, uploaded_by=by)
        self_test.updated_at, self_test.updated_by = timezone.now(), by
        self_test.save(update_fields=["updated_at", "updated_by"])
    return self_test


def _delete_after_commit(file) -> None:
    name, storage = file.name, file.storage
    transaction.on_commit(lambda: storage.delete(name))
