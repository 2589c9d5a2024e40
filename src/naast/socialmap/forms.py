"""Forms of the social map: the search box with filters, the staff edit form, search phrases."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from naast.core.forms import Form, ModelForm
from naast.organisations.models import District, Municipality
from naast.taxonomies.models import LifeDomain, TargetGroup

from . import phones
from .models import SearchPhrase, Service, TaxonomyTerm
from .search import NAAST_SERVICE_TYPES, SearchFilters


class SearchForm(Form):
    q = forms.CharField(label=_("What do you need help with?"), max_length=200, required=False,
                        help_text=_("Write it in your own words, for example: I cannot pay my rent."))
    domain = forms.ChoiceField(label=_("Area of life"), required=False)
    group = forms.ChoiceField(label=_("For whom"), required=False)
    place = forms.ChoiceField(label=_("Where do you live?"), required=False)
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=120)
    free = forms.BooleanField(label=_("Free of charge only"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [("", _("All areas"))] + [(d.code, d.label) for d in LifeDomain.objects.all()]
        self.fields["group"].choices = [("", _("Everyone"))] + [(g.code, g.label) for g in TargetGroup.objects.all()]
        districts: dict[int, list] = {}
        for d in District.objects.order_by("name"):
            districts.setdefault(d.municipality_id, []).append(d)
        places = [("", _("All places"))]
        for m in Municipality.objects.order_by("name"):
            places.append((f"m:{m.code}", m.name))
            places += [(f"d:{d.pk}", f"— {d.name}") for d in districts.get(m.pk, [])]
        self.fields["place"].choices = places

    def to_filters(self) -> SearchFilters:
        data = self.cleaned_data if self.is_valid() else {}
        place = data.get("place") or ""
        return SearchFilters(
            life_domain=data.get("domain") or "",
            target_group=data.get("group") or "",
            municipality=place[2:] if place.startswith("m:") else "",
            district=int(place[2:]) if place.startswith("d:") else None,
            free=bool(data.get("free")),
            open_now=bool(data.get("open_now")),
            age=data.get("age"),
        )


class ServiceForm(ModelForm):
    class Meta:
        model = Service
        fields = [
            "name", "organization", "status", "description", "eligibility_description", "application_process",
            "fees_description", "free_of_charge", "minimum_age", "maximum_age", "wait_time", "waiting_weeks",
            "url", "email", "life_domains", "target_groups", "terms", "alert",
            "internal_notes", "direct_line", "referral_instructions",
        ]
        widgets = {
            "life_domains": forms.CheckboxSelectMultiple, "target_groups": forms.CheckboxSelectMultiple,
            "terms": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}), "eligibility_description": forms.Textarea(attrs={"rows": 2}),
            "application_process": forms.Textarea(attrs={"rows": 2}), "fees_description": forms.Textarea(attrs={"rows": 2}),
            "alert": forms.Textarea(attrs={"rows": 2}), "internal_notes": forms.Textarea(attrs={"rows": 3}),
            "referral_instructions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "description": _("Plain language (B1): short sentences, everyday words."),
            "internal_notes": _("Only staff see this. Never write client details here."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["terms"].queryset = TaxonomyTerm.objects.filter(taxonomy_ref__name=NAAST_SERVICE_TYPES)

    def clean_direct_line(self):
        number = self.cleaned_data["direct_line"].strip()
        if number and not phones.is_valid(number):
            raise forms.ValidationError(_("Enter a valid phone number, such as 0522 123 456."))
        return number

    def m2m(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("life_domains", "target_groups", "terms")}


class PhoneForm(Form):
    phone = forms.CharField(label=_("Public phone number"), max_length=40, required=False)

    def clean_phone(self):
        number = self.cleaned_data["phone"].strip()
        if number and not phones.is_valid(number):
            raise forms.ValidationError(_("Enter a valid phone number, such as 0522 123 456."))
        return number


class SearchPhraseForm(ModelForm):
    class Meta:
        model = SearchPhrase
        fields = ["phrase", "expansion", "life_domain", "term"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = TaxonomyTerm.objects.filter(taxonomy_ref__name=NAAST_SERVICE_TYPES)

    def clean_phrase(self):
        phrase = " ".join(self.cleaned_data["phrase"].lower().split())
        if not phrase:
            raise forms.ValidationError(_("Enter the words residents use."))
        return phrase
