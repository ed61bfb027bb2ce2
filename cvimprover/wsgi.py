"""WSGI entry point for gunicorn: `gunicorn cvimprover.wsgi:app`.

Imported in each worker after the fork, so engines and clients are never shared
across processes.
"""

from cvimprover.adapters.observability.logs import configure_logging
from cvimprover.config import Settings
from cvimprover.container import build_container

settings = Settings()
configure_logging(settings.log_level)
container = build_container(settings)
container.infra.session_factory()  # map the ORM before the first threads arrive
container.infra.change_feed().start()  # the read cache stays off until the feed is up
app = container.http.app()
