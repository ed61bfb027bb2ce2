"""The container picks the payment gateway and the quota store from the settings."""

import re
from pathlib import Path

import pytest

from cvimprover.adapters.quotas.memory_quota_counter import InMemoryQuotaCounter
from cvimprover.adapters.quotas.redis_quota_counter import RedisQuotaCounter
from cvimprover.adapters.quotas.sqlite_quota_counter import SqliteQuotaCounter
from cvimprover.config import SANDBOX_ON_A_SERVER, Settings
from cvimprover.container import build_container
from tests.support.fixtures import TEST_SECRET, make_settings

pytestmark = pytest.mark.integration
KEYS = {
    "stripe": {"stripe_api_key": "sk_test_x", "stripe_webhook_secret": "whsec_x"},
    "paddle": {"paddle_api_key": "pdl_test_x", "paddle_webhook_secret": "pdl_ntfset_x"},
}


def test_the_sandbox_gateway_and_a_quota_file_are_the_embedded_default(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path, jwt_secret=TEST_SECRET)  # type: ignore[call-arg]
    container = build_container(settings)
    assert container.billing.gateway().name == "sandbox"
    assert isinstance(container.billing.quota_counter(), SqliteQuotaCounter)
    assert settings.resolved_quota_storage_url.endswith("quotas.sqlite3")


def test_a_database_server_without_a_chosen_gateway_is_refused(tmp_path: Path) -> None:
    server = "postgresql+psycopg://cvimprover@db.example:5432/cvimprover"
    with pytest.raises(SystemExit, match=re.escape(SANDBOX_ON_A_SERVER)) as refusal:
        Settings(_env_file=None, data_dir=tmp_path, database_url=server)  # type: ignore[call-arg]
    assert str(refusal.value).count("\n") == 0

    for chosen in ["sandbox", "stripe", "paddle"]:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, data_dir=tmp_path, database_url=server, payment_gateway=chosen
        )
        assert settings.payment_gateway == chosen


def test_memory_quotas_count_in_the_process(tmp_path: Path) -> None:
    container = build_container(make_settings(tmp_path, quota_storage_url="memory://"))
    assert isinstance(container.billing.quota_counter(), InMemoryQuotaCounter)
    assert container.billing.quotas() is container.cvs.submit_questionnaire()._quotas


@pytest.mark.parametrize("gateway", ["stripe", "paddle"])
def test_payment_gateway_names_the_adapter(tmp_path: Path, gateway: str) -> None:
    settings = make_settings(tmp_path, payment_gateway=gateway, **KEYS[gateway])
    assert build_container(settings).billing.gateway().name == gateway


@pytest.mark.parametrize("gateway", ["stripe", "paddle"])
def test_a_gateway_without_its_keys_is_refused_at_start(tmp_path: Path, gateway: str) -> None:
    container = build_container(make_settings(tmp_path, payment_gateway=gateway))
    with pytest.raises(ValueError, match=f"PAYMENT_GATEWAY={gateway} needs"):
        container.billing.gateway()


def test_a_redis_quota_storage_url_counts_in_redis(tmp_path: Path, redis_url: str) -> None:
    container = build_container(make_settings(tmp_path, quota_storage_url=redis_url))
    assert isinstance(container.billing.quota_counter(), RedisQuotaCounter)


def test_a_sqlite_quota_storage_url_counts_in_that_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/quotas.sqlite3"
    container = build_container(make_settings(tmp_path, quota_storage_url=url))
    assert isinstance(container.billing.quota_counter(), SqliteQuotaCounter)
    assert (tmp_path / "quotas.sqlite3").exists()


def test_an_unknown_quota_store_is_refused(tmp_path: Path) -> None:
    container = build_container(make_settings(tmp_path, quota_storage_url="mongodb://x"))
    with pytest.raises(ValueError, match="QUOTA_STORAGE_URL"):
        container.billing.quota_counter()


def test_beside_the_selling_gateway_every_one_with_a_webhook_secret_is_served(
    tmp_path: Path,
) -> None:
    settings = make_settings(tmp_path, payment_gateway="paddle", **KEYS["paddle"], **KEYS["stripe"])
    container = build_container(settings)
    gateways = container.billing.gateways()

    assert gateways.selling() is container.billing.gateway()
    assert gateways.named("paddle") is gateways.selling()
    assert gateways.named("stripe") is container.billing.stripe()
    assert gateways.named("sandbox") is None  # only ever when chosen


def test_a_gateway_without_its_webhook_secret_is_not_served(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path, payment_gateway="paddle", stripe_api_key="sk_test_x", **KEYS["paddle"]
    )
    assert build_container(settings).billing.gateways().named("stripe") is None


def test_a_webhook_secret_without_its_api_key_is_refused_at_start(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path, payment_gateway="paddle", stripe_webhook_secret="whsec_x", **KEYS["paddle"]
    )
    with pytest.raises(ValueError, match=r"STRIPE_WEBHOOK_SECRET is set.*needs STRIPE_API_KEY"):
        build_container(settings).http.app()
