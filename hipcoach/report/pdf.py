"""Qt side of the reports: the HTML laid out on pages, saved as PDF or previewed to print.

The app calls (from the GUI thread, with its QApplication running):

- ``print_preview(parent, html, paper="auto")``: a QPrintPreviewDialog; its Print
  button sends the same pages to a printer.
- ``save_pdf(html, path, paper="auto")``: writes the PDF (atomically: a temporary file
  in the same folder, then renamed) and returns a ``PdfResult``. Raises OSError with a
  readable message when the file cannot be written.

Pages are drawn one by one from a QTextDocument laid out for the page size, with a footer
("title ... Page n of m") painted by hand. Before painting, a table row that would be cut
by a page break is moved whole to the next page (Qt's layout splits rows line by line),
and a heading left alone at the bottom of a page goes with what follows it. SVG charts in
``data:`` URIs are drawn at print resolution. Fonts are embedded by QPdfWriter.
"""

from __future__ import annotations

import base64
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextOption,
    QTextTable,
)

from hipcoach.i18n import _
from hipcoach.report.paper import resolve_paper

MARGIN_MM = 15.0
BOTTOM_MM = 10.0
FOOTER_MM = 9.0
FONT_FAMILIES = ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans", "Noto Sans"]
BODY_PT = 9.0
FOOTER_PT = 7.5
IMAGE_DPI = 300  # raster resolution of the charts
PDF_RESOLUTION = 1200


@dataclass(frozen=True, slots=True)
class PdfResult:
    path: Path
    pages: int
    paper: str


# Application and paper ---------------------------------------------------------------


def needs_offscreen() -> bool:
    """True on X11/Wayland systems with no display (and no platform chosen already)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def ensure_app(*, headless: bool = False) -> QCoreApplication:
    """The running Qt application, or a new one (offscreen when there is no display;
    always offscreen on Linux with ``headless``, for command-line use)."""
    app = QCoreApplication.instance()
    if app is not None:
        return app
    linux_like = sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))
    if needs_offscreen() or (headless and linux_like and not os.environ.get("QT_QPA_PLATFORM")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    return QApplication([sys.argv[0] if sys.argv else "hipcoach"])


def locale_territory_code() -> str:
    from PySide6.QtCore import QLocale

    locale = QLocale()
    try:
        return QLocale.territoryToCode(locale.territory())
    except AttributeError:  # older Qt: the code is the part after "_" of the name
        return locale.name().partition("_")[2]


def paper_name(setting: str = "auto") -> str:
    """"A4" or "Letter" for a setting of auto / A4 / Letter."""
    return resolve_paper(setting, locale_territory_code() if setting == "auto" else None)


def page_layout(paper: str = "auto") -> QPageLayout:
    size_id = QPageSize.PageSizeId.Letter if paper_name(paper) == "Letter" else QPageSize.PageSizeId.A4
    return QPageLayout(QPageSize(size_id), QPageLayout.Orientation.Portrait,
                       QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, BOTTOM_MM),
                       QPageLayout.Unit.Millimeter)


def _font(points: float) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(points)
    # No ligatures: text copied or extracted from the PDF reads "stiffness", not "stiﬀness".
    font.setFeature(QFont.Tag("liga"), 0)
    return font


# The document ----------------------------------------------------------------------


class _ReportDocument(QTextDocument):
    """A QTextDocument that draws ``data:image/svg+xml`` images at print resolution."""

    def loadResource(self, kind: int, name: QUrl) -> Any:  # noqa: N802 - Qt override
        if name.scheme() == "data" and kind == QTextDocument.ResourceType.ImageResource.value:
            image = _svg_image(name.toString())
            if image is not None:
                self.addResource(kind, name, image)
                return image
        return super().loadResource(kind, name)


def _svg_image(uri: str) -> QImage | None:
    header, _comma, payload = uri.partition(",")
    if "image/svg+xml" not in header:
        return None
    try:
        data = base64.b64decode(payload) if header.endswith(";base64") else payload.encode()
    except ValueError:
        return None
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(data))
    if not renderer.isValid():
        return None
    size = renderer.defaultSize()
    scale = IMAGE_DPI / 96
    image = QImage(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)),
                   QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter)
    painter.end()
    return image


@dataclass
class _Pages:
    doc: QTextDocument
    width: float  # device pixels
    body_height: float  # one page of the document, device pixels
    footer_height: float
    count: int
    title: str
    scale: float = 1.0  # the document is laid out 1/scale larger and painted scaled

    @property
    def page_height(self) -> float:
        """One page in the document's own units."""
        return self.body_height / self.scale


# A last page holding only this share of a page or less ("Printed …" alone) is avoided by
# printing everything a little smaller, down to this scale.
SPILL_SHARE = 0.12
MIN_SCALE = 0.9


def _layout(html: str, device: QPagedPaintDevice) -> _Pages:
    """The document in pages; one that spills a few lines onto a last page is set a
    little smaller (at most by 10%) so that it fits one page fewer."""
    pages = _layout_at(html, device, 1.0)
    if pages.count < 2:
        return pages
    used = pages.doc.size().height() - (pages.count - 1) * pages.body_height
    if used > SPILL_SHARE * pages.body_height:
        return pages
    scale = (pages.count - 1) * pages.body_height / pages.doc.size().height() * 0.99
    if scale < MIN_SCALE:
        return pages
    smaller = _layout_at(html, device, scale)
    return smaller if smaller.count < pages.count else pages


def _layout_at(html: str, device: QPagedPaintDevice, scale: float) -> _Pages:
    layout = device.pageLayout()
    resolution = device.logicalDpiY()
    rect = layout.paintRectPixels(resolution)
    footer = FOOTER_MM / 25.4 * resolution
    doc = _ReportDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDocumentMargin(0)
    doc.setDefaultFont(_font(BODY_PT))
    option = doc.defaultTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # a 200-letter word
    doc.setDefaultTextOption(option)
    doc.setHtml(html)
    body_height = rect.height() - footer
    doc.setPageSize(QSizeF(rect.width() / scale, body_height / scale))
    if keep_together(doc, body_height / scale):
        # Lay everything out again: after the format changes Qt's incremental layout can
        # leave blocks between tables unpainted.
        doc.markContentsDirty(0, doc.characterCount())
    title = doc.metaInformation(QTextDocument.MetaInformation.DocumentTitle)
    return _Pages(doc, rect.width(), body_height, footer, doc.pageCount(), title, scale)


# Keeping rows and headings whole --------------------------------------------------


def _tables(frame: QTextFrame) -> list[QTextTable]:
    found: list[QTextTable] = []
    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            found.append(child)
        else:
            found.extend(_tables(child))
    return found


def _first_line_top(layout: QAbstractTextDocumentLayout, block: QTextBlock) -> float:
    rect = layout.blockBoundingRect(block)
    text_layout = block.layout()
    if text_layout is None or text_layout.lineCount() == 0:
        return rect.top()
    return rect.top() - text_layout.boundingRect().top() + text_layout.lineAt(0).y()


def _row_span(layout: QAbstractTextDocumentLayout, table: QTextTable, row: int) -> tuple[float, float]:
    top, bottom = float("inf"), float("-inf")
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        if not cell.isValid():
            continue
        first = cell.firstCursorPosition().block()
        last = cell.lastCursorPosition().block()
        top = min(top, _first_line_top(layout, first), layout.blockBoundingRect(first).top())
        bottom = max(bottom, layout.blockBoundingRect(last).bottom())
    return top, bottom


def _set_break(table: QTextTable, row: int, policy: QTextFormat.PageBreakFlag) -> None:
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        if not cell.isValid():
            continue
        cursor = cell.lastCursorPosition()
        block_format = cursor.blockFormat()
        block_format.setPageBreakPolicy(policy)
        cursor.setBlockFormat(block_format)


LOW_ON_PAGE = 0.7  # a heading below this share of the page needs more than a line after it


def _next_content(block: QTextBlock) -> QTextBlock:
    following = block.next()
    while following.isValid() and not following.text().strip():
        following = following.next()
    return following


def keep_together(doc: QTextDocument, page_height: float) -> int:
    """Move table rows cut by a page break to the next page, and keep headings with
    what follows them. Returns how many changes were made."""
    layout = doc.documentLayout()
    changes = 0

    def page(y: float) -> int:
        return int(y // page_height)

    for table in _tables(doc.rootFrame()):
        head = table.format().headerRowCount()
        for row in range(head, table.rows()):
            top, bottom = _row_span(layout, table, row)
            if bottom - top >= page_height * 0.8 or page(top) == page(bottom - 1):
                continue
            if row == head:  # the first row: the whole table starts on the next page
                table_format = table.format()
                table_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                table.setFormat(table_format)
            else:  # the row before ends the page (its bottom rule lands under the header)
                _set_break(table, row - 1, QTextFormat.PageBreakFlag.PageBreak_AlwaysAfter)
            changes += 1
            # Every later row moved: lay out again before measuring the next one, or a
            # row that is no longer cut gets a break of its own (a near-empty page).
            doc.markContentsDirty(0, doc.characterCount())
            layout.documentSize()

    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0 and block.text().strip():
            following = block.next()
            while following.isValid() and not following.text().strip() \
                    and following.layout().lineCount() <= 1 and following.length() <= 1:
                following = following.next()
            if following.isValid():
                top = _first_line_top(layout, block)
                here = page(top)
                there = page(_first_line_top(layout, following))
                # Also when only one short block (a line of text) follows it on this page
                # and the rest of the section starts overleaf, low on the page.
                after = _next_content(following)
                low = top > here * page_height + page_height * LOW_ON_PAGE
                same_section = (after.isValid() and after.blockFormat().headingLevel() == 0
                                and "\ufffc" not in following.text())  # not a chart
                then = page(_first_line_top(layout, after)) if same_section else here
                if (there > here or (low and then > here)) and top > here * page_height + 1:
                    block_format = block.blockFormat()
                    block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    QTextCursor(block).setBlockFormat(block_format)
                    changes += 1
        block = block.next()
    return changes


# Painting -------------------------------------------------------------------------


def _paint(pages: _Pages, device: QPagedPaintDevice, painter: QPainter) -> None:
    layout = pages.doc.documentLayout()
    footer_font = _font(FOOTER_PT)
    pen = QPen(QColor("#999999"))
    pen.setWidthF(device.logicalDpiY() / 300)
    for index in range(pages.count):
        if index:
            device.newPage()
        painter.save()
        painter.scale(pages.scale, pages.scale)
        clip = QRectF(0, index * pages.page_height, pages.width / pages.scale,
                      pages.page_height)
        painter.translate(0, -clip.top())
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        context.palette.setColor(context.palette.ColorRole.Text, QColor("#222222"))
        layout.draw(painter, context)
        painter.restore()
        top = pages.body_height + pages.footer_height * 0.35
        painter.setPen(pen)
        painter.drawLine(0, round(top), round(pages.width), round(top))
        painter.setPen(QColor("#555555"))
        painter.setFont(footer_font)
        box = QRectF(0, top, pages.width, pages.footer_height * 0.65)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         pages.title or "HipCoach")
        painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         _("Page {n} of {count}").format(n=index + 1, count=pages.count))


def render(html: str, device: QPagedPaintDevice) -> int:
    """Lay ``html`` out on ``device`` (a QPdfWriter or QPrinter) and paint every page.

    Returns the page count. Raises OSError when painting cannot start."""
    pages = _layout(html, device)
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the page device could not be opened for painting")
    try:
        _paint(pages, device, painter)
    finally:
        painter.end()
    return pages.count


def save_pdf(html: str, path: str | os.PathLike[str], paper: str = "auto") -> PdfResult:
    """Write ``html`` as a PDF to ``path`` on A4 or Letter (``paper``: auto/A4/Letter).

    Needs a Qt application (``ensure_app()``). The file appears whole or not at all;
    OSError (with the reason in words) when it cannot be written.
    """
    ensure_app()
    from hipcoach.private_files import atomic_file

    target = Path(path)
    chosen = paper_name(paper)
    # a folder or a symlink is refused, a FIFO written into; a clear OSError for a
    # missing or read-only folder
    with atomic_file(target) as temporary:
        writer = QPdfWriter(str(temporary))
        writer.setResolution(PDF_RESOLUTION)
        writer.setPageLayout(page_layout(chosen))
        writer.setCreator("HipCoach")
        count = _render_pdf(html, writer)
        del writer  # closes the file
        if temporary.stat().st_size == 0:
            raise OSError(_("nothing could be written to {target}").format(target=target))
    return PdfResult(target, count, chosen)


def _render_pdf(html: str, writer: QPdfWriter) -> int:
    pages = _layout(html, writer)
    writer.setTitle(pages.title or "HipCoach report")
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("the PDF file could not be opened for writing")
    try:
        _paint(pages, writer, painter)
    finally:
        painter.end()
    return pages.count


def print_preview(parent: Any, html: str, paper: str = "auto") -> bool:
    """Show a print preview of ``html``; True when the user printed from it."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
    from PySide6.QtWidgets import QDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout(paper))
    printer.setCreator("HipCoach")
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(_("Print preview"))
    dialog.paintRequested.connect(lambda device: render(html, device))
    return dialog.exec() == QDialog.DialogCode.Accepted
