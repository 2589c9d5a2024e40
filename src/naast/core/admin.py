"""The Django admin is the functional administrator's tool (role admin): reference data, users, norms."""

from django.contrib import admin
from django.db import models


class AdminRoleMixin:
    """Grants every admin permission to holders of the admin role instead of per-model permissions."""

    def _is_admin(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and (user.is_superuser or user.has_role("admin"))

    def has_module_permission(self, request):
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_add_permission(self, request, *args):
        return self._is_admin(request)

    def has_change_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_admin(request)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")  # what people mean, and Django 6's default
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ModelAdmin(AdminRoleMixin, admin.ModelAdmin):
    pass


class TabularInline(AdminRoleMixin, admin.TabularInline):
    pass


class StackedInline(AdminRoleMixin, admin.StackedInline):
    pass
