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
from oversyn.core.fmt import format_metric
from oversyn.core.i18n import Lang
from oversyn.documents.model import Figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

    from oversyn.core.analysis import AlternativeAnalysis
    from oversyn.core.case import Case

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


def _png(fig: MplFigure) -> bytes:
    """PNG at 160 dpi (sharp at 16 cm).  Figures are made without pyplot, whose global state
    is not thread-safe; each figure is drawn by one thread with its own Agg canvas."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=160, facecolor="white")
    return buf.getvalue()


def short_names(case: Case, lang: Lang) -> list[str]:
    """Axis labels: "Nuläge", "Alt 1", "Alt 2" … (full names are in the text and caption)."""
    names = []
    for index, alt_id in enumerate(case.alternative_ids()):
        names.append(
            case.alternative_name(alt_id, lang) if alt_id == BASELINE_ID else f"Alt {index}"
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
    chosen = []
    for name in COMPARISON_METRICS:
        values = [analyses[a].metrics.get(name) for a in ids]
        if any(v is None for v in values):
            continue
        shown = {format_metric(v, METRICS[name].kind, lang) for v in values}
        if len(shown) < 2:  # equal as printed: nothing to compare
            continue
        chosen.append((name, [float(v) for v in values if v is not None]))
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
    return Figure(_png(fig), "; ".join(alt_parts) + ".", caption)
