"""`python -m cco`: the same program as the `cco` command."""

from cco.cli.main import run

if __name__ == "__main__":
    run()
