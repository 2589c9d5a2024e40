"""The audit log: an append-only record of every access to client-level data."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from naast.accounts.roles import Role


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Audit events cannot be changed.")

    def delete(self):
        raise PermissionDenied("Audit events cannot be deleted.")

    # bulk_update goes through update(); _raw_delete is Django-internal and not used by the app.


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

    objects = AuditQuerySet.as_manager()

    class Meta:
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
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit events cannot be deleted.")


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
