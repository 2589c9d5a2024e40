from django.contrib import admin

from naast.core.admin import ModelAdmin, TabularInline

from .models import FundingAgreement, PaymentInstalment


class PaymentInstalmentInline(TabularInline):
    model = PaymentInstalment
    extra = 0


@admin.register(FundingAgreement)
class FundingAgreementAdmin(ModelAdmin):
    list_display = ("year", "municipality", "organisation", "amount_eur", "target_unique_clients",
                    "target_answered_requests", "execution_hours", "coordination_hours")
    list_filter = ("year", "municipality", "organisation")
    inlines = [PaymentInstalmentInline]
