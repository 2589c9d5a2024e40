"""The social map (sociale kaart), modelled on Open Referral HSDS 3.0.

Every HSDS object keeps its HSDS id as primary key (a UUID), so an import can update what an
earlier import wrote instead of duplicating it. Fields marked "internal" are for professionals
only: they are never shown on public pages, in the public API or in an export.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from naast.organisations.models import District, MemberOrganisation, Municipality
from naast.taxonomies.models import LifeDomain, TargetGroup

# Fixed namespace so that Naast's own taxonomy terms (life domains, target groups, service
# types) have the same HSDS id in every installation and every export.
NAAST_NAMESPACE = uuid.UUID("6f1d3c2e-8a51-4b7e-9d0a-2c4e5f6a7b8c")


def naast_uuid(kind: str, code: str) -> uuid.UUID:
    return uuid.uuid5(NAAST_NAMESPACE, f"{kind}:{code}")


class HSDSModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class Organization(HSDSModel):
    """An organisation that delivers services (HSDS `organization`)."""

    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    tax_status = models.CharField(_("tax status"), max_length=200, blank=True)
    tax_id = models.CharField(_("tax id"), max_length=200, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(_("year incorporated"), null=True, blank=True)
    legal_status = models.CharField(_("legal status"), max_length=200, blank=True)
    logo = models.CharField(_("logo"), max_length=500, blank=True)
    uri = models.URLField(_("URI"), max_length=500, blank=True)
    # A reference outside this map is allowed by HSDS, so it is kept as a plain id.
    parent_organization_id = models.UUIDField(_("parent organisation id"), null=True, blank=True)
    member_organisation = models.ForeignKey(
        MemberOrganisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("member organisation of the service"),
    )
    modified_at = models.DateTimeField(_("last modified"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Taxonomy(HSDSModel):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    uri = models.URLField(_("URI"), max_length=500, blank=True)
    version = models.CharField(_("version"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(HSDSModel):
    """A term of a taxonomy. Naast's service types are terms of the seeded 'naast-service-type'."""

    taxonomy_ref = models.ForeignKey(
        Taxonomy, on_delete=models.PROTECT, null=True, blank=True, related_name="terms", verbose_name=_("taxonomy")
    )
    # HSDS allows ids of taxonomies and parents that live elsewhere; kept as given.
    taxonomy_id_value = models.UUIDField(null=True, blank=True)
    parent_id = models.UUIDField(null=True, blank=True)
    code = models.CharField(_("code"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    taxonomy = models.CharField(_("taxonomy name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=20, blank=True)
    term_uri = models.URLField(_("term URI"), max_length=500, blank=True)
    # Extra words residents use for this term; they make the term findable by search.
    keywords = models.TextField(_("search words"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class ServiceQuerySet(models.QuerySet):
    def public(self):
        """What residents may see: not archived, running or temporarily closed, and checked
        within `NAAST["MAP_HIDE_UNCHECKED_AFTER_MONTHS"]` (a closed service found is worse than none)."""
        qs = self.filter(archived_at__isnull=True, status__in=[Status.ACTIVE, Status.TEMPORARILY_CLOSED])
        cutoff = hide_cutoff()
        if cutoff is None:
            return qs
        return qs.filter(checked_since_q(cutoff))

    def hidden_as_unchecked(self):
        """Services on the map that residents do not see because nobody checked them in time."""
        cutoff = hide_cutoff()
        if cutoff is None:
            return self.none()
        return self.filter(archived_at__isnull=True).exclude(checked_since_q(cutoff))

    def stale(self, months: int):
        """Not checked by staff nor confirmed by the provider (HSDS `assured_date`) within `months`."""
        cutoff = timezone.localdate() - timezone.timedelta(days=round(months * 30.44))
        return self.filter(archived_at__isnull=True).exclude(
            models.Q(last_verified_on__gte=cutoff) | models.Q(assured_date__gte=cutoff)
        )


def hide_cutoff() -> dt.date | None:
    """The day before which an unchecked service leaves the public map (None: never)."""
    months = settings.NAAST.get("MAP_HIDE_UNCHECKED_AFTER_MONTHS", 0)
    if not months:
        return None
    return timezone.localdate() - dt.timedelta(days=round(months * 30.44))


def checked_since_q(cutoff: dt.date) -> models.Q:
    """Checked by staff or assured by its provider since `cutoff`; never checked: changed since."""
    never = models.Q(last_verified_on__isnull=True, assured_date__isnull=True)
    return (models.Q(last_verified_on__gte=cutoff) | models.Q(assured_date__gte=cutoff)
            | (never & models.Q(modified_at__gte=dt.datetime.combine(cutoff, dt.time.min, tzinfo=dt.UTC))))


MAX_AGE = 120
AGE_MESSAGE = _("Enter an age from 0 to 120 years.")
AGE_VALIDATORS = [MinValueValidator(0, message=AGE_MESSAGE), MaxValueValidator(MAX_AGE, message=AGE_MESSAGE)]


class Service(HSDSModel):
    """A service (voorziening) residents can use (HSDS `service`)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="services",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=300, db_index=True)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description in plain language"), blank=True)
    url = models.URLField(_("website"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.ACTIVE)
    interpretation_services = models.TextField(_("interpretation services"), blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    fees_description = models.TextField(_("costs"), blank=True)
    fees = models.TextField(_("fees (legacy)"), blank=True)
    wait_time = models.CharField(_("waiting time as reported"), max_length=300, blank=True)
    waiting_weeks = models.PositiveSmallIntegerField(_("waiting time in weeks"), null=True, blank=True)
    free_of_charge = models.BooleanField(_("free of charge"), default=False)
    accreditations = models.TextField(_("accreditations"), blank=True)
    eligibility_description = models.TextField(_("who it is for"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True, validators=AGE_VALIDATORS)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True, validators=AGE_VALIDATORS)
    assured_date = models.DateField(_("assured on"), null=True, blank=True)
    assurer_email = models.EmailField(_("assurer e-mail"), blank=True)
    licenses = models.TextField(_("licences"), blank=True)
    alert = models.TextField(_("alert"), blank=True)
    modified_at = models.DateTimeField(_("last modified"), default=timezone.now, db_index=True)

    life_domains = models.ManyToManyField(LifeDomain, blank=True, related_name="+", verbose_name=_("life domains"))
    target_groups = models.ManyToManyField(TargetGroup, blank=True, related_name="+", verbose_name=_("target groups"))
    terms = models.ManyToManyField(
        TaxonomyTerm, through="ServiceAttribute", blank=True, related_name="services", verbose_name=_("service types")
    )

    # Internal: for professionals only.
    internal_notes = models.TextField(_("internal notes"), blank=True)
    direct_line = models.CharField(_("direct line for professionals"), max_length=40, blank=True)
    referral_instructions = models.TextField(_("referral instructions"), blank=True)

    # Freshness.
    last_verified_on = models.DateField(_("last checked on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("checked by"),
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    # Kept by the search index (`search.index.reindex`, which every writer of the map calls for what it
    # wrote): a service without any service area serves everyone, and the place filter must find
    # those without visiting the areas of every service in the map.
    has_service_area = models.BooleanField(default=False, db_default=False, editable=False)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [
            # The services that serve everyone (no service area), which the place filter lists:
            # few or none, found without reading every service of the map (22 ms at 100,000).
            models.Index(fields=["id"], condition=models.Q(has_service_area=False), name="socialmap_service_everyone"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="socialmap_service_age_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        ages = (self.minimum_age, self.maximum_age)
        # An age out of range has its own message; comparing it as well would only add noise.
        if None not in ages and all(0 <= age <= MAX_AGE for age in ages) and self.minimum_age > self.maximum_age:
            raise ValidationError({"maximum_age": _("The maximum age must be at least the minimum age.")})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def checked_on(self) -> dt.date | None:
        """The last check: by staff, or the provider's confirmation (HSDS `assured_date`)."""
        return max([d for d in (self.last_verified_on, self.assured_date) if d], default=None)

    @property
    def hidden_as_unchecked(self) -> bool:
        """Off the public map because nobody checked it in time (staff still see it)."""
        cutoff = hide_cutoff()
        if cutoff is None or self.is_archived:
            return False
        if self.checked_on is not None:
            return self.checked_on < cutoff
        return timezone.localdate(self.modified_at) < cutoff


class ServiceAttribute(HSDSModel):
    """HSDS `attribute`: links a service to a taxonomy term (kept with its own HSDS id)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes")
    link_type = models.CharField(max_length=100, blank=True)
    link_entity = models.CharField(max_length=100, blank=True, default="service")
    value = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "taxonomy_term"], name="socialmap_attribute_unique")]

    def __str__(self) -> str:
        return f"{self.service_id} → {self.taxonomy_term_id}"


class Location(HSDSModel):
    class Type(models.TextChoices):
        PHYSICAL = "physical", _("Building")
        POSTAL = "postal", _("Postal address")
        VIRTUAL = "virtual", _("Online")

    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="locations"
    )
    location_type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.PHYSICAL)
    url = models.URLField(_("website"), max_length=500, blank=True)
    name = models.CharField(_("name"), max_length=300, blank=True)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("how to get there"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    external_identifier = models.CharField(max_length=200, blank=True)
    external_identifier_type = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name or str(self.id)

    @property
    def has_coordinates(self) -> bool:
        return (
            self.latitude is not None and self.longitude is not None
            and -90 <= self.latitude <= 90 and -180 <= self.longitude <= 180
        )


class Address(HSDSModel):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=200, blank=True)
    address_1 = models.CharField(_("street and number"), max_length=300)
    address_2 = models.CharField(_("address line 2"), max_length=300, blank=True)
    city = models.CharField(_("place"), max_length=200)
    region = models.CharField(max_length=200, blank=True)
    state_province = models.CharField(_("province"), max_length=200)
    postal_code = models.CharField(_("postcode"), max_length=20)
    country = models.CharField(_("country"), max_length=2, default="NL")
    address_type = models.CharField(max_length=20, choices=Location.Type.choices, default=Location.Type.PHYSICAL)

    class Meta:
        ordering = ["address_1"]

    def __str__(self) -> str:
        return f"{self.address_1}, {self.postal_code} {self.city}"


class Accessibility(HSDSModel):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.description[:60] or str(self.id)


class ServiceAtLocation(HSDSModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["service__name"]

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


class Contact(HSDSModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)

    def __str__(self) -> str:
        return self.name or self.email or str(self.id)


class Phone(HSDSModel):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("phone number"), max_length=60)
    extension = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    type = models.CharField(_("type"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)

    def clean(self):
        from naast.core.phones import is_valid

        if self.number and not is_valid(self.number):
            raise ValidationError({"number": _("Enter a valid phone number, such as 0522 123 456.")})

    @property
    def dial(self) -> str:
        """The number for a tel: link (E.164 when it parses, else digits and +)."""
        from naast.core.phones import e164

        return e164(self.number)

    def __str__(self) -> str:
        return self.number


class Weekday(models.TextChoices):
    # A context of their own: these start a line of opening hours ("Maandag 9:00–12:00"), while
    # Django's own "Monday" is the one inside a date ("vóór maandag 7 december").
    MO = "MO", pgettext_lazy("opening hours", "Monday")
    TU = "TU", pgettext_lazy("opening hours", "Tuesday")
    WE = "WE", pgettext_lazy("opening hours", "Wednesday")
    TH = "TH", pgettext_lazy("opening hours", "Thursday")
    FR = "FR", pgettext_lazy("opening hours", "Friday")
    SA = "SA", pgettext_lazy("opening hours", "Saturday")
    SU = "SU", pgettext_lazy("opening hours", "Sunday")


WEEKDAY_CODES = [code for code, _label in Weekday.choices]


class Schedule(HSDSModel):
    """Opening hours. A regular row: freq WEEKLY, byday 'MO,TU', opens_at/closes_at (several rows
    per day for several periods). A closure (holiday, renovation): `closed` with valid_from/valid_to."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", _("Weekly")
        MONTHLY = "MONTHLY", _("Monthly")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    timezone = models.SmallIntegerField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    wkst = models.CharField(max_length=2, choices=Weekday.choices, blank=True)
    freq = models.CharField(max_length=10, choices=Freq.choices, blank=True)
    interval = models.PositiveIntegerField(null=True, blank=True)
    byday = models.CharField(_("days"), max_length=60, blank=True)
    byweekno = models.CharField(max_length=200, blank=True)
    bymonthday = models.CharField(max_length=200, blank=True)
    byyearday = models.CharField(max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    schedule_link = models.URLField(max_length=500, blank=True)
    attending_type = models.CharField(max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    closed = models.BooleanField(_("closed in this period"), default=False)

    class Meta:
        ordering = ["opens_at"]
        # Closures, and the opening periods that have begun by now (the "open now" filter), with
        # every column that filter reads: between the day's and the evening's hours it checks
        # most periods of the map, from the index alone.
        indexes = [models.Index(
            fields=["closed", "opens_at", "closes_at", "byday", "valid_from", "valid_to", "service",
                    "service_at_location"],
            name="socialmap_schedule_now",
        )]

    def days(self) -> list[str]:
        return [d.strip().upper() for d in self.byday.split(",") if d.strip()]

    def __str__(self) -> str:
        return f"{self.byday} {self.opens_at}-{self.closes_at}"


class ServiceArea(HSDSModel):
    """Where a service is offered; Naast links it to a municipality or a district."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.TextField(_("name"), blank=True)
    description = models.TextField(_("description"), blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=50, blank=True)
    uri = models.CharField(max_length=500, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        # The place filter lists the services whose area covers a municipality or district:
        # read from these indexes alone, without a visit to each area row.
        indexes = [
            models.Index(fields=["municipality", "district", "service"], name="socialmap_area_place"),
            models.Index(fields=["district", "service"], name="socialmap_area_district"),
        ]

    def __str__(self) -> str:
        return self.name[:60] or str(self.municipality or self.district or self.id)


class Language(HSDSModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="languages")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="languages")
    phone = models.ForeignKey(Phone, on_delete=models.CASCADE, null=True, blank=True, related_name="languages")
    name = models.CharField(_("language"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=20, blank=True)
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name or self.code


class CostOption(HSDSModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.TextField(blank=True)
    currency = models.CharField(max_length=3, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.option[:60] or str(self.amount)


class Funding(HSDSModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="funding")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="funding")
    source = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.source[:60]


class RequiredDocument(HSDSModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="required_documents")
    document = models.TextField(blank=True)
    uri = models.URLField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.document[:60]


# History keys that are not fields of Service: what the staff pages and the admin edit besides.
CHANGE_LABELS = {
    "opening_hours": _("opening hours"), "schedule": _("opening hours"),
    "closures": _("closures"),
    "service_areas": _("service area"), "servicearea": _("service area"),
    "phone": _("phone number"),
    "serviceatlocation": _("location"), "location_type": _("location"), "location_name": _("location"),
    "address": _("address"), "coordinates": _("coordinates"), "accessibility": _("accessibility"),
    "transportation": _("how to get there"), "location_url": _("website for online help"),
}


class ServiceChange(models.Model):
    """Change history of a service, written by `services.py` on every edit (wijzigingslog)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Changed")
        VERIFIED = "verified", _("Checked")
        ARCHIVED = "archived", _("Archived")
        RESTORED = "restored", _("Restored")
        IMPORTED = "imported", _("Imported")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # {"field": [old, new]} for changed fields.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.service} {self.kind} {self.at:%Y-%m-%d}"

    def changed_labels(self) -> list[str]:
        """What changed, in the reader's language ("naam, openingstijden"), each once."""
        labels = []
        for key in self.changes:
            label = CHANGE_LABELS.get(key)
            if label is None:
                try:
                    label = Service._meta.get_field(key).verbose_name
                except FieldDoesNotExist:
                    label = key
            labels.append(str(label))
        return list(dict.fromkeys(labels))


class SearchPhrase(models.Model):
    """A curated everyday phrase ("huur", "vergeet") and what it means for search.

    When every word of `phrase` appears in a query (stemmed), the `expansion` words are added to
    the query and services with the linked life domain or service type rank higher.
    """

    phrase = models.CharField(_("words residents use"), max_length=200, unique=True)
    expansion = models.CharField(
        _("search also for"), max_length=500, blank=True,
        help_text=_("Words separated by spaces, e.g. 'schuldhulp geldzorgen budget'."),
    )
    life_domain = models.ForeignKey(
        LifeDomain, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("life domain")
    )
    term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("service type")
    )

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("search phrase")
        verbose_name_plural = _("search phrases")

    def __str__(self) -> str:
        return self.phrase


class SearchPosting(models.Model):
    """One line of the search index: a stem that occurs in a service's text, with its weight for
    that service (BM25 term-frequency part, fields weighted: name > taxonomy > body). The index on
    (stem, weight) lets a search read only the best services for each word it looks for."""

    stem = models.CharField(max_length=64)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+", db_index=False)
    weight = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["stem", "-weight", "service"], name="socialmap_posting_rank"),
            models.Index(fields=["service"], name="socialmap_posting_service"),
        ]

    def __str__(self) -> str:
        return f"{self.stem} {self.weight:.2f}"


class SearchStem(models.Model):
    """How many services have a stem in their search index (the number of its `SearchPosting`
    lines), for the stem's rarity in the ranking: read by key, where counting the postings of a
    common stem reads up to one index line per service (10-30 ms on a large map, for every stem
    a process had not asked for yet). Kept by the search index's writer (`search.index`)."""

    stem = models.CharField(max_length=64, primary_key=True)
    documents = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.stem} {self.documents}"


class SearchFacet(models.Model):
    """One line per service and link a filter narrows by (a life domain, a target group, a
    service type), with the service's name: through the index on (facet, name, service) a
    filter's services in name order are one range, so a search without words reads its first
    page there instead of walking the whole map by name looking for them. Kept by the search
    index's writer (`search.index.reindex`); the link tables stay the rule (`search.filters`)."""

    facet = models.CharField(max_length=40)  # see `search.index.facet_key`
    name = models.CharField(max_length=300)  # the service's, sorted as its own
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="facets", db_index=False)

    class Meta:
        indexes = [
            models.Index(fields=["facet", "name", "service"], name="socialmap_facet_order"),
            models.Index(fields=["service", "facet"], name="socialmap_facet_service"),
        ]

    def __str__(self) -> str:
        return f"{self.facet} {self.name}"


class SearchIndexState(models.Model):
    """One row: a stamp every writer of the search index, the word list, the curated phrases or
    the thesaurus moves on (`version`; `generation` when the whole index was rebuilt), so each
    server process reads what changed when the stamp moved, and nothing while it stands still."""

    version = models.PositiveBigIntegerField(default=0)
    generation = models.PositiveBigIntegerField(default=0)
    documents = models.PositiveIntegerField(default=0)  # services in the map, for a word's rarity

    def __str__(self) -> str:
        return f"{self.generation}.{self.version}"


class SearchWord(models.Model):
    """The vocabulary of the search index: every indexed word and its stem, for spelling tolerance."""

    word = models.CharField(max_length=100, unique=True)
    stem = models.CharField(max_length=100, db_index=True)
    frequency = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.word


class SearchConcept(models.Model):
    """A concept of the search thesaurus: what residents call a kind of help, in six languages,
    and the words Dutch services use for it (`expansion`), so it works on any imported map.

    When a query contains one of the phrases (any language; the last word may be a longer form,
    "borçlarım" for "borç"), the map words are searched for with more weight than the typed words,
    the words of a phrase of several words no longer count on their own ("maaltijden thuis" is about
    meals, not "thuis"), and services with a linked taxonomy term or life domain rank higher."""

    key = models.SlugField(_("short name"), max_length=60, unique=True)
    phrases_nl = models.TextField(_("Dutch words residents use"), blank=True, help_text=_("One word or phrase per line."))
    phrases_en = models.TextField(_("English"), blank=True)
    phrases_ar = models.TextField(_("Arabic"), blank=True)
    phrases_tr = models.TextField(_("Turkish"), blank=True)
    phrases_pl = models.TextField(_("Polish"), blank=True)
    phrases_uk = models.TextField(_("Ukrainian"), blank=True)
    expansion = models.CharField(
        _("words on the map"), max_length=500,
        help_text=_("The words services use for this help, separated by spaces, e.g. 'schuldhulpverlening budgetcoaching'."),
    )
    life_domain = models.ForeignKey(
        LifeDomain, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("life domain")
    )
    terms = models.ManyToManyField(
        TaxonomyTerm, blank=True, related_name="+", verbose_name=_("taxonomy terms"),
        help_text=_("Services with one of these terms rank higher for this concept."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk")

    class Meta:
        ordering = ["key"]
        verbose_name = _("search concept")
        verbose_name_plural = _("search concepts")

    def __str__(self) -> str:
        return self.key

    def phrases(self) -> list[str]:
        """Every phrase of every language, one per entry."""
        return [line.strip() for lang in self.LANGUAGES for line in getattr(self, f"phrases_{lang}").splitlines()
                if line.strip()]


class SearchStatistic(models.Model):
    """How a query fared, counted per month: searches, searches without results and the answers
    to "did this help?". Counts only — no person, address, session or time of day is kept."""

    month = models.DateField()  # the first day of the month
    query = models.CharField(max_length=200)  # folded and trimmed as searched for
    searches = models.PositiveIntegerField(default=0)
    without_results = models.PositiveIntegerField(default=0)
    helped = models.PositiveIntegerField(default=0)
    not_helped = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-month", "query"]
        constraints = [models.UniqueConstraint(fields=["month", "query"], name="socialmap_statistic_unique")]
        verbose_name = _("search statistic")
        verbose_name_plural = _("search statistics")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.query}"


class ProviderCheck(models.Model):
    """A request to an organisation to confirm or correct its services on the map, sent by
    e-mail (`naast request-map-checks`) with a personal link; only the secret's digest is kept."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("check by the provider")
        verbose_name_plural = _("checks by providers")

    def __str__(self) -> str:
        return f"{self.organization} {self.created_at:%Y-%m-%d}"


class ServiceCorrection(models.Model):
    """A provider's correction of a service, waiting for a coordinator's approval; approved, it
    is saved like a staff edit (history, reindex)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    FIELDS = ("name", "description", "url", "email", "application_process", "fees_description")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="corrections")
    check_request = models.ForeignKey(ProviderCheck, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    proposed = models.JSONField(default=dict)  # field -> new value
    note = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction by the provider")
        verbose_name_plural = _("corrections by providers")

    def __str__(self) -> str:
        return f"{self.service} {self.state}"

    def rows(self) -> list[tuple[str, str, str]]:
        """(label, current, proposed) per proposed field, for the coordinator."""
        return [(str(Service._meta.get_field(name).verbose_name), getattr(self.service, name), value)
                for name, value in self.proposed.items() if name in self.FIELDS]
