"""The demonstration figure: a side-view stick figure drawn with QPainter from joint angles.

The pose maths is in ``hipcoach.session.poses``; this widget only draws. The low back is
drawn as a curve with the straight "neutral" line beside it: green while neutral, the
warning colour once it arches, so the difference is visible from across the room.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from hipcoach.i18n import _
from hipcoach.program.model import Poses
from hipcoach.session.poses import HEAD_RADIUS, Angles, extent, joints
from hipcoach.ui.theme import LIGHT, Colours

NEUTRAL_DEGREES = 5.0  # an arch this small still reads as neutral
NEUTRAL = "#2e8b57"


class FigureView(QWidget):
    def __init__(self, name: str = "figure", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(_("demonstration figure"))
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.colours: Colours = LIGHT
        self.poses: Poses | None = None
        self.mirror = False
        self.angles: Angles | None = None
        self._box = (0.0, 0.0, 1.0, 1.0)

    def set_poses(self, poses: Poses | None, mirror: bool = False) -> None:
        if poses is self.poses and mirror == self.mirror:
            return
        self.poses, self.mirror = poses, mirror
        if poses is not None:
            self._box = extent(poses, mirror)
        self.update()

    def set_angles(self, angles: Angles | None) -> None:
        if angles != self.angles:
            self.angles = angles
            self.update()

    def set_colours(self, colours: Colours) -> None:
        self.colours = colours
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        if self.angles is None or self.poses is None:
            return
        figure = joints(self.angles, self.mirror)
        left, bottom, right, top = self._box
        margin = 0.08
        span_x, span_y = max(0.1, right - left), max(0.1, top - bottom)
        area = QRectF(self.rect()).adjusted(6, 6, -6, -10)
        scale = min(area.width() / (span_x * (1 + 2 * margin)),
                    area.height() / (span_y * (1 + 2 * margin)))
        if scale <= 0:
            return
        floor_y = area.bottom()
        centre_x = area.center().x() - (left + right) / 2 * scale

        def at(point: tuple[float, float]) -> QPointF:
            return QPointF(centre_x + point[0] * scale, floor_y - (point[1] - bottom) * scale)

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(3.0, scale * 0.09)
        text = QColor(self.colours.text)
        muted = QColor(self.colours.muted)
        painter.setPen(QPen(muted, max(2.0, width / 3)))
        painter.drawLine(QPointF(area.left(), floor_y), QPointF(area.right(), floor_y))

        def pen(colour: QColor, w: float = width, style=Qt.PenStyle.SolidLine) -> QPen:
            line = QPen(colour, w, style)
            line.setCapStyle(Qt.PenCapStyle.RoundCap)
            line.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            return line

        # The neutral line first, dashed, so an arch shows as the curve leaving it.
        painter.setPen(pen(muted, max(1.5, width / 3), Qt.PenStyle.DashLine))
        painter.drawLine(at(figure.pelvis), at(figure.shoulder))
        neutral = abs(self.angles.arch) <= NEUTRAL_DEGREES
        back = QColor(NEUTRAL if neutral else self.colours.problem)
        spine = QPainterPath(at(figure.pelvis))
        # a quadratic through the lumbar point: its control point is twice as far out
        lumbar, middle = at(figure.lumbar), at(figure.neutral_lumbar)
        control = QPointF(2 * lumbar.x() - middle.x(), 2 * lumbar.y() - middle.y())
        spine.quadTo(control, at(figure.shoulder))
        painter.setPen(pen(back, width * 1.1))
        painter.drawPath(spine)
        painter.setPen(pen(text))
        if figure.hand is not None:
            painter.drawLine(at(figure.shoulder), at(figure.hand))
        painter.setPen(pen(QColor(self.colours.accent)))
        painter.drawLine(at(figure.pelvis), at(figure.knee))
        painter.drawLine(at(figure.knee), at(figure.ankle))
        painter.setPen(pen(text))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        radius = HEAD_RADIUS * scale
        painter.drawEllipse(at(figure.head), radius, radius)
        painter.setBrush(back)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(at(figure.pelvis), width * 0.9, width * 0.9)
        painter.end()
