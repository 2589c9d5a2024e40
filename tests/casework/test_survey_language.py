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
