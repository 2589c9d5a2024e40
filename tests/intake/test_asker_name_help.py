"""The help text of "Uw naam" fits both choices: needed for someone else, optional for yourself."""

import pytest
from django.conf import settings
from django.utils import translation

from naast.intake.forms import PublicRequestForm

pytestmark = pytest.mark.django_db
ENGLISH = "Required if you ask for someone else. If you ask for yourself, you may leave it empty."


def test_dutch_form_says_the_name_may_stay_empty_when_asking_for_yourself(client):
    html = client.get("/hulp-vragen/").content.decode()
    assert "Verplicht als u voor iemand anders vraagt. Vraagt u voor uzelf? Dan mag u het leeg laten." in html
    assert "Alleen als u voor iemand anders vraagt" not in html


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code not in ("nl", "en")])
def test_help_text_is_translated_in_every_resident_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with translation.override(language):
        text = str(PublicRequestForm.base_fields["asker_name"].help_text)
    assert text != ENGLISH
    assert text in client.get("/hulp-vragen/").content.decode()
