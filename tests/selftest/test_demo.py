"""The demo has a filled self-test for two years, with answers that changed in between."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from naast.selftest.models import Answer, EvidenceDocument, SelfTest
from naast.selftest.questions import QUESTIONS

from .helpers import figure, report

pytestmark = pytest.mark.django_db


def test_demo_self_tests(settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo-data", "--requests", "40", "--quiet")
    year = timezone.localdate().year
    tests = SelfTest.objects.order_by("municipality__code", "year")
    assert {(t.municipality.code, t.year) for t in tests} == {
        (code, y) for code in {t.municipality.code for t in tests} for y in (year - 1, year)}
    assert tests.values("municipality").distinct().count() == 2
    assert Answer.objects.count() == 4 * len(QUESTIONS)
    assert Answer.objects.exclude(links=[]).exists() and not EvidenceDocument.objects.exists()
    for test in tests.filter(year=year):
        built = report(test.municipality, year)
        assert figure(built, "summary", "answered") == len(QUESTIONS)
        assert figure(built, "summary", "changed") > 0
