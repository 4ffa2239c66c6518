"""`python -m drafter` runs the command-line interface."""

from .cli import run

run()
