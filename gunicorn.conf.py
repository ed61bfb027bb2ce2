"""gunicorn reads this file from the working directory: `gunicorn cvimprover.wsgi:app`
in a checkout runs with cvimprover's settings (the installed package's copy is
`gunicorn -c python:cvimprover.gunicorn_conf`)."""

from cvimprover.gunicorn_conf import *  # noqa: F403
