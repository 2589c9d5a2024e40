"""Reference-data imports: idempotent, line-numbered errors, nothing written on error."""

import pytest
from django.core.management import CommandError, call_command

from naast.organisations.models import District, MemberOrganisation, Municipality, PostcodeDistrict

pytestmark = pytest.mark.django_db


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_import_municipalities_is_idempotent(tmp_path):
    path = write(tmp_path, "m.csv", "code,name\nGM1701,Westerveld\ngm1690,De Wolden\n")
    call_command("import-municipalities", str(path))
    call_command("import-municipalities", str(path))
    assert sorted(Municipality.objects.values_list("code", flat=True)) == ["GM1690", "GM1701"]


def test_import_municipalities_updates_names(tmp_path):
    call_command("import-municipalities", str(write(tmp_path, "a.csv", "code,name\nGM1701,Westervel\n")))
    call_command("import-municipalities", str(write(tmp_path, "b.csv", "code;name\nGM1701;Westerveld\n")))
    assert Municipality.objects.get(code="GM1701").name == "Westerveld"


def test_bad_rows_are_reported_by_line_and_nothing_is_written(tmp_path):
    path = write(tmp_path, "m.csv", "code,name\nGM1701,Westerveld\nXX12,Nergens\nGM1690,\nGM1701,Dubbel\n")
    with pytest.raises(CommandError) as excinfo:
        call_command("import-municipalities", str(path))
    message = str(excinfo.value)
    assert "Regel 3" in message and "GM" in message
    assert "Regel 4" in message and "name" in message
    assert "Regel 5" in message and "regel 2" in message
    assert not Municipality.objects.exists()


def test_missing_columns_and_empty_files(tmp_path):
    with pytest.raises(CommandError, match="code"):
        call_command("import-municipalities", str(write(tmp_path, "m.csv", "gemeente,naam\nGM1701,Westerveld\n")))
    with pytest.raises(CommandError, match="leeg"):
        call_command("import-municipalities", str(write(tmp_path, "e.csv", "")))
    with pytest.raises(CommandError, match="niet gevonden"):
        call_command("import-municipalities", str(tmp_path / "missing.csv"))


def test_non_utf8_file_gets_a_clear_message(tmp_path):
    path = write(tmp_path, "m.csv", "code,name\nGM1731,Midden-Drenthe é\n", encoding="utf-16")
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import-municipalities", str(path))


def test_import_organisations(tmp_path):
    path = write(tmp_path, "o.csv", "name,kind\nMEE Drenthe,client_support\nWelzijn De Brug,welfare\n")
    call_command("import-organisations", str(path))
    call_command("import-organisations", str(path))
    assert MemberOrganisation.objects.count() == 2
    with pytest.raises(CommandError, match="Regel 2.*zorgverzekeraar"):
        call_command("import-organisations", str(write(tmp_path, "bad.csv", "name,kind\nX,zorgverzekeraar\n")))


def test_import_districts_with_postcodes(tmp_path):
    Municipality.objects.create(code="GM1701", name="Westerveld")
    path = write(
        tmp_path, "d.csv",
        "municipality_code,district,postcode\nGM1701,Diever,7981\nGM1701,Diever,7983 AB\nGM1701,Havelte,7970\n",
    )
    call_command("import-districts", str(path))
    call_command("import-districts", str(path))
    assert District.objects.count() == 2
    assert PostcodeDistrict.objects.get(postcode="7983AB").district.name == "Diever"


def test_import_districts_rejects_unknown_municipality_and_bad_postcode(tmp_path):
    Municipality.objects.create(code="GM1701", name="Westerveld")
    path = write(
        tmp_path, "d.csv",
        "municipality_code,district,postcode\nGM1701,Diever,7981\nGM9999,Elders,1234\nGM1701,Havelte,79AB\n",
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("import-districts", str(path))
    assert "Regel 3" in str(excinfo.value) and "GM9999" in str(excinfo.value)
    assert "Regel 4" in str(excinfo.value) and "79AB" in str(excinfo.value)
    assert not District.objects.exists() and not PostcodeDistrict.objects.exists()


def test_postcode_lookup_prefers_the_exact_match(tmp_path):
    from naast.organisations.models import district_for_postcode

    muni = Municipality.objects.create(code="GM1701", name="Westerveld")
    diever = District.objects.create(municipality=muni, name="Diever")
    wapse = District.objects.create(municipality=muni, name="Wapse")
    PostcodeDistrict.objects.create(postcode="7981", district=diever)
    PostcodeDistrict.objects.create(postcode="7981AB", district=wapse)
    assert district_for_postcode("7981 ab") == wapse
    assert district_for_postcode("7981XY") == diever
    assert district_for_postcode("hello") is None
