"""Upgrade stored case content from the format it was written in to today's format.

Every stored case (a case file, a case row, a revision) carries its format version in
``format`` (``oversyn/1`` …).  Reading runs one registered step per format version, in order,
until the content is at :data:`~oversyn.core.case.FORMAT_VERSION`::

    @step("oversyn/1", "oversyn/2")
    def _v1_to_v2(data: dict) -> dict:
        ...  # rename or restructure fields, return the new mapping

``oversyn/1`` is today's (and so far the only) format, so the registry :data:`STEPS` is empty
and an ``oversyn/1`` case reads unchanged; a format this version of Översyn does not know
(a newer file, or a typo) is refused with :class:`UnknownFormat` instead of being read wrongly.
Content without a ``format`` key is ``oversyn/1`` (the marker's default since the first
version).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from oversyn.core.case import FORMAT_VERSION

Data = dict[str, Any]
Step = Callable[[Data], Data]

#: from-format → (to-format, step).  One entry per format version that has a successor.
STEPS: dict[str, tuple[str, Step]] = {}


class UnknownFormat(ValueError):
    """The content's format is neither today's nor one with an upgrade step."""

    def __init__(self, fmt: str) -> None:
        super().__init__(fmt)
        self.format = fmt

    def message(self, lang: str = "sv") -> str:
        if lang == "en":
            return (
                f"Unknown case format {self.format!r}: this version of Översyn reads "
                f"{FORMAT_VERSION} and the formats it can upgrade."
            )
        return (
            f"Okänt ärendeformat {self.format!r}: den här versionen av Översyn läser "
            f"{FORMAT_VERSION} och de format den kan uppgradera."
        )


def step(source: str, target: str, steps: dict[str, tuple[str, Step]] | None = None) -> Any:
    """Register ``func`` as the upgrade from format ``source`` to ``target``."""
    registry = STEPS if steps is None else steps

    def register(func: Step) -> Step:
        if source in registry:
            raise ValueError(f"an upgrade step from {source} is already registered")
        registry[source] = (target, func)
        return func

    return register


def upgrade(
    data: Data, steps: dict[str, tuple[str, Step]] | None = None, current: str = FORMAT_VERSION
) -> Data:
    """``data`` upgraded to ``current`` by the registered steps (a new mapping if any ran).

    Raises :class:`UnknownFormat` if the format is not ``current`` and has no step.
    """
    registry = STEPS if steps is None else steps
    fmt = str(data.get("format") or "oversyn/1")
    seen: set[str] = set()
    while fmt != current:
        if fmt not in registry or fmt in seen:
            raise UnknownFormat(fmt)
        seen.add(fmt)
        target, func = registry[fmt]
        data = {**func(dict(data)), "format": target}
        fmt = target
    return data
