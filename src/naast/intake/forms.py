"""Forms of the front door. They validate and explain; the services decide."""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from naast.core.forms import Form, LongTextField
from naast.organisations.models import District, MemberOrganisation, Municipality, normalise_postcode
from naast.registry.choices import Channel, Referrer, Urgency
from naast.taxonomies.models import LifeDomain, TargetGroup

from .models import ContactWay

# Each language also in its own words and script: a resident new to Dutch recognises "Türkçe"
# or "العربية" sooner than "Turks" or "Arabisch".
_OTHER_LANGUAGES = [
    ("ar", _("Arabic"), "العربية"),
    ("tr", _("Turkish"), "Türkçe"),
    ("pl", _("Polish"), "Polski"),
    ("uk", _("Ukrainian"), "Українська"),
    ("ti", _("Tigrinya"), "ትግርኛ"),
    ("so", _("Somali"), "Soomaali"),
    ("fr", _("French"), "Français"),
    ("de", _("German"), "Deutsch"),
]
LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    *[(code, format_lazy("{} – {}", name, own)) for code, name, own in _OTHER_LANGUAGES],
]
LANGUAGE_NAMES = {"nl": _("Dutch"), "en": _("English"), **{code: name for code, name, _own in _OTHER_LANGUAGES}}


def language_name(code: str) -> str:
    """A preferred-language code as staff read it ("Arabisch"); an unknown code as it is."""
    return str(LANGUAGE_NAMES.get((code or "").lower()[:2], code or ""))
NO_CONTACT = "none"
TIMESTAMP_SALT = "naast.intake.form-started"


def sign_started() -> str:
    return signing.TimestampSigner(salt=TIMESTAMP_SALT).sign(str(int(time.time())))


def _clean_postcode(value: str) -> str:
    if not value:
        return ""
    normalised = normalise_postcode(value)
    if not normalised:
        raise forms.ValidationError(_("Enter a Dutch postcode such as 1234 AB."))
    return normalised


def _clean_phone(value: str) -> str:
    value = (value or "").strip()
    digits = [ch for ch in value if ch.isdigit()]
    if value and (len(digits) < 8 or len(digits) > 15 or any(ch not in "0123456789 +-()" for ch in value)):
        raise forms.ValidationError(_("Enter a phone number such as 06 12345678."))
    return value


class PublicRequestForm(Form):
    """'Hulp vragen': few questions, plain language, every personal detail optional except one
    way to reach the resident (or none, when they prefer to call us themselves)."""

    question = LongTextField(
        label=_("What would you like help with?"),
        help_text=_("Write it in your own words. A few sentences are enough. At most 5,000 characters."),
        max_length=5000,
    )
    urgency = forms.ChoiceField(
        label=_("Is it urgent?"),
        choices=[(Urgency.REGULAR, _("No")), (Urgency.URGENT, _("Yes, I need help within a few days"))],
        initial=Urgency.REGULAR,
        widget=forms.RadioSelect,
        help_text=_("For example: you must answer a letter within a few days, or you may lose your home."),
    )
    for_whom = forms.ChoiceField(
        label=_("Who is the question for?"),
        choices=[("self", _("For myself")), ("other", _("For someone else, for example as a carer"))],
        initial="self",
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("First name of the person the question is about"),
        help_text=_("You may leave this empty. A first name is enough."),
        required=False,
        max_length=120,
    )
    asker_name = forms.CharField(label=_("Your name"), required=False, max_length=120,
                                 help_text=_("Required if you ask for someone else. If you ask for yourself, you may leave it empty."))
    asker_relation = forms.CharField(label=_("How do you know this person?"), required=False, max_length=120,
                                     help_text=_("For example: daughter, neighbour, carer."))
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.all(), required=False, empty_label=_("I don't know")
    )
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=10,
                               help_text=_("For example 7991 AB. Then we know which team is near you."))
    contact_way = forms.ChoiceField(
        label=_("How can we reach you?"),
        choices=[*ContactWay.choices, (NO_CONTACT, _("Not at all: I will contact you myself"))],
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40,
                            help_text=_("Needed when we may call you."))
    email = forms.EmailField(label=_("E-mail address"), required=False,
                             help_text=_("We send a confirmation to this address."))
    address = forms.CharField(label=_("Street and house number"), required=False, max_length=200,
                              help_text=_("Only needed for a letter or a visit."))
    preferred_language = forms.ChoiceField(label=_("Which language do you prefer?"), choices=LANGUAGES, initial="nl")
    # Spam protection without a CAPTCHA: a field people never see, a signed start time, and a key
    # that makes a double click or a browser resubmit count once.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=16)

    def __init__(self, *args, min_seconds: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_seconds = min_seconds
        # Required only for some answers (the way to reach, asking for someone else): not
        # marked optional; each help text says when it is needed.
        for name in ("asker_name", "phone", "email", "address", "postcode"):
            self.fields[name].conditional = True
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["postcode"].widget.attrs.update({"autocomplete": "postal-code"})
        self.fields["address"].widget.attrs.update({"autocomplete": "street-address"})
        self.fields["name"].widget.attrs.update({"autocomplete": "given-name"})

    def clean_postcode(self):
        return _clean_postcode(self.cleaned_data.get("postcode", ""))

    def clean_phone(self):
        return _clean_phone(self.cleaned_data.get("phone", ""))

    def clean_started(self):
        try:
            started = int(signing.TimestampSigner(salt=TIMESTAMP_SALT).unsign(self.cleaned_data["started"], max_age=86400))
        except (signing.BadSignature, ValueError) as exc:
            raise forms.ValidationError(_("The form has expired. Please send it again.")) from exc
        if time.time() - started < self.min_seconds:
            raise forms.ValidationError(_("That was very fast. Please check your answers and send the form again."))
        return started

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("Your question could not be sent. Please call us instead."))
        if "started" in self.errors:
            # Shown on top, because the hidden field has no place on the page.
            self.add_error(None, self.errors["started"][0])
        way = data.get("contact_way")
        if way == ContactWay.PHONE and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Fill in your phone number, or choose another way to reach you."))
        if way == ContactWay.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Fill in your e-mail address, or choose another way to reach you."))
        if way in (ContactWay.LETTER, ContactWay.VISIT):
            if not data.get("address"):
                self.add_error("address", _("Fill in your street and house number, or choose another way to reach you."))
            if not data.get("postcode") and "postcode" not in self.errors:
                self.add_error("postcode", _("Fill in your postcode, so a letter or a visit can find you."))
        if data.get("for_whom") == "other" and not data.get("asker_name"):
            self.add_error("asker_name", _("Fill in your own name, so we know who asks."))
        if data.get("for_whom") == "self" and not data.get("name") and data.get("asker_name"):
            # "For myself" with a name in "Your name" (where people expect to give it): that is
            # the resident's own name, never silently dropped.
            data["name"], data["asker_name"] = data["asker_name"], ""
        return data


class _ResidentFields(Form):
    name = forms.CharField(label=_("Name or initials"), required=False, max_length=120,
                           help_text=_("Empty for an anonymous request."))
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=200)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=10)
    address = forms.CharField(label=_("Street and house number"), required=False, max_length=200)

    def clean_postcode(self):
        return _clean_postcode(self.cleaned_data.get("postcode", ""))

    def clean_phone(self):
        return _clean_phone(self.cleaned_data.get("phone", ""))


STAFF_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.WEB]


class DeskRequestForm(_ResidentFields):
    """One screen for every staffed channel: phone, e-mail, desk, consultation hour, outreach, partner."""

    channel = forms.ChoiceField(label=_("Channel"), choices=STAFF_CHANNELS)
    referrer = forms.ChoiceField(label=_("Referred by"), choices=Referrer.choices, initial=Referrer.SELF)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.REGULAR,
                                widget=forms.RadioSelect)
    question = forms.CharField(label=_("Question in the resident's own words"), widget=forms.Textarea(attrs={"rows": 4}),
                               max_length=5000)
    life_domains = forms.ModelMultipleChoiceField(
        label=_("Life domains"), queryset=LifeDomain.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    target_group = forms.ModelChoiceField(label=_("Target group"), queryset=TargetGroup.objects.all(), required=False,
                                          empty_label=_("Not known"))
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.all(), required=False,
                                          empty_label=_("Not known"))
    contact_way = forms.ChoiceField(label=_("How to reach the resident"),
                                    choices=[("", "—"), *ContactWay.choices], required=False)
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGES, initial="nl")
    on_behalf = forms.BooleanField(label=_("Someone else asks on the resident's behalf"), required=False)
    asker_name = forms.CharField(label=_("Name of the person asking"), required=False, max_length=120,
                                 help_text=_("Needed when someone else asks on the resident's behalf."))
    asker_name.conditional = True
    asker_relation = forms.CharField(label=_("Relation to the resident"), required=False, max_length=120)
    existing_client = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_new_client = forms.BooleanField(
        label=_("This is a different person: register as a new client"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("on_behalf") and not data.get("asker_name"):
            self.add_error("asker_name", _("Fill in who asks on the resident's behalf."))
        return data


class QuickLogForm(Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=STAFF_CHANNELS)
    life_domain = forms.ModelChoiceField(label=_("Life domain"), queryset=LifeDomain.objects.all(),
                                         empty_label=_("Choose a life domain"))
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=480, initial=5)
    question = forms.CharField(label=_("Short note (no personal details)"), required=False, max_length=300)


class QueueFilterForm(Form):
    marks_no_optional = True  # every field narrows the list: none is marked "optional"
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=MemberOrganisation.objects.all(),
                                          required=False, empty_label=_("All"))
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.all(),
                                          required=False, empty_label=_("All"))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=[("", _("All")), *Urgency.choices], required=False)
    life_domain = forms.ModelChoiceField(label=_("Life domain"), queryset=LifeDomain.objects.all(), required=False,
                                         empty_label=_("All"))
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("All")), *Channel.choices], required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "organisation": data["organisation"].pk if data.get("organisation") else None,
            "municipality": data["municipality"].pk if data.get("municipality") else None,
            "urgency": data.get("urgency") or None,
            "life_domain": data["life_domain"].pk if data.get("life_domain") else None,
            "channel": data.get("channel") or None,
        }


class AssignForm(Form):
    supporters = forms.MultipleChoiceField(label=_("Supporters"), widget=forms.CheckboxSelectMultiple,
                                           help_text=_("Choose one, or two for a duo."))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supporters"].choices = choices

    def clean_supporters(self):
        chosen = self.cleaned_data["supporters"]
        if len(chosen) > 2:
            raise forms.ValidationError(_("Choose at most two supporters."))
        return chosen


class UrgencyForm(Form):
    urgency = forms.ChoiceField(label=_("New urgency"), choices=Urgency.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class AnotherSupporterForm(Form):
    reason = LongTextField(
        label=_("Why would you like another supporter?"),
        help_text=_("You do not have to explain much. A short sentence is enough."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class StaffAnotherSupporterForm(AnotherSupporterForm):
    """The same right, recorded by staff who heard it from the resident (by phone, at the desk)."""

    reason = forms.CharField(
        label=_("Why does the resident want another supporter?"),
        help_text=_("In the resident's words, briefly. The current supporter stops and is not suggested again "
                    "for this request."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class FollowUpCodeForm(Form):
    code = forms.CharField(
        label=_("Your follow-up code"), max_length=40,
        help_text=_("It is in your e-mail or letter from us, for example KQ7M-4RTD-X9PA-WH3C."),
    )


class FollowUpMessageForm(Form):
    text = LongTextField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class CorrectionForm(Form):
    """Correct what was recorded about a request (docs/domain.md §4); the reason is kept with it."""

    marks_no_optional = True  # each field shows what is recorded now; none is "optional"

    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.all(), required=False,
                                          empty_label=_("Not known"))
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.select_related("municipality"),
                                      required=False, empty_label=_("Not known"))
    life_domains = forms.ModelMultipleChoiceField(
        label=_("Life domains"), queryset=LifeDomain.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    target_group = forms.ModelChoiceField(label=_("Target group"), queryset=TargetGroup.objects.all(), required=False,
                                          empty_label=_("Not known"))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, widget=forms.RadioSelect,
                                help_text=_("The deadlines are computed again from the new urgency."))
    display_name = forms.CharField(label=_("Name or initials"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)
    email = forms.CharField(label=_("E-mail address"), required=False, max_length=254)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=10)
    reason = forms.CharField(label=_("Why is this corrected?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("For example: “Registered without municipality from an e-mail; the resident "
                                         "lives in Diever.” The old value and the reason stay visible."))

    def __init__(self, *args, has_client: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].label_from_instance = lambda d: f"{d.name} ({d.municipality.name})"
        if not has_client:  # a quick question answered on the spot has no resident record
            for name in ("display_name", "phone", "email", "postcode"):
                del self.fields[name]


class MergeForm(Form):
    """Merge two client records of one person, after the side-by-side view (`naast.intake.merging`)."""

    keep = forms.ChoiceField(label=_("Which record stays?"), widget=forms.RadioSelect,
                             help_text=_("The help requests of the other record move to this one; its details stay "
                                         "as they are."))
    reason = forms.CharField(label=_("Why are these the same person?"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("For example: “Same phone number and date of birth; the resident confirmed "
                                         "it on the phone.”"))
    confirm = forms.BooleanField(label=_("I have compared both records: they are the same person."))

    def __init__(self, *args, first=None, second=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (str(c.pk), _("Record %(number)s (%(name)s)") % {"number": c.pk, "name": c.display_name})
            for c in (first, second) if c is not None]
