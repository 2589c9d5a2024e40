"""Funding agreements (subsidiebeschikkingen): what a municipality pays a member organisation for a year, and the targets."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingAgreement(models.Model):
    """Subsidiebeschikking: per municipality, member organisation and year."""

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="funding_agreements",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        "organisations.MemberOrganisation", on_delete=models.PROTECT, related_name="funding_agreements",
        verbose_name=_("member organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    amount_eur = models.DecimalField(
        _("amount (euro)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    target_unique_clients = models.PositiveIntegerField(_("target: unique clients"), null=True, blank=True)
    target_answered_requests = models.PositiveIntegerField(_("target: answered help requests"), null=True, blank=True)
    target_satisfaction = models.DecimalField(
        _("target: satisfaction mark"), max_digits=3, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(Decimal("1"))],
    )
    execution_hours = models.PositiveIntegerField(_("contracted execution hours"), default=0)
    coordination_hours = models.PositiveIntegerField(_("contracted coordination hours"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "municipality__name", "organisation__name"]
        verbose_name = _("funding agreement")
        verbose_name_plural = _("funding agreements")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "organisation", "year"], name="funding_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.organisation} {self.year}"


class PaymentInstalment(models.Model):
    """A scheduled payment (voorschot, vaststelling) of a funding agreement."""

    agreement = models.ForeignKey(FundingAgreement, on_delete=models.CASCADE, related_name="instalments")
    due_on = models.DateField(_("due on"))
    amount_eur = models.DecimalField(
        _("amount (euro)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("payment instalment")
        verbose_name_plural = _("payment instalments")

    def __str__(self) -> str:
        return f"{self.agreement}: {self.amount_eur} ({self.due_on})"


class RollupMonth(models.Model):
    """The additive figures of one calendar month (in the service's time zone) of the whole service:
    what the monitor report's scan counts for the month (`queries.additive_scan`), so a report of
    many months adds them up instead of reading every request again (`rollup.py`). Aggregates only,
    no personal data. `version` names the computation (a change of a definition makes every month
    out of date); `max_due` is the latest deadline of a norm among the month's requests, so a report
    only uses a month whose deadline states cannot change any more before the report's cutoff."""

    month = models.DateField(unique=True)  # its first day
    version = models.CharField(max_length=40)
    max_due = models.DateTimeField(null=True)
    figures = models.JSONField()
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class RollupMark(models.Model):
    """A help request of this UTC month (`YYYY-MM`, by received or closing time) was written since
    its months were rolled up. Database triggers on the help requests write these on every insert,
    update and delete, whatever code or SQL does it (migration 0005), so nothing can change a month
    without the report noticing; a refresh deletes the marks it has counted (`rollup.refresh`).
    `tx` is the writing transaction on PostgreSQL (concurrent writers add their own rows instead of
    waiting for each other) and 0 on SQLite (one writer at a time)."""

    month = models.CharField(max_length=7)
    tx = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "tx"], name="reports_rollupmark_month_tx")]

    def __str__(self) -> str:
        return self.month
