#pragma once

#include <QDateTime>
#include <QTimeZone>
#include <QWidget>

class QButtonGroup;
class QComboBox;
class QLabel;
class QTableView;

namespace Vigil {

class Clock;
class LocalCache;
class MyShiftsModel;
class OnCallBoardModel;
class TimelineModel;
class TimelineView;

/// The On-call pane: the "On call now" board of every schedule, the rotation timeline of the chosen schedule
/// (zoom day / week / two weeks / month, previous / today / next), overrides by dragging on the final row or from a
/// dialog, the schedule editor, and "My shifts" with export to .ics. Times are shown in the viewer's zone (or, by
/// choice, the schedule's); tooltips always give both.
class OnCallPane final : public QWidget
{
    Q_OBJECT

public:
    enum class Zoom { Day = 1, Week = 7, TwoWeeks = 14, Month = 30 };
    Q_ENUM(Zoom)

    OnCallPane(LocalCache &cache, const Clock &clock, QWidget *parent = nullptr);

    [[nodiscard]] TimelineView *timelineView() const { return m_timelineView; }
    [[nodiscard]] TimelineModel *timelineModel() const { return m_timeline; }
    [[nodiscard]] QTableView *board() const { return m_board; }
    [[nodiscard]] MyShiftsModel *myShifts() const { return m_myShifts; }
    [[nodiscard]] QString scheduleId() const;
    void setScheduleId(const QString &id);
    void setZoom(Zoom zoom);
    /// Shows the window starting at the viewer's local midnight of `day`.
    void showDay(const QDate &day);
    /// The zone times are shown in: the system's by default.
    void setViewerZone(const QTimeZone &zone);

public Q_SLOTS:
    void addOverride();
    void editSchedule();
    void exportMyShifts();

Q_SIGNALS:
    void message(const QString &text);

private:
    void createOverride(const QDateTime &start, const QDateTime &end);
    void removeOverride(const QString &overrideId);
    void reloadSchedules();
    void updateWindow();
    [[nodiscard]] QTimeZone shownZone() const;

    LocalCache &m_cache;
    const Clock &m_clock;
    OnCallBoardModel *m_boardModel;
    TimelineModel *m_timeline;
    MyShiftsModel *m_myShifts;
    QTableView *m_board;
    TimelineView *m_timelineView;
    QTableView *m_shiftsView;
    QComboBox *m_schedule;
    QComboBox *m_zoneChoice;
    QLabel *m_range;
    QButtonGroup *m_zoomGroup;
    QTimeZone m_viewerZone;
    Zoom m_zoom = Zoom::Week;
    QDate m_firstDay;
};

} // namespace Vigil
