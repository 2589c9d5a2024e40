"""Partner referral API (django-ninja): a GP practice or the municipality's Wmo team refers a
resident; the request lands in the same registry with channel `partner` and the referrer.

Authentication: `Authorization: Bearer <key>`; keys are per partner and stored hashed. Calls are
limited per key per hour, and calls with an unknown key per client address (`limits.py`): over the
limit the answer is 429 with `Retry-After`.
Errors are JSON `{"detail": ...}` in Dutch or English (Accept-Language), also for a field the
schema refuses and for a wrong method (405); invalid input writes nothing. Phone and e-mail are
checked like the forms', a contact way needs its address. An `Idempotency-Key` header makes a retry
safe: the same key from the same partner answers the request made the first time. Every code list
is at `GET /api/partner/codes`. docs/partner-api.md has an example client.
"""

from __future__ import annotations

import json
from datetime import timedelta

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from pydantic import field_validator

from naast.core.hashing import keyed_digest
from naast.organisations.models import Municipality, normalise_postcode
from naast.registry.choices import Referrer, Urgency
from naast.taxonomies.models import LifeDomain

from . import limits, services
from .forms import LANGUAGES, _clean_phone
from .models import ContactWay, IntakeDetails, PartnerApiKey, hash_secret

# An identical referral (same partner, same body) within this window answers the first one.
DUPLICATE_WINDOW = timedelta(minutes=10)


class PartnerKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        key = PartnerApiKey.objects.filter(key_hash=hash_secret(token), active=True).first()
        if key is None:
            limits.unknown_key_call(request)
            return None
        limits.partner_call(key)
        PartnerApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
        request.partner = key
        return key


def code_lists() -> dict[str, dict[str, str]]:
    """Every code list of a referral: code -> label in the active language. One place for
    `GET /codes` and the enums of the OpenAPI document."""
    return {
        "life_domains": {d.code: str(d) for d in LifeDomain.objects.order_by("code")},
        "referrers": {code: str(label) for code, label in Referrer.choices},
        "municipalities": dict(Municipality.objects.order_by("code").values_list("code", "name")),
        "urgencies": {code: str(label) for code, label in Urgency.choices},
        "contact_ways": {code: str(label) for code, label in ContactWay.choices},
        "preferred_languages": {code: str(label) for code, label in LANGUAGES},
    }


# Which field of a referral takes which code list (its enum in the OpenAPI document).
CODED_FIELDS = {"municipality": "municipalities", "urgency": "urgencies", "referrer": "referrers",
                "life_domains": "life_domains", "contact_way": "contact_ways",
                "preferred_language": "preferred_languages"}


class PartnerApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The document with every valid code as an enum (read from the database when it is asked
        for, so a new municipality or life domain shows at once)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        lists = code_lists()
        properties = schema.get("components", {}).get("schemas", {}).get("ReferralIn", {}).get("properties", {})
        for name, list_name in CODED_FIELDS.items():
            prop = properties.get(name)
            if prop is None:
                continue
            values = list(lists[list_name])
            if list_name == "contact_ways":
                values = ["", *values]
            target = prop.get("items", prop) if prop.get("type") == "array" else prop
            if "anyOf" in target:  # an optional field: the enum on its string form
                target = next((t for t in target["anyOf"] if t.get("type") == "string"), target)
            target["enum"] = values
        return schema


api = PartnerApi(
    title="Naast partner referral API",
    version="1",
    description="Refer a resident to independent client support. Authenticate with the key you received "
    "(`Authorization: Bearer <key>`). Codes follow the Naast data dictionary.",
    urls_namespace="partner-api",
    # Swagger UI loads from a CDN, which the content-security policy rightly blocks; the
    # OpenAPI document itself is at /api/partner/openapi.json.
    docs_url=None,
    auth=PartnerKey(),
)


class ReferralIn(Schema):
    question: str = Field(..., min_length=3, max_length=5000, description="The resident's question")
    municipality: str = Field(..., description="CBS code, e.g. GM1701")
    urgency: str = Field("regular", description="urgent or regular")
    referrer: str | None = Field(None, description="Referrer code; defaults to the partner's own")
    life_domains: list[str] = Field(default_factory=list, description="Life-domain codes")
    resident_name: str = Field("", max_length=120, description="A first name or initials is enough")
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    postcode: str = Field("", max_length=10)
    preferred_language: str = Field("nl", max_length=10)
    contact_way: str = Field("", description="phone, email, letter or visit")
    referrer_contact: str = Field("", max_length=200, description="Who at the partner to call back")
    consent_to_share: bool = Field(False, description="The resident agreed that you pass on their details "
                                   "(name, phone, e-mail, postcode). Required when any of them is sent.")

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value):
        # A NUL character cannot be stored (PostgreSQL refuses it): a 422, not a server error.
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError("must not contain NUL characters")
        return value


class ReferralOut(Schema):
    reference: str
    received_at: str
    first_contact_due: str | None
    channel: str
    referrer: str


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] = {}


def _activate_language(request):
    lang = translation.get_language_from_request(request)
    translation.activate(lang)


def _schema_message(err: dict) -> str:
    """A pydantic error in the request's language (its own messages are English only)."""
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_short":
        return _("Use at least %(n)s characters.") % {"n": ctx.get("min_length", "")}
    if kind == "string_too_long":
        return _("Use at most %(n)s characters.") % {"n": ctx.get("max_length", "")}
    if kind in ("string_type", "list_type", "bool_type", "bool_parsing", "model_attributes_type", "dict_type"):
        return _("This value has the wrong type.")
    return _("This value is not valid.")


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    _activate_language(request)
    errors = {}
    for err in exc.errors:
        loc = [str(part) for part in err.get("loc", []) if part not in ("body", "payload")]
        errors[".".join(loc) or "body"] = _schema_message(err)
    return api.create_response(
        request, {"detail": _("The referral is not valid; nothing was saved."), "errors": errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    _activate_language(request)
    return api.create_response(request, {"detail": _("Missing or unknown API key.")}, status=401)


@api.exception_handler(limits.RateLimited)
def _rate_limited(request, exc: limits.RateLimited):
    _activate_language(request)
    minutes = max(1, round(exc.retry_after / 60))
    wait = ngettext("Try again in %(minutes)s minute.", "Try again in %(minutes)s minutes.", minutes) % {
        "minutes": minutes
    }
    if exc.unknown_key:
        detail = _("Too many requests with an unknown API key from your address.")
    else:
        detail = ngettext(
            "Too many requests with this API key: at most %(limit)s per hour.",
            "Too many requests with this API key: at most %(limit)s per hour.",
            exc.limit,
        ) % {"limit": exc.limit}
    response = api.create_response(request, {"detail": f"{detail} {wait}"}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc):
    _activate_language(request)
    detail = _("The request body is not valid JSON.") if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.post("/referrals", response={200: ReferralOut, 201: ReferralOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
          summary="Refer a resident")
def create_referral(request, payload: ReferralIn):
    _activate_language(request)
    partner: PartnerApiKey = request.partner
    idempotency_key = (request.headers.get("Idempotency-Key") or "").strip()
    stored_key = ""
    if idempotency_key:
        if len(idempotency_key) > 200:
            return 422, {"detail": _("The referral is not valid; nothing was saved."),
                         "errors": {"Idempotency-Key": _("Use at most %(n)s characters.") % {"n": 200}}}
        # Stored as a digest, per partner: one partner's key never answers another's request.
        stored_key = hash_secret(f"partner-api:{partner.pk}:{idempotency_key}")
        earlier = IntakeDetails.objects.filter(idempotency_key=stored_key).select_related("help_request").first()
        if earlier is not None:
            return 200, _referral_out(earlier.help_request)
    else:
        # Without the header, an identical body from the same partner within DUPLICATE_WINDOW is a
        # double send (a retry after a time-out), not a second resident: it answers the first one.
        body = json.dumps(payload.dict(), sort_keys=True, ensure_ascii=False)
        stored_key = keyed_digest(f"partner-api-body:{partner.pk}:{body}")  # salted: the body holds personal data
        earlier = IntakeDetails.objects.filter(idempotency_key=stored_key).select_related("help_request").first()
        if earlier is not None and earlier.created_at >= timezone.now() - DUPLICATE_WINDOW:
            return 200, _referral_out(earlier.help_request)
        if earlier is not None:  # an old one: the same words again are a new referral
            IntakeDetails.objects.filter(pk=earlier.pk).update(idempotency_key=None)
    errors: dict[str, str] = {}
    municipality = Municipality.objects.filter(code=payload.municipality.strip().upper()).first()
    if municipality is None:
        errors["municipality"] = _("Unknown municipality code %(code)s.") % {"code": payload.municipality[:20]}
    if payload.urgency not in Urgency.values:
        errors["urgency"] = _("Use one of: %(values)s.") % {"values": ", ".join(Urgency.values)}
    referrer = payload.referrer or partner.referrer
    if referrer not in Referrer.values:
        errors["referrer"] = _("Use one of: %(values)s.") % {"values": ", ".join(Referrer.values)}
    domains = list(LifeDomain.objects.filter(code__in=payload.life_domains))
    unknown = sorted(set(payload.life_domains) - {d.code for d in domains})
    if unknown:
        errors["life_domains"] = _("Unknown life domains: %(codes)s.") % {"codes": ", ".join(unknown)[:200]}
    if payload.postcode and not normalise_postcode(payload.postcode):
        errors["postcode"] = _("Enter a Dutch postcode such as 1234 AB.")
    if payload.contact_way and payload.contact_way not in ContactWay.values:
        errors["contact_way"] = _("Use one of: %(values)s.") % {"values": ", ".join(ContactWay.values)}
    if payload.preferred_language not in {code for code, _label in LANGUAGES}:
        errors["preferred_language"] = _("Use one of: %(values)s.") % {
            "values": ", ".join(code for code, _label in LANGUAGES)
        }
    if payload.email:
        from django.core.validators import validate_email

        try:
            validate_email(payload.email)
        except DjangoValidationError:
            errors["email"] = _("Enter a valid e-mail address.")
    try:
        _clean_phone(payload.phone)
    except DjangoValidationError as exc:
        errors["phone"] = exc.messages[0]
    personal = [name for name in ("resident_name", "phone", "email", "postcode") if getattr(payload, name).strip()]
    if personal and not payload.consent_to_share:
        errors["consent_to_share"] = _("Send the resident's details only with their consent: set consent_to_share "
                                       "to true, or leave out %(fields)s.") % {"fields": ", ".join(personal)}
    if payload.contact_way == ContactWay.PHONE and not payload.phone and "phone" not in errors:
        errors["phone"] = _("Give the resident's phone number, or choose another contact way.")
    if payload.contact_way == ContactWay.EMAIL and not payload.email and "email" not in errors:
        errors["email"] = _("Give the resident's e-mail address, or choose another contact way.")
    if errors:
        return 422, {"detail": _("The referral is not valid; nothing was saved."), "errors": errors}
    registration = services.register_request(
        channel="partner",
        question=payload.question,
        resident=services.ResidentDetails(
            display_name=payload.resident_name, phone=payload.phone, email=payload.email, postcode=payload.postcode,
            preferred_language=payload.preferred_language,
        ),
        municipality=municipality,
        urgency=payload.urgency,
        referrer=referrer,
        life_domains=domains,
        contact_way=payload.contact_way,
        asker_name=partner.name[:120],
        asker_relation=payload.referrer_contact[:120],
        actor=f"partner API: {partner.name}",
        idempotency_key=stored_key or None,
        consent_to_share_at=timezone.now() if payload.consent_to_share else None,
    )
    return (201 if registration.created else 200), _referral_out(registration.help_request)


def _referral_out(hr) -> dict:
    return {
        "reference": hr.reference,
        "received_at": hr.received_at.isoformat(),
        "first_contact_due": hr.first_contact_due.isoformat() if hr.first_contact_due else None,
        "channel": hr.channel,
        "referrer": hr.referrer,
    }


@api.get("/referrals", response={401: ErrorOut, 405: ErrorOut}, include_in_schema=False)
def referrals_get(request):
    """Referrals are only sent (POST): a GET answers 405 in JSON, like every other error."""
    _activate_language(request)
    response = api.create_response(request, {"detail": _("Use POST to send a referral.")}, status=405)
    response["Allow"] = "POST"
    return response


class CodesOut(Schema):
    life_domains: dict[str, str]
    referrers: dict[str, str]
    municipalities: dict[str, str]
    urgencies: dict[str, str]
    contact_ways: dict[str, str]
    preferred_languages: dict[str, str]


@api.get("/codes", response={200: CodesOut, 401: ErrorOut, 429: ErrorOut}, summary="Every code list")
def codes(request):
    """The valid codes of every coded field of a referral, with their labels in the request's language."""
    _activate_language(request)
    return 200, code_lists()
