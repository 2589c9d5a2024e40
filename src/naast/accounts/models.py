"""Staff users, their roles, and supporter profiles (expertise, districts, languages, affiliations)."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import independence
from .roles import Role

# Saving these fields can make a user municipal staff: then their roles are checked again.
INDEPENDENCE_FIELDS = frozenset({"is_indicatiesteller", "municipality", "municipality_id"})


class User(AbstractUser):
    """A staff member. Belongs to one member organisation, or to a municipality (funders)."""

    organisation = models.ForeignKey(
        "organisations.MemberOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("member organisation"),
    )
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("municipality"),
        help_text=_(
            "For funders: the municipality whose reports they may see. Municipal staff have no role "
            "that sees residents' data."
        ),
    )
    is_indicatiesteller = models.BooleanField(
        _("decides on provisions (indicatiesteller)"),
        default=False,
        help_text=_(
            "Municipal staff who decide on Wmo provisions. They can never have a role that sees residents' "
            "data (desk, client supporter, coordinator)."
        ),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=True) | models.Q(municipality__isnull=True),
                name="user_one_employer",
            )
        ]

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.pk:
            return frozenset()
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return self.is_active and any(role in self.roles for role in roles)

    @property
    def roles_display(self) -> str:
        return ", ".join(str(Role(role).label) for role in sorted(self.roles))

    def clean(self):
        super().clean()
        if self.organisation_id and self.municipality_id:
            raise ValidationError(_("A staff member belongs to a member organisation or to a municipality, not both."))
        self._check_independence()

    def save(self, *args, **kwargs):
        # Guard the independence rule on every path (admin, shell, services), not only in forms;
        # a save of other fields (the last login, a password) leaves it to the policy and the check.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or INDEPENDENCE_FIELDS & set(update_fields):
            self._check_independence()
        super().save(*args, **kwargs)

    def _check_independence(self) -> None:
        """Municipal staff hold no role that sees client data (`independence`, one rule).

        Checked when a user becomes municipal staff (the flag set, a municipality given or
        changed) while holding such a role. A save that changes neither passes, so an account
        that is wrong already (`naast check` names it) can still be corrected: take the role away.
        """
        if not (self.pk and independence.is_bound_to_municipality(self)):
            return
        before = User.objects.filter(pk=self.pk).values("is_indicatiesteller", "municipality_id").first()
        becomes = before is None or (self.is_indicatiesteller and not before["is_indicatiesteller"]) or (
            self.municipality_id is not None and self.municipality_id != before["municipality_id"])
        if becomes:
            held = RoleGrant.objects.filter(user_id=self.pk).values_list("role", flat=True)
            independence.check_roles(self, held, field=independence.municipal_field(self))

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="rolegrant_unique")]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"

    def clean(self):
        user = getattr(self, "user", None)  # None until the form has its user
        if user is not None:
            independence.check_roles(user, [self.role], field="role")

    def save(self, *args, **kwargs):
        self.clean()
        if self.role in independence.CLIENT_DATA_ROLES and self.user_id:
            # The stored account too: the caller's copy may be older than a change made meanwhile.
            stored = User.objects.filter(pk=self.user_id).only("is_indicatiesteller", "municipality").first()
            if stored is not None:
                independence.check_roles(stored, [self.role], field="role")
        super().save(*args, **kwargs)


class SupporterProfile(models.Model):
    """What a client supporter knows and where they work, used to suggest the right supporter."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="supporter_profile")
    life_domains = models.ManyToManyField("taxonomies.LifeDomain", blank=True, verbose_name=_("life domains"))
    target_groups = models.ManyToManyField("taxonomies.TargetGroup", blank=True, verbose_name=_("target groups"))
    districts = models.ManyToManyField("organisations.District", blank=True, verbose_name=_("districts"))
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("ISO 639-1 codes, e.g. nl, en, ar, tr.")
    )
    contracted_hours_per_week = models.DecimalField(
        _("contracted hours per week"), max_digits=4, decimal_places=1, default=0
    )
    absent_from = models.DateField(_("absent from"), null=True, blank=True)
    absent_until = models.DateField(_("absent until"), null=True, blank=True)

    class Meta:
        verbose_name = _("supporter profile")
        verbose_name_plural = _("supporter profiles")

    def __str__(self) -> str:
        return str(self.user)

    def is_absent_on(self, day) -> bool:
        return bool(self.absent_from and self.absent_from <= day and (not self.absent_until or day <= self.absent_until))


class Affiliation(models.Model):
    """A supporter's declared tie with another organisation (for independence checks)."""

    class Relation(models.TextChoices):
        EMPLOYED = "employed", _("Also employed there")
        BOARD = "board", _("Board or supervisory member")
        VOLUNTEER = "volunteer", _("Volunteer")
        FAMILY = "family", _("Family member works there")
        FORMER = "former", _("Former employee (last 2 years)")
        OTHER = "other", _("Other")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="affiliations")
    organisation_name = models.CharField(_("organisation"), max_length=200)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    declared_on = models.DateField(_("declared on"), auto_now_add=True)

    class Meta:
        ordering = ["organisation_name"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")

    def __str__(self) -> str:
        return f"{self.user}: {self.organisation_name} ({self.get_relation_display()})"
