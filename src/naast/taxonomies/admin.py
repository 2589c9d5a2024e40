from django.contrib import admin

from naast.core.admin import ReferenceDataAdmin

from .models import LifeDomain, TargetGroup


@admin.register(LifeDomain, TargetGroup)
class LabelAdmin(ReferenceDataAdmin):
    list_display = ["code", "name_nl", "name_en", "position"]
    search_fields = ["code", "name_nl", "name_en"]
