"""Number formatting as a Swedish (or English) reader expects it.

Swedish uses a decimal comma, a space (no-break) as thousands separator and "48,5 %" with a
space before the percent sign (Språkrådet's recommendation).
"""

from __future__ import annotations

from oversyn.core.i18n import DEFAULT_LANG, Lang

NBSP = "\u00a0"


def format_number(value: float | int | None, decimals: int = 1, lang: Lang = DEFAULT_LANG) -> str:
    """``1234.5`` → ``"1 234,5"`` (sv) / ``"1,234.5"`` (en); ``None`` → ``"–"``."""
    if value is None:
        return "–"
    if isinstance(value, int) or float(value).is_integer():
        decimals = 0
    text = f"{value:,.{decimals}f}"
    if lang == "sv":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", NBSP)
    return text.replace("-", "−") if text.startswith("-") else text


def format_share(value: float | None, decimals: int = 1, lang: Lang = DEFAULT_LANG) -> str:
    """``0.4845`` → ``"48,5 %"`` (sv) / ``"48.5%"`` (en)."""
    if value is None:
        return "–"
    number = format_number(round(value * 100, decimals), decimals, lang)
    return f"{number}{NBSP}%" if lang == "sv" else f"{number}%"


def format_kr(value: float | None, lang: Lang = DEFAULT_LANG) -> str:
    """Kronor without decimals: ``42857`` → ``"42 857 kr"``."""
    if value is None:
        return "–"
    return f"{format_number(round(value), 0, lang)}{NBSP}kr"


def format_metric(value: float | int | None, kind: str, lang: Lang = DEFAULT_LANG) -> str:
    """Format an analysis metric by its kind (share, count, fte, number, ratio)."""
    if kind == "share":
        return format_share(value if value is None else float(value), 1, lang)
    if kind == "count":
        return format_number(value, 0, lang)
    if kind == "ratio":
        return format_number(value, 2, lang)
    return format_number(value, 1, lang)
