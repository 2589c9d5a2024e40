"""The audit log: an append-only record of every access to client-level data, chained by hashes.

Every row carries a sequence number and a SHA-256 hash over its fields and the previous row's
hash (`naast.privacy.chain`). Rows are written ONLY by `naast.privacy.chain.append` and deleted
ONLY by `naast.privacy.chain.prune`: creating, bulk-creating, changing or deleting them anywhere
else raises, so a second way to write the log cannot creep back in.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from naast.accounts.roles import Role

GENESIS_HASH = "0" * 64  # the "previous hash" of the very first row

_chain_writer: ContextVar[str] = ContextVar("naast_audit_chain_writer", default="")


class AuditChainViolation(RuntimeError):
    """An audit row was created outside `naast.privacy.chain.append` (it would have no place in the chain)."""


@contextmanager
def chain_writes(kind: str):
    """Allow `kind` ("append" or "prune") inside this block. For `naast.privacy.chain` only (a test
    fails when another module under src/ uses it); tests write rows with `chain.append`."""
    token = _chain_writer.set(kind)
    try:
        yield
    finally:
        _chain_writer.reset(token)


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # Removing an account sets `user` to NULL (on_delete=SET_NULL); the user name is kept as
        # text and `user` is not part of the hash, so that one update is allowed.
        if kwargs and set(kwargs) <= {"user", "user_id"} and all(value is None for value in kwargs.values()):
            return super().update(**kwargs)
        raise PermissionDenied("Audit events cannot be changed.")

    def delete(self):
        if _chain_writer.get() != "prune":
            raise PermissionDenied("Audit events cannot be deleted.")
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        if _chain_writer.get() != "append":
            raise AuditChainViolation("Audit events are written by naast.privacy.chain.append only.")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionDenied("Audit events cannot be changed.")

    # _raw_delete is Django-internal and not used by the app.


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        READ = "read", pgettext_lazy("audit", "Read")
        CREATE = "create", pgettext_lazy("audit", "Create")
        CHANGE = "change", pgettext_lazy("audit", "Change")
        EXPORT = "export", pgettext_lazy("audit", "Export")
        DELETE = "delete", pgettext_lazy("audit", "Delete")
        REFUSED = "refused", pgettext_lazy("audit", "Refused")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # Kept as text so the row stays readable when the account is removed.
    username = models.CharField(_("who"), max_length=150, editable=False)
    roles = models.CharField(_("roles"), max_length=200, blank=True, editable=False)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, editable=False)
    object_type = models.CharField(_("object type"), max_length=100, editable=False)
    object_id = models.CharField(_("object id"), max_length=64, editable=False)
    # A non-identifying label such as a help-request reference; never a resident's name.
    object_label = models.CharField(_("object"), max_length=100, blank=True, editable=False)
    client_id = models.BigIntegerField(_("client number"), null=True, blank=True, db_index=True, editable=False)
    reason = models.CharField(_("reason"), max_length=300, blank=True, editable=False)
    path = models.CharField(_("page"), max_length=300, blank=True, editable=False)
    # The chain (naast.privacy.chain): the row's place, and SHA-256 over its fields + the previous hash.
    seq = models.BigIntegerField(_("sequence number"), unique=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        # Django's own deletes and updates (an account removed) go through the guarded queryset too.
        base_manager_name = "objects"
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["username", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_label or self.object_id}"

    @property
    def roles_display(self) -> str:
        """The roles as the labels staff know ("Coördinator"), not the stored codes."""
        labels = []
        for code in filter(None, self.roles.split(",")):
            try:
                labels.append(str(Role(code).label))
            except ValueError:  # a role that no longer exists: show the code rather than nothing
                labels.append(code)
        return ", ".join(labels)

    @property
    def object_kind(self) -> str:
        """What kind of thing was touched, in words ("Hulpvraag"), from the model's verbose name."""
        try:
            model = apps.get_model(self.object_type)
        except (LookupError, ValueError):
            return self.object_type
        return str(capfirst(model._meta.verbose_name))

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Audit events cannot be changed.")
        if _chain_writer.get() != "append":
            raise AuditChainViolation("Audit events are written by naast.privacy.chain.append only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit events cannot be deleted.")


class AuditChainHead(models.Model):
    """One row: the sequence number and hash of the newest audit event. Appends lock and move it in
    the same transaction as their rows, so verification also notices rows cut off at the end."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


class AuditCheckpoint(models.Model):
    """Where the chain starts after `naast prune-audit` deleted its oldest rows: the sequence number
    and hash of the last deleted row, when, by whom and up to which date. Verification starts at the
    newest checkpoint."""

    seq = models.BigIntegerField(_("last deleted sequence number"), unique=True)
    hash = models.CharField(_("hash of the last deleted row"), max_length=64)
    last_at = models.DateTimeField(_("time of the last deleted row"))
    cutoff = models.DateTimeField(_("deleted rows older than"))
    rows = models.BigIntegerField(_("rows deleted"))
    created_at = models.DateTimeField(_("pruned at"), default=timezone.now)
    created_by = models.CharField(_("pruned by"), max_length=150)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit checkpoint")

    def __str__(self) -> str:
        return f"#{self.seq} {self.created_at:%Y-%m-%d}"


class AuditVerification(models.Model):
    """The outcome of one run of `naast verify-audit` (or the screen's button): the audit screen
    shows the newest one, so that opening it never walks the whole chain."""

    class Problem(models.TextChoices):
        CHANGED = "changed", _("A row does not match its hash: changed, forged or moved")
        MISSING = "missing", _("Rows are missing before this row")
        INSERTED = "inserted", _("A row is out of sequence: inserted or renumbered")
        TRUNCATED = "truncated", _("The newest rows are missing")
        HEAD = "head", _("The chain's end does not match its recorded head")

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    by = models.CharField(max_length=150)
    ok = models.BooleanField(default=False)
    # False when the screen's button stopped at its time limit: ok then says "no break so far".
    complete = models.BooleanField(default=True)
    rows = models.BigIntegerField(default=0)
    first_seq = models.BigIntegerField(null=True, blank=True)
    last_seq = models.BigIntegerField(null=True, blank=True)
    head_hash = models.CharField(max_length=64, blank=True)
    checkpoint_seq = models.BigIntegerField(null=True, blank=True)
    problem = models.CharField(max_length=10, choices=Problem.choices, blank=True)
    broken_id = models.BigIntegerField(null=True, blank=True)
    broken_seq = models.BigIntegerField(null=True, blank=True)
    broken_at = models.DateTimeField(null=True, blank=True)
    expected_seq = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("audit verification")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {'ok' if self.ok else self.problem}"

    @property
    def seconds(self) -> float | None:
        return (self.finished_at - self.started_at).total_seconds() if self.finished_at else None


class LegalHoldQuerySet(models.QuerySet):
    def active(self):
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """A legal hold on one help request: while it is in force, neither retention nor an erasure
    touches the request or its client (a complaint, a court case, a request of the supervisory
    authority). Set and lifted by the privacy officer, with a reason; both are audited."""

    help_request = models.ForeignKey(
        "registry.HelpRequest", on_delete=models.PROTECT, related_name="legal_holds", verbose_name=_("help request")
    )
    reason = models.CharField(_("reason"), max_length=300)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    set_at = models.DateTimeField(_("set"), default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lift_reason = models.CharField(_("reason for lifting"), max_length=300, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-set_at", "-id"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.UniqueConstraint(
                fields=["help_request"], condition=models.Q(lifted_at__isnull=True), name="privacy_one_active_hold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.help_request} ({self.set_at:%Y-%m-%d})"
