import pytest

from naast.accounts.roles import Role


@pytest.fixture
def supporter(f, org):
    return f.user(Role.SUPPORTER, org=org, first_name="Sam", last_name="Steun")


@pytest.fixture
def colleague(f, org):
    return f.user(Role.SUPPORTER, org=org, first_name="Dee", last_name="Duo")


@pytest.fixture
def coordinator(f, org):
    return f.user(Role.COORDINATOR, org=org)


@pytest.fixture
def hr(f, org, muni, supporter):
    return f.help_request(org=org, supporter=supporter, municipality=muni, status="assigned")
