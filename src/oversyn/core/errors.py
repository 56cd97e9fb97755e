"""Errors that carry a message code, so that each layer can show them in the user's language."""

from __future__ import annotations

from oversyn.core.i18n import DEFAULT_LANG, Lang, t


class OversynError(Exception):
    """Base error: a message ``code`` from :mod:`oversyn.core.i18n` plus its parameters."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message(DEFAULT_LANG))

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return t(self.code, lang, **self.params)


class OperationError(OversynError):
    """A change operation cannot be applied to the organisation it is given."""


class AlternativeError(OversynError):
    """An alternative's operation failed: names the alternative, the operation and why."""

    def __init__(self, alternative: str, index: int, op: str, cause: OperationError) -> None:
        self.alternative = alternative
        self.index = index
        self.op = op
        self.cause = cause
        super().__init__("op_failed", alt=alternative, index=index, op=op)

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return t(
            "op_failed",
            lang,
            alt=self.alternative,
            index=self.index,
            op=self.op,
            reason=self.cause.message(lang),
        )
