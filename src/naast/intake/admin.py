"""Administrators manage partner API keys (deactivate, rename); keys themselves are never shown."""

from django.contrib import admin

from naast.core.admin import ModelAdmin

from .models import PartnerApiKey


@admin.register(PartnerApiKey)
class PartnerApiKeyAdmin(ModelAdmin):
    list_display = ["name", "referrer", "key_prefix", "active", "created_at", "last_used_at"]
    list_filter = ["active", "referrer"]
    readonly_fields = ["key_prefix", "created_at", "last_used_at"]
    fields = ["name", "referrer", "active", "rate_limit_per_hour", "key_prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request, *args):
        return False  # made with `naast create-partner-key`, which shows the key once
