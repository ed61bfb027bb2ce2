"""The baseline: a bare Falcon app with one resource returning a small JSON object.

Run under the same gunicorn settings as the API (bench/run.sh does it), it shows what
the framework and server cost by themselves, so the API's figures can be read as a
ratio to it:

    .venv/bin/gunicorn bare_app:app --chdir bench -k gthread -w 2 --threads 4 -b 127.0.0.1:58081

With BARE_DATABASE_URL (a psycopg URL) and BARE_USER_ID set, it also answers
`POST /questionnaires`: the least any questionnaire creation can cost here. It writes the
JSON body with the API's INSERT, in a transaction of its own (BEGIN, INSERT, COMMIT), on
a psycopg connection of each thread's own, for that user, and echoes the row. Nothing
else: no authentication, quota, validation, HTML cleaning, ORM or unit of work. Its
share of the bare app's requests/s is the ceiling for the API's creation on the same
machine.
"""

import os
import threading
from typing import Any

import falcon
import psycopg

INSERT = (
    "INSERT INTO questionnaires (user_id, position, industry, experience_level,"
    " company_size, location, application_timeline, job_description, submitted_at)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, now()) RETURNING id, submitted_at"
)
FIELDS = (
    "position",
    "industry",
    "experience_level",
    "company_size",
    "location",
    "application_timeline",
    "job_description",
)


class HelloResource:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"status": "ok", "framework": "falcon", "answer": 42}


class QuestionnaireInsert:
    def __init__(self, url: str, user_id: int) -> None:
        self._url = url
        self._user_id = user_id
        self._local = threading.local()

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = req.get_media()
        connection = self._connection()
        with connection.transaction():
            row = connection.execute(
                INSERT, (self._user_id, *(body.get(field, "") for field in FIELDS))
            ).fetchone()
        assert row is not None
        resp.status = falcon.HTTP_201
        resp.media = {"id": row[0], **body, "submitted_at": row[1].isoformat()}

    def _connection(self) -> psycopg.Connection[Any]:
        connection: psycopg.Connection[Any] | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = psycopg.connect(self._url)
        return connection


def create_app() -> falcon.App[Any, Any]:
    application: falcon.App[Any, Any] = falcon.App()
    application.add_route("/", HelloResource())
    if url := os.environ.get("BARE_DATABASE_URL"):
        user_id = int(os.environ["BARE_USER_ID"])
        application.add_route("/questionnaires", QuestionnaireInsert(url, user_id))
    return application


app = create_app()
