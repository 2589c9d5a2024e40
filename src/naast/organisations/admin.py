from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from naast.core.admin import ModelAdmin, ReferenceDataAdmin, TabularInline, usage, usage_text

from .forms import PostcodeDistrictForm, ServiceProfileForm
from .models import District, MemberOrganisation, Municipality, PostcodeDistrict, ServiceProfile


@admin.register(ServiceProfile)
class ServiceProfileAdmin(ModelAdmin):
    form = ServiceProfileForm

    def has_add_permission(self, request, *args):
        return False  # exactly one row, created on first use

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MemberOrganisation)
class MemberOrganisationAdmin(ModelAdmin):
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]


class DistrictFormSet(BaseInlineFormSet):
    """A district still in use cannot be deleted from its municipality's page either."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and usage(form.instance):
                raise ValidationError(
                    _("%(object)s is still in use (%(usage)s); rename it instead of deleting it."),
                    params={"object": form.instance.name, "usage": usage_text(usage(form.instance))},
                )


class DistrictInline(TabularInline):
    model = District
    formset = DistrictFormSet
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceDataAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [DistrictInline]
    owned_relations = ("districts",)


@admin.register(District)
class DistrictAdmin(ReferenceDataAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]


@admin.register(PostcodeDistrict)
class PostcodeDistrictAdmin(ModelAdmin):
    form = PostcodeDistrictForm
    list_display = ["postcode", "district"]
    search_fields = ["postcode", "district__name"]
    autocomplete_fields = ["district"]
