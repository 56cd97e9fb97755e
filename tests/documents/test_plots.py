"""Chart numbers read as the text does: decimal comma, a space between thousands, a true
minus sign (``oversyn.core.fmt.format_number``), never matplotlib's "0.5 1.0 1.5"."""

from __future__ import annotations

import pytest

from oversyn.core.case import Case
from oversyn.core.evaluation.engine import evaluate_case
from oversyn.core.fmt import NBSP
from oversyn.documents import plots


def _labels(fig: object, axis: str) -> list[str]:
    fig.canvas.draw()  # type: ignore[attr-defined]
    ax = fig.axes[0]  # type: ignore[attr-defined]
    ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in ticks if t.get_text()]


@pytest.mark.parametrize(
    ("locs", "decimals"),
    [([0, 0.5, 1, 1.5], 1), ([0, 0.25, 0.5], 2), ([0, 1000, 2000], 0), ([-1, 0, 1], 0)],
)
def test_tick_decimals(locs: list[float], decimals: int) -> None:
    assert plots.tick_decimals(locs) == decimals


def test_decimal_ticks_have_a_comma() -> None:
    fig = plots.new_figure(4, 3)
    ax = fig.add_subplot()
    ax.plot([0, 1, 2, 3], [0.0, 0.7, 1.4, 2.5])
    ax.set_xlim(-1, 3)
    ax.set_ylim(0, 2.5)
    plots.swedish_ticks(fig, "sv")
    assert _labels(fig, "y") == ["0,0", "0,5", "1,0", "1,5", "2,0", "2,5"]
    assert _labels(fig, "x")[0] == "−1,0"  # a true minus sign, as in the text


def test_thousands_are_spaced_as_in_the_text() -> None:
    fig = plots.new_figure(4, 3)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 2500000])
    plots.swedish_ticks(fig, "sv")
    assert f"2{NBSP}000{NBSP}000" in _labels(fig, "y")


def test_english_keeps_the_point() -> None:
    fig = plots.new_figure(4, 3)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1.5])
    ax.set_ylim(0, 1.5)
    plots.swedish_ticks(fig, "en")
    assert _labels(fig, "y")[:3] == ["0.0", "0.2", "0.4"]


def test_text_ticks_are_left_alone() -> None:
    fig = plots.new_figure(4, 3)
    ax = fig.add_subplot()
    ax.barh([0, 1], [0.3, 0.6])
    ax.set_yticks([0, 1], ["Nuläge", "Alt 1"])
    plots.swedish_ticks(fig, "sv")
    assert _labels(fig, "y") == ["Nuläge", "Alt 1"]


def test_score_profile_axis_is_swedish(
    linkoping_case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn = []
    real_png = plots._png

    def keep(fig: object, lang: str = "sv") -> bytes:
        data = real_png(fig, lang)  # type: ignore[arg-type]
        drawn.append(fig)
        return data

    monkeypatch.setattr(plots, "_png", keep)
    assert plots.score_profile(evaluate_case(linkoping_case, samples=200), "sv") is not None
    labels = _labels(drawn[0], "x")
    assert labels and not any("." in text for text in labels)
    assert any("," in text for text in labels), labels
