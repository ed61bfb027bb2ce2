"""gunicorn configuration of the bare Falcon app: nothing beyond run.sh's command line.

It exists so that gunicorn does not load the checkout's gunicorn.conf.py (cvimprover's own
settings and hooks) for an app that is not cvimprover.
"""
