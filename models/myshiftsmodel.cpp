#include "myshiftsmodel.h"

#include "common/clock.h"
#include "labels.h"
#include "oncall/shiftcalendar.h"
#include "sync/localcache.h"

#include <QFont>

#include <algorithm>

namespace Vigil {

MyShiftsModel::MyShiftsModel(LocalCache &cache, const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent), m_cache(cache), m_clock(clock), m_viewerZone(QTimeZone::systemTimeZone())
{
    connect(&m_cache, &LocalCache::schedulesChanged, this, &MyShiftsModel::rebuild);
    connect(&m_cache, &LocalCache::currentUserIdChanged, this, &MyShiftsModel::rebuild);
    rebuild();
}

void MyShiftsModel::setDays(int days)
{
    if (days < 1 || days == m_days)
        return;
    m_days = days;
    rebuild();
}

void MyShiftsModel::setViewerZone(const QTimeZone &zone)
{
    if (!zone.isValid() || zone == m_viewerZone)
        return;
    m_viewerZone = zone;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void MyShiftsModel::rebuild()
{
    // A full reset: a schedule edit can move every shift, and the list is short (30 days of one person's shifts).
    beginResetModel();
    m_rows.clear();
    m_builtAt = m_clock.now();
    const QString me = m_cache.currentUserId();
    if (!me.isEmpty()) {
        const QDateTime to = m_builtAt.addDays(m_days);
        for (const Schedule &s : m_cache.schedules()) {
            // Final shifts, after layers and overrides: the list says when I am really on call, not when a layer names
            // me.
            for (const Shift &shift : OnCallResolver(s).finalShifts(m_builtAt, to)) {
                if (shift.userId == me)
                    m_rows.append(Row{s, shift});
            }
        }
        std::sort(m_rows.begin(), m_rows.end(), [](const Row &a, const Row &b) {
            // Ties (two schedules handing me a shift at the same time) are ordered by name, so the list does not
            // shuffle on rebuild.
            return a.shift.start != b.shift.start ? a.shift.start < b.shift.start : a.schedule.name < b.schedule.name;
        });
    }
    endResetModel();
}

int MyShiftsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int MyShiftsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant MyShiftsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    // The list starts at the moment it was built: a first shift starting there was already running.
    const bool inProgress = row.shift.start <= m_builtAt;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ScheduleColumn: return inProgress ? tr("%1 (now)").arg(row.schedule.name) : row.schedule.name;
        case StartColumn: return inProgress ? tr("on call now") : Labels::shiftTime(row.shift.start, m_viewerZone);
        case EndColumn: return Labels::shiftTime(row.shift.end, m_viewerZone);
        case LengthColumn: return Labels::duration(row.shift.start.secsTo(row.shift.end));
        default: return {};
        }
    case Qt::ToolTipRole:
        return tr("%1 – %2\nIn the schedule's zone: %3 – %4")
            .arg(Labels::shiftTimeWithZone(row.shift.start, m_viewerZone),
                 Labels::shiftTimeWithZone(row.shift.end, m_viewerZone),
                 Labels::shiftTimeWithZone(row.shift.start, row.schedule.timeZone),
                 Labels::shiftTimeWithZone(row.shift.end, row.schedule.timeZone));
    case Qt::FontRole:
        if (inProgress) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == LengthColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case ScheduleIdRole: return row.schedule.id;
    case StartRole: return row.shift.start;
    case EndRole: return row.shift.end;
    case InProgressRole: return inProgress;
    default: return {};
    }
}

QVariant MyShiftsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ScheduleColumn: return tr("Schedule");
    case StartColumn: return tr("Starts");
    case EndColumn: return tr("Ends");
    case LengthColumn: return tr("Length");
    default: return {};
    }
}

QByteArray MyShiftsModel::toICalendar() const
{
    // Exactly the rows on screen, so the export and the list can never disagree.
    ShiftCalendar calendar(m_builtAt);
    calendar.setName(tr("My on-call shifts"));
    for (const Row &row : m_rows)
        calendar.addShift(row.schedule, row.shift, tr("On call: %1").arg(row.schedule.name));
    return calendar.text();
}

} // namespace Vigil
