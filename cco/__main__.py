"""`python -m cco`: the same program as the `cco` command."""

from cco.cli.main import main

if __name__ == "__main__":
    main()
