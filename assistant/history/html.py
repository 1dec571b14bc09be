"""The HTML progress report: one self-contained page, charts drawn as inline SVG here.

Nothing on the page comes from the network: no scripts, no fonts, no images, and a
Content-Security-Policy that forbids fetching anything, so opening it is as private as
the history itself.
"""

from __future__ import annotations

from html import escape

from assistant.history.commands import local_time
from assistant.history.store import StoredSession
from assistant.history.trends import SessionStats, best_lines, by_scenario

COLOURS = {"wpm": "#1f6fb2", "fillers_per_min": "#d98c00", "i_statements": "#2e8b57",
           "blame_turns": "#c0392b", "questions": "#8e44ad"}
"""Series colours (the chart test looks for them in a screenshot)."""
CHARTS = (
    # (title, [(attribute, legend)], note)
    ("Pace", [("wpm", "words per minute")], "110–160 words a minute is easy to follow"),
    ("Fillers", [("fillers_per_min", "fillers per minute")], "um, uh, er… fewer is calmer"),
    ("“I” statements against blame", [("i_statements", "I statements"), ("blame_turns", "blaming turns")],
     "I statements: sentences about your own feelings, needs and actions; more green than red"),
    ("Questions asked", [("questions", "questions inviting their side")], "asking how it was for them"),
)
WIDTH, HEIGHT = 460, 210
LEFT, RIGHT, TOP, BOTTOM = 44, 26, 14, 40
BAR_CHARTS = {"i_statements"}
"""Charts whose first attribute is one of these draw bars side by side (equal counts stay visible)."""

STYLE = """
body{font-family:system-ui,sans-serif;margin:24px;color:#222;background:#fff;max-width:1000px}
h1{font-size:24px;margin:0 0 4px} h2{font-size:19px;margin:28px 0 8px} p.meta{color:#666;margin:0 0 12px}
.charts{display:grid;grid-template-columns:repeat(2,1fr);gap:16px}
figure{margin:0;border:1px solid #ddd;border-radius:8px;padding:8px}
figcaption{font-weight:600;font-size:14px} figcaption small{font-weight:400;color:#666}
svg text{font-size:11px;fill:#555} .legend{font-size:12px;color:#444}
.swatch{display:inline-block;width:12px;height:4px;margin:0 4px 3px 10px;vertical-align:middle}
blockquote{margin:8px 0;padding:6px 12px;border-left:4px solid #9bb8a8;background:#f6f8f7}
blockquote small{display:block;color:#666}
"""


def render_report(sessions: list[StoredSession]) -> str:
    """The whole page for these sessions (with their turns)."""
    grouped = by_scenario(sessions)
    body = [f"<h1>Your realtalk practice</h1><p class='meta'>{len(sessions)} sessions, "
            f"{sum(len(s.turns) for s in sessions)} turns"
            + (f", {escape(local_time(min(s.started_at for s in sessions)))} to "
               f"{escape(local_time(max(s.started_at for s in sessions)))}" if sessions else "")
            + ".</p>"]
    if not sessions:
        body.append("<p>No sessions yet. Practise with <code>realtalk practice</code>, then come back.</p>")
    for scenario, stats in grouped.items():
        body.append(f"<h2>{escape(scenario)} <small>({len(stats)} sessions)</small></h2><div class='charts'>")
        body += [_figure(title, series, note, stats) for title, series, note in CHARTS]
        body.append("</div>")
    best = best_lines(sessions)
    if best:
        body.append("<h2>Your best lines</h2>")
        body += [f"<blockquote>“{escape(line.text)}”<small>{escape(line.scenario)}, "
                 f"{escape(local_time(line.started_at))}: {escape(line.why)}</small></blockquote>" for line in best]
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>realtalk progress</title><style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n"
    )


def _figure(title: str, series: list[tuple[str, str]], note: str, stats: list[SessionStats]) -> str:
    legend = "".join(f"<span class='swatch' style='background:{COLOURS[attr]}'></span>{escape(label)}"
                     for attr, label in series)
    caption = f"<figcaption>{escape(title)} <small>{escape(note)}</small></figcaption>"
    return f"<figure>{caption}{line_chart(stats, [a for a, _ in series])}<div class='legend'>{legend}</div></figure>"


def line_chart(stats: list[SessionStats], attributes: list[str]) -> str:
    """An SVG line chart: one point per session (x), one line per attribute."""
    values = {attr: [getattr(s, attr) for s in stats] for attr in attributes}
    known = [v for series in values.values() for v in series if v is not None]
    svg = [f"<svg width='{WIDTH}' height='{HEIGHT}' viewBox='0 0 {WIDTH} {HEIGHT}' role='img'>"]
    if not known:
        svg.append(f"<text x='{WIDTH / 2}' y='{HEIGHT / 2}' text-anchor='middle'>"
                   "No spoken turns yet: this is measured from your voice.</text></svg>")
        return "".join(svg)
    counts = all(isinstance(v, int) for v in known)
    top = -(-max(4, max(known)) // 4) * 4 if counts else _nice_ceiling(max(known))  # counts: whole ticks
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bars = attributes[0] in BAR_CHARTS

    def x(i: int) -> float:
        if bars or len(stats) == 1:  # bars sit in the middle of equal slots
            return LEFT + plot_w * (i + 0.5) / len(stats)
        return LEFT + plot_w * i / (len(stats) - 1)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    for tick in range(5):
        value = top * tick / 4
        svg.append(f"<line x1='{LEFT}' x2='{WIDTH - RIGHT}' y1='{y(value):.1f}' y2='{y(value):.1f}' stroke='#eee'/>"
                   f"<text x='{LEFT - 6}' y='{y(value) + 4:.1f}' text-anchor='end'>{value:g}</text>")
    step = max(1, len(stats) // 6)
    for i, s in enumerate(stats):
        if i % step == 0 or i == len(stats) - 1:
            svg.append(f"<text x='{x(i):.1f}' y='{HEIGHT - BOTTOM + 16}' text-anchor='middle'>"
                       f"{escape(local_time(s.started_at)[5:10])}</text>")
    svg.append(f"<line x1='{LEFT}' x2='{WIDTH - RIGHT}' y1='{y(0):.1f}' y2='{y(0):.1f}' stroke='#999'/>")
    if bars:
        svg += _bars(values, x, y, plot_w / max(len(stats), 1))
        svg.append("</svg>")
        return "".join(svg)
    for attr, series in values.items():
        points = [(x(i), y(v)) for i, v in enumerate(series) if v is not None]
        colour = COLOURS[attr]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        svg.append(f"<polyline class='series' points='{path}' fill='none' stroke='{colour}' stroke-width='3'/>")
        svg += [f"<circle cx='{px:.1f}' cy='{py:.1f}' r='4.5' fill='{colour}'/>" for px, py in points]
    svg.append("</svg>")
    return "".join(svg)


def _bars(values: dict[str, list], x, y, slot_w: float) -> list[str]:
    """Side-by-side bars per session, one per attribute, centred on the session's x."""
    bar_w = min(18.0, slot_w * 0.7 / len(values))
    shapes = []
    for k, (attr, series) in enumerate(values.items()):
        offset = (k - (len(values) - 1) / 2) * bar_w
        for i, v in enumerate(series):
            if v is None:
                continue
            top, base = y(v), y(0)
            height = max(base - top, 2.0)  # a zero still shows as a sliver of its colour
            shapes.append(f"<rect class='series' x='{x(i) + offset - bar_w / 2:.1f}' y='{base - height:.1f}' "
                          f"width='{bar_w - 1:.1f}' height='{height:.1f}' fill='{COLOURS[attr]}'/>")
    return shapes


def _nice_ceiling(value: float) -> float:
    """A round axis top at or above ``value`` (1, 2, 5 × a power of ten)."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** len(str(int(value))) / 10 if value >= 1 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude
