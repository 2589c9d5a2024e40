"""The language to write to a resident in (e-mails, letters): the one they chose on the form as
their preferred language (preselected with the language they read the form in), when Naast
speaks it (settings.LANGUAGES); else Dutch."""

from django.conf import settings


def resident_language(help_request) -> str:
    chosen = (help_request.client.preferred_language or "").lower()[:2]
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
