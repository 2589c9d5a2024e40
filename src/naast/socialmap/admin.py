"""Django admin for the functional administrator: organisations, taxonomies, phones and every
location of a service (the staff pages edit a service's opening hours, closures, first location
and service areas). Saving a service reindexes it and writes its change history, as the staff
pages do."""

from django.contrib import admin

from naast.core.admin import AdminRoleMixin, ModelAdmin, ReferenceDataAdmin

from . import search, services
from .models import (
    Address,
    Location,
    Organization,
    Phone,
    Schedule,
    SearchPhrase,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


class PhoneInline(AdminRoleMixin, admin.TabularInline):
    model = Phone
    fk_name = "service"
    fields = ["number", "extension", "type", "description"]
    extra = 0


class ScheduleInline(AdminRoleMixin, admin.TabularInline):
    model = Schedule
    fk_name = "service"
    fields = ["byday", "opens_at", "closes_at", "closed", "valid_from", "valid_to", "description"]
    extra = 0


class ServiceAreaInline(AdminRoleMixin, admin.TabularInline):
    model = ServiceArea
    fields = ["municipality", "district", "name"]
    extra = 0


class ServiceAtLocationInline(AdminRoleMixin, admin.TabularInline):
    model = ServiceAtLocation
    fields = ["location", "description"]
    autocomplete_fields = ["location"]
    extra = 0


@admin.register(Service)
class ServiceAdmin(ModelAdmin):
    list_display = ["name", "organization", "status", "last_verified_on", "archived_at"]
    list_filter = ["status", "life_domains"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["organization"]
    filter_horizontal = ["life_domains", "target_groups"]
    readonly_fields = ["modified_at", "verified_by"]
    inlines = [PhoneInline, ScheduleInline, ServiceAreaInline, ServiceAtLocationInline]

    def has_delete_permission(self, request, obj=None):
        return False  # archive instead (staff page): referrals and history keep pointing to it

    def save_model(self, request, obj, form, change):
        request._naast_service_before = services.snapshot(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        related = [fs.model._meta.model_name for fs in formsets if fs.has_changed()]
        services.record_admin_edit(form.instance, user=request.user,
                                   before=getattr(request, "_naast_service_before", None), related=related)
        search.reindex([form.instance.pk])


class AddressInline(AdminRoleMixin, admin.StackedInline):
    model = Address
    extra = 0


@admin.register(Location)
class LocationAdmin(ModelAdmin):
    list_display = ["name", "location_type", "organization"]
    search_fields = ["name"]
    inlines = [AddressInline]


@admin.register(Organization)
class OrganizationAdmin(ModelAdmin):
    list_display = ["name", "email", "website"]
    search_fields = ["name"]


@admin.register(Taxonomy)
class TaxonomyAdmin(ModelAdmin):
    list_display = ["name", "version"]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "taxonomy_ref"]
    list_filter = ["taxonomy_ref"]
    search_fields = ["name", "code", "keywords"]


@admin.register(SearchPhrase)
class SearchPhraseAdmin(ModelAdmin):
    list_display = ["phrase", "expansion", "term", "life_domain"]
    search_fields = ["phrase", "expansion"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        search.invalidate_phrases()
