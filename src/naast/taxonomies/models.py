"""Shared taxonomies: the 8 Wmo life domains (levensgebieden) and target groups (doelgroepen).

Codes are stable English identifiers used in files, APIs and reports (docs/domain.md §5); the UI
shows the label in the active language.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualLabel(models.Model):
    """A record with a stable code and a Dutch and English label."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    @property
    def label(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl

    def __str__(self) -> str:
        return self.label


class LifeDomain(BilingualLabel):
    """Levensgebied: one of the 8 areas of life in the Wmo definition of client support."""

    class Meta(BilingualLabel.Meta):
        verbose_name = _("life domain")
        verbose_name_plural = _("life domains")


class TargetGroup(BilingualLabel):
    """Doelgroep: a group of residents with a shared kind of need (elderly, autism, carers...)."""

    class Meta(BilingualLabel.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

