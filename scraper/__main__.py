"""`python -m scraper`: the same CLI as the `scraper` command."""

from .cli import cli

if __name__ == "__main__":
    cli(prog_name="scraper")
