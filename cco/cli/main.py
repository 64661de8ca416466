"""The `cco` program: the app, its commands, and the one place that decides the exit status.

Each command (cco.cli.score, .validate, .compare, .report, .catalog, .schema) parses options,
makes one library call and writes one output; it returns an `Outcome` or raises a `CcoError`.
`CcoGroup.invoke` turns either into the exit status (`cco.core.status.exit_status`); `main`
adds what only a whole process needs: a reader leaving the pipe, and internal errors.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from cco.cli.catalog import catalog, template
from cco.cli.compare import chart, compare
from cco.cli.report import report
from cco.cli.schema import schema
from cco.cli.score import score
from cco.cli.validate import rules, validate
from cco.core.status import ExitCode, exit_status

if TYPE_CHECKING:
    from typer._click import Context, HelpFormatter


class CcoCommand(TyperCommand):
    """A command whose help is in the run's language (see cco.cli.help)."""

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Typer's help of the command, its texts and layout words in the run's language."""
        from cco.cli.help import format_in_language

        format_in_language(self, ctx, formatter, super().format_help)


class CcoGroup(TyperGroup):
    """The command group: runs a command and turns its outcome into the exit status.

    A `CcoError` raised anywhere in a command (a usage problem, an input that cannot be read) is
    one coded line on stderr in the run's language and exit 2; an `Outcome` returned is mapped
    by `exit_status`. This is the only place that decides an exit code.
    """

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Typer's help of the program, with its command list, in the run's language."""
        from cco.cli.help import format_in_language

        format_in_language(self, ctx, formatter, super().format_help, self.commands)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: Context | None = None,
        **extra: Any,
    ) -> Context:
        """Parse the program's own options; a mistake is one coded line in the run's language."""
        from cco.cli.common import speak_early, spoken_language
        from cco.cli.usage import language_in, usage_errors_as_problems

        speak_early(language_in(args))
        with usage_errors_as_problems(spoken_language()):
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Context) -> Any:
        """Invoke the command, then exit with the status its outcome calls for."""
        from cco.cli.common import spoken_language
        from cco.cli.usage import usage_errors_as_problems
        from cco.core.models import CcoError
        from cco.i18n.numbers import MACHINE, numbers_in

        try:
            # The command sets the run's number format; the block gives it back afterwards,
            # so that a notebook or test that runs a command keeps its own.
            with numbers_in(MACHINE), usage_errors_as_problems(spoken_language(), ctx):
                outcome = super().invoke(ctx)
        except CcoError as exc:
            from cco.cli.common import spoken_language
            from cco.core.problems import format_problem

            sys.stderr.write(format_problem(exc.problem, spoken_language()) + "\n")
            raise typer.Exit(int(ExitCode.CANNOT_RUN)) from None
        status = exit_status(outcome)
        if status is not ExitCode.OK:
            raise typer.Exit(int(status))
        return outcome


app = typer.Typer(
    name="cco",
    cls=CcoGroup,
    help="Score, compare and check the evaluation sheets of the Citizen Corruption Observatory.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: faster, and "[default: ...]" is not read as markup
    context_settings={"help_option_names": ["-h", "--help"]},
)

for command in (score, validate, compare, chart, report, catalog, template, rules, schema):
    app.command(cls=CcoCommand)(command)


def _print_version(asked: bool) -> None:
    if asked:
        from cco import __version__

        sys.stdout.write(f"cco {__version__}\n")
        raise typer.Exit()


@app.callback()
def _program(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Score, compare and check the evaluation sheets of the Citizen Corruption Observatory."""


def _lean_or_full_app() -> typer.Typer:
    """The app this run needs (see cco.cli.lean); the full app where the lean one cannot be made."""
    try:
        from cco.cli.lean import lean_app

        return lean_app(app, sys.argv[1:])
    except Exception:  # a Typer whose internals differ: correctness first, speed second
        if os.environ.get("CCO_DEBUG"):
            raise
        return app


def main() -> None:
    """Run the app (the `cco` command, through `run`); an unexpected failure is one line, exit 3."""
    try:
        _lean_or_full_app()()
    except BrokenPipeError:  # the reader of stdout went away (`| head`): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(int(ExitCode.OK))
    except OSError as exc:
        if exc.filename is not None:  # a file's error no command made a problem of: a defect
            _internal_error(exc)
        from cco.cli.common import stdout_failed

        try:  # help or version written to a full disk: one CCO101 line, exit 2
            stdout_failed(exc)
        except typer.Exit as stop:
            sys.exit(stop.exit_code)
    except Exception as exc:  # the last line of defence: users get one line, never a traceback
        _internal_error(exc)


def run() -> NoReturn:
    """The `cco` command: `main`, then the process ends at once, without the interpreter's teardown.

    Freeing every object and module one by one at exit (pandas and numpy's, a large sheet's
    rows) takes 0.2-0.4 s that nobody waits for usefully: the output is written and flushed,
    every file cco writes is closed and renamed into place before its command returns, and
    every reading child has been waited for. Anything that cannot be flushed now goes the
    usual way, so that Python reports it as it always has.
    """
    import cco.pipeline

    cco.pipeline.freeze_imported_libraries = True  # the process ends with the command
    try:
        main()
    except SystemExit as stop:
        _exit_now(stop)
    _exit_now(SystemExit(0))


def _exit_now(stop: SystemExit) -> NoReturn:
    """End the process with `stop`'s status after flushing what it wrote (see `run`)."""
    code = 0 if stop.code is None else stop.code
    if not isinstance(code, int):  # a message as the status: Python prints it
        raise stop
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise stop from None  # the usual ending tries again, and reports what fails
    if "logging" in sys.modules:  # the one library exit hook cco's imports register
        import logging

        logging.shutdown()
    os._exit(code)


def _internal_error(exc: Exception) -> None:
    """One line for a failure no command turned into a problem, and exit 3."""
    if os.environ.get("CCO_DEBUG"):
        raise exc
    sys.stderr.write(
        f"cco: internal error: {type(exc).__name__}: {exc} "
        "(set CCO_DEBUG=1 to see the traceback, and please report it)\n"
    )
    sys.exit(int(ExitCode.INTERNAL))


if __name__ == "__main__":
    run()
