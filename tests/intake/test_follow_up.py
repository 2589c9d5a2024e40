"""The resident's secret follow-up link: status without personal details, a message, and the
right to ask for another supporter."""

import re

import pytest

from naast.accounts.roles import Role
from naast.intake import services
from naast.intake.models import AnotherSupporterRequest, FollowUpMessage

from .factories import supporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client):
    registration = services.register_request(
        channel="web", question="Mijn geheime vraag over schulden",
        resident=services.ResidentDetails(display_name="Truus", phone="0611111111"), follow_up_link=True,
    )
    return registration.help_request, f"/hulp-vragen/volg/{registration.follow_up_token}/"


def test_status_without_personal_details(client, submitted):
    hr, url = submitted
    page = client.get(url).content.decode()
    assert hr.reference in page and "We zoeken een cliëntondersteuner voor u" in page
    assert "Truus" not in page and "schulden" not in page and "0611111111" not in page
    assert "noindex" in page


def test_status_follows_assignment_and_first_contact(f, org, client, submitted):
    hr, url = submitted
    services.assign(hr, [supporter(org, first_name="Lotte")], by=f.user(Role.COORDINATOR, org=org))
    page = client.get(url).content.decode()
    assert "Er is een cliëntondersteuner voor u gekozen" in page and "Lotte" not in page
    services.record_first_contact(hr)
    assert "Een cliëntondersteuner helpt u" in client.get(url).content.decode()


def test_resident_adds_a_message(client, submitted):
    hr, url = submitted
    response = client.post(url, {"action": "message", "msg-text": "Ik ben alleen 's ochtends thuis."}, follow=True)
    page = response.content.decode()
    assert "Uw bericht is naar het team gestuurd" in page
    assert FollowUpMessage.objects.get(help_request=hr).text.startswith("Ik ben")
    # The resident sees what they sent, so they know it arrived; not what came in by e-mail.
    assert "Uw berichten aan ons" in page and "alleen &#x27;s ochtends thuis" in page
    response = client.post(url, {"action": "message", "msg-text": "   "})
    assert "Dit veld is verplicht" in response.content.decode() and FollowUpMessage.objects.count() == 1
    FollowUpMessage.objects.create(help_request=hr, source=FollowUpMessage.Source.EMAIL, text="Antwoord per mail")
    assert "Antwoord per mail" not in client.get(url).content.decode()


def test_resident_asks_for_another_supporter(f, org, client, submitted):
    hr, url = submitted
    first = supporter(org)
    services.assign(hr, [first], by=f.user(Role.COORDINATOR, org=org))
    assert "Wilt u een andere ondersteuner?" in client.get(url).content.decode()
    response = client.post(url, {"action": "another", "other-reason": "We hebben geen klik."}, follow=True)
    assert "We zoeken een andere ondersteuner voor u" in response.content.decode()
    request = AnotherSupporterRequest.objects.get()
    assert request.source == "public" and list(request.previous_supporters.all()) == [first]


def test_unknown_or_mangled_tokens_give_404(client):
    assert client.get("/hulp-vragen/volg/nonsense/").status_code == 404
    assert client.get("/hulp-vragen/volg/" + "x" * 300 + "/").status_code == 404


def test_follow_up_link_in_confirmation_page_matches(client, submitted):
    _hr, url = submitted
    assert re.fullmatch(r"/hulp-vragen/volg/[2-9A-Z]{4}(-[2-9A-Z]{4}){3}/", url)  # a readable code


def test_another_supporter_without_a_reason_writes_nothing(f, org, client, submitted):
    hr, url = submitted
    services.assign(hr, [supporter(org)], by=f.user(Role.COORDINATOR, org=org))
    response = client.post(url, {"action": "another", "other-reason": ""})
    assert "Dit veld is verplicht" in response.content.decode()
    assert not AnotherSupporterRequest.objects.exists() and hr.assignments.filter(ended_at__isnull=True).exists()
