"""Issue 18: a resident's everyday words find the right services on an imported map (not the
demo's), in six languages; phrases count as phrases; one card per service; nearest first."""

from pathlib import Path

import pytest

from naast.socialmap.hsds.write import import_path
from naast.socialmap.search import SearchFilters, search_services

pytestmark = pytest.mark.django_db

MAP = Path(__file__).resolve().parents[2] / "bench" / "hsds_map_westerveld.json"


@pytest.fixture
def imported_map():
    import_path(MAP)


def names(query, **kwargs):
    return [s.name for s in search_services(query, **kwargs).services]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("schuldhulp", "Schuldhulpverlening"),
        ("geldzorgen", "Schuldhulpverlening"),
        ("geldzorgen", "Budgetcoaching"),
        ("maaltijden thuis", "Maaltijdservice aan huis"),
        ("boodschappen", "Boodschappendienst"),
        ("debt", "Schuldhulpverlening"),
        ("I can't pay my bills", "Schuldhulpverlening"),
        ("meals at home", "Maaltijdservice aan huis"),
        ("ديون", "Schuldhulpverlening"),
        ("أشعر بالوحدة", "Maatjesproject"),
        ("borç", "Schuldhulpverlening"),
        ("evde yemek", "Maaltijdservice aan huis"),
        ("długi", "Schuldhulpverlening"),
        ("борги", "Schuldhulpverlening"),
        ("lonely", "Maatjesproject"),
        ("dementia", "Casemanager dementie"),
    ],
)
def test_everyday_words_in_six_languages_find_the_service_in_the_first_three(imported_map, query, expected):
    assert expected in names(query)[:3], names(query)[:5]


def test_meals_at_home_is_about_meals_not_about_home(imported_map):
    top = names("maaltijden thuis")
    assert top[0] == "Maaltijdservice aan huis"
    assert "Veilig Thuis" not in top[:3]


def test_shopping_service_comes_before_odd_jobs(imported_map):
    top = names("boodschappen")
    assert top[0] == "Boodschappendienst"
