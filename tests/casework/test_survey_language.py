"""The survey invitation reaches the resident in the language they used on the form, not always
in Dutch (issue 17)."""

import pytest

from naast.casework import services
from naast.core.models import OutgoingMail

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language,expected", [
    ("ar", "كيف كانت التجربة؟"), ("tr", "Nasıl geçti?"), ("pl", "Jak poszło?"), ("uk", "Як усе пройшло?"),
    ("en", "How did it go?"), ("nl", "Hoe ging het?"), ("", "Hoe ging het?"), ("ti", "Hoe ging het?"),
])
def test_survey_email_is_in_the_residents_language(f, org, supporter, language, expected):
    client = f.client("Rana", email="rana@example.org", preferred_language=language)
    hr = f.help_request(org=org, supporter=supporter, client=client)
    services.close_request(hr, by=supporter, outcome="answered", summary="Klaar.", site_url="https://naast.example")
    mail = OutgoingMail.objects.get(kind=OutgoingMail.Kind.SURVEY)
    assert mail.subject.startswith(expected)
    assert "https://naast.example/enquete/" in mail.body


def test_survey_letter_is_printed_in_the_residents_language(client, f, org, supporter):
    from django.urls import reverse

    resident = f.client("Olena", preferred_language="uk")
    hr = f.help_request(org=org, supporter=supporter, client=resident)
    client.force_login(supporter)
    page = client.post(reverse("casework:close", args=[hr.reference]),
                       {"outcome": "answered", "summary": "Klaar.", "invite_to_survey": "on"}).content.decode()
    assert '<html lang="nl"' in page  # the staff page around it stays Dutch
    assert '<article class="naast-letter" lang="uk" dir="ltr">' in page
    assert "Як вам наша допомога?" in page and "Hoe vond u onze hulp?" not in page
    code = page.split('class="naast-letter__code">')[1].split("<")[0].replace(" ", "")
    assert client.get(f"/enquete/{code}/").status_code == 200
