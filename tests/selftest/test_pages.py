"""Filling in the self-test on its page: answers, explanations, links and documents are saved;
bad documents and bad web addresses are refused with a Dutch message and nothing is saved."""

from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from naast.accounts.roles import Role
from naast.selftest.forms import field_prefix
from naast.selftest.models import Answer, EvidenceDocument, SelfTest
from naast.selftest.questions import QUESTIONS

from .helpers import fill

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # uploads of these tests go to a throw-away folder


def edit_url(code="GM1701", year=2025):
    return "/staff/zelftest/invullen/?" + urlencode({"gemeente": code, "jaar": year})


def form_data(**overrides) -> dict:
    data = {}
    for key in QUESTIONS:
        p = field_prefix(key)
        data.update({f"{p}-answer": "unknown", f"{p}-explanation": "", f"{p}-links": "", f"{p}-upload_title": ""})
    for key, value in overrides.items():
        data[key] = value
    return data


def p(key):
    return field_prefix(key)


def test_a_funder_fills_in_the_self_test_of_their_municipality(f, login, muni):
    client = login(f.user(Role.FUNDER, muni=muni))
    q = "policy_plan.describes_support"
    response = client.post(edit_url(), form_data(**{
        f"{p(q)}-answer": "yes", f"{p(q)}-explanation": "Hoofdstuk 4 van het beleidsplan.",
        f"{p(q)}-links": "https://www.westerveld.nl/beleidsplan\n\nhttps://www.westerveld.nl/verordening",
        f"{p(q)}-upload": SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
        f"{p(q)}-upload_title": "Beleidsplan 2025"}))
    assert response.status_code == 302 and "/staff/zelftest/rapport/" in response["Location"]
    answer = Answer.objects.get(self_test__municipality=muni, self_test__year=2025, question=q)
    assert (answer.answer, answer.explanation) == ("yes", "Hoofdstuk 4 van het beleidsplan.")
    assert answer.links == ["https://www.westerveld.nl/beleidsplan", "https://www.westerveld.nl/verordening"]
    document = answer.documents.get()
    assert document.title == "Beleidsplan 2025" and document.content_type == "application/pdf"
    assert Answer.objects.filter(self_test__year=2025).count() == len(QUESTIONS)
    page = client.get(response["Location"])
    assert "De zelftest voor 2025 is opgeslagen." in page.content.decode()
    assert "Beleidsplan 2025" in page.content.decode()
    # The document opens for the funder, as a download that is never sniffed into something else.
    opened = client.get(f"/staff/zelftest/document/{document.pk}/")
    assert opened.status_code == 200 and b"".join(opened.streaming_content) == PDF
    assert opened["X-Content-Type-Options"] == "nosniff" and "attachment" in opened["Content-Disposition"]
    # Removing it deletes the row.
    response = client.post(edit_url(), form_data(**{f"{p(q)}-answer": "yes", f"{p(q)}-remove": [str(document.pk)]}))
    assert response.status_code == 302 and not EvidenceDocument.objects.exists()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("virus.exe", b"MZ\x90\x00", "Dit soort bestand is niet toegestaan"),
    ("brief.pdf", b"MZ\x90\x00 not a pdf", "De inhoud van het bestand komt niet overeen met het soort bestand"),
    ("leeg.pdf", b"", "bestand is leeg"),
])
def test_bad_documents_are_refused_and_nothing_is_saved(f, login, muni, name, content, message):
    client = login(f.user(Role.FUNDER, muni=muni))
    q = "quality.evaluation"
    response = client.post(edit_url(), form_data(**{
        f"{p(q)}-answer": "yes", f"{p(q)}-upload": SimpleUploadedFile(name, content)}))
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert "Er is nog niets opgeslagen" in text
    assert not SelfTest.objects.exists() and not EvidenceDocument.objects.exists()


def test_a_document_over_10_mb_is_refused(f, login, muni, settings):
    client = login(f.user(Role.FUNDER, muni=muni))
    q = "quality.evaluation"
    big = SimpleUploadedFile("groot.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))
    response = client.post(edit_url(), form_data(**{f"{p(q)}-answer": "yes", f"{p(q)}-upload": big}))
    assert response.status_code == 200 and "groter dan 10 MB" in response.content.decode()
    assert not Answer.objects.exists()


@pytest.mark.parametrize(("links", "message"), [
    ("javascript:alert(1)", "Regel 1: „javascript:alert(1)” is geen webadres"),
    ("https://ok.example/a\nwww.gemeente.nl/beleid", "Regel 2: „www.gemeente.nl/beleid” is geen webadres"),
    ("ftp://files.example/plan.pdf", "Regel 1: „ftp://files.example/plan.pdf” is geen webadres"),
    ("https://jan:geheim@intranet.example/plan", "Regel 1: een webadres mag geen gebruikersnaam of wachtwoord"),
    ("https://x.example/" + "a" * 600, "Regel 1: het webadres is langer dan 500 tekens"),
    ("\n".join(f"https://x.example/{i}" for i in range(11)), "Geef hoogstens 10 webadressen"),
])
def test_bad_links_are_refused_with_the_line(f, login, muni, links, message):
    client = login(f.user(Role.FUNDER, muni=muni))
    q = "duty_to_inform.how_informed"
    response = client.post(edit_url(), form_data(**{f"{p(q)}-answer": "partly", f"{p(q)}-links": links,
                                                    f"{p(q)}-explanation": "Blijft staan."}))
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert "Blijft staan." in text  # what was typed is still there
    assert not Answer.objects.exists()


def test_an_unknown_answer_code_is_refused(f, login, muni):
    client = login(f.user(Role.FUNDER, muni=muni))
    response = client.post(edit_url(), form_data(**{f"{p('accessibility.free')}-answer": "misschien"}))
    assert response.status_code == 200 and "Selecteer een geldige keuze" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_new_year_starts_from_last_years_answers(f, login, muni):
    fill(muni, 2024, {"accessibility.free": "yes"})
    client = login(f.user(Role.FUNDER, muni=muni))
    page = client.get(edit_url(year=2025)).content.decode()
    assert "De antwoorden van 2024 zijn als begin ingevuld" in page
    assert f'name="{p("accessibility.free")}-answer" value="yes"' in page and "checked" in page
    assert not SelfTest.objects.filter(year=2025).exists()  # nothing saved by looking


def test_the_report_page_shows_answers_changes_and_live_figures(f, login, muni):
    fill(muni, 2024, {"independence.another_supporter": "no"})
    fill(muni, 2025, {"independence.another_supporter": "yes"})
    client = login(f.user(Role.AUDITOR))
    page = client.get("/staff/zelftest/rapport/?gemeente=GM1701&jaar=2025").content.decode()
    assert "Zelftest cliëntondersteuning 2025: Westerveld" in page
    assert "naast-question--changed" in page and "Gewijzigd" in page
    assert "Cijfers uit Naast: verzoeken om een andere ondersteuner" in page
    assert "Samenvatting per thema" in page
    assert "Antwoorden invullen of wijzigen" not in page  # an auditor reads, does not fill in


def test_last_years_documents_are_not_offered_for_removal_in_a_new_year(f, login, muni, tmp_path):
    from django.core.files.base import ContentFile

    fill(muni, 2024, {"accessibility.free": "yes"})
    answer = Answer.objects.get(question="accessibility.free")
    EvidenceDocument.objects.create(answer=answer, title="Tarievenlijst 2024", content_type="text/plain", size=3,
                                    file=ContentFile(b"abc", name="t.txt"))
    client = login(f.user(Role.FUNDER, muni=muni))
    page = client.get(edit_url(year=2025)).content.decode()
    assert "Tarievenlijst 2024" not in page and "-remove" not in page
    assert "Tarievenlijst 2024" in client.get(edit_url(year=2024)).content.decode()


@pytest.mark.parametrize("query", ["gemeente=%00&jaar=2025", "gemeente=<script>&jaar=2025", "jaar=abc",
                                   "jaar=99999999999999999999", "jaar=%00", "gemeente=GM1701&jaar=-5"])
def test_hostile_addresses_get_a_message_or_404_never_500(f, login, muni, query):
    client = login(f.user(Role.AUDITOR))
    for path in ("/staff/zelftest/rapport/", "/staff/zelftest/", "/staff/zelftest/download/pdf/"):
        assert client.get(f"{path}?{query}").status_code in (200, 400, 404), (path, query)
