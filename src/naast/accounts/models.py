"""Staff users, their roles, and supporter profiles (expertise, districts, languages, affiliations)."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .roles import Role

INDICATIESTELLER_CANNOT_SUPPORT = _(
    "A person who decides on provisions (indicatiesteller) can never be a client supporter: "
    "client support must be independent of the municipality's decisions."
)


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
        help_text=_("For funders: the municipality whose reports they may see."),
    )
    is_indicatiesteller = models.BooleanField(
        _("decides on provisions (indicatiesteller)"),
        default=False,
        help_text=_("Municipal staff who decide on Wmo provisions. They can never be client supporters."),
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
        if self.is_indicatiesteller and self.pk and self.role_grants.filter(role=Role.SUPPORTER).exists():
            raise ValidationError({"is_indicatiesteller": INDICATIESTELLER_CANNOT_SUPPORT})

    def save(self, *args, **kwargs):
        # Guard the independence rule on every path (admin, shell, services), not only in forms.
        if self.is_indicatiesteller and self.pk and RoleGrant.objects.filter(user=self, role=Role.SUPPORTER).exists():
            raise ValidationError({"is_indicatiesteller": INDICATIESTELLER_CANNOT_SUPPORT})
        super().save(*args, **kwargs)

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
        if self.role == Role.SUPPORTER and self.user.is_indicatiesteller:
            raise ValidationError({"role": INDICATIESTELLER_CANNOT_SUPPORT})

    def save(self, *args, **kwargs):
        self.clean()
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
