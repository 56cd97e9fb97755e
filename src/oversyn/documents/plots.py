"""Plots for the beslutsunderlag, drawn with matplotlib for print.

Print rules: black text at 9–10 pt on a 16 cm wide figure, every bar labelled with its value
and its alternative named on the axis (so nothing depends on colour), hatching as a second cue
where bars are stacked, and grey-scale-safe colours.
"""

from __future__ import annotations

import io
import textwrap
import threading
from typing import TYPE_CHECKING

from oversyn.core.analysis import METRICS
from oversyn.core.case import BASELINE_ID
from oversyn.core.fmt import format_metric, format_number, format_share
from oversyn.core.i18n import Lang
from oversyn.documents.model import Figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

    from oversyn.core.analysis import AlternativeAnalysis
    from oversyn.core.case import Case
    from oversyn.core.evaluation.engine import EvaluationResult

CM = 1 / 2.54
MAX_PANELS = 6  # more small panels would be too small to read on A4
GREYS = ["#1b1b1b", "#5a5a5a", "#8c8c8c", "#bdbdbd", "#e0e0e0", "#f5f5f5"]
HATCHES = ["", "///", "...", "xx", "\\\\", "oo", "--", "++"]
COMPARISON_METRICS = [
    "cross_boundary_interaction_share",
    "journey_cross_handoffs_per_person",
    "service_areas_split_administrations",
    "service_areas_split_committees",
    "administrations_per_committee_max",
    "duplicated_support_fte",
    "size_balance_cv",
    "management_layers_max",
]

_SETUP = threading.Lock()


def new_figure(width_in: float, height_in: float) -> MplFigure:
    """A matplotlib figure with our print settings.

    matplotlib is imported here, not at module import: the report builder draws plots in a
    worker thread, so the import (about half a second) overlaps with Graphviz drawing the org
    charts instead of delaying every command.
    """
    with _SETUP:
        import matplotlib
        from matplotlib.figure import Figure as MplFigure

        matplotlib.rcParams.update(
            {
                "font.family": "DejaVu Sans",
                "font.size": 9,
                "axes.titlesize": 9.5,
                "axes.edgecolor": "#333333",
                "svg.fonttype": "none",
            }
        )
    return MplFigure(figsize=(width_in, height_in))


def tick_decimals(locs: list[float], most: int = 4) -> int:
    """The fewest decimals that print every tick distinctly and exactly as placed
    (``[0, 0.5, 1]`` → 1, ``[0, 0.25, 0.5]`` → 2, ``[0, 1000, 2000]`` → 0)."""
    for decimals in range(most + 1):
        if all(abs(round(x, decimals) - x) < 1e-9 * max(1.0, abs(x)) for x in locs):
            return decimals
    return most


def swedish_ticks(fig: MplFigure, lang: Lang) -> None:
    """Numeric tick labels formatted as the text is (:func:`oversyn.core.fmt.format_number`:
    decimal comma, a space between thousands, a true minus sign) instead of matplotlib's
    "0.5 1.0 1.5".  Axes whose ticks were given as text (alternative names, "25 %") keep them.
    """
    from matplotlib.ticker import Formatter, ScalarFormatter

    class _NumberFormatter(Formatter):
        decimals = 1

        def format_ticks(self, values: list[float]) -> list[str]:
            self.decimals = tick_decimals([float(v) for v in values])
            return [self(v, i) for i, v in enumerate(values)]

        def __call__(self, x: float, pos: int | None = None) -> str:
            decimals = self.decimals
            value = round(float(x), decimals)
            text = format_number(value, decimals, lang)
            if decimals and lang == "sv" and "," not in text:  # 1.0 printed as "1,0" beside 0,5
                text += "," + "0" * decimals
            elif decimals and lang != "sv" and "." not in text:
                text += "." + "0" * decimals
            return text

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), ScalarFormatter):
                axis.set_major_formatter(_NumberFormatter())


def _png(fig: MplFigure, lang: Lang = "sv") -> bytes:
    """PNG at 160 dpi (sharp at 16 cm).  Figures are made without pyplot, whose global state
    is not thread-safe; each figure is drawn by one thread with its own Agg canvas.  Numeric
    ticks are Swedish (:func:`swedish_ticks`)."""
    swedish_ticks(fig, lang)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=160, facecolor="white")
    return buf.getvalue()


def short_names(case: Case, lang: Lang) -> list[str]:
    """Axis labels: "Nuläge", "Alt 1", "Alt 2" … (full names are in the text and caption)."""
    names = []
    for index, alt_id in enumerate(case.alternative_ids()):
        names.append(
            case.alternative_name(alt_id, lang) if alt_id == BASELINE_ID else f"Alt\u00a0{index}"
        )
    return names


def metric_comparison(
    case: Case, analyses: dict[str, AlternativeAnalysis], lang: Lang
) -> Figure | None:
    """Small multiples: one panel per metric that differs between alternatives.

    Only metrics with a "better" direction and values for every alternative are drawn; each
    panel says which direction is better and prints the value at each bar.
    """
    ids = case.alternative_ids()
    chosen: list[tuple[str, list[float]]] = []
    for name in COMPARISON_METRICS:
        raw = [analyses[a].metrics.get(name) for a in ids]
        values = [float(v) for v in raw if v is not None]
        if len(values) < len(raw):
            continue
        shown = {format_metric(v, METRICS[name].kind, lang) for v in values}
        if len(shown) < 2:  # equal as printed: nothing to compare
            continue
        chosen.append((name, values))
    if not chosen:
        return None
    chosen = chosen[:MAX_PANELS]
    labels = short_names(case, lang)
    cols = 2 if len(chosen) > 1 else 1
    rows = (len(chosen) + cols - 1) // cols
    # fixed geometry instead of tight_layout (which draws the figure once more): per row a
    # title gap of 0.65 in and 0.22 in per bar
    gap, row_h = 0.65, 0.65 + 0.22 * len(ids) + 0.2
    height = rows * row_h + 0.1
    fig = new_figure(16 * CM, height)
    axes = fig.subplots(rows, cols, squeeze=False)
    fig.subplots_adjust(
        left=0.1,
        right=0.97,
        top=1 - gap / height,
        bottom=0.15 / height,
        hspace=gap / (row_h - gap),
        wspace=0.45,
    )
    better_word = {"lower": "lägre är bättre", "higher": "högre är bättre"}
    if lang != "sv":
        better_word = {"lower": "lower is better", "higher": "higher is better"}
    for ax, (name, values) in zip(axes.flat, chosen, strict=False):
        info = METRICS[name]
        y = list(range(len(values)))
        ax.barh(y, values, color="#9e9e9e", edgecolor="#1b1b1b", linewidth=0.6)
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        title = "\n".join(textwrap.wrap(info.label(lang), 34))
        if info.better:
            title += f"\n({better_word[info.better]})"
        ax.set_title(title, loc="left")
        top = max(values) or 1.0
        ax.set_xlim(0, top * 1.3)
        ax.set_xticks([])
        for spine in ("top", "right", "bottom"):
            ax.spines[spine].set_visible(False)
        for yi, value in zip(y, values, strict=True):
            ax.text(value + top * 0.02, yi, format_metric(value, info.kind, lang), va="center")
    for ax in list(axes.flat)[len(chosen) :]:
        ax.set_visible(False)
    names = ", ".join(
        f"{label}: {case.alternative_name(a, lang)}" for label, a in zip(labels, ids, strict=True)
    )
    alt_parts = []
    for name, values in chosen:
        info = METRICS[name]
        parts = ", ".join(
            f"{label} {format_metric(v, info.kind, lang)}"
            for label, v in zip(labels, values, strict=True)
        )
        alt_parts.append(f"{info.label(lang)}: {parts}")
    caption = (
        f"Jämförelse av strukturmått. {names}."
        if lang == "sv"
        else f"Comparison of structural metrics. {names}."
    )
    return Figure(_png(fig, lang), "; ".join(alt_parts) + ".", caption)


def _eval_short(result: EvaluationResult, alt_id: str, lang: Lang) -> str:
    ids = result.case.alternative_ids()
    if alt_id == BASELINE_ID:
        return result.case.alternative_name(alt_id, lang)
    return f"Alt\u00a0{ids.index(alt_id)}"


def score_profile(result: EvaluationResult, lang: Lang) -> Figure | None:
    """Score per criterion for each alternative that went on: grouped horizontal bars.

    Each alternative has its own grey and hatching and every bar carries its score, so the
    profile reads in black and white.
    """
    import math

    ev = result.evaluation
    index = {a.id: i for i, a in enumerate(result.alternatives)}
    shown = [a.id for a in result.alternatives if not a.excluded]
    if not result.criteria or not shown:
        return None
    values = [
        [float(result.combined.value[index[a], j]) for j in range(len(result.criteria))]
        for a in shown
    ]
    if all(math.isnan(v) for row in values for v in row):
        return None
    names = [textwrap.fill(ev.criterion_name(c), 30) for c in result.criteria]
    n, m = len(result.criteria), len(shown)
    bar = 0.8 / m
    height = 0.5 + n * (0.25 + 0.22 * m)
    fig = new_figure(16 * CM, height)
    ax = fig.subplots()
    fig.subplots_adjust(left=0.38, right=0.97, top=1 - 0.15 / height, bottom=0.55 / height)
    top = max(ev.scale.max, max((v for row in values for v in row if not math.isnan(v)), default=1))
    for k, (alt, row) in enumerate(zip(shown, values, strict=True)):
        ys = [j + k * bar for j in range(n)]
        xs = [0.0 if math.isnan(v) else v for v in row]
        ax.barh(
            ys,
            xs,
            height=bar * 0.92,
            color=GREYS[k % len(GREYS)],
            hatch=HATCHES[k % len(HATCHES)],
            edgecolor="#000000",
            linewidth=0.6,
            label=_eval_short(result, alt, lang),
        )
        for y, v in zip(ys, row, strict=True):
            label = "–" if math.isnan(v) else format_metric(v, "number", lang)
            ax.text((0 if math.isnan(v) else v) + top * 0.01, y, label, va="center", fontsize=8)
    ax.set_yticks([j + bar * (m - 1) / 2 for j in range(n)], names)
    ax.invert_yaxis()
    ax.set_xlim(ev.scale.min, top * 1.08)
    ax.set_xlabel("Poäng" if lang == "sv" else "Score")
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    ax.legend(
        loc="lower center", bbox_to_anchor=(0.4, 1.0), ncol=min(m, 4), frameon=False, fontsize=8
    )
    fig.subplots_adjust(top=1 - 0.45 / height)
    legend = ", ".join(f"{_eval_short(result, a, lang)}: {result.name(a)}" for a in shown)
    alt_text = "; ".join(
        f"{ev.criterion_name(c)}: "
        + ", ".join(
            f"{_eval_short(result, a, lang)} "
            + ("–" if math.isnan(values[k][j]) else format_metric(values[k][j], "number", lang))
            for k, a in enumerate(shown)
        )
        for j, c in enumerate(result.criteria)
    )
    caption = (
        f"Poäng per kriterium. {legend}." if lang == "sv" else f"Score per criterion. {legend}."
    )
    return Figure(_png(fig, lang), alt_text + ".", caption)


def rank_acceptability(result: EvaluationResult, lang: Lang) -> Figure | None:
    """SMAA rank acceptability: one stacked bar per alternative, one segment per rank.

    Segments go from dark (rank 1) to light, each with its own hatching and, where it is wide
    enough, its share printed in it; the legend names the ranks.
    """
    smaa = result.smaa
    ids = result.smaa_alternatives
    if smaa is None or len(ids) < 2:
        return None
    m = len(ids)
    height = 0.9 + 0.38 * m
    fig = new_figure(16 * CM, height)
    ax = fig.subplots()
    fig.subplots_adjust(left=0.14, right=0.97, top=1 - 0.5 / height, bottom=0.45 / height)
    labels = [_eval_short(result, a, lang) for a in ids]
    word = "Rang" if lang == "sv" else "Rank"
    left = [0.0] * m
    for r in range(m):
        shares = [float(smaa.rank_acceptability[i, r]) for i in range(m)]
        ax.barh(
            range(m),
            shares,
            left=left,
            height=0.6,
            color=GREYS[r % len(GREYS)],
            hatch=HATCHES[r % len(HATCHES)],
            edgecolor="#000000",
            linewidth=0.6,
            label=f"{word} {r + 1}",
        )
        for i, share in enumerate(shares):
            if share >= 0.08:
                ax.text(
                    left[i] + share / 2,
                    i,
                    format_share(share, 0, lang),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if r < 2 else "black",
                    bbox={
                        "boxstyle": "round,pad=0.15",
                        "fc": "black" if r < 2 else "white",
                        "ec": "none",
                        "alpha": 0.6,
                    },
                )
            left[i] += share
    ax.set_yticks(range(m), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xticks(
        [0, 0.25, 0.5, 0.75, 1.0], [format_share(x, 0, lang) for x in (0, 0.25, 0.5, 0.75, 1)]
    )
    ax.set_xlabel("Andel av viktningarna" if lang == "sv" else "Share of the weightings")
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    ax.legend(
        loc="lower center", bbox_to_anchor=(0.45, 1.0), ncol=min(m, 6), frameon=False, fontsize=8
    )
    parts = []
    for i, alt in enumerate(ids):
        ranks = ", ".join(
            f"{word.lower()} {r + 1} {format_share(float(smaa.rank_acceptability[i, r]), 0, lang)}"
            for r in range(m)
        )
        parts.append(f"{labels[i]} ({result.name(alt)}): {ranks}")
    caption = (
        "Rangacceptans (SMAA-2): hur stor andel av viktningarna som ger varje alternativ "
        "varje plats."
        if lang == "sv"
        else "Rank acceptability (SMAA-2): the share of weightings that gives each alternative "
        "each rank."
    )
    return Figure(_png(fig, lang), "; ".join(parts) + ".", caption)
