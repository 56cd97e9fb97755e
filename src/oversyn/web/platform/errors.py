"""The errors an action raises; views and (later) the API turn them into messages/statuses."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


class ServiceError(Exception):
    """The change was refused; ``messages`` say why (in the user's language)."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


class ConflictError(ServiceError):
    """Someone else saved the same object first; ``current`` is what they saved."""

    def __init__(self, current: Any = None) -> None:
        self.current = current
        super().__init__(
            [
                _(
                    "Någon annan har sparat ändringar i samma uppgifter sedan du öppnade "
                    "formuläret. Dina ändringar är inte sparade men finns kvar i formuläret; "
                    "jämför med den sparade versionen och spara igen."
                )
            ]
        )


class RowRace(ConflictError):
    """The case row was written by someone else between our read and our write."""


class BusyError(ServiceError):
    """The database stayed busy with other saves; nothing was stored."""

    def __init__(self) -> None:
        super().__init__(
            [
                _(
                    "Databasen var upptagen av andras sparningar och din ändring sparades inte. "
                    "Dina uppgifter finns kvar i formuläret; spara igen."
                )
            ]
        )


class ImportError_(ServiceError):
    """A case file (or spreadsheet) did not validate; ``errors`` are located messages."""
