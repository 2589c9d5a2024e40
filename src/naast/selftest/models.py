"""A municipality's self-test per year: one answer per question (`questions.py`), with its
explanation and evidence (links and uploaded documents). No client data anywhere."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AnswerChoice(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class SelfTest(models.Model):
    municipality = models.ForeignKey("organisations.Municipality", on_delete=models.PROTECT,
                                     related_name="self_tests", verbose_name=_("municipality"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["municipality__name", "-year"]
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="selftest_one_per_year")]
        verbose_name = _("self-test")
        verbose_name_plural = _("self-tests")

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"


class Answer(models.Model):
    self_test = models.ForeignKey(SelfTest, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(_("question"), max_length=80)  # a key of questions.QUESTIONS
    answer = models.CharField(_("answer"), max_length=10, choices=AnswerChoice.choices, default=AnswerChoice.UNKNOWN)
    explanation = models.TextField(_("explanation"), blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)  # checked http(s) URLs

    class Meta:
        constraints = [models.UniqueConstraint(fields=["self_test", "question"], name="selftest_one_answer")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.self_test} {self.question}: {self.answer}"


def _evidence_path(instance, filename: str) -> str:
    # A random name under the media folder; the original name stays in `title`.
    import secrets
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"selftest/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{suffix}"


class EvidenceDocument(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_evidence_path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")

    def __str__(self) -> str:
        return self.title
