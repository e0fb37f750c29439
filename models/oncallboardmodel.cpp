#include "oncallboardmodel.h"

#include "common/clock.h"
#include "labels.h"
#include "sync/localcache.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <algorithm>

namespace Vigil {

OnCallBoardModel::OnCallBoardModel(LocalCache &cache, const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent), m_cache(cache), m_clock(clock), m_viewerZone(QTimeZone::systemTimeZone())
{
    m_rows = compute();
    connect(&m_cache, &LocalCache::schedulesChanged, this, &OnCallBoardModel::refresh);
    connect(&m_cache, &LocalCache::usersChanged, this, &OnCallBoardModel::refresh);
    connect(&m_cache, &LocalCache::teamsChanged, this, &OnCallBoardModel::refresh);
    // Handoffs happen with no change in the cache; a tick moves the board on by itself, and "in 2h" counts down.
    connect(&m_tick, &QTimer::timeout, this, &OnCallBoardModel::refresh);
    m_tick.start(15'000);
}

void OnCallBoardModel::setTickInterval(int ms)
{
    if (ms <= 0)
        m_tick.stop();
    else
        m_tick.start(ms);
}

void OnCallBoardModel::setViewerZone(const QTimeZone &zone)
{
    if (!zone.isValid() || zone == m_viewerZone)
        return;
    m_viewerZone = zone;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QVector<OnCallBoardModel::Row> OnCallBoardModel::compute() const
{
    const QDateTime now = m_clock.now();
    QVector<Row> rows;
    rows.reserve(m_cache.schedules().size());
    for (const Schedule &s : m_cache.schedules()) {
        // Look two months ahead: "until" further away than that is shown as "no change soon".
        rows.append(Row{s.id, s.name, s.teamId, s.timeZone, OnCallResolver(s).onCallAt(now, 62)});
    }
    std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        const int c = a.name.compare(b.name, Qt::CaseInsensitive);
        // Ties broken by id, so two schedules of the same name keep their order and refresh() can compare rows by
        // position.
        return c != 0 ? c < 0 : a.scheduleId < b.scheduleId;
    });
    return rows;
}

void OnCallBoardModel::refresh()
{
    QVector<Row> rows = compute();
    const bool sameSchedules = rows.size() == m_rows.size()
        && std::equal(rows.cbegin(), rows.cend(), m_rows.cbegin(),
                      [](const Row &a, const Row &b) { return a.scheduleId == b.scheduleId; });
    // Schedules added or removed: a reset is rare and simple. Otherwise rows keep their place and only the ones whose
    // text changed are announced, so a tick does not repaint the board.
    if (!sameSchedules) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
        return;
    }
    for (int i = 0; i < rows.size(); ++i) {
        bool changed = false;
        for (int c = 0; c < ColumnCount && !changed; ++c)
            changed = displayText(rows.at(i), c) != displayText(m_rows.at(i), c);
        // The answer too: roles (UserIdRole, UntilRole) can change while the shown text does not, e.g. a handoff to a
        // person of the same name.
        changed = changed || rows.at(i).answer != m_rows.at(i).answer;
        m_rows[i] = rows.at(i);
        if (changed)
            Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
    }
}

int OnCallBoardModel::rowOf(const QString &scheduleId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).scheduleId == scheduleId)
            return i;
    }
    return -1;
}

int OnCallBoardModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int OnCallBoardModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString OnCallBoardModel::displayText(const Row &row, int column) const
{
    const QString nobody = tr("Nobody — gap");
    switch (column) {
    case ScheduleColumn: return row.name;
    case TeamColumn: return m_cache.teamName(row.teamId);
    case OnCallColumn: return row.answer.userId.isEmpty() ? nobody : m_cache.userName(row.answer.userId);
    case UntilColumn: {
        if (!row.answer.until.isValid())
            return tr("no change in the next 2 months");
        const qint64 secs = m_clock.now().secsTo(row.answer.until);
        return tr("%1 (in %2)").arg(Labels::shiftTime(row.answer.until, m_viewerZone), Labels::duration(secs));
    }
    case NextColumn:
        if (!row.answer.until.isValid())
            return {};
        return row.answer.nextUserId.isEmpty() ? nobody : m_cache.userName(row.answer.nextUserId);
    case ContactColumn: return m_cache.users().value(row.answer.userId).email;
    default: return {};
    }
}

QVariant OnCallBoardModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return displayText(row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == UntilColumn && row.answer.until.isValid())
            return tr("Handoff at %1\nIn the schedule's zone: %2")
                .arg(Labels::shiftTimeWithZone(row.answer.until, m_viewerZone),
                     Labels::shiftTimeWithZone(row.answer.until, row.zone));
        if (index.column() == ScheduleColumn)
            return tr("Time zone: %1").arg(Labels::zone(row.zone, m_clock.now()));
        if (index.column() == ContactColumn && !row.answer.userId.isEmpty())
            return tr("Double-click to write an e-mail");
        return {};
    // Red for nobody on call, now or next: a gap is the one thing the board must not let anyone miss.
    case Qt::ForegroundRole:
        if ((index.column() == OnCallColumn && row.answer.userId.isEmpty())
            || (index.column() == NextColumn && row.answer.until.isValid() && row.answer.nextUserId.isEmpty()))
            return QBrush(QColor(0xc6, 0x28, 0x28));
        return {};
    case Qt::FontRole:
        if (index.column() == OnCallColumn) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case ScheduleIdRole: return row.scheduleId;
    case UserIdRole: return row.answer.userId;
    case UntilRole: return row.answer.until;
    case NextUserIdRole: return row.answer.nextUserId;
    case EmailRole: return m_cache.users().value(row.answer.userId).email;
    case GapRole: return row.answer.userId.isEmpty();
    default: return {};
    }
}

QVariant OnCallBoardModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ScheduleColumn: return tr("Schedule");
    case TeamColumn: return tr("Team");
    case OnCallColumn: return tr("On call now");
    case UntilColumn: return tr("Until");
    case NextColumn: return tr("Next");
    case ContactColumn: return tr("Contact");
    default: return {};
    }
}

} // namespace Vigil
