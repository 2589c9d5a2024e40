"""The partner API as the issue found it: phone "abc" accepted with contact_way phone, an identical
post registered twice, no list of valid codes, "Field required" in English to a Dutch request and a
plain-text "Method not allowed" to a GET."""

import json

import pytest

from naast.registry.models import HelpRequest

from .test_api import URL, key, post, referral  # noqa: F401  (the key fixture)

pytestmark = pytest.mark.django_db


def test_a_phone_like_abc_is_refused_like_the_forms_do(client, key, muni):  # noqa: F811
    response = post(client, referral(phone="abc", contact_way="phone"), key)
    assert response.status_code == 422
    assert "06 12345678" in response.json()["errors"]["phone"]
    response = post(client, referral(phone="", contact_way="phone"), key)
    assert response.status_code == 422 and "telefoonnummer" in response.json()["errors"]["phone"]
    response = post(client, referral(email="", phone="", contact_way="email"), key)
    assert response.status_code == 422 and "e-mailadres" in response.json()["errors"]["email"]
    assert HelpRequest.objects.count() == 0


def test_a_retry_with_the_same_idempotency_key_registers_one_request(client, key, muni):  # noqa: F811
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_IDEMPOTENCY_KEY": "verwijzing-2026-0042"}
    first = client.post(URL, json.dumps(referral()), content_type="application/json", **headers)
    again = client.post(URL, json.dumps(referral()), content_type="application/json", **headers)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["reference"] == again.json()["reference"]
    assert HelpRequest.objects.count() == 1
    other = client.post(URL, json.dumps(referral()), content_type="application/json",
                        **{**headers, "HTTP_IDEMPOTENCY_KEY": "verwijzing-2026-0043"})
    assert other.status_code == 201 and HelpRequest.objects.count() == 2


def test_every_code_list_is_at_codes(client, key, muni):  # noqa: F811
    response = client.get("/api/partner/codes", HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    codes = response.json()
    assert "care" in codes["life_domains"] and codes["municipalities"]["GM1701"] == "Westerveld"
    assert "gp" in codes["referrers"] and set(codes["contact_ways"]) == {"phone", "email", "letter", "visit"}
    assert "/api/partner/codes" in client.get("/api/partner/openapi.json").json()["paths"]
    assert client.get("/api/partner/codes").status_code == 401


def test_schema_errors_are_in_the_requests_language(client, key, muni):  # noqa: F811
    response = post(client, {"municipality": "GM1701"}, key, lang="nl")
    assert response.status_code == 422
    assert response.json()["errors"]["question"] == "Dit veld is verplicht."
    assert "Field required" not in response.content.decode()
    response = post(client, {"municipality": "GM1701"}, key, lang="en")
    assert response.json()["errors"]["question"] == "This field is required."


def test_a_get_on_referrals_is_a_json_405(client, key):  # noqa: F811
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 405 and response["Content-Type"].startswith("application/json")
    assert response["Allow"] == "POST" and "POST" in response.json()["detail"]


def test_an_identical_post_within_ten_minutes_is_one_request(client, key, muni):  # noqa: F811
    from datetime import timedelta

    from django.utils import timezone

    from naast.intake.models import IntakeDetails

    first, again = post(client, referral(), key), post(client, referral(), key)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["reference"] == again.json()["reference"] and HelpRequest.objects.count() == 1
    assert post(client, referral(question="Een andere vraag over de brief."), key).status_code == 201
    IntakeDetails.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    later = post(client, referral(), key)
    assert later.status_code == 201 and later.json()["reference"] != first.json()["reference"]
    assert HelpRequest.objects.count() == 3


def test_the_openapi_document_lists_every_valid_code(client, muni):
    fields = client.get("/api/partner/openapi.json").json()["components"]["schemas"]["ReferralIn"]["properties"]
    assert "GM1701" in fields["municipality"]["enum"]
    assert "care" in fields["life_domains"]["items"]["enum"]
    assert set(fields["urgency"]["enum"]) == {"urgent", "regular"}
    assert "gp" in str(fields["referrer"])  # optional: the enum on its string form
    assert "phone" in fields["contact_way"]["enum"] and "nl" in fields["preferred_language"]["enum"]


def test_personal_details_need_the_residents_consent_which_is_recorded(client, key, muni, f, org, login):  # noqa: F811
    from naast.accounts.roles import Role
    from naast.intake.models import IntakeDetails

    without = {k: v for k, v in referral().items() if k != "consent_to_share"}
    response = post(client, without, key)
    assert response.status_code == 422 and "consent_to_share" in response.json()["errors"]
    assert HelpRequest.objects.count() == 0
    anonymous = post(client, {"question": "Een vraag zonder naam.", "municipality": "GM1701"}, key)
    assert anonymous.status_code == 201  # nothing personal: no consent needed
    response = post(client, referral(), key)
    assert response.status_code == 201
    details = IntakeDetails.objects.get(help_request__reference=response.json()["reference"])
    assert details.consent_to_share_at is not None
    page = login(f.user(Role.COORDINATOR, org=org)).get(f"/staff/requests/{details.help_request.reference}/")
    assert "Toestemming" in page.content.decode() or "toestemming" in page.content.decode()
