"""Where the residents' texts live: every template and piece of Python whose strings a resident
can see (public pages, their e-mails and letters). The strings found here must be translated into
every language of settings.LANGUAGES (test: tests/core/test_public_translations.py); staff texts
are in Dutch and English only. See docs/translations.md.

A template is taken whole. A Python file is taken whole, or only the named top-level objects
(classes, functions, assignments) when a list follows it, so a staff form in the same file adds
nothing for the translators.
"""

PUBLIC_TEMPLATES = [
    "core/templates/naast/base.html",
    "core/templates/naast/base_public.html",
    "core/templates/naast/error_page.html",
    "core/templates/naast/field.html",
    "core/templates/naast/form_errors.html",
    "core/templates/naast/pagination.html",
    "core/templates/core/home.html",
    "core/templates/core/privacy.html",
    "core/templates/core/accessibility.html",
    "core/templates/naast/_dutch_only_note.html",
    "core/templates/403.html",
    "core/templates/404.html",
    "core/templates/500.html",
    "core/templates/csrf_failure.html",
    "core/templates/naast/call_instead.html",
    "core/templates/naast/urgent_help.html",
    "intake/templates/intake/request_form.html",
    "intake/templates/intake/thanks.html",
    "intake/templates/intake/follow_up.html",
    "intake/templates/intake/follow_up_start.html",
    "intake/templates/intake/letter.html",
    "casework/templates/casework/survey.html",
    "casework/templates/casework/survey_closed.html",
    "casework/templates/casework/survey_letter.html",
    "casework/templates/casework/survey_start.html",
    "casework/templates/casework/survey_thanks.html",
    "socialmap/templates/socialmap/_card.html",
    "socialmap/templates/socialmap/_fallback.html",
    "socialmap/templates/socialmap/_call_us.html",
    "socialmap/templates/socialmap/_results.html",
    "socialmap/templates/socialmap/_search_form.html",
    "socialmap/templates/socialmap/_service_body.html",
    "socialmap/templates/socialmap/public_detail.html",
    "socialmap/templates/socialmap/public_search.html",
    "selftest/templates/selftest/information.html",
    "selftest/templates/selftest/_information_blocks.html",
    "selftest/templates/selftest/flyer.html",
]

PUBLIC_PYTHON = {
    "core/forms.py": None,
    "intake/public.py": None,
    "socialmap/public.py": None,
    "selftest/public.py": None,
    "selftest/information.py": None,
    "intake/forms.py": [
        "_OTHER_LANGUAGES", "LANGUAGES", "_clean_postcode", "_clean_phone", "PublicRequestForm",
        "FollowUpMessageForm", "AnotherSupporterForm", "FollowUpCodeForm",
    ],
    "intake/models.py": ["ContactWay"],
    "intake/views.py": ["request_help", "thanks", "follow_up_start", "follow_up"],
    "intake/selectors.py": ["public_status"],
    "intake/services.py": ["request_another_supporter", "add_follow_up_message", "send_confirmation"],
    "casework/forms.py": ["SurveyCodeForm", "SurveyForm"],
    "casework/choices.py": ["Agreement"],
    "casework/feed_and_survey_views.py": ["survey_start", "survey"],
    "casework/services/closing.py": ["_send_survey_email", "SurveyUnavailable", "open_invitation"],
    "socialmap/forms.py": ["SearchForm"],
    "socialmap/seed.py": ["SERVICE_TYPES"],
    "socialmap/views.py": ["public_search", "public_feedback", "public_detail"],
}
