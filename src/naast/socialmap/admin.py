"""Django admin for the functional administrator: organisations, taxonomies, phones and every
location of a service (the staff pages edit a service's opening hours, closures, first location
and service areas). Saving a service reindexes it and writes its change history, as the staff
pages do.

The HSDS models leave some fields and models without (translatable) verbose names, and their
tables must not change for a label; the forms, inlines and columns here give them Dutch labels."""

from collections import Counter

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.utils import dateformat
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from naast.core.admin import ModelAdmin, ReferenceDataAdmin, StackedInline, TabularInline

from . import services
from .models import (
    WEEKDAY_CODES,
    Accessibility,
    Address,
    Contact,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    SearchPhrase,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceAttribute,
    Taxonomy,
    TaxonomyTerm,
)
from .search.index import reindex
from .search.query import invalidate_phrases

# Plural names for the delete summary ("Adressen: 1") and the in-use note of models whose own
# verbose name is English or missing (Address even reads "addresss").
MODEL_PLURALS = {
    Accessibility: _("accessibility"),
    Address: _("addresses"),
    Contact: _("contact persons"),
    Language: _("languages"),
    Phone: _("phone numbers"),
    Schedule: _("opening hours and closures"),
    ServiceArea: _("service areas"),
    ServiceAtLocation: _("services at this location"),
    ServiceAttribute: _("links to services"),
}


def _dutch_counts(counts: dict) -> dict:
    """{verbose name plural: count} with the names of MODEL_PLURALS put in the reader's language."""
    names = {str(model._meta.verbose_name_plural): plural for model, plural in MODEL_PLURALS.items()}
    result: Counter = Counter()
    for name, count in counts.items():
        result[names.get(str(name), name)] += count
    return dict(result)


def _label(text):
    """A form label as Django makes one from a verbose name: capitalised, translated when shown."""
    return capfirst(text)


def opening_hours_text(schedule: Schedule) -> str:
    """A schedule row as a reader says it: "woensdag 09:00–12:30", or for a closure "Gesloten van
    24 december 2026 tot en met 2 januari 2027." (as the public page says both)."""
    if schedule.closed:
        start = dateformat.format(schedule.valid_from, "j F Y") if schedule.valid_from else ""
        end = dateformat.format(schedule.valid_to, "j F Y") if schedule.valid_to else ""
        if start and end:
            return gettext("Closed from %(start)s to %(end)s.") % {"start": start, "end": end}
        if start:
            return gettext("Closed from %(start)s.") % {"start": start}
        if end:
            return gettext("Closed up to and including %(end)s.") % {"end": end}
        return gettext("Closed, without dates.")
    names = dict(zip(WEEKDAY_CODES, WEEKDAYS.values(), strict=True))  # Django's: "woensdag", "Wednesday"
    codes = schedule.days()
    codes = [c for c in WEEKDAY_CODES if c in codes] + [c for c in codes if c not in names]
    days = ", ".join(str(names.get(code, code)) for code in codes)
    hours = ""
    if schedule.opens_at and schedule.closes_at:
        hours = f"{dateformat.time_format(schedule.opens_at, 'H:i')}–{dateformat.time_format(schedule.closes_at, 'H:i')}"
    return " ".join(part for part in (days, hours) if part) or schedule.description[:60] or "—"


class _ShownAs:
    """A row's object in an inline, named by the inline's `row_label` instead of the model's str()."""

    def __init__(self, obj, text: str):
        self._obj, self._text = obj, text

    def __getattr__(self, name):
        return getattr(self._obj, name)

    def __str__(self) -> str:
        return self._text


class _LabelledRows(helpers.InlineAdminFormSet):
    def __iter__(self):
        for admin_form in super().__iter__():
            if admin_form.original is not None:
                admin_form.original = _ShownAs(admin_form.original, self.opts.row_label(admin_form.original))
            yield admin_form


class SocialMapAdmin(ModelAdmin):
    """Dutch names for the HSDS models in the delete summary and in-use notes, and inline rows
    named by their inline's `row_label(obj)` where it has one (opening hours)."""

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return to_delete, _dutch_counts(model_count), perms_needed, protected

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        admin_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for admin_formset in admin_formsets:
            if hasattr(admin_formset.opts, "row_label"):
                admin_formset.__class__ = _LabelledRows  # Django builds the plain class itself
        return admin_formsets


# --------------------------------------------------------------------------- service and its rows


class PhoneInline(TabularInline):
    model = Phone
    fk_name = "service"
    fields = ["number", "extension", "type", "description"]
    extra = 0
    verbose_name = _("phone number")
    verbose_name_plural = _("phone numbers")


class ScheduleInline(TabularInline):
    model = Schedule
    fk_name = "service"
    fields = ["byday", "opens_at", "closes_at", "closed", "valid_from", "valid_to", "description"]
    extra = 0
    verbose_name = _("opening hours or closure")
    verbose_name_plural = _("opening hours and closures")

    def row_label(self, obj) -> str:
        return opening_hours_text(obj)


# The forms only name fields: the admin gives them their model and fields.
class ServiceAreaForm(forms.ModelForm):
    class Meta:
        labels = {"municipality": _label(_("municipality")), "district": _label(_("district"))}


class ServiceAreaInline(TabularInline):
    model = ServiceArea
    form = ServiceAreaForm
    fields = ["municipality", "district", "name"]
    extra = 0
    verbose_name = _("service area")
    verbose_name_plural = _("service areas")


class ServiceAtLocationForm(forms.ModelForm):
    class Meta:
        labels = {"location": _label(_("location")), "description": _label(_("description"))}


class ServiceAtLocationInline(TabularInline):
    model = ServiceAtLocation
    form = ServiceAtLocationForm
    fields = ["location", "description"]
    autocomplete_fields = ["location"]
    extra = 0
    verbose_name = _("location")
    verbose_name_plural = _("locations")


@admin.register(Service)
class ServiceAdmin(SocialMapAdmin):
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
        reindex([form.instance.pk])


# --------------------------------------------------------------------------- locations


class AddressForm(forms.ModelForm):
    class Meta:
        labels = {
            "attention": _label(_("for the attention of")),
            "region": _label(_("region")),
            "address_type": _label(_("address type")),
        }


class AddressInline(StackedInline):
    model = Address
    form = AddressForm
    extra = 0
    verbose_name = _("address")
    verbose_name_plural = _("addresses")  # the model's own plural is "addresss"


class LocationForm(forms.ModelForm):
    class Meta:
        labels = {
            "organization": _label(_("organisation")),
            "external_identifier": _label(_("external identifier")),
            "external_identifier_type": _label(_("kind of external identifier")),
        }


@admin.register(Location)
class LocationAdmin(SocialMapAdmin):
    form = LocationForm
    list_display = ["name", "location_type", "organisation"]
    list_select_related = ["organization"]
    search_fields = ["name"]
    inlines = [AddressInline]

    @admin.display(description=_("organisation"), ordering="organization__name")
    def organisation(self, obj):
        return obj.organization


@admin.register(Organization)
class OrganizationAdmin(SocialMapAdmin):
    list_display = ["name", "email", "website"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Its name is in its services' searchable text: reindex them (which moves the index's stamp).
        reindex(list(obj.services.values_list("pk", flat=True)))


# --------------------------------------------------------------------------- taxonomies, search


@admin.register(Taxonomy)
class TaxonomyAdmin(SocialMapAdmin):
    list_display = ["name", "version"]


class TaxonomyTermForm(forms.ModelForm):
    class Meta:
        labels = {
            "taxonomy_id_value": _label(_("taxonomy id")),
            "parent_id": _label(_("parent term id")),
        }


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(ReferenceDataAdmin):
    form = TaxonomyTermForm
    list_display = ["name", "code", "taxonomy_ref"]
    list_filter = ["taxonomy_ref"]
    search_fields = ["name", "code", "keywords"]

    def usage(self, obj) -> Counter:
        return Counter(_dutch_counts(super().usage(obj)))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Its name and keywords are in its services' searchable text and on their cards: reindex
        # them, which also moves the index's stamp (cards keep service types until it moves).
        reindex(list(obj.services.values_list("pk", flat=True)))

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return to_delete, _dutch_counts(model_count), perms_needed, protected


@admin.register(SearchPhrase)
class SearchPhraseAdmin(SocialMapAdmin):
    list_display = ["phrase", "expansion", "term", "life_domain"]
    search_fields = ["phrase", "expansion"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        invalidate_phrases()
