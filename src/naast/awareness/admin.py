from django.contrib import admin

from naast.core.admin import ModelAdmin

from .models import Target


@admin.register(Target)
class TargetAdmin(ModelAdmin):
    list_display = ["audience", "from_date", "share", "source"]
    list_filter = ["audience"]
