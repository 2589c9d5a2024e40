"""The register of who provides client support in each municipality, and its history.

One row per municipality and provider (`Provision`), written only by `naast.providers.services`,
which also writes a `ProvisionChange` for every addition, change and removal: who, when, what,
and the entry as it stood afterwards. The register "as of" a past date is rebuilt from those
changes (`selectors.register_as_of`). Regions group municipalities for the overview.

The register keeps its own list of municipalities (`RegisterMunicipality`, by CBS code): it covers
a whole region, also municipalities the service does not serve, which must not appear in the
service's own lists (the public help form offers every `organisations.Municipality`). A
register municipality and a served one with the same CBS code are the same place.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naast.organisations.models import MUNICIPALITY_CODE, MemberOrganisation, validate_phone

# The organisation-kind codes of docs/domain.md §5, one list for the whole of Naast.
ProviderType = MemberOrganisation.Kind


class Region(models.Model):
    """A group of municipalities shown together (a province, a labour-market region, a joint tender)."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class RegisterMunicipality(models.Model):
    """A municipality in the provider register, served by this service or not."""

    code = models.CharField(_("CBS code"), max_length=6, unique=True, validators=[MUNICIPALITY_CODE])
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(Region, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="municipalities", verbose_name=_("region"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality in the register")
        verbose_name_plural = _("municipalities in the register")

    def __str__(self) -> str:
        return self.name


class Provision(models.Model):
    """One organisation that provides client support in one municipality, as it stands now."""

    municipality = models.ForeignKey(RegisterMunicipality, on_delete=models.PROTECT, related_name="provisions",
                                     verbose_name=_("municipality"))
    provider = models.CharField(_("provider"), max_length=200)
    provider_type = models.CharField(_("type of organisation"), max_length=30, choices=ProviderType.choices)
    parent_group = models.CharField(_("parent organisation or group"), max_length=200, blank=True)
    parent_provides_care = models.BooleanField(_("the group also provides care"), default=False)
    phone = models.CharField(_("phone number for residents"), max_length=40, blank=True, validators=[validate_phone])

    class Meta:
        ordering = ["municipality__name", "provider"]
        constraints = [models.UniqueConstraint(fields=["municipality", "provider"], name="provision_unique_provider")]
        verbose_name = _("client-support provider")
        verbose_name_plural = _("client-support providers")

    def __str__(self) -> str:
        return f"{self.provider} ({self.municipality.name})"


class ProvisionChange(models.Model):
    """One change to the register: kept for good, also after the entry itself is removed."""

    class Action(models.TextChoices):
        ADDED = "added", _("added")
        CHANGED = "changed", _("changed")
        REMOVED = "removed", _("removed")

    provision_key = models.PositiveIntegerField(_("entry number"), db_index=True)  # Provision.pk, kept after removal
    municipality = models.ForeignKey(RegisterMunicipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    changed_at = models.DateTimeField(_("changed at"), db_index=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("changed by"))
    changed_by_name = models.CharField(_("changed by (name)"), max_length=150, blank=True)
    summary = models.TextField(_("what changed"), blank=True)
    # The entry after the change (for a removal: as it was before).
    provider = models.CharField(_("provider"), max_length=200)
    provider_type = models.CharField(_("type of organisation"), max_length=30, choices=ProviderType.choices)
    parent_group = models.CharField(_("parent organisation or group"), max_length=200, blank=True)
    parent_provides_care = models.BooleanField(_("the group also provides care"), default=False)
    phone = models.CharField(_("phone number for residents"), max_length=40, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("change to the provider register")
        verbose_name_plural = _("changes to the provider register")

    def __str__(self) -> str:
        return f"{self.changed_at:%Y-%m-%d %H:%M} {self.action} {self.provider}"
