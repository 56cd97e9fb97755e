"""Shared CLI plumbing: the chosen language, consoles, loading a case with located errors."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from oversyn.core.case import Case
from oversyn.core.i18n import DEFAULT_LANG, Lang
from oversyn.io.casefile import CaseFileError, load_case


@dataclass
class _State:
    lang: Lang = DEFAULT_LANG


state = _State()
out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True)  # one error per line: file:line stays greppable


LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}
LEVEL_WORD = {
    "sv": {"error": "FEL", "warning": "VARNING", "info": "INFO"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO"},
}


def print_finding(level: str, text: str, code: str) -> None:
    """One check or warning: level word in the user's language, message, code for scripts."""
    word = LEVEL_WORD[state.lang].get(level, level.upper())
    out.print(
        f"  [{LEVEL_STYLE.get(level, '')}]{word}[/] {text} [dim]({code})[/dim]", highlight=False
    )


def fail(messages: list[str], code: int = 1) -> NoReturn:
    for message in messages:
        err.print(message, markup=False, highlight=False)
    raise typer.Exit(code)


def load_or_exit(path: Path) -> Case:
    """Load a case file, or print its located errors and exit 1."""
    try:
        return load_case(path)
    except CaseFileError as exc:
        fail([e.format(state.lang) for e in exc.errors])


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
