"""naast import-awareness: all or nothing, line-numbered messages."""

import pytest
from django.core.management import CommandError, call_command

from naast.awareness.models import Response, Wave

pytestmark = pytest.mark.django_db
HEADER = "wave,wave_date,audience,respondent,aware,informed_via,had_help_question,used_support\n"


def write(tmp_path, body):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_a_good_file_makes_the_wave_and_its_answers(tmp_path):
    path = write(tmp_path, "Peiling 2025,2025-11-20,residents,r1,yes,Huisarts,yes,yes\n"
                           "Peiling 2025,2025-11-20,residents,r2,no,,no,\n"
                           "Peiling 2025,2025-11-20,residents,r3,,,,\n")
    call_command("import-awareness", str(path))
    wave = Wave.objects.get()
    assert (wave.held_on.isoformat(), wave.audience) == ("2025-11-20", "residents")
    r1 = Response.objects.get(respondent="r1")
    assert (r1.aware, r1.informed_via, r1.had_help_question, r1.used_support) == (True, "huisarts", True, True)
    assert Response.objects.get(respondent="r3").aware is None  # empty is no answer, not "no"
    call_command("import-awareness", str(path))
    assert Response.objects.count() == 3


def test_bad_rows_are_named_by_line_and_nothing_is_written(tmp_path):
    Wave.objects.create(name="Oud", held_on="2024-01-01", audience="referrers")
    path = write(tmp_path, "W,2025-11-20,residents,r1,yes,krant,no,\n"
                           "W,20-11-2025,residents,r2,yes,,,\n"
                           "W,2025-11-20,inwoners,r3,yes,,,\n"
                           "W,2025-11-20,residents,r4,misschien,,,\n"
                           "W,2025-11-20,residents,r5,yes,,no,yes\n"
                           "W,2025-11-21,residents,r6,yes,,,\n"
                           "Oud,2024-01-01,residents,r7,yes,,,\n"
                           "W,2025-11-20,residents,r1,no,,,\n"
                           "W,2025-11-20,residents,,no,,,\n"
                           "W,2025-11-20,residents,anna@example.org,no,,,\n")
    with pytest.raises(CommandError) as error:
        call_command("import-awareness", str(path))
    message = str(error.value)
    assert message.startswith("Er is niets geïmporteerd.")
    for line in range(3, 12):
        assert f"Regel {line}:" in message, line
    assert "Regel 2:" not in message
    assert "Regel 11: respondent lijkt een e-mailadres" in message and "anna@example.org" not in message
    assert Wave.objects.count() == 1 and not Response.objects.exists()


def test_a_nul_character_is_a_line_numbered_message(tmp_path):
    path = write(tmp_path, "W,2025-11-20,residents,r\x001,yes,,,\n")
    with pytest.raises(CommandError, match="Regel 2: respondent bevat een NUL-teken"):
        call_command("import-awareness", str(path))
    assert not Wave.objects.exists()
