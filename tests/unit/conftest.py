import pytest

from tests.unit.bootstrap import Accounts, bootstrap


@pytest.fixture
def accounts() -> Accounts:
    return bootstrap()
