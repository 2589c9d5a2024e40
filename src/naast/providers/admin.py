from django.contrib import admin

from naast.core.admin import ModelAdmin

from .models import Region


@admin.register(Region)
class RegionAdmin(ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]
