"""The HTML skeleton the reports share: styles, headings, tables (pure Python, no Qt).

The HTML is written for Qt's rich-text engine (QTextDocument), which supports a subset
of HTML 4 and CSS 2: tables with ``<thead>`` (repeated on every printed page), classes,
per-edge cell borders, ``<img>`` with a data: URI. It also opens in a browser.

Every helper that takes text escapes it; helpers taking ``markup`` expect HTML that was
built here from escaped pieces.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from hipcoach.report.text import esc

CHART_WIDTH = 680  # CSS px: 180 mm, the text width of A4 and Letter with 15 mm margins

STYLE = """
body { font-family: 'DejaVu Sans', Arial, Helvetica, sans-serif; font-size: 9pt; color: #222222; }
h1 { font-size: 16pt; font-weight: bold; margin-top: 0px; margin-bottom: 2px; }
h2 { font-size: 11.5pt; font-weight: bold; color: #1f4f73; margin-top: 12px; margin-bottom: 4px; }
h3 { font-size: 9.5pt; font-weight: bold; margin-top: 6px; margin-bottom: 2px; }
p { margin-top: 2px; margin-bottom: 3px; }
.subtitle { font-size: 11pt; color: #444444; margin-bottom: 6px; }
.muted { color: #666666; }
.small { font-size: 7.5pt; color: #666666; }
.flag { color: #a02828; font-weight: bold; }
.disclaimer { font-size: 8pt; color: #444444; font-style: italic; }
table.grid { border-collapse: collapse; }
table.grid th { background-color: #e8eef3; font-weight: bold; text-align: left;
  border-bottom: 1px solid #7a8a99; }
table.grid td { border-bottom: 1px solid #cccccc; vertical-align: top; }
table.grid td.num, table.grid th.num { text-align: right; }
table.grid tr.total td { font-weight: bold; border-top: 1px solid #7a8a99; }
table.facts td { vertical-align: top; }
table.facts td.key { color: #555555; font-weight: bold; }
"""


def document(title: str, body: Iterable[str]) -> str:
    """A whole HTML document; ``title`` goes in <title> (the PDF title and page footer)."""
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>\n<body>\n"
        + "\n".join(body) + "\n</body></html>\n"
    )


def h1(text: str) -> str:
    return f"<h1>{esc(text)}</h1>"


def h2(text: str) -> str:
    return f"<h2>{esc(text)}</h2>"


def h3(text: str) -> str:
    return f"<h3>{esc(text)}</h3>"


def para(text: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<p{cls}>{esc(text)}</p>"


def para_markup(markup: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<p{cls}>{markup}</p>"


def bullets(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(item)}</li>" for item in items) + "</ul>"


def facts(pairs: Sequence[tuple[str, str]]) -> str:
    """A borderless two-column table of labels and values (both escaped)."""
    rows = "".join(
        f'<tr><td class="key" width="25%">{esc(key)}</td><td>{esc(value)}</td></tr>'
        for key, value in pairs
    )
    return f'<table class="facts" width="100%" cellspacing="0" cellpadding="2">{rows}</table>'


class Cell:
    """A table cell: escaped text, or ``markup`` already built from escaped pieces."""

    __slots__ = ("css", "markup", "nowrap")

    def __init__(self, text: object = "", *, css: str = "", markup: str | None = None,
                 nowrap: bool = False) -> None:
        self.markup = markup if markup is not None else esc(text)
        self.css = css
        self.nowrap = nowrap


def num(text: object) -> Cell:
    """A right-aligned cell kept on one line (a number, a duration)."""
    return Cell(text, css="num", nowrap=True)


def _cell(tag: str, value: Cell | object, width: str | None = None) -> str:
    cell = value if isinstance(value, Cell) else Cell(value)
    attrs = f' class="{cell.css}"' if cell.css else ""
    if cell.nowrap:
        attrs += " nowrap"
    if width:
        attrs += f' width="{width}"'
    return f"<{tag}{attrs}>{cell.markup}</{tag}>"


def table(headers: Sequence[Cell | str], rows: Iterable[Sequence[Cell | object]], *,
          widths: Sequence[str] | None = None, total: Sequence[Cell | object] | None = None,
          ) -> str:
    """A ruled table; its header row repeats on every printed page it spans."""
    widths = list(widths) if widths else [None] * len(headers)  # type: ignore[list-item]
    head = "".join(_cell("th", h, w) for h, w in zip(headers, widths, strict=True))
    lines = [
        '<table class="grid" width="100%" cellspacing="0" cellpadding="3">',
        f"<thead><tr>{head}</tr></thead>",
    ]
    for row in rows:
        lines.append("<tr>" + "".join(_cell("td", c) for c in row) + "</tr>")
    if total is not None:
        lines.append('<tr class="total">' + "".join(_cell("td", c) for c in total) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)
