"""Staff accounts in the admin, and the admins of the second factor (TOTP devices) and the login
lockouts (django-axes): a functional administrator (role admin) helps a colleague who lost their
phone or is locked out, without needing a superuser."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from naast.core import admin as naast_admin

from .forms import SupporterProfileForm
from .models import Affiliation, RoleGrant, SupporterProfile, User


class RoleGrantInline(naast_admin.TabularInline):
    model = RoleGrant
    extra = 1


class SupporterProfileInline(naast_admin.StackedInline):
    model = SupporterProfile
    form = SupporterProfileForm
    can_delete = False
    filter_horizontal = ["life_domains", "target_groups", "districts"]


class AffiliationInline(naast_admin.TabularInline):
    model = Affiliation
    extra = 0


# Superusers only: the Django permission system (groups, per-model permissions) plays no part in
# Naast, whose roles decide; "staff status" is not used at all (the admin role opens the admin).
SUPERUSER_ONLY_FIELDS = ("is_superuser", "groups", "user_permissions")
UNUSED_FIELDS = ("is_staff",)


@admin.register(User)
class UserAdmin(naast_admin.AdminRoleMixin, naast_admin.CountsOnlyDeleteMixin, DjangoUserAdmin):
    inlines = [RoleGrantInline, SupporterProfileInline, AffiliationInline]
    list_display = ["username", "first_name", "last_name", "roles_column", "organisation", "municipality",
                    "is_indicatiesteller", "is_active"]
    list_filter = ["organisation", "municipality", "role_grants__role", "is_indicatiesteller", "is_active"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Naast"), {"fields": ["organisation", "municipality", "is_indicatiesteller"]}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Naast"), {"fields": ["organisation", "municipality"]}),
    )

    def get_inline_instances(self, request, obj=None):
        # Roles, profile and ties come after the account exists (as the add page says).
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_grants").select_related(
            "organisation", "municipality"
        )

    @admin.display(description=_("roles"))
    def roles_column(self, obj):
        return ", ".join(sorted(str(grant.get_role_display()) for grant in obj.role_grants.all())) or "–"

    def get_fieldsets(self, request, obj=None):
        hidden = UNUSED_FIELDS if request.user.is_superuser else UNUSED_FIELDS + SUPERUSER_ONLY_FIELDS
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [field for field in options["fields"] if field not in hidden]
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "is_active" and formfield is not None:
            formfield.help_text = _(
                "Staff accounts are never deleted, so their history stays readable. To take away "
                "someone's access, untick Active."
            )
        return formfield

    def has_change_permission(self, request, obj=None):
        # Only a superuser changes a superuser (their password, for one).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead (untick Active): assignments, notes and the audit log keep their author


class HelpColleagueMixin(naast_admin.AdminRoleMixin):
    """View and delete only (a superuser keeps the package's own rights)."""

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)


def _register_again(model, admin_class):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, admin_class)


def _register_two_factor_admin():
    from django_otp.plugins.otp_totp import admin as totp_admin  # registers the package's own admin first
    from django_otp.plugins.otp_totp.models import TOTPDevice

    class TOTPDeviceAdmin(HelpColleagueMixin, totp_admin.TOTPDeviceAdmin):
        """A colleague who lost their phone: delete their device; they set up a new one at the next login.
        The secret key and its QR code stay hidden from everyone but a superuser."""

        def get_list_display(self, request):
            columns = super().get_list_display(request)
            return columns if request.user.is_superuser else [c for c in columns if c != "qrcode_link"]

        def get_fieldsets(self, request, obj=None):
            fieldsets = super().get_fieldsets(request, obj)
            if request.user.is_superuser:
                return fieldsets
            secret = {"key", "qrcode_link"}
            return [(name, {**options, "fields": [f for f in options["fields"] if f not in secret]})
                    for name, options in fieldsets if [f for f in options["fields"] if f not in secret]]

        def config_view(self, request, pk):
            if not request.user.is_superuser:
                raise PermissionDenied
            return super().config_view(request, pk)

        def qrcode_view(self, request, pk):
            if not request.user.is_superuser:
                raise PermissionDenied
            return super().qrcode_view(request, pk)

    _register_again(TOTPDevice, TOTPDeviceAdmin)


def _register_lockout_admin():
    from axes import admin as axes_admin  # registers the package's own admins first
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    class AccessAttemptAdmin(HelpColleagueMixin, axes_admin.AccessAttemptAdmin):
        """A locked-out colleague: delete their failed attempts and they can log in again."""

    class ReadOnlyLogMixin(HelpColleagueMixin):
        def has_delete_permission(self, request, obj=None):
            return request.user.is_superuser and super().has_delete_permission(request, obj)

    class AccessLogAdmin(ReadOnlyLogMixin, axes_admin.AccessLogAdmin):
        pass

    class AccessFailureLogAdmin(ReadOnlyLogMixin, axes_admin.AccessFailureLogAdmin):
        pass

    if admin.site.is_registered(AccessAttempt):  # AXES_ENABLE_ADMIN
        _register_again(AccessAttempt, AccessAttemptAdmin)
        _register_again(AccessLog, AccessLogAdmin)
        _register_again(AccessFailureLog, AccessFailureLogAdmin)


_register_two_factor_admin()
_register_lockout_admin()
