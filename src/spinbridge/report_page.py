"""The page people open first: the claims scorecard, then every figure with caption and paper.

:func:`scorecard` counts ``reproduced`` / ``deviates`` per paper from ``claims.csv`` and lists each
deviating claim with its note; :func:`render_caption` renders a ``workflow/report/*.rst`` caption
(a Jinja template of the config) to HTML; :func:`render_page` puts both into one static HTML page
with no script and no remote resource, so that it opens from an unpacked archive.
"""

from __future__ import annotations

import math
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
import pandas as pd

from spinbridge.claims import STATUSES

__all__ = ["FigureView", "PaperScore", "render_caption", "render_page", "scorecard"]


@dataclass(frozen=True)
class PaperScore:
    """One paper's row of the scorecard and its deviating claims (dicts of ``claims.csv`` rows)."""

    paper: str
    reference: str
    reproduced: int
    deviates: int
    deviating: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class FigureView:
    """A figure on the page: image path relative to the page, caption HTML, paper, heading."""

    src: str
    caption_html: str
    paper: str
    reference: str
    title: str


def _clean(value: Any) -> Any:
    return "" if isinstance(value, float) and math.isnan(value) else value


def scorecard(table: pd.DataFrame, references: Mapping[str, str]) -> list[PaperScore]:
    """Counts per paper of ``claims.csv`` and its deviating rows, papers in first-seen order.

    Parameters
    ----------
    table : pandas.DataFrame
        The scorecard (columns ``id, paper, status`` and the others of ``claims.COLUMNS``).
    references : Mapping[str, str]
        Paper key -> how to cite it (``store.PAPERS``: DOI or the preprint's citation).

    Raises
    ------
    ValueError
        If ``table`` lacks a column or holds a status outside ``claims.STATUSES``.
    """
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"table must be a pandas DataFrame (claims.csv), got {type(table)}")
    missing = [c for c in ("id", "paper", "status") if c not in table.columns]
    if missing:
        raise ValueError(f"table lacks the column(s) {missing}")
    bad = sorted(set(table["status"]) - set(STATUSES))
    if bad:
        raise ValueError(f"table: status {bad} not in {STATUSES}")
    scores = []
    for paper in dict.fromkeys(table["paper"]):
        rows = table[table["paper"] == paper]
        dev = rows[rows["status"] == "deviates"]
        scores.append(
            PaperScore(
                paper=str(paper),
                reference=str(references.get(paper, "")),
                reproduced=int((rows["status"] == "reproduced").sum()),
                deviates=len(dev),
                deviating=tuple(
                    {k: _clean(v) for k, v in r.items()} for r in dev.to_dict("records")
                ),
            )
        )
    return scores


def render_caption(template: str, config: Mapping[str, Any]) -> str:
    """HTML of a caption: the Jinja template rendered with ``config``, then reStructuredText.

    Parameters
    ----------
    template : str
        Text of a ``workflow/report/*.rst`` caption (``{{ snakemake.config[...] }}`` fields).
    config : Mapping
        The run's config.

    Raises
    ------
    ValueError
        If ``template`` is not a str or ``config`` not a mapping.
    jinja2.UndefinedError
        If the caption reads a key that ``config`` lacks.
    """
    if not isinstance(template, str) or not isinstance(config, Mapping):
        raise ValueError("template must be str and config a mapping")
    from docutils.core import publish_parts

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    text = env.from_string(template).render(
        snakemake=types.SimpleNamespace(config=config), categories={}, files={}
    )
    settings = {"report_level": 4, "halt_level": 5, "math_output": "MathML"}
    return publish_parts(text, writer="html", settings_overrides=settings)["body"]


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 1rem auto; padding: 0 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.deviates { color: #9a4d00; } .reproduced { color: #1d6b2f; }
figure { margin: 2rem 0; border-top: 1px solid #ddd; padding-top: 1rem; }
figure img { max-width: 100%; height: auto; }
.meta { color: #555; font-size: .9rem; }
</style></head>
<body>
<header><h1>{{ title }}</h1><p class="meta">{{ meta }}</p></header>
<section id="scorecard"><h2>Claims scorecard</h2>
<p>Every number the papers state in the covered sections, compared with the reproduced value
(<a href="{{ claims_href }}">claims.csv</a>). <em>deviates</em> is not an error: the note
says why.</p>
<table id="scorecard-table"><thead><tr><th>paper</th><th>reference</th><th>reproduced</th>
<th>deviates</th></tr></thead><tbody>
{% for s in scores %}<tr data-paper="{{ s.paper }}"><td>{{ s.paper }}</td><td>{{ s.reference }}</td>
<td class="n reproduced" data-status="reproduced">{{ s.reproduced }}</td>
<td class="n deviates" data-status="deviates">{{ s.deviates }}</td></tr>
{% endfor %}<tr data-paper="total"><th>total</th><td></td>
<td class="n reproduced" data-status="reproduced">{{ total_reproduced }}</td>
<td class="n deviates" data-status="deviates">{{ total_deviates }}</td></tr>
</tbody></table>
{% for s in scores if s.deviating %}<h3>{{ s.paper }}: deviating claims</h3>
<table class="deviating"><thead><tr><th>claim</th><th>where</th><th>quantity</th><th>paper</th>
<th>reproduced</th><th>why</th></tr></thead><tbody>
{% for r in s.deviating %}<tr data-claim="{{ r.id }}"><td>{{ r.id }}</td>
<td>{{ r.get("location", "") }}</td>
<td>{{ r.get("quantity", "") }}</td>
<td class="n">{{ r.get("paper_value", "") }} {{ r.get("units", "") }}</td>
<td class="n">{{ r.get("reproduced", "") }}</td>
<td>{{ r.get("note") or ("outside the tolerance: " ~ r.get("tolerance_reason", "")) }}</td></tr>
{% endfor %}</tbody></table>
{% endfor %}</section>
<section id="figures"><h2>Figures</h2>
{% for f in figures %}<figure id="fig-{{ loop.index }}">
<h3>{{ f.title }}</h3>
<img src="{{ f.src }}" alt="{{ f.title }}" loading="eager">
<figcaption>{{ f.caption_html | safe }}
<p class="meta">Paper: {{ f.paper }} ({{ f.reference }}).</p></figcaption></figure>
{% endfor %}</section>
</body></html>
"""


def render_page(
    scores: Sequence[PaperScore],
    figures: Sequence[FigureView],
    *,
    title: str = "spinbridge: reproduced results",
    meta: str = "",
    claims_href: str = "../tables/claims.csv",
) -> str:
    """The static HTML page: scorecard first (counts per paper, deviating claims), then figures.

    Parameters
    ----------
    scores : Sequence[PaperScore]
        From :func:`scorecard`.
    figures : Sequence[FigureView]
        In display order; ``caption_html`` is trusted HTML (:func:`render_caption`).
    title, meta : str
        Heading and a line under it (version, commit, run time).
    claims_href : str
        Link to ``claims.csv`` relative to the page.

    Raises
    ------
    ValueError
        If ``scores`` or ``figures`` hold the wrong types.
    """
    if not all(isinstance(s, PaperScore) for s in scores):
        raise ValueError("scores must be PaperScore items (scorecard())")
    if not all(isinstance(f, FigureView) for f in figures):
        raise ValueError("figures must be FigureView items")
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    return env.from_string(_PAGE).render(
        scores=scores,
        figures=figures,
        title=title,
        meta=meta,
        claims_href=claims_href,
        total_reproduced=sum(s.reproduced for s in scores),
        total_deviates=sum(s.deviates for s in scores),
    )
