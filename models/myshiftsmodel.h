#pragma once

#include "oncall/oncallresolver.h"

#include <QAbstractTableModel>
#include <QTimeZone>

namespace Vigil {

class Clock;
class LocalCache;

/// "My shifts": the signed-in user's final on-call shifts across every schedule, from now to `days` ahead, oldest
/// first (a shift in progress comes first and is marked). toICalendar() writes them as an .ics file.
class MyShiftsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MyShiftsModel)

public:
    enum Column { ScheduleColumn, StartColumn, EndColumn, LengthColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role { ScheduleIdRole = Qt::UserRole + 1, StartRole, EndRole, InProgressRole };
    Q_ENUM(Role)

    MyShiftsModel(LocalCache &cache, const Clock &clock, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setDays(int days);
    [[nodiscard]] int days() const { return m_days; }
    void setViewerZone(const QTimeZone &zone);
    void rebuild();

    /// The listed shifts as an iCalendar file (RFC 5545, written with libical, each schedule's VTIMEZONE).
    [[nodiscard]] QByteArray toICalendar() const;

private:
    struct Row
    {
        Schedule schedule;
        Shift shift;
    };

    LocalCache &m_cache;
    const Clock &m_clock;
    QTimeZone m_viewerZone;
    int m_days = 30;
    QDateTime m_builtAt;
    QList<Row> m_rows;
};

} // namespace Vigil
