"""The Django admin is the functional administrator's tool (role admin): reference data, users, norms.

Who may use it: an active user with the administrator role ("Beheerder"), or a superuser. The
"staff status" flag (is_staff) plays no part: the role alone decides, here, in the admin site's
own permission check (naast.conf.urls) and on the admin's login form.
"""

from collections import Counter

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.db import models, router
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


def is_functional_admin(user) -> bool:
    """May this user use the Django admin? The administrator role (or superuser) is enough."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_role("admin"))
    )


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's own login page lets in whoever the admin lets in (not "staff" accounts)."""

    def confirm_login_allowed(self, user):
        if not is_functional_admin(user):
            raise ValidationError(
                _("This page is for administrators. Log in on the staff login page instead."), code="invalid_login"
            )


admin.site.login_form = AdminLoginForm


def usage(obj, owned: tuple[str, ...] = ()) -> Counter:
    """What still refers to `obj`: {verbose name plural: count}, following every relation that
    points to it. Relations named in `owned` (e.g. a municipality's districts) are not usage in
    themselves, but what refers to those children is."""
    counts: Counter = Counter()
    for rel in obj._meta.related_objects:
        model = rel.related_model
        if model._meta.auto_created:
            continue  # a many-to-many table; the relation itself is counted below
        accessor = rel.get_accessor_name()
        if accessor and accessor in owned:
            for child in model._base_manager.filter(**{rel.field.name: obj}):
                counts.update(usage(child))
            continue
        count = model._base_manager.filter(**{rel.field.name: obj}).count()
        if count:
            counts[str(capfirst(model._meta.verbose_name_plural))] += count
    return counts


def usage_text(counts: Counter) -> str:
    """"Help requests: 88, Services: 12"."""
    return ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))


class AdminRoleMixin:
    """Grants every admin permission to holders of the admin role instead of per-model permissions."""

    def _is_admin(self, request) -> bool:
        return is_functional_admin(request.user)

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


class CountsOnlyDeleteMixin:
    """The delete confirmation shows how many records of each kind go (Django's summary), never
    which: the related records of a municipality or organisation are help requests and clients,
    and the admin is not a place to read client data (nor is it audited as one).

    A ModelAdmin may define `usage(obj)` ({kind: count} of what still refers to it); such a record
    is refused, also in the "delete selected" action."""

    def usage(self, obj) -> Counter:
        return Counter()

    def get_deleted_objects(self, objs, request):
        _nested, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        objs = list(objs)
        # The chosen records themselves: reference data, staff, named in the page title anyway.
        chosen = [f"{capfirst(obj._meta.verbose_name)}: {obj}" for obj in objs]
        counted = []
        if protected:  # what blocks the delete (PROTECT): by kind, e.g. "Help requests: 3"
            collector = NestedObjects(using=router.db_for_write(self.model))
            collector.collect(objs)
            per_kind = Counter(str(capfirst(obj._meta.verbose_name_plural)) for obj in collector.protected)
            counted = [f"{name}: {count}" for name, count in sorted(per_kind.items())]
        for obj in objs:
            counts = self.usage(obj)
            if counts:
                counted.append(
                    str(_("%(object)s is still in use (%(usage)s); rename it instead of deleting it."))
                    % {"object": obj, "usage": usage_text(counts)}
                )
                # Refused for being in use (has_delete_permission says no), not for lacking rights.
                perms_needed.discard(obj._meta.verbose_name)
        return chosen, model_count, perms_needed, counted


class ModelAdmin(AdminRoleMixin, CountsOnlyDeleteMixin, admin.ModelAdmin):
    pass


class ReferenceDataAdmin(ModelAdmin):
    """Reference data that help requests, services and profiles point to (life domains, target
    groups, districts, ...). Deleting a record in use would silently rewrite history, so it can
    only be deleted while nothing refers to it; the change form says so and suggests renaming."""

    owned_relations: tuple[str, ...] = ()

    def usage(self, obj) -> Counter:
        return usage(obj, self.owned_relations)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.usage(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        counts = self.usage(obj) if obj is not None else None
        if not counts or not fieldsets:
            return fieldsets
        name, options = fieldsets[0]
        note = format_html(
            "{} {}",
            _("Still in use ({usage}), so it cannot be deleted.").format(usage=usage_text(counts)),
            _("If the name is no longer right, rename it: everything that refers to it follows."),
        )
        described = {**options, "description": format_html("{}<br>{}", options["description"], note)
                     if options.get("description") else note}
        return [(name, described), *fieldsets[1:]]


class TabularInline(AdminRoleMixin, admin.TabularInline):
    pass


class StackedInline(AdminRoleMixin, admin.StackedInline):
    pass
