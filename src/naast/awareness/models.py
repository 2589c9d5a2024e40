"""Awareness surveys: do residents and referrers know client support exists? (docs/domain.md §6.7)

A `Wave` is one round of a survey among one audience, with either its raw answers (`Response`,
from `naast import-awareness`) or counts entered by hand. A `Target` is the share the service aims
for, per audience, from a date on; the one that applies to a wave is the latest that started on
or before the wave's date (`stats.target_for`). Survey answers are anonymous: a respondent is an
opaque number from the survey tool, never a name.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    REFERRERS = "referrers", _("Referrers and professionals")


class Target(models.Model):
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    from_date = models.DateField(_("applies from"))
    share = models.DecimalField(_("target share (%)"), max_digits=4, decimal_places=1,
                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    source = models.CharField(_("source"), max_length=300, blank=True,
                              help_text=_("Where the target comes from, e.g. the policy plan."))

    class Meta:
        ordering = ["audience", "from_date"]
        constraints = [models.UniqueConstraint(fields=["audience", "from_date"], name="awareness_target_unique")]
        verbose_name = _("awareness target")
        verbose_name_plural = _("awareness targets")

    def __str__(self) -> str:
        return f"{self.get_audience_display()} {self.share} % ({self.from_date:%d-%m-%Y})"


class Wave(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    held_on = models.DateField(_("date"))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    sample = models.TextField(_("sample"), blank=True,
                              help_text=_("Who was asked and how, e.g. 'panel of 240 residents, online'."))
    # Counts entered by hand, for a wave without raw answers in Naast (all empty when it has them).
    entered_respondents = models.PositiveIntegerField(_("respondents who answered the awareness question"),
                                                      null=True, blank=True)
    entered_aware = models.PositiveIntegerField(_("of whom know client support"), null=True, blank=True)
    entered_aware_with_question = models.PositiveIntegerField(
        _("of whom had a help question"), null=True, blank=True,
        help_text=_("Among those who know client support."))
    entered_used = models.PositiveIntegerField(_("of whom used client support"), null=True, blank=True,
                                               help_text=_("Among those who know it and had a help question."))

    class Meta:
        ordering = ["held_on", "name"]
        verbose_name = _("survey wave")
        verbose_name_plural = _("survey waves")

    def __str__(self) -> str:
        return self.name

    @property
    def entered(self) -> bool:
        return self.entered_respondents is not None

    def clean(self):
        counts = [self.entered_respondents, self.entered_aware, self.entered_aware_with_question, self.entered_used]
        if any(c is not None for c in counts):
            if any(c is None for c in counts[:2]):
                raise ValidationError(_("Enter at least the number of respondents and how many of them know "
                                        "client support."))
            for smaller, larger, message in (
                (self.entered_aware, self.entered_respondents, _("More people know it than answered.")),
                (self.entered_aware_with_question, self.entered_aware,
                 _("More people had a help question than know client support.")),
                (self.entered_used, self.entered_aware_with_question,
                 _("More people used client support than had a help question.")),
            ):
                if smaller is not None and (larger is None or smaller > larger):
                    raise ValidationError(message)


class Response(models.Model):
    """One anonymous answer sheet. Empty answers are None: "no answer" is not "no"."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    respondent = models.CharField(_("respondent number"), max_length=60)
    aware = models.BooleanField(_("knows client support"), null=True)
    informed_via = models.CharField(_("heard of it through"), max_length=60, blank=True)
    had_help_question = models.BooleanField(_("had a help question"), null=True)
    used_support = models.BooleanField(_("used client support"), null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["wave", "respondent"], name="awareness_response_unique")]
        verbose_name = _("awareness survey answer")
        verbose_name_plural = _("awareness survey answers")

    def __str__(self) -> str:
        return f"{self.wave} #{self.respondent}"
