from django.contrib import admin

from naast.core.admin import ModelAdmin

from .models import Region, RegisterMunicipality


@admin.register(Region)
class RegionAdmin(ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(RegisterMunicipality)
class RegisterMunicipalityAdmin(ModelAdmin):
    list_display = ["name", "code", "region"]
    list_editable = ["region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
