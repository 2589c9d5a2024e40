"""Models shared by every app: the outbox of e-mail to residents, supporters and partners."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    """One e-mail waiting to be sent (`naast.core.outbox`).

    It is written in the same transaction as what it reports (a help request, an assignment),
    so a message is never sent about something that was rolled back, and never lost when the
    mail server is down. A sent message is deleted: the outbox keeps no copies of addresses or
    follow-up links. One that still fails after a day keeps its kind, reference and error, not
    its text.
    """

    class Kind(models.TextChoices):
        # The labels finish a sentence on the triage page: "We could not send <label> (...)".
        CONFIRMATION = "confirmation", _("the confirmation to the resident")
        ACKNOWLEDGEMENT = "acknowledgement", _("the reply to the resident's e-mail")
        ASSIGNMENT = "assignment", _("the notice to the supporter")
        SURVEY = "survey", _("the invitation to the satisfaction survey")
        REMINDER = "reminder", _("the deadline reminder to a coordinator")
        APPOINTMENTS = "appointments", _("the notice to a coordinator about a supporter's appointments")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    reference = models.CharField(_("help request"), max_length=20, blank=True)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=300, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=models.Q(failed_at__isnull=True), name="core_mail_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}".strip()


class RunLock(models.Model):
    """Who runs a periodic command right now, on SQLite (`naast.core.locks`; PostgreSQL uses an
    advisory lock instead and leaves this table empty). A row is claimed with a conditional
    UPDATE or an INSERT; a holder that crashed is recognised by its process being gone (SQLite
    is one file on one host) or, failing that, by `expires_at`."""

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=200)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name
