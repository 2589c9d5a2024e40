"""The core records: clients (cliënten) and their help requests (hulpvragen), and who supports them.

Every view that shows these goes through `naast.privacy.policy`, which also writes the audit log.
Later features extend these models (intake, case work, reports) instead of defining their own.
A help request's status and due times (its *life*) are written by `naast.registry.lifecycle`
alone; the guard below refuses any other writer (docs/lifecycle.md).
"""

import secrets
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naast.core import names, phones
from naast.organisations.models import normalise_postcode

from .choices import OPEN_STATUSES, Channel, Outcome, Referrer, Status, Urgency

REFERENCE_ATTEMPTS = 5
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: easy to read out on the phone


def new_reference(rng=None) -> str:
    """A random, unguessable, phone-friendly reference such as 'HV-7K3M-9P2Q'.

    `rng` (a seeded random.Random) is for reproducible demo data only.
    """
    choice = rng.choice if rng is not None else secrets.choice
    chars = "".join(choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"HV-{chars[:4]}-{chars[4:]}"


# --- look-up keys --------------------------------------------------------------------------------
# The desk's look-up (`naast.intake.selectors`) and the duplicate finder read clients through
# these keys, each with an ordinary B-tree index, on SQLite and PostgreSQL alike: the contact
# details in one normalised form, and the words of the names in `ClientNameWord`. They are
# written here only: `Client.save()`, and `Client.objects` update(), bulk_create() and
# bulk_update() (docs/lookup.md).
def phone_key(phone: str) -> str:
    """'06-12 34 56 78', '+31 6 12345678' and '0031612345678' -> '+31612345678' (E.164, via
    `naast.core.phones`); a number that is not valid keeps its digits only."""
    if not (phone or "").strip():
        return ""
    parsed = phones.parse(phone)
    if parsed is None:
        return "".join(ch for ch in phone if ch.isdigit())[:20]
    return phones.e164(phone)[:20]


def email_key(email: str) -> str:
    return (email or "").strip().lower()[:254]


def postcode_key(postcode: str) -> str:
    """'7991 ab' -> '7991AB' (`normalise_postcode`); anything else without spaces, upper case."""
    return normalise_postcode(postcode or "") or "".join((postcode or "").split()).upper()[:10]


def name_words(display_name: str, full_name: str) -> list[str]:
    """The distinct words of both names as the look-up compares them (`naast.core.names.words`)."""
    return list(dict.fromkeys(w[:names.WORD_LENGTH] for w in names.words(f"{display_name} {full_name}")))


# client field -> (key field, key function)
LOOKUP_KEYS = {"phone": ("phone_key", phone_key), "email": ("email_key", email_key),
               "postcode": ("postcode_key", postcode_key)}
NAME_FIELDS = frozenset({"display_name", "full_name"})


def write_name_words(clients) -> None:
    """(Re)write the `ClientNameWord` rows of `clients` (saved Client instances) from their names."""
    clients = [c for c in clients if c.pk is not None]
    for start in range(0, len(clients), 500):
        chunk = clients[start:start + 500]
        ClientNameWord.objects.filter(client_id__in=[c.pk for c in chunk]).delete()
        ClientNameWord.objects.bulk_create([ClientNameWord(client_id=c.pk, word=word) for c in chunk
                                            for word in name_words(c.display_name, c.full_name)])


class ClientQuerySet(models.QuerySet):
    """Keeps the look-up keys in step with the fields they come from (see `LOOKUP_KEYS`)."""

    def update(self, **kwargs):
        for source, (key, function) in LOOKUP_KEYS.items():
            if source in kwargs and key not in kwargs:
                if hasattr(kwargs[source], "resolve_expression"):
                    raise ValueError(f"Client update(): give {source} as a value, so that {key} can follow it")
                kwargs[key] = function(kwargs[source])
        if not NAME_FIELDS.intersection(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            for start in range(0, len(pks), 2000):
                write_name_words(Client.objects.filter(pk__in=pks[start:start + 2000])
                                 .only("pk", "display_name", "full_name"))
        return count

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.set_lookup_keys()
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            write_name_words(created)
        return created

    def bulk_update(self, objs, fields, batch_size=None):
        objs, fields = list(objs), list(fields)
        for obj in objs:
            obj.set_lookup_keys()
        fields += [LOOKUP_KEYS[f][0] for f in fields if f in LOOKUP_KEYS and LOOKUP_KEYS[f][0] not in fields]
        with transaction.atomic(using=self.db):
            count = super().bulk_update(objs, fields, batch_size=batch_size)
            if NAME_FIELDS.intersection(fields):
                write_name_words(objs)
        return count


class Client(models.Model):
    """Inwoner/cliënt. May be pseudonymous: a display name or initials is enough."""

    display_name = models.CharField(
        _("name or initials"), max_length=120, help_text=_("A first name, initials or a pseudonym is enough.")
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)
    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Opaque key from an earlier system, stored as a salted hash (naast.core.hashing.keyed_digest).
    external_key_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Set when the personal fields were blanked (retention or erasure, `naast.privacy.retention`);
    # the row stays, so reports keep counting the client once.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # Set when this record was merged into another record of the same person (`ClientMerge`): its
    # requests moved there; the row stays for the undo, and look-ups no longer list it.
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("merged into"))
    # The look-up keys (`LOOKUP_KEYS`): written by `set_lookup_keys()`, never by hand.
    phone_key = models.CharField(max_length=20, blank=True, editable=False)
    email_key = models.CharField(max_length=254, blank=True, editable=False)
    postcode_key = models.CharField(max_length=10, blank=True, editable=False)

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        indexes = [models.Index(fields=["phone_key"]), models.Index(fields=["email_key"]),
                   models.Index(fields=["postcode_key"])]

    def __str__(self) -> str:
        return self.display_name

    def set_lookup_keys(self) -> None:
        for source, (key, function) in LOOKUP_KEYS.items():
            setattr(self, key, function(getattr(self, source)))

    def save(self, *args, **kwargs):
        self.set_lookup_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = list(update_fields)
            kwargs["update_fields"] = update_fields + [
                LOOKUP_KEYS[f][0] for f in update_fields if f in LOOKUP_KEYS and LOOKUP_KEYS[f][0] not in update_fields]
        names_written = update_fields is None or bool(NAME_FIELDS.intersection(update_fields))
        with transaction.atomic():
            super().save(*args, **kwargs)
            if names_written:
                write_name_words([self])


class ClientNameWord(models.Model):
    """One word of a client's names, folded (`naast.core.names.words`): 'Ayşe Yılmaz' gives 'ayse'
    and 'yilmaz'. The index on (word, client) serves the look-up by name, a word or its beginning,
    and the typo-forgiving one (`naast.intake.selectors.similar_clients`). Written with the names
    (`write_name_words`), never by hand."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    word = models.CharField(max_length=names.WORD_LENGTH)

    class Meta:
        indexes = [models.Index(fields=["word", "client"], name="registry_client_name_word")]

    def __str__(self) -> str:
        return self.word


# The fields of a help request's life (docs/lifecycle.md). Only `naast.registry.lifecycle` writes
# them: saving, updating or creating a request with any of them anywhere else raises
# `LifecycleViolation`, so a second place that changes a status cannot creep back in.
LIFECYCLE_FIELDS = frozenset({
    "status", "urgency", "first_contact_due", "first_contact_at", "appointment_due", "appointment_at",
    "pickup_due", "picked_up_at", "closed_at", "outcome", "closing_summary",
})
_lifecycle_writer: ContextVar[bool] = ContextVar("naast_lifecycle_writer", default=False)


class LifecycleViolation(RuntimeError):
    """A help request was created, or its status or due times written, outside `naast.registry.lifecycle`."""


@contextmanager
def lifecycle_writes():
    """Allow writing the life fields inside this block. For `naast.registry.lifecycle` only (a test
    fails when another module under src/ uses it); test data and benchmarks use
    `lifecycle.arbitrary_state()`."""
    token = _lifecycle_writer.set(True)
    try:
        yield
    finally:
        _lifecycle_writer.reset(token)


def _check_lifecycle_write(fields, what: str) -> None:
    if _lifecycle_writer.get():
        return
    touched = sorted(LIFECYCLE_FIELDS.intersection(fields))
    if touched:
        raise LifecycleViolation(f"{what} writes {', '.join(touched)}: use naast.registry.lifecycle")


class IsOpen(models.Expression):
    """`status IN ('received', 'assigned', 'in_progress')`, with the statuses written in the SQL.

    The partial index on open requests (`registry_hr_open_queue`) has this condition. SQLite
    uses a partial index only when the query repeats the index's condition term for term, and a
    bound parameter never matches a literal, so `filter(status__in=OPEN_STATUSES)` (which binds
    the statuses as parameters) cannot read it. The values are this module's own constants.
    """

    conditional = True
    output_field = models.BooleanField()

    def __init__(self):
        super().__init__()
        self.status = models.F("status")

    def get_source_expressions(self):
        return [self.status]

    def set_source_expressions(self, exprs):
        (self.status,) = exprs

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.status)
        return f"{column} IN ({', '.join(repr(str(value)) for value in OPEN_STATUSES)})", params


class HelpRequestQuerySet(models.QuerySet):
    def open(self):
        """Open requests, in a form the partial indexes on open requests can serve."""
        return self.filter(IsOpen())

    def update(self, **kwargs):
        _check_lifecycle_write(kwargs, "HelpRequest update()")
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        _check_lifecycle_write(fields, "HelpRequest bulk_update()")
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs):
        _check_lifecycle_write(LIFECYCLE_FIELDS, "HelpRequest bulk_create()")
        return super().bulk_create(objs, *args, **kwargs)


class HelpRequest(models.Model):
    """Hulpvraag: the unit of work. One client can have many over time."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, null=True, blank=True, related_name="help_requests", verbose_name=_("client")
    )
    # No single-column index on municipality and organisation: the composite indexes below (and
    # the reports app's, on the closing time) start with them and serve the same look-ups.
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("municipality"),
        db_index=False,
    )
    district = models.ForeignKey(
        "organisations.District", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("district")
    )
    organisation = models.ForeignKey(
        "organisations.MemberOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("member organisation"),
        db_index=False,
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    referrer = models.CharField(_("referred by"), max_length=30, choices=Referrer.choices, default=Referrer.SELF)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.REGULAR)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    life_domains = models.ManyToManyField(
        "taxonomies.LifeDomain", blank=True, related_name="help_requests", verbose_name=_("life domains")
    )
    target_group = models.ForeignKey(
        "taxonomies.TargetGroup", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("target group")
    )
    # The ids of `life_domains` in ascending order, comma-separated ("3,7"; "" for none), so the
    # monitor report groups a period's rows by domain without joining every link. Written only by
    # `registry.life_domains.store_keys`, on every change of the links; never by save().
    life_domain_key = models.CharField(max_length=200, blank=True, default="", editable=False)
    question = models.TextField(_("question in the resident's own words"), blank=True)
    is_quick_log = models.BooleanField(
        _("quick question answered on the spot"), default=False, help_text=_("Logged in seconds; counts in reports.")
    )
    # Total minutes of support, kept up to date by the contact log (and set directly by quick
    # logs and historical imports), so reports sum one column instead of joining every contact.
    minutes_spent = models.PositiveIntegerField(_("minutes spent"), default=0)
    # Deadlines (from Zammad's SLA pattern): target time and, once met, the actual time.
    first_contact_due = models.DateTimeField(_("first contact due"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("first contact made"), null=True, blank=True)
    appointment_due = models.DateTimeField(_("appointment due"), null=True, blank=True)
    appointment_at = models.DateTimeField(_("first appointment"), null=True, blank=True)
    # "Opgepakt": the support itself started (the first conversation in person, or an answer).
    pickup_due = models.DateTimeField(_("support to start by"), null=True, blank=True)
    picked_up_at = models.DateTimeField(_("support started"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    closing_summary = models.TextField(_("closing summary"), blank=True)
    supporters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Assignment",
        through_fields=("help_request", "supporter"),
        related_name="supported_requests",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the request's personal content was blanked (`naast.privacy.retention`); every
    # statistical field stays as it was.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        indexes = [
            models.Index(fields=["status", "first_contact_due"]),
            models.Index(fields=["received_at"]),
            models.Index(fields=["closed_at"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["municipality", "received_at"]),
            # The coordinator's queue: open requests only (it stays small while closed history
            # grows), in queue order, with every column the queue filters and counts on (also the
            # late appointments and support starts), so a page's ids and the counts at the top are
            # read from this index alone.
            models.Index(
                fields=[
                    "first_contact_due", "received_at", "id", "status", "first_contact_at", "organisation",
                    "municipality", "urgency", "channel", "appointment_due", "appointment_at", "pickup_due",
                    "picked_up_at",
                ],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="registry_hr_open_queue",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_life()
        return instance

    def _remember_life(self) -> None:
        """Keep the life fields as loaded, so that `save()` can tell whether they were changed."""
        self._life_as_loaded = {name: self.__dict__[name] for name in LIFECYCLE_FIELDS if name in self.__dict__}

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._remember_life()

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self._state.adding:
            _check_lifecycle_write(LIFECYCLE_FIELDS, "Creating a HelpRequest")
        elif update_fields is not None:
            _check_lifecycle_write(update_fields, "HelpRequest save()")
        else:
            loaded = getattr(self, "_life_as_loaded", {})
            _check_lifecycle_write([k for k, v in loaded.items() if self.__dict__.get(k, v) != v], "HelpRequest save()")
        if self._state.adding:
            self.life_domain_key = ""  # the links come after the request (they need its id)
        elif update_fields is None and not kwargs.get("force_insert") and not (args and args[0]):
            # Every loaded field but the life-domain key, which only `registry.life_domains` writes:
            # an instance loaded before its links changed must not put the old key back.
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [f.attname for f in self._meta.concrete_fields
                                       if not f.primary_key and f.attname != "life_domain_key"
                                       and f.attname not in deferred]
        self._save_with_reference(*args, **kwargs)
        self._remember_life()

    def _save_with_reference(self, *args, **kwargs):
        if self.reference:
            return super().save(*args, **kwargs)
        # A new random reference, without looking it up first: the unique constraint decides.
        # A clash (1 in 6.5e11 per existing request) rolls back only the insert's savepoint and
        # draws again; any other integrity error is raised as it is.
        for attempt in range(REFERENCE_ATTEMPTS):
            self.reference = new_reference()
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                clash = HelpRequest.objects.filter(reference=self.reference).exists()
                self.reference = ""
                if not clash or attempt == REFERENCE_ATTEMPTS - 1:
                    raise


class Assignment(models.Model):
    """A supporter assigned to a help request. Two active assignments make a duo."""

    help_request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="assignments")
    supporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    assigned_at = models.DateTimeField(default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["help_request", "supporter"],
                condition=models.Q(ended_at__isnull=True),
                name="assignment_one_active_per_supporter",
            )
        ]
        indexes = [models.Index(fields=["supporter", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.help_request} → {self.supporter}"


class Correction(models.Model):
    """A fact about a help request corrected or withdrawn after it was recorded: the old and the new
    value as they read at the time, who, when and why (docs/domain.md §4). Never changed or deleted;
    the request's history and the case file's timeline show them."""

    class Subject(models.TextChoices):
        REQUEST = "request", _("Help request")
        CLIENT = "client", _("Resident")
        CONTACT = "contact", _("Contact")
        ASSESSMENT = "assessment", _("Self-sufficiency assessment")
        EXCEEDANCE = "exceedance", _("Reason for passing the guideline")

    help_request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="corrections")
    subject = models.CharField(max_length=20, choices=Subject.choices)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)  # the contact, assessment, ... corrected
    field = models.CharField(max_length=40)  # a code; the label is shown from `field_label`
    field_label = models.CharField(_("what"), max_length=100)
    old_value = models.TextField(_("was"), blank=True)
    new_value = models.TextField(_("now"), blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    corrected_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["corrected_at", "id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [models.Index(fields=["help_request", "corrected_at"])]

    def __str__(self) -> str:
        return f"{self.help_request}: {self.field_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LifecycleViolation("A correction is history: it is never changed.")
        super().save(*args, **kwargs)


class ClientMerge(models.Model):
    """Two client records of one person merged into one (`naast.intake.merging`): the help requests
    of `merged` moved to `kept`. What moved is stored, so the merge can be undone within
    `UNDO_DAYS`; the audit log names both client numbers."""

    UNDO_DAYS = 30

    kept = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="merges_kept", verbose_name=_("kept record"))
    merged = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="merges_absorbed",
                               verbose_name=_("merged record"))
    moved_requests = models.JSONField(_("help requests moved"), default=list)  # help request ids
    reason = models.CharField(_("reason"), max_length=300)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    merged_at = models.DateTimeField(_("merged"), default=timezone.now)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("client merge")
        verbose_name_plural = _("client merges")

    def __str__(self) -> str:
        return f"#{self.merged_id} → #{self.kept_id}"

    @property
    def undo_until(self):
        return self.merged_at + timedelta(days=self.UNDO_DAYS)
