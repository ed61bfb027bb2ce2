from cvimprover.cli import app

app()
