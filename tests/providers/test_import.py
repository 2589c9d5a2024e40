"""naast import-providers: all or nothing, line-numbered Dutch messages, history rows, a region."""

import pytest
from django.core.management import CommandError, call_command

from naast.organisations.models import Municipality
from naast.providers.models import Provision, ProvisionChange, Region, RegisterMunicipality

pytestmark = pytest.mark.django_db
HEADER = "municipality_code,municipality_name,provider,provider_type,parent_group,parent_provides_care,phone\n"


def write(tmp_path, body, name="p.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_a_good_file_fills_the_register_and_a_region(tmp_path):
    path = write(tmp_path, "GM0119,Meppel,MEE Drenthe,client_support,,,0522 123 456\n"
                           "GM0119,Meppel,Welzijn Meppel,welfare,Zorggroep Noord,yes,0522 654 321\n"
                           "GM1690,De Wolden,Gemeente De Wolden,municipality,,,\n")
    call_command("import-providers", str(path), region="Zuidwest-Drenthe")
    assert Provision.objects.count() == 3 and ProvisionChange.objects.count() == 3
    # The register's municipalities are its own: the help form's list of municipalities stays as it was.
    assert not Municipality.objects.exists()
    assert set(Region.objects.get().municipalities.values_list("code", flat=True)) == {"GM0119", "GM1690"}
    assert Provision.objects.get(provider="Welzijn Meppel").parent_provides_care is True
    call_command("import-providers", str(path))  # again: nothing changes, no new history
    assert ProvisionChange.objects.count() == 3


def test_bad_rows_are_named_by_line_and_nothing_is_written(tmp_path, f):
    f.municipality("GM1701", "Westerveld")
    path = write(tmp_path, "GM0119,Meppel,MEE Drenthe,client_support,,,0522 123 456\n"
                           "GM12,Nergens,X,welfare,,,\n"
                           "GM0119,Meppel,Zorg BV,hospital,,,\n"
                           "GM0119,Meppel,Welzijn,welfare,,misschien,\n"
                           "GM0119,Meppel,Welzijn 2,welfare,,yes,\n"
                           "GM0119,Meppel,Welzijn 3,welfare,Groep,,\n"
                           "GM0119,Meppel,Welzijn 4,welfare,,,12345\n"
                           "GM1701,Havelte,Welzijn 5,welfare,,,\n"
                           "GM0119,Meppel,mee drenthe,client_support,,,\n"
                           "GM0119,Meppel,,welfare,,,\n")
    with pytest.raises(CommandError) as error:
        call_command("import-providers", str(path))
    message = str(error.value)
    assert message.startswith("Er is niets geïmporteerd.")
    for line in range(3, 12):
        assert f"Regel {line}:" in message, line
    assert "Regel 2:" not in message
    assert "regel 2" in message.split("Regel 10:")[1]  # the duplicate names its first line
    assert "GM1701 is Westerveld in Naast" in message
    assert not Provision.objects.exists() and not ProvisionChange.objects.exists()
    assert not RegisterMunicipality.objects.exists() and Municipality.objects.count() == 1


def test_a_missing_column_is_line_one(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("municipality_code,provider\nGM0119,MEE\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"Regel 1: kolom\(men\) ontbreken"):
        call_command("import-providers", str(path))


def test_a_nul_character_is_a_line_numbered_message(tmp_path):
    path = write(tmp_path, "GM0119,Meppel,MEE\x00Drenthe,client_support,,,\n")
    with pytest.raises(CommandError, match="Regel 2: provider bevat een NUL-teken"):
        call_command("import-providers", str(path))
    assert not Provision.objects.exists()
