"""Organisation charts (committees → administrations → units) drawn with Graphviz.

Graphviz does the layout; what is ours is the mapping of the case model to a chart that fits an
A4 page: each administration is one box listing its units (sub-units indented), committees sit
above the administrations they are supported by, and with many administrations the chart turns
sideways (left to right) so it grows down the page instead of off its edge.

Changed parts are marked by more than colour: a thick border, bold text and a word in the label
("flyttad", "ny", "sammanslagen", "ändrat reglemente"), so they read in black and white.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field

import graphviz

from oversyn.core.diff import OrgDiff
from oversyn.core.i18n import DEFAULT_LANG, Lang
from oversyn.core.model import CommitteeKind, Organisation, Unit

FONT = "DejaVu Sans"
WIDE = 5  # more administrations than this: lay the chart out left to right
HIGHLIGHT_FILL = "#fff2b3"  # light yellow: prints as light grey
MARKS = {
    "sv": {
        "moved": "flyttad",
        "moving": "flyttas",
        "created": "ny",
        "removed": "avvecklas",
        "merged": "sammanslagen",
        "merging": "slås samman",
        "mandate": "ändrat reglemente",
        "units": "enheter",
    },
    "en": {
        "moved": "moved",
        "moving": "to be moved",
        "created": "new",
        "removed": "abolished",
        "merged": "merged",
        "merging": "to be merged",
        "mandate": "mandate changed",
        "units": "units",
    },
}


@dataclass
class Highlights:
    """What to mark in one chart: unit / administration / committee id → marker word."""

    units: dict[str, str] = field(default_factory=dict)
    administrations: dict[str, str] = field(default_factory=dict)
    committees: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.units or self.administrations or self.committees)

    @classmethod
    def after(
        cls, diff: OrgDiff, lang: Lang = DEFAULT_LANG, org: Organisation | None = None
    ) -> Highlights:
        """Marks for the organisation *after* the change described by ``diff``.

        With ``org`` (the organisation after the change), a top-level unit that only followed
        its administration into a merger is not marked: the merged administration is.
        """
        words = MARKS[lang]
        followed: set[str] = set()
        if org is not None:
            for unit in org.units:
                if unit.parent is None and unit.administration in diff.merged_administrations:
                    followed.add(unit.id)
        units = {u: words["moved"] for u in diff.moved_units - followed}
        units.update({u: words["created"] for u in diff.created_units})
        adms = {a: words["created"] for a in diff.created_administrations}
        adms.update({a: words["merged"] for a in diff.merged_administrations})
        coms = {c: words["mandate"] for c in diff.changed_committees}
        return cls(units, adms, coms)

    @classmethod
    def before(
        cls, diff: OrgDiff, lang: Lang = DEFAULT_LANG, org: Organisation | None = None
    ) -> Highlights:
        """Marks for the organisation *before* the change: what will move or go.

        With ``org`` (the organisation before the change), an administration that is merged
        into another is marked as such, and its top-level units, which only follow it, are not.
        """
        words = MARKS[lang]
        merging = {s for c in diff.changes if c.code == "diff_adm_merged" for s in c.subjects[1:]}
        followed: set[str] = set()
        if org is not None:
            followed = {u.id for u in org.units if u.parent is None and u.administration in merging}
        units = {u: words["moving"] for u in diff.moved_units - followed}
        units.update({u: words["removed"] for u in diff.removed_units})
        adms = {a: words["removed"] for a in diff.removed_administrations}
        if org is not None:
            adms.update({a: words["merging"] for a in merging})
        return cls(units, adms, {})


def _wrap(text: str, width: int = 26) -> str:
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return "<BR/>".join(html.escape(line) for line in lines or [""])


def _unit_rows(org: Organisation, adm_id: str, marks: dict[str, str]) -> list[str]:
    adm_of = org.unit_administrations()
    top = [u for u in org.units if u.parent is None and adm_of.get(u.id) == adm_id]
    rows: list[str] = []

    def add(unit: Unit, depth: int) -> None:
        indent = "&#160;&#160;&#160;" * depth + ("– " if depth else "")
        name = _wrap(unit.name, 30 - 3 * depth)
        mark = marks.get(unit.id)
        if mark:
            cell = f"<B>▶ {name} ({html.escape(mark)})</B>"
            rows.append(
                f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" BGCOLOR="{HIGHLIGHT_FILL}" BORDER="2" '
                f'STYLE="rounded">{indent}{cell}</TD></TR>'
            )
        else:
            rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{indent}{name}</TD></TR>')
        if depth < 6:
            for child in org.children(unit.id):
                add(child, depth + 1)

    for unit in top:
        add(unit, 0)
    return rows


def org_chart(
    org: Organisation, highlights: Highlights | None = None, lang: Lang = DEFAULT_LANG
) -> graphviz.Digraph:
    """The Graphviz graph of ``org`` with ``highlights`` marked."""
    marks = highlights or Highlights()
    wide = len(org.administrations) > WIDE
    dot = graphviz.Digraph(
        "org",
        graph_attr={
            "rankdir": "LR" if wide else "TB",
            "fontname": FONT,
            "nodesep": "0.25",
            "ranksep": "0.45",
            "size": "6.6,9.5",  # inches: A4 text width; Graphviz scales larger charts down
            "bgcolor": "white",
        },
        node_attr={"fontname": FONT, "fontsize": "10", "shape": "box", "margin": "0.08,0.04"},
        edge_attr={"arrowhead": "none", "color": "#444444"},
    )
    supported = {c for a in org.administrations for c in a.supports}
    appointed = {c.appointed_by for c in org.committees if c.appointed_by}
    for com in org.committees:
        if com.id not in supported and com.id not in appointed and not com.appointed_by:
            continue  # a lone body with no link (rare) would only float in the chart
        mark = marks.committees.get(com.id)
        label = _wrap(com.name, 16)
        attrs = {"style": "rounded,filled", "fillcolor": "#e8eef7"}
        if com.kind == CommitteeKind.COUNCIL:
            attrs["fillcolor"] = "#d6e0f0"
        if mark:
            label = f"<B>{label}</B><BR/><I>({html.escape(mark)})</I>"
            attrs.update(penwidth="3", fillcolor=HIGHLIGHT_FILL)
        dot.node(f"c_{com.id}", f"<{label}>", **attrs)
    for com in org.committees:
        if com.appointed_by and org.committee(com.appointed_by) is not None:
            dot.edge(f"c_{com.appointed_by}", f"c_{com.id}")
    for adm in org.administrations:
        mark = marks.administrations.get(adm.id)
        title = f"<B>{_wrap(adm.name, 28)}</B>"
        if mark:
            title += f"<BR/><I>({html.escape(mark)})</I>"
        rows = _unit_rows(org, adm.id, marks.units)
        body = (
            "".join(rows) or f'<TR><TD ALIGN="LEFT"><I>(inga {MARKS[lang]["units"]})</I></TD></TR>'
        )
        header_bg = HIGHLIGHT_FILL if mark else "#dde5dd"
        label = (
            '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3">'
            f'<TR><TD BGCOLOR="{header_bg}" ALIGN="CENTER">{title}</TD></TR>'
            f"{body}</TABLE>>"
        )
        dot.node(
            f"a_{adm.id}",
            label,
            shape="box",
            style="solid",
            penwidth="3" if mark else "1",
            margin="0.02",
        )
        for com_id in adm.supports:
            if org.committee(com_id) is not None:
                dot.edge(f"c_{com_id}", f"a_{adm.id}")
    return dot


@dataclass
class RenderedChart:
    """The PNG (200 dpi, for Word and PDF) and, made only when asked for, the SVG (HTML)."""

    png: bytes
    graph: graphviz.Digraph

    def svg(self) -> bytes:
        graph = self.graph.copy()
        graph.graph_attr.pop("dpi", None)
        data: bytes = graph.pipe(format="svg")
        return data


def render_chart(
    org: Organisation, highlights: Highlights | None = None, lang: Lang = DEFAULT_LANG
) -> RenderedChart:
    """Lay out and draw the chart as PNG; the SVG is drawn on demand (:meth:`RenderedChart.svg`)."""
    dot = org_chart(org, highlights, lang)
    dot.graph_attr["dpi"] = "200"
    return RenderedChart(dot.pipe(format="png"), dot)
