"""Lets ``python -m audit`` run the command line, as the ``textaudit`` script does."""

from audit.cli import app

app(prog_name="textaudit")
