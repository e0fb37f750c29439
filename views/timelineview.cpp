#include "timelineview.h"

#include "common/clock.h"
#include "labels.h"
#include "timelinemodel.h"

#include <QContextMenuEvent>
#include <QLocale>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>

#include <algorithm>

namespace Vigil {

namespace {

constexpr int LabelWidth = 190;
constexpr int AxisHeight = 42;
constexpr int BandHeight = 34;
constexpr int FinalBandHeight = 46;
constexpr int BandGap = 6;
constexpr int RightMargin = 14;
constexpr qint64 SnapMs = 30 * 60 * 1000;

const QColor GapRed(0xc6, 0x28, 0x28);
const QColor NowRed(0xe5, 0x39, 0x35);

/// Readable colours for people, distinct from each other and from the gaps' red.
const QColor PersonPalette[] = {
    QColor(0x1e, 0x88, 0xe5), QColor(0x43, 0xa0, 0x47), QColor(0x8e, 0x24, 0xaa), QColor(0xef, 0x6c, 0x00),
    QColor(0x00, 0x89, 0x7b), QColor(0x39, 0x49, 0xab), QColor(0x6d, 0x4c, 0x41), QColor(0xd8, 0x1b, 0x60),
    QColor(0x00, 0x83, 0x8f), QColor(0x7c, 0xb3, 0x42), QColor(0x54, 0x6e, 0x7a), QColor(0xf9, 0xa8, 0x25),
};

TimelineModel::Band bandOf(const QModelIndex &index)
{
    return index.data(TimelineModel::BandRole).value<TimelineModel::Band>();
}

} // namespace

TimelineView::TimelineView(const Clock &clock, QWidget *parent) : QAbstractItemView(parent), m_clock(clock)
{
    setMouseTracking(true);
    setSelectionMode(SingleSelection);
    setEditTriggers(NoEditTriggers);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("On-call timeline"));
}

void TimelineView::setModel(QAbstractItemModel *model)
{
    m_timeline = qobject_cast<TimelineModel *>(model);
    QAbstractItemView::setModel(model);
    if (model)
        connect(model, &QAbstractItemModel::modelReset, this, [this] {
            assignColors();
            updateGeometry();
        });
    assignColors();
    updateGeometry();
}

void TimelineView::assignColors()
{
    // In order of first appearance, so the people of one schedule get different colours (a hash would collide);
    // a person keeps their colour while the schedule is shown.
    if (!model())
        return;
    for (int b = 0; b < model()->rowCount(); ++b) {
        const QModelIndex band = model()->index(b, 0);
        for (int i = 0; i < model()->rowCount(band); ++i) {
            const QString user = model()->index(i, 0, band).data(TimelineModel::UserIdRole).toString();
            if (!user.isEmpty() && !m_colors.contains(user))
                m_colors.insert(user, int(m_colors.size()));
        }
    }
}

QColor TimelineView::personColor(const QString &userId) const
{
    constexpr int n = sizeof PersonPalette / sizeof PersonPalette[0];
    return PersonPalette[m_colors.value(userId, int(qHash(userId, 0) % n)) % n];
}

QSize TimelineView::sizeHint() const
{
    const int bands = model() ? model()->rowCount() : 4;
    return {900, AxisHeight + bands * (BandHeight + BandGap) + FinalBandHeight + 8};
}

QSize TimelineView::minimumSizeHint() const { return {LabelWidth + 200, AxisHeight + FinalBandHeight + 8}; }

QRect TimelineView::bandRect(int band) const
{
    if (!model() || band < 0 || band >= model()->rowCount())
        return {};
    // Bands grow with the view (up to twice their size), so a tall pane or a wallboard is filled, not left empty.
    const int bands = model()->rowCount();
    const int room = viewport()->height() - AxisHeight - 8 - (FinalBandHeight - BandHeight) - bands * BandGap;
    const int height = std::clamp(room / std::max(1, bands), BandHeight, 2 * BandHeight);
    const bool isFinal = band == bands - 1;
    const int y = AxisHeight + band * (height + BandGap);
    return {0, y, viewport()->width(), isFinal ? height + FinalBandHeight - BandHeight : height};
}

int TimelineView::bandCenterY(int band) const { return bandRect(band).center().y(); }

int TimelineView::bandAt(int y) const
{
    if (!model())
        return -1;
    for (int b = 0; b < model()->rowCount(); ++b) {
        if (bandRect(b).contains(QPoint(LabelWidth, y)))
            return b;
    }
    return -1;
}

int TimelineView::xOf(const QDateTime &t) const
{
    if (!m_timeline || !m_timeline->from().isValid())
        return LabelWidth;
    const qint64 span = m_timeline->from().msecsTo(m_timeline->to());
    const int width = std::max(1, viewport()->width() - LabelWidth - RightMargin);
    const qint64 offset = std::clamp(m_timeline->from().msecsTo(t), qint64(0), span);
    return LabelWidth + int(offset * width / std::max<qint64>(1, span));
}

QDateTime TimelineView::timeAt(int x) const
{
    if (!m_timeline || !m_timeline->from().isValid())
        return {};
    const qint64 span = m_timeline->from().msecsTo(m_timeline->to());
    const int width = std::max(1, viewport()->width() - LabelWidth - RightMargin);
    const int clamped = std::clamp(x - LabelWidth, 0, width);
    return m_timeline->from().addMSecs(qint64(clamped) * span / width);
}

QDateTime TimelineView::snapped(const QDateTime &t) const
{
    if (!m_timeline)
        return t;
    // Snap on the viewer's wall clock, so that 30-minute steps land on :00 and :30 local time in every zone.
    const QDateTime local = t.toTimeZone(m_timeline->viewerZone());
    const qint64 offsetMs = qint64(local.offsetFromUtc()) * 1000;
    const qint64 wallMs = t.toMSecsSinceEpoch() + offsetMs;
    const qint64 rounded = (wallMs + SnapMs / 2) / SnapMs * SnapMs;
    return QDateTime::fromMSecsSinceEpoch(rounded - offsetMs, Qt::UTC);
}

QRect TimelineView::visualRect(const QModelIndex &index) const
{
    if (!index.isValid() || !m_timeline)
        return {};
    if (!index.parent().isValid())
        return bandRect(index.row());
    const QRect band = bandRect(index.parent().row());
    const int x1 = xOf(index.data(TimelineModel::StartRole).toDateTime());
    const int x2 = xOf(index.data(TimelineModel::EndRole).toDateTime());
    return QRect(x1, band.top() + 3, std::max(2, x2 - x1), band.height() - 6);
}

void TimelineView::scrollTo(const QModelIndex &, ScrollHint) {}

QModelIndex TimelineView::indexAt(const QPoint &point) const
{
    const int band = bandAt(point.y());
    if (band < 0 || !model())
        return {};
    const QModelIndex bandIndex = model()->index(band, 0);
    if (point.x() < LabelWidth)
        return bandIndex;
    for (int i = 0; i < model()->rowCount(bandIndex); ++i) {
        const QModelIndex seg = model()->index(i, 0, bandIndex);
        if (visualRect(seg).contains(point))
            return seg;
    }
    return bandIndex;
}

QModelIndex TimelineView::moveCursor(CursorAction action, Qt::KeyboardModifiers)
{
    if (!model() || model()->rowCount() == 0)
        return {};
    QModelIndex current = currentIndex();
    if (!current.isValid())
        return model()->index(0, 0);
    const QModelIndex band = current.parent().isValid() ? current.parent() : current;
    switch (action) {
    case MoveUp:
    case MoveDown: {
        const int next = std::clamp(band.row() + (action == MoveUp ? -1 : 1), 0, model()->rowCount() - 1);
        const QModelIndex target = model()->index(next, 0);
        // Keep the time position: the segment of the other band at the same instant.
        const QDateTime at = current.parent().isValid() ? current.data(TimelineModel::StartRole).toDateTime() : QDateTime();
        for (int i = 0; at.isValid() && i < model()->rowCount(target); ++i) {
            const QModelIndex seg = model()->index(i, 0, target);
            if (seg.data(TimelineModel::EndRole).toDateTime() > at)
                return seg;
        }
        return target;
    }
    case MoveLeft:
    case MoveRight:
    case MoveNext:
    case MovePrevious: {
        const bool forward = action == MoveRight || action == MoveNext;
        if (!current.parent().isValid())
            return model()->rowCount(band) > 0 ? model()->index(forward ? 0 : model()->rowCount(band) - 1, 0, band) : current;
        const int row = std::clamp(current.row() + (forward ? 1 : -1), 0, model()->rowCount(band) - 1);
        return model()->index(row, 0, band);
    }
    case MoveHome: return model()->rowCount(band) > 0 ? model()->index(0, 0, band) : current;
    case MoveEnd: return model()->rowCount(band) > 0 ? model()->index(model()->rowCount(band) - 1, 0, band) : current;
    default: return current;
    }
}

void TimelineView::setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command)
{
    const QModelIndex index = indexAt(rect.center());
    if (index.isValid())
        selectionModel()->select(index, command);
    else
        selectionModel()->clearSelection();
}

QRegion TimelineView::visualRegionForSelection(const QItemSelection &selection) const
{
    QRegion region;
    for (const QModelIndex &index : selection.indexes())
        region += visualRect(index);
    return region;
}

void TimelineView::paintAxis(QPainter &p) const
{
    const QTimeZone zone = m_timeline->viewerZone();
    const QDateTime from = m_timeline->from();
    const QDateTime to = m_timeline->to();
    const qint64 days = std::max<qint64>(1, from.daysTo(to));
    const int width = viewport()->width();
    const int bottom = viewport()->height();
    // Hour lines when a day is wide enough to read them, else day lines only.
    const int dayWidth = int((width - LabelWidth - RightMargin) / days);
    const int hourStep = dayWidth >= 600 ? 1 : dayWidth >= 240 ? 3 : dayWidth >= 110 ? 6 : 0;
    QDate day = from.toTimeZone(zone).date();
    const QFont base = font();
    QFont small = base;
    small.setPointSizeF(base.pointSizeF() * 0.85);
    const QColor grid = palette().color(QPalette::Mid);
    for (; QDateTime(day, QTime(0, 0), zone) < to; day = day.addDays(1)) {
        const QDateTime start(day, QTime(0, 0), zone);
        const QDateTime next(day.addDays(1), QTime(0, 0), zone);
        const int x = xOf(start);
        const int xEnd = xOf(next);
        if (day.dayOfWeek() >= 6) // weekends shaded
            p.fillRect(QRect(x, AxisHeight, xEnd - x, bottom - AxisHeight), palette().color(QPalette::AlternateBase));
        if (start >= from) {
            p.setPen(QPen(grid, 1));
            p.drawLine(x, 4, x, bottom);
        }
        p.setPen(palette().color(QPalette::Text));
        p.setFont(base);
        //: Day heading of the on-call timeline (Qt date format).
        const QString label = QLocale().toString(day, tr("ddd d MMM"));
        const int textX = std::max(x, LabelWidth) + 4;
        if (xEnd - textX > p.fontMetrics().horizontalAdvance(label) / 2)
            p.drawText(QRect(textX, 2, xEnd - textX - 2, AxisHeight / 2), Qt::AlignLeft | Qt::AlignVCenter,
                       p.fontMetrics().elidedText(label, Qt::ElideRight, xEnd - textX - 2));
        if (hourStep == 0)
            continue;
        p.setFont(small);
        for (int h = hourStep; h < 24; h += hourStep) {
            const QDateTime at(day, QTime(h, 0), zone);
            if (at <= from || at >= to)
                continue;
            const int hx = xOf(at);
            p.setPen(QPen(grid, 1, Qt::DotLine));
            p.drawLine(hx, AxisHeight - 10, hx, bottom);
            p.setPen(palette().color(QPalette::PlaceholderText));
            p.drawText(QRect(hx + 2, AxisHeight / 2, 60, AxisHeight / 2 - 2), Qt::AlignLeft | Qt::AlignVCenter,
                       QLocale().toString(QTime(h, 0), QStringLiteral("HH:mm")));
        }
    }
    p.setFont(base);
}

void TimelineView::paintBand(QPainter &p, int band) const
{
    const QModelIndex bandIndex = model()->index(band, 0);
    const QRect rect = bandRect(band);
    const bool isFinal = bandOf(bandIndex) == TimelineModel::Band::Final;
    // Title
    QFont title = font();
    title.setBold(isFinal);
    p.setFont(title);
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(8, rect.top(), LabelWidth - 14, rect.height()), Qt::AlignLeft | Qt::AlignVCenter,
               p.fontMetrics().elidedText(bandIndex.data().toString(), Qt::ElideRight, LabelWidth - 14));
    p.setPen(QPen(palette().color(QPalette::Midlight), 1));
    p.drawLine(LabelWidth, rect.bottom() + BandGap / 2, rect.right(), rect.bottom() + BandGap / 2);
    p.setFont(font());
    for (int i = 0; i < model()->rowCount(bandIndex); ++i) {
        const QModelIndex seg = model()->index(i, 0, bandIndex);
        const QRect r = visualRect(seg);
        const auto kind = seg.data(TimelineModel::SegmentRole).value<TimelineModel::Segment>();
        const bool hovered = seg == m_hover;
        const bool selected = selectionModel() && selectionModel()->isSelected(seg);
        if (kind == TimelineModel::Segment::Gap) {
            p.fillRect(r, QColor(0xff, 0xeb, 0xee));
            p.fillRect(r, QBrush(GapRed, Qt::BDiagPattern));
            p.setPen(QPen(GapRed, hovered || selected ? 2 : 1));
            p.drawRect(r.adjusted(0, 0, -1, -1));
            if (r.width() > 60) {
                p.setPen(GapRed);
                QFont bold = font();
                bold.setBold(true);
                p.setFont(bold);
                p.drawText(r.adjusted(4, 0, -4, 0), Qt::AlignCenter,
                           p.fontMetrics().elidedText(seg.data().toString(), Qt::ElideRight, r.width() - 8));
                p.setFont(font());
            }
            continue;
        }
        QColor fill = personColor(seg.data(TimelineModel::UserIdRole).toString());
        if (!isFinal && kind == TimelineModel::Segment::Shift)
            fill = fill.lighter(125);
        const bool pending = seg.data(TimelineModel::PendingRole).toBool();
        QPainterPath path;
        path.addRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.fillPath(path, pending ? fill.lighter(140) : fill);
        p.setPen(QPen(hovered || selected ? palette().color(QPalette::Highlight) : fill.darker(130),
                      hovered || selected ? 2 : 1, pending ? Qt::DashLine : Qt::SolidLine));
        p.drawPath(path);
        p.setRenderHint(QPainter::Antialiasing, false);
        if (r.width() > 24) {
            p.setPen(Qt::white);
            p.drawText(r.adjusted(5, 0, -4, 0), Qt::AlignLeft | Qt::AlignVCenter,
                       p.fontMetrics().elidedText(seg.data().toString(), Qt::ElideRight, r.width() - 9));
        }
    }
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter p(viewport());
    p.fillRect(viewport()->rect(), palette().color(QPalette::Base));
    if (!m_timeline || m_timeline->rowCount() == 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(viewport()->rect(), Qt::AlignCenter, tr("Choose a schedule to see its rotation"));
        return;
    }
    paintAxis(p);
    for (int b = 0; b < model()->rowCount(); ++b)
        paintBand(p, b);
    // The stretch being dragged on the final band.
    if (m_dragging && m_dragStart.isValid() && m_dragEnd.isValid()) {
        const QRect band = bandRect(m_timeline->finalRow());
        const int x1 = xOf(std::min(m_dragStart, m_dragEnd));
        const int x2 = xOf(std::max(m_dragStart, m_dragEnd));
        QColor c = palette().color(QPalette::Highlight);
        c.setAlpha(90);
        p.fillRect(QRect(x1, band.top(), x2 - x1, band.height()), c);
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        p.drawRect(QRect(x1, band.top(), x2 - x1, band.height()));
        p.setPen(palette().color(QPalette::Text));
        const QString label = tr("%1 – %2").arg(Labels::shiftTime(std::min(m_dragStart, m_dragEnd), m_timeline->viewerZone()),
                                               Labels::shiftTime(std::max(m_dragStart, m_dragEnd), m_timeline->viewerZone()));
        p.drawText(QRect(x1, band.bottom() + 2, std::max(240, x2 - x1), 18), Qt::AlignLeft | Qt::AlignTop, label);
    }
    // Now-line
    const QDateTime now = m_clock.now();
    if (now >= m_timeline->from() && now < m_timeline->to()) {
        const int x = xOf(now);
        p.setPen(QPen(NowRed, 2));
        p.drawLine(x, AxisHeight - 6, x, viewport()->height());
        p.setBrush(NowRed);
        p.drawEllipse(QPoint(x, AxisHeight - 6), 4, 4);
    }
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    const int band = bandAt(event->position().toPoint().y());
    if (event->button() == Qt::LeftButton && m_timeline && band >= 0 && band == m_timeline->finalRow()
        && event->position().x() >= LabelWidth) {
        m_dragging = true;
        m_dragStart = snapped(timeAt(event->position().toPoint().x()));
        m_dragEnd = m_dragStart;
        viewport()->update();
    }
    QAbstractItemView::mousePressEvent(event);
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragging) {
        m_dragEnd = snapped(timeAt(event->position().toPoint().x()));
        viewport()->update();
        return;
    }
    const QModelIndex hover = indexAt(event->position().toPoint());
    if (hover != m_hover) {
        m_hover = hover;
        viewport()->update();
    }
    QAbstractItemView::mouseMoveEvent(event);
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging && event->button() == Qt::LeftButton) {
        m_dragging = false;
        m_dragEnd = snapped(timeAt(event->position().toPoint().x()));
        const QDateTime start = std::min(m_dragStart, m_dragEnd);
        const QDateTime end = std::max(m_dragStart, m_dragEnd);
        viewport()->update();
        if (start.msecsTo(end) >= SnapMs)
            Q_EMIT overrideDragged(start, end);
    }
    QAbstractItemView::mouseReleaseEvent(event);
}

void TimelineView::contextMenuEvent(QContextMenuEvent *event)
{
    const QModelIndex index = indexAt(event->pos());
    if (!index.isValid() || index.data(TimelineModel::SegmentRole).value<TimelineModel::Segment>()
                                != TimelineModel::Segment::Override
        || !index.parent().isValid())
        return;
    QMenu menu(this);
    const QString id = index.data(TimelineModel::OverrideIdRole).toString();
    menu.addAction(tr("Remove override of %1").arg(index.data().toString()), this,
                   [this, id] { Q_EMIT overrideRemovalRequested(id); });
    menu.exec(event->globalPos());
}

void TimelineView::leaveEvent(QEvent *event)
{
    m_hover = QModelIndex();
    viewport()->update();
    QAbstractItemView::leaveEvent(event);
}

} // namespace Vigil
