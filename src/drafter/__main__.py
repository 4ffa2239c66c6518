"""`python -m drafter` runs the command-line interface."""

from .cli import main

main()
