from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from naast.core import admin as naast_admin

from .models import Affiliation, RoleGrant, SupporterProfile, User


class RoleGrantInline(naast_admin.TabularInline):
    model = RoleGrant
    extra = 1


class SupporterProfileInline(naast_admin.StackedInline):
    model = SupporterProfile
    can_delete = False
    filter_horizontal = ["life_domains", "target_groups", "districts"]


class AffiliationInline(naast_admin.TabularInline):
    model = Affiliation
    extra = 0


@admin.register(User)
class UserAdmin(naast_admin.AdminRoleMixin, DjangoUserAdmin):
    inlines = [RoleGrantInline, SupporterProfileInline, AffiliationInline]
    list_display = ["username", "first_name", "last_name", "organisation", "municipality", "is_indicatiesteller", "is_active"]
    list_filter = ["organisation", "municipality", "role_grants__role", "is_indicatiesteller", "is_active"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Naast"), {"fields": ["organisation", "municipality", "is_indicatiesteller"]}),
    )
