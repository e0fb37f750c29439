#pragma once

#include <QAbstractItemView>
#include <QDateTime>
#include <QHash>
#include <QPointer>

namespace Vigil {

class Clock;
class TimelineModel;

/// Draws a TimelineModel: one band per top-level row (title on the left), its segments laid out on a time axis
/// that fits the model's window to the width, day and hour grid lines in the viewer's zone, gaps hatched in red
/// and a red now-line. Hovering a segment shows its tooltip (person, exact local times, the schedule's zone).
///
/// Dragging across the final band selects a stretch of time (snapped to 30 minutes of the viewer's wall clock) and
/// emits overrideDragged(); right-clicking an override offers its removal (overrideRemovalRequested()).
/// Keyboard: Left/Right move between segments of a band, Up/Down between bands.
class TimelineView final : public QAbstractItemView
{
    Q_OBJECT

public:
    explicit TimelineView(const Clock &clock, QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;
    [[nodiscard]] QRect visualRect(const QModelIndex &index) const override;
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override;
    [[nodiscard]] QModelIndex indexAt(const QPoint &point) const override;

    /// The x position of an instant, and the instant at an x position (viewport coordinates).
    [[nodiscard]] int xOf(const QDateTime &t) const;
    [[nodiscard]] QDateTime timeAt(int x) const;
    /// The vertical middle of a band (viewport coordinates), for tests and tooling.
    [[nodiscard]] int bandCenterY(int band) const;
    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

Q_SIGNALS:
    /// The user dragged across the final band over [start, end) (UTC, snapped).
    void overrideDragged(const QDateTime &start, const QDateTime &end);
    void overrideRemovalRequested(const QString &overrideId);

protected:
    [[nodiscard]] QModelIndex moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers) override;
    [[nodiscard]] int horizontalOffset() const override { return 0; }
    [[nodiscard]] int verticalOffset() const override { return 0; }
    [[nodiscard]] bool isIndexHidden(const QModelIndex &) const override { return false; }
    void setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command) override;
    [[nodiscard]] QRegion visualRegionForSelection(const QItemSelection &selection) const override;

    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    [[nodiscard]] QRect bandRect(int band) const;
    [[nodiscard]] int bandAt(int y) const;
    [[nodiscard]] QDateTime snapped(const QDateTime &t) const;
    void paintAxis(QPainter &p) const;
    void paintBand(QPainter &p, int band) const;
    void assignColors();
    [[nodiscard]] QColor personColor(const QString &userId) const;

    const Clock &m_clock;
    QPointer<TimelineModel> m_timeline;
    QDateTime m_dragStart;
    QDateTime m_dragEnd;
    bool m_dragging = false;
    QPersistentModelIndex m_hover;
    QHash<QString, int> m_colors; // person → palette slot
};

} // namespace Vigil
