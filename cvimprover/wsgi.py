"""WSGI entry point for gunicorn: `gunicorn cvimprover.wsgi:app`.

Imported in each worker after the fork, so engines and clients are never shared
across processes.
"""

import logging
import threading

from cvimprover.adapters.observability.logs import configure_logging
from cvimprover.config import Settings
from cvimprover.container import build_container

settings = Settings()
configure_logging(settings.log_level)
container = build_container(settings)
container.infra.session_factory()  # map the ORM before the first threads arrive
container.infra.change_feed().start()  # the read cache stays off until the feed is up
app = container.http.app()


def _find_prices_by_lookup_key() -> None:
    """Fills the price book's cache before the first checkout needs it."""
    try:
        container.billing.find_unsold_plans().execute()
    except Exception:  # the first checkout asks again
        logging.getLogger(__name__).warning("plan prices not looked up", exc_info=True)


threading.Thread(target=_find_prices_by_lookup_key, name="prices", daemon=True).start()
