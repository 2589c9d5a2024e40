"""The service, its member organisations, and the places it serves (municipalities, districts)."""

import copy
import re
import time

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from naast.core import phones

from . import branding

MUNICIPALITY_CODE = RegexValidator(r"^GM\d{4}$", _("A municipality code is GM followed by 4 digits, e.g. GM0637."))
POSTCODE_RE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})?\s*$")


PHONE_MESSAGE = _("Enter a valid phone number with the area code, such as 0522 123 456.")
AT_LEAST_ONE = [MinValueValidator(1)]


def validate_phone(value: str) -> None:
    """A public phone number that exists (Dutch by default), as the social map checks them."""
    if value and not phones.is_valid(value):
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")


def normalise_postcode(value: str) -> str | None:
    """'1234 ab' -> '1234AB', '1234' -> '1234'; None when it is not a Dutch postcode."""
    match = POSTCODE_RE.match(value or "")
    if not match or match.group(1).startswith("0"):
        return None
    return match.group(1) + (match.group(2) or "").upper()


class ServiceProfile(models.Model):
    """The one client-support service this deployment runs: its public face and its norms.

    There is exactly one row (pk=1); `ServiceProfile.get()` creates it with defaults. Every page
    (the footer's contact details) and every new help request (its deadlines) reads it, so each
    process keeps it for `CACHE_SECONDS`: a save clears this process's copy at once, and the other
    web processes pick up changed norms or contact details within that time.
    """

    CACHE_SECONDS = 30
    _cached: tuple[float, "ServiceProfile"] | None = None

    name = models.CharField(_("name"), max_length=200, default="Cliëntondersteuning")
    phone = models.CharField(
        _("public phone number"), max_length=40, blank=True, validators=[validate_phone],
        help_text=_("Shown on every public page, e.g. 0522 123 456."),
    )
    email = models.EmailField(_("public e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # "When it cannot wait": where the public form, thank-you and follow-up pages send a resident
    # whose question cannot wait for us (naast/urgent_help.html). Empty hides a line.
    emergency_phone = models.CharField(
        _("emergency number"), max_length=20, blank=True, default="112",
        help_text=_("Danger to life, police, fire brigade, ambulance. In the Netherlands: 112."),
    )
    suicide_prevention_phone = models.CharField(
        _("suicide prevention line"), max_length=20, blank=True, default="0800-0113",
        help_text=_("113 Zelfmoordpreventie, free and anonymous, day and night: 0800-0113."),
    )
    domestic_violence_phone = models.CharField(
        _("domestic violence and child abuse line"), max_length=20, blank=True, default="0800-2000",
        help_text=_("Veilig Thuis, free, day and night: 0800-2000."),
    )
    # Norms (docs/domain.md §6); deadlines are counted in Dutch working days unless noted.
    urgent_first_contact_working_days = models.PositiveSmallIntegerField(
        _("first contact for urgent requests (working days)"), default=3, validators=AT_LEAST_ONE,
        help_text=_("Urgent request: the resident is contacted within this many working days after the request comes in."),
    )
    regular_first_contact_days = models.PositiveSmallIntegerField(
        _("first contact for regular requests (calendar days)"), default=14, validators=AT_LEAST_ONE,
        help_text=_("Regular request: the resident is contacted (a call or a message) within this many calendar "
                    "days after the request comes in. This sets the deadline of a new request."),
    )
    appointment_working_days = models.PositiveSmallIntegerField(
        _("appointment after first contact (working days)"), default=2, validators=AT_LEAST_ONE,
        help_text=_("After the first contact, an appointment is made within this many working days."),
    )
    pickup_regular_days = models.PositiveSmallIntegerField(
        _("regular requests handled within (days)"), default=28, validators=AT_LEAST_ONE,
        help_text=_("Regular request: the support itself has started (a first conversation in person, or the question "
                    "answered) within this many calendar days after the request came in."),
    )
    pickup_urgent_working_days = models.PositiveSmallIntegerField(
        _("urgent requests handled within (working days)"), default=3, validators=AT_LEAST_ONE,
        help_text=_("Urgent request: the support itself has started (a first conversation in person, or the question "
                    "answered) within this many working days after the request came in."),
    )
    guideline_hours = models.PositiveSmallIntegerField(
        _("guideline hours per help request"), default=10, validators=AT_LEAST_ONE,
        help_text=_("Hours a help request normally takes; a supporter who goes past them records a reason."),
    )
    hourly_tariff_eur = models.DecimalField(
        _("hourly tariff (euro)"), max_digits=7, decimal_places=2, default=65,
        validators=[MinValueValidator(0)], help_text=_("Euro per hour, e.g. 65,50."),
    )
    stale_after_months = models.PositiveSmallIntegerField(
        _("social-map entries need checking after (months)"), default=12, validators=AT_LEAST_ONE,
        help_text=_("A social-map entry not checked for this many months is listed as needing a check."),
    )

    logo = models.FileField(
        _("logo"), upload_to="service/", blank=True, validators=[branding.validate_logo],
        help_text=_("Shown in the header of the public pages: PNG, JPEG or WebP, at most 200 KB."),
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, blank=True, validators=[branding.validate_primary_colour],
        help_text=_("Colour of the header and the buttons, for example #1f4e79; white text on it needs a "
                    "contrast of at least 4.5:1. Empty: Naast's blue."),
    )

    class Meta:
        verbose_name = _("service profile")
        verbose_name_plural = _("service profile")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        ServiceProfile.clear_cache()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        ServiceProfile.clear_cache()
        return super().delete(*args, **kwargs)

    @classmethod
    def clear_cache(cls) -> None:
        cls._cached = None

    @classmethod
    def get(cls) -> "ServiceProfile":
        """The profile, read at most every `CACHE_SECONDS` per process; a copy, so a caller that
        changes it without saving changes nothing for the next caller."""
        cached = cls._cached
        if cached is None or time.monotonic() - cached[0] >= cls.CACHE_SECONDS:
            obj, _created = cls.objects.get_or_create(pk=1)
            cls._cached = cached = (time.monotonic(), obj)
        return copy.copy(cached[1])


class MemberOrganisation(models.Model):
    """An organisation that delivers client support for the service (e.g. MEE) or takes part in it."""

    class Kind(models.TextChoices):
        CLIENT_SUPPORT = "client_support", _("Independent client-support organisation")
        CLIENT_INTEREST = "client_interest", _("Client-interest organisation")
        WELFARE = "welfare", _("Welfare organisation")
        CARE_PROVIDER = "care_provider", _("Care provider")
        INFORMAL = "informal", _("Informal / volunteer organisation")
        MUNICIPALITY = "municipality", _("Municipality")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """Gemeente, identified by its CBS code (GMxxxx)."""

    code = models.CharField(_("CBS code"), max_length=6, unique=True, validators=[MUNICIPALITY_CODE])
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """Wijk: a neighbourhood within a municipality."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="districts", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["municipality__name", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="district_unique_name")]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality.name})"


class PostcodeDistrict(models.Model):
    """Maps a postcode (4 digits, or 4 digits + 2 letters) to a district."""

    postcode = models.CharField(_("postcode"), max_length=6, unique=True)
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="postcodes")

    class Meta:
        ordering = ["postcode"]
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")

    def __str__(self) -> str:
        return f"{self.postcode} → {self.district}"

    def clean(self):
        normalised = normalise_postcode(self.postcode)
        if not normalised:
            raise ValidationError({"postcode": _("Enter a Dutch postcode such as 1234 AB or 1234.")})
        self.postcode = normalised


def district_for_postcode(postcode: str) -> District | None:
    """The district of a postcode: an exact 6-character match first, then its 4-digit area."""
    normalised = normalise_postcode(postcode)
    if not normalised:
        return None
    candidates = {normalised, normalised[:4]}
    rows = {
        row.postcode: row.district
        for row in PostcodeDistrict.objects.filter(postcode__in=candidates).select_related("district__municipality")
    }
    return rows.get(normalised) or rows.get(normalised[:4])
