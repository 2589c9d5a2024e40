from django.contrib import admin

from naast.core.admin import ModelAdmin, TabularInline

from .models import District, MemberOrganisation, Municipality, PostcodeDistrict, ServiceProfile


@admin.register(ServiceProfile)
class ServiceProfileAdmin(ModelAdmin):
    def has_add_permission(self, request, *args):
        return False  # exactly one row, created on first use

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MemberOrganisation)
class MemberOrganisationAdmin(ModelAdmin):
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]


class DistrictInline(TabularInline):
    model = District
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [DistrictInline]


@admin.register(District)
class DistrictAdmin(ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]


@admin.register(PostcodeDistrict)
class PostcodeDistrictAdmin(ModelAdmin):
    list_display = ["postcode", "district"]
    search_fields = ["postcode", "district__name"]
    autocomplete_fields = ["district"]
