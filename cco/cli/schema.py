"""The `cco schema` command: the JSON Schema of a command's JSON output.

pydantic loads only when this command runs, never on the scoring path.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cco.cli.common import write_stdout


class ContractChoice(StrEnum):
    """The commands whose JSON output has a published contract."""

    score = "score"
    validate = "validate"
    compare = "compare"


def schema(
    command: Annotated[
        ContractChoice,
        typer.Argument(
            metavar="COMMAND", help="The command whose --format json output to describe."
        ),
    ],
) -> None:
    """Print the JSON Schema of the JSON output of score, validate or compare.

    The same schemas ship in docs/schema/.

    Example: cco schema score > score.schema.json
    """
    from cco.output.contracts import schema_text

    write_stdout(schema_text(command.value))
