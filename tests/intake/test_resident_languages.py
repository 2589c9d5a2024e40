"""The front door in the resident's language (issue 17): the confirmation e-mail goes out in the
language the form was filled in, and says the same date as the thank-you page."""

import pytest
from django.conf import settings
from django.core import mail

from naast.core.dates import resident_date
from naast.registry.models import HelpRequest

from .test_public_form import URL, form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language,thanks", [
    ("ar", "شكرًا لك. وصلنا سؤالك."), ("tr", "Teşekkürler. Sorunuzu aldık."), ("pl", "Dziękujemy. Otrzymaliśmy Twoje pytanie."),
    ("uk", "Дякуємо. Ми отримали ваше питання."), ("en", "Thank you. We have received your question."),
    ("nl", "Dank u wel. We hebben uw vraag ontvangen."),
])
def test_confirmation_email_is_in_the_language_of_the_form(client, django_capture_on_commit_callbacks,
                                                            language, thanks):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(contact_way="email", email="rana@example.org", phone="",
                                              preferred_language=language), follow=True)
    hr = HelpRequest.objects.get()
    message = mail.outbox[0]
    assert message.body.startswith(thanks)
    assert hr.client.preferred_language == language
    # The e-mail and the page name the day of first contact in the same words.
    from django.utils import translation

    with translation.override(language):
        day = resident_date(hr.first_contact_due)
    assert day in message.body
    assert day in response.content.decode()
