"""The baseline: a bare Falcon app with one resource returning a small JSON object.

Run under the same gunicorn settings as the API (bench/run.sh does it), it shows what
the framework and server cost by themselves, so the API's figures can be read as a
ratio to it:

    .venv/bin/gunicorn bare_app:app --chdir bench -k gthread -w 2 --threads 4 -b 127.0.0.1:58081
"""

from typing import Any

import falcon


class HelloResource:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"status": "ok", "framework": "falcon", "answer": 42}


def create_app() -> falcon.App[Any, Any]:
    application: falcon.App[Any, Any] = falcon.App()
    application.add_route("/", HelloResource())
    return application


app = create_app()
