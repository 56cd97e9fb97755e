"""`oversyn` command line: thin commands over core, io and documents.

Each group of commands lives in its own module under ``oversyn.cli.commands`` and is
registered here, so that new commands do not touch the others.
"""

from __future__ import annotations

import typer

from oversyn.cli.commands import archive, evaluate, evidence, process, report, structure
from oversyn.cli.commands import newcase as newcase_command
from oversyn.cli.common import state

app = typer.Typer(
    name="oversyn",
    help="Översyn – organisationsöversyn för kommuner: ärendefiler, analys och beslutsunderlag.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _options(
    lang: str = typer.Option("sv", "--lang", help="Språk för meddelanden: sv eller en."),
) -> None:
    """Översyn – organisationsöversyn för kommuner."""
    if lang not in ("sv", "en"):
        raise typer.BadParameter("--lang måste vara sv eller en / must be sv or en")
    state.lang = lang  # type: ignore[assignment]


structure.register(app)
evidence.register(app)
process.register(app)
report.register(app)
evaluate.register(app)
archive.register(app)
newcase_command.register(app)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
