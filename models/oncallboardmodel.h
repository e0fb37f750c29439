#pragma once

#include "oncall/oncallresolver.h"

#include <QAbstractTableModel>
#include <QTimer>

namespace Vigil {

class Clock;
class LocalCache;

/// "On call now": one row per schedule (by name) with who is on call, until when, who is next and how to reach
/// them, computed from the cached schedules at the clock's now. Answers are recomputed when schedules or users
/// change and every `tickMs` (handoffs happen without any change to the data); only rows whose text moved emit
/// dataChanged.
class OnCallBoardModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OnCallBoardModel)

public:
    enum Column { ScheduleColumn, TeamColumn, OnCallColumn, UntilColumn, NextColumn, ContactColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role { ScheduleIdRole = Qt::UserRole + 1, UserIdRole, UntilRole, NextUserIdRole, EmailRole, GapRole };
    Q_ENUM(Role)

    OnCallBoardModel(LocalCache &cache, const Clock &clock, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The zone times are shown in (default: the system's); the schedule's own zone is in the tooltips.
    void setViewerZone(const QTimeZone &zone);
    /// 0 stops the timer (tests call refresh() themselves).
    void setTickInterval(int ms);
    /// Recomputes every answer at the clock's now.
    void refresh();
    [[nodiscard]] int rowOf(const QString &scheduleId) const;

private:
    struct Row
    {
        QString scheduleId;
        QString name;
        QString teamId;
        QTimeZone zone;
        OnCallAnswer answer;
    };

    [[nodiscard]] QVector<Row> compute() const;
    [[nodiscard]] QString displayText(const Row &row, int column) const;

    LocalCache &m_cache;
    const Clock &m_clock;
    QTimeZone m_viewerZone;
    QVector<Row> m_rows;
    QTimer m_tick;
};

} // namespace Vigil
