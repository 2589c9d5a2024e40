"""Forms of the social map: the search box with filters, the staff edit forms (service, opening
hours, closures, visiting address, service areas), search phrases."""

from __future__ import annotations

import re

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from naast.core import phones
from naast.core.forms import Form, ModelForm, formfield
from naast.organisations.models import District, Municipality, normalise_postcode
from naast.taxonomies.models import LifeDomain, TargetGroup

from . import services as map_services
from .models import AGE_MESSAGE, MAX_AGE, SearchConcept, SearchPhrase, Service, TaxonomyTerm, Weekday
from .search import SearchFilters
from .seed import NAAST_SERVICE_TYPES

# Staff search the map on a resident's behalf: these labels speak about the resident, not to
# them (outside `SearchForm`, so they stay staff texts, in Dutch and English only).
STAFF_LABELS = {
    "q": (_("What is the resident looking for?"), _("In the resident's words, or a service or organisation.")),
    "place": (_("Where does the resident live?"), ""),
    "postcode": (_("The resident's postcode"), _("Optional. Services nearest to the resident come first.")),
}


class SearchForm(Form):
    marks_no_optional = True  # every field narrows the list: none is marked "optional"
    q = forms.CharField(label=_("What do you need help with?"), max_length=200, required=False,
                        help_text=_("Write it in your own words, for example: I cannot pay my rent."))
    domain = forms.ChoiceField(label=_("Area of life"), required=False)
    group = forms.ChoiceField(label=_("For whom"), required=False)
    place = forms.ChoiceField(label=_("Where do you live?"), required=False)
    postcode = forms.CharField(label=_("Your postcode"), max_length=10, required=False,
                               help_text=_("Optional. Services nearest to you come first, for example 7981 AB."))
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=120)
    free = forms.BooleanField(label=_("Free of charge only"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    archived = forms.BooleanField(label=_("Archived"), required=False,
                                  help_text=_("Only services taken off the map. Open one to put it back."))

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["archived"]  # residents never see archived services
        else:
            for name, (label, help_text) in STAFF_LABELS.items():
                self.fields[name].label, self.fields[name].help_text = label, help_text
                self._bound_fields_cache.pop(name, None)  # a bound field made already would keep the old label
        self.fields["domain"].choices = [("", _("All areas"))] + [(d.code, d.label) for d in LifeDomain.objects.all()]
        self.fields["group"].choices = [("", _("Everyone"))] + [(g.code, g.label) for g in TargetGroup.objects.all()]
        districts: dict[int, list] = {}
        for d in District.objects.order_by("name"):
            districts.setdefault(d.municipality_id, []).append(d)
        places: list = [("", _("All places"))]
        for m in Municipality.objects.order_by("name"):
            if m.pk not in districts:
                places.append((f"m:{m.code}", m.name))
                continue
            # A municipality with districts is a group: the whole municipality, then its villages
            # (a screen reader names the group; a dash before a village's name was read out).
            whole = _("All of %(municipality)s") % {"municipality": m.name}
            places.append((m.name, [(f"m:{m.code}", whole)] + [(f"d:{d.pk}", d.name) for d in districts[m.pk]]))
        self.fields["place"].choices = places

    def clean_postcode(self):
        value = self.cleaned_data.get("postcode", "").strip()
        if value and not normalise_postcode(value):
            raise forms.ValidationError(_("Enter a Dutch postcode such as 1234 AB or 1234."))
        return normalise_postcode(value) if value else ""

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
            archived=bool(data.get("archived")),
            postcode=data.get("postcode") or "",
        )


PHONE_MESSAGE = _("Enter a valid phone number with the area code, such as 0522 123 456.")


class ServiceForm(ModelForm):
    class Meta:
        model = Service
        formfield_callback = formfield
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
        self.fields["organization"].empty_label = _("No organisation")
        for name in ("minimum_age", "maximum_age"):
            field = self.fields[name]
            field.max_value = MAX_AGE
            field.widget.attrs["max"] = str(MAX_AGE)
            field.error_messages.update(min_value=AGE_MESSAGE, max_value=AGE_MESSAGE)

    def clean_direct_line(self):
        number = self.cleaned_data["direct_line"].strip()
        if number and not phones.is_valid(number):
            raise forms.ValidationError(PHONE_MESSAGE)
        return number

    def m2m(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("life_domains", "target_groups", "terms")}


class PhoneForm(Form):
    phone = forms.CharField(label=_("Public phone number"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))

    def clean_phone(self):
        number = self.cleaned_data["phone"].strip()
        if number and not phones.is_valid(number):
            raise forms.ValidationError(PHONE_MESSAGE)
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


# --------------------------------------------------------------------------- opening hours, closures

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RowFormSet(forms.BaseFormSet):
    """A formset of rows, each with a "delete" checkbox styled like the other fields. Extra rows
    left empty are skipped, so the page offers a few empty rows to add to without JavaScript."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.delete_label
            form.fields["DELETE"].widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"

    def kept_rows(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.is_blank()]


class OpeningPeriodForm(Form):
    id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    days = forms.MultipleChoiceField(label=_("Days"), choices=Weekday.choices, widget=forms.CheckboxSelectMultiple,
                                     error_messages={"required": _("Choose at least one day.")})
    opens_at = forms.TimeField(label=_("Opens at"), widget=TIME_INPUT)
    closes_at = forms.TimeField(label=_("Closes at"), widget=TIME_INPUT)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("days") or data.get("opens_at") or data.get("closes_at"))

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        return data


class BaseOpeningHoursFormSet(RowFormSet):
    delete_label = _("Remove this period")

    def clean(self):
        if any(self.errors):
            return
        rows = [(tuple(r["days"]), r["opens_at"], r["closes_at"]) for r in self.kept_rows()]
        overlaps = map_services.period_overlaps(rows)
        if overlaps:
            raise forms.ValidationError([map_services.overlap_message(*o) for o in overlaps])

    def periods(self) -> list[map_services.OpeningPeriod]:
        return [map_services.OpeningPeriod(days=tuple(r["days"]), opens_at=r["opens_at"], closes_at=r["closes_at"],
                                           id=r.get("id")) for r in self.kept_rows()]


OpeningHoursFormSet = forms.formset_factory(
    OpeningPeriodForm, formset=BaseOpeningHoursFormSet, extra=3, can_delete=True, max_num=50, validate_max=True
)


class ClosureForm(Form):
    id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    valid_from = forms.DateField(label=_("First day closed"), widget=DATE_INPUT)
    valid_to = forms.DateField(label=_("Last day closed"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Message for residents"), max_length=300, required=False,
                           help_text=_("For example: Closed during the Christmas holidays."))

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("valid_from") or data.get("valid_to") or data.get("note", "").strip())

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to"):
            if data["valid_to"] < data["valid_from"]:
                self.add_error("valid_to", _("The last day must be on or after the first day."))
            elif not data.get("id") and data["valid_to"] < timezone.localdate():
                self.add_error("valid_to", _("This closure has already ended."))
        return data


class BaseClosuresFormSet(RowFormSet):
    delete_label = _("Remove this closure")

    def closures(self) -> list[map_services.Closure]:
        return [map_services.Closure(valid_from=r["valid_from"], valid_to=r["valid_to"], note=r["note"], id=r.get("id"))
                for r in self.kept_rows()]


ClosuresFormSet = forms.formset_factory(
    ClosureForm, formset=BaseClosuresFormSet, extra=2, can_delete=True, max_num=50, validate_max=True
)


# --------------------------------------------------------------------------- visiting address

PROVINCES = ["Drenthe", "Flevoland", "Friesland", "Gelderland", "Groningen", "Limburg", "Noord-Brabant",
             "Noord-Holland", "Overijssel", "Utrecht", "Zeeland", "Zuid-Holland"]
HOUSE_NUMBER_RE = re.compile(r"^(?P<street>.*\D)\s+(?P<number>\d+\S*(?:\s+\S{1,4})?)$")


class CoordinateField(forms.FloatField):
    """Accepts a decimal comma too (52,85), as Dutch keyboards and spreadsheets write it."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        """A saved coordinate is shown the way the help text and a Dutch user write it: 52,8531."""
        if isinstance(value, float):
            return repr(value).replace(".", formats.get_format("DECIMAL_SEPARATOR"))
        return value


class LocationForm(Form):
    kind = forms.ChoiceField(label=_("Where can residents use this service?"), widget=forms.RadioSelect, choices=[
        ("physical", _("At an address they can visit")), ("virtual", _("Online or by phone only")),
    ])
    name = forms.CharField(label=_("Name of the location"), max_length=300, required=False,
                           help_text=_("For example: Town hall Diever, or Library."))
    # Required only for a visiting address (checked in `clean`): marked `conditional`, so the
    # label does not say "optional" while an empty one is refused.
    street = forms.CharField(label=_("Street"), max_length=250, required=False,
                             help_text=_("Needed for a visiting address."))
    house_number = forms.CharField(label=_("House number"), max_length=20, required=False,
                                   help_text=_("Needed for a visiting address. With the letter or addition, "
                                               "for example 12a or 12-2."))
    postal_code = forms.CharField(label=_("Postcode"), max_length=10, required=False,
                                  help_text=_("Needed for a visiting address."))
    city = forms.CharField(label=_("Place"), max_length=200, required=False,
                           help_text=_("Needed for a visiting address."))
    state_province = forms.ChoiceField(label=_("Province"), required=False,
                                       choices=[("", "—")] + [(p, p) for p in PROVINCES],
                                       help_text=_("Needed for a visiting address."))
    street.conditional = house_number.conditional = postal_code.conditional = True
    city.conditional = state_province.conditional = True
    latitude = CoordinateField(label=_("Latitude"), required=False, min_value=-90, max_value=90,
                               help_text=_("Optional. For the route planner, for example 52.8531."))
    longitude = CoordinateField(label=_("Longitude"), required=False, min_value=-180, max_value=180,
                                help_text=_("Optional. For example 6.3153."))
    accessibility = forms.CharField(label=_("Accessibility"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=_("For example: entrance without steps, lift, accessible toilet."))
    transportation = forms.CharField(label=_("How to get there"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    url = forms.URLField(label=_("Website for online help"), max_length=500, required=False, assume_scheme="https")

    ADDRESS_FIELDS = ("street", "house_number", "postal_code", "city", "state_province")
    # Why an empty address field is refused: the service is at an address.
    MISSING = {
        "street": _("Fill in the street: the service is at an address."),
        "house_number": _("Fill in the house number: the service is at an address."),
        "postal_code": _("Fill in the postcode: the service is at an address."),
        "city": _("Fill in the place: the service is at an address."),
        "state_province": _("Choose the province: the service is at an address."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postal_code"].widget.attrs.update({"autocomplete": "off", "inputmode": "text"})
        for name in ("latitude", "longitude"):
            self.fields[name].widget = forms.TextInput(attrs={**self.fields[name].widget.attrs, "inputmode": "decimal"})

    @classmethod
    def initial_for(cls, location) -> dict:
        if location is None:
            return {"kind": "physical"}
        address = location.addresses.order_by("address_1", "id").first()
        accessibility = location.accessibility.order_by("id").first()
        initial = {
            "kind": "virtual" if location.location_type == location.Type.VIRTUAL else "physical",
            "name": location.name, "latitude": location.latitude, "longitude": location.longitude,
            "accessibility": accessibility.description if accessibility else "",
            "transportation": location.transportation, "url": location.url,
        }
        if address:
            match = HOUSE_NUMBER_RE.match(address.address_1.strip())
            initial.update({
                "street": match["street"].strip() if match else address.address_1,
                "house_number": match["number"] if match else "",
                "postal_code": address.postal_code, "city": address.city, "state_province": address.state_province,
            })
        return initial

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if not value:
            return ""
        normalised = normalise_postcode(value)
        if not normalised or len(normalised) != 6:
            raise forms.ValidationError(_("Enter a Dutch postcode such as 1234 AB."))
        return f"{normalised[:4]} {normalised[4:]}"

    def clean(self):
        data = super().clean()
        if data.get("kind") != "physical":
            return data
        for name in self.ADDRESS_FIELDS:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, self.MISSING[name])
        lat, lon = data.get("latitude"), data.get("longitude")
        if "latitude" in self.errors or "longitude" in self.errors:
            return data
        if (lat is None) != (lon is None):
            self.add_error("longitude" if lon is None else "latitude", _("Fill in both latitude and longitude, or neither."))
        elif lat is not None and not (50.5 <= lat <= 54 and 3 <= lon <= 7.5):
            self.add_error("latitude", _("These coordinates are not in the Netherlands. "
                                         "Did you swap latitude and longitude?"))
        return data

    def visiting_address(self) -> map_services.VisitingAddress:
        data = self.cleaned_data
        virtual = data["kind"] == "virtual"
        return map_services.VisitingAddress(
            virtual=virtual, name=data["name"], url=data["url"],
            address_1="" if virtual else f"{data['street'].strip()} {data['house_number'].strip()}",
            postal_code=data["postal_code"], city=data["city"], state_province=data["state_province"],
            latitude=data["latitude"], longitude=data["longitude"],
            accessibility=data["accessibility"], transportation=data["transportation"],
        )


# --------------------------------------------------------------------------- service areas

class DistrictChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.municipality.name})"


class ServiceAreaForm(Form):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"), queryset=Municipality.objects.order_by("name"), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("The service is for everyone who lives there."),
    )
    districts = DistrictChoiceField(
        label=_("Districts"), queryset=District.objects.select_related("municipality").order_by("municipality__name", "name"),
        required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for a part of a municipality. No need to choose a district of a municipality chosen above."),
    )
    keep = forms.MultipleChoiceField(
        label=_("Other areas (described in words)"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("From an imported map. Untick to remove."),
    )

    def __init__(self, *args, service: Service, **kwargs):
        others = [a for a in service.service_areas.all() if not a.municipality_id and not a.district_id]
        kwargs.setdefault("initial", {
            "municipalities": [a.municipality_id for a in service.service_areas.all() if a.municipality_id and not a.district_id],
            "districts": [a.district_id for a in service.service_areas.all() if a.district_id],
            "keep": [str(a.pk) for a in others],
        })
        super().__init__(*args, **kwargs)
        if others:
            self.fields["keep"].choices = [(str(a.pk), a.name or a.description or str(a.pk)) for a in others]
        else:
            del self.fields["keep"]


class SearchConceptForm(ModelForm):
    class Meta:
        model = SearchConcept
        fields = ["key", "phrases_nl", "phrases_en", "phrases_ar", "phrases_tr", "phrases_pl", "phrases_uk",
                  "expansion", "life_domain", "terms"]
        widgets = {f"phrases_{lang}": forms.Textarea(attrs={"rows": 3}) for lang in SearchConcept.LANGUAGES}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["terms"].queryset = TaxonomyTerm.objects.order_by("name")
        self.fields["terms"].required = False
        for lang in ("ar", "uk"):
            self.fields[f"phrases_{lang}"].widget.attrs["dir"] = "auto"
        self.fields["phrases_ar"].widget.attrs["lang"] = "ar"
        self.fields["phrases_uk"].widget.attrs["lang"] = "uk"
        self.fields["phrases_tr"].widget.attrs["lang"] = "tr"
        self.fields["phrases_pl"].widget.attrs["lang"] = "pl"
        self.fields["phrases_en"].widget.attrs["lang"] = "en"

    def clean(self):
        data = super().clean()
        for lang in SearchConcept.LANGUAGES:
            name = f"phrases_{lang}"
            if name in data:
                lines = [" ".join(line.split()) for line in data[name].splitlines()]
                data[name] = "\n".join(dict.fromkeys(line for line in lines if line))
        if not any(data.get(f"phrases_{lang}") for lang in SearchConcept.LANGUAGES):
            self.add_error("phrases_nl", _("Enter at least one word or phrase residents use."))
        return data

    def clean_expansion(self):
        expansion = " ".join(self.cleaned_data["expansion"].split())
        if not expansion:
            raise forms.ValidationError(_("Enter the words services on the map use for this help."))
        return expansion


class FeedbackForm(Form):
    q = forms.CharField(max_length=200)
    helped = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])


class ProviderServiceForm(ModelForm):
    """One service as its provider sees it on the check page; what they change becomes a
    correction for a coordinator to approve (nothing is saved from this form directly)."""

    class Meta:
        model = Service
        formfield_callback = formfield
        fields = ["name", "description", "url", "email", "application_process", "fees_description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "application_process": forms.Textarea(attrs={"rows": 2}),
                   "fees_description": forms.Textarea(attrs={"rows": 2})}
