#pragma once

#include "sync/localcache.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QTimer>

namespace Vigil {

class Clock;

/// All cached alerts, one row each, in arrival order (sorting and filtering belong to AlertFilterProxy). A read view
/// of the LocalCache: single-row inserts, removals and dataChanged follow the cache's alert signals. The age and
/// escalation columns move with time: tick() emits dataChanged for those two columns only.
class AlertTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertTableModel)

public:
    enum Column { PriorityColumn, MessageColumn, ServiceColumn, StatusColumn, CountColumn, AgeColumn, OwnerColumn,
                  EscalationColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        IdRole = Qt::UserRole + 1,
        SortRole,       // raw value of the column (numbers, msecs), never display text
        PriorityRole,   // 1..5
        StatusRole,     // AlertStatus as int
        CountRole,      // int
        AgeSecondsRole, // qint64 seconds since the alert opened
        PendingRole,    // bool: an action waits in the outbox
        ServiceIdRole,
        TeamIdRole,
        OwnerIdRole,
        SnoozedRole,    // bool: snoozed until a time still ahead
    };
    Q_ENUM(Role)

    AlertTableModel(LocalCache &cache, const Clock &clock, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] const Alert &alertAt(int row) const { return *m_rows.at(row).alert; }
    /// Lower-case message, alias, source and tags: what the instant search looks in.
    [[nodiscard]] const QString &haystack(int row) const { return m_rows.at(row).haystack; }
    [[nodiscard]] int rowOf(const QString &id) const { return m_rowOf.value(id, -1); }
    /// Whether the signed-in user owns the alert or was paged for it.
    [[nodiscard]] bool isMine(int row) const;
    [[nodiscard]] LocalCache &cache() const { return m_cache; }
    [[nodiscard]] const Clock &clock() const { return m_clock; }
    /// "Rule 2 of 3 · next in 4m" (translated), "Next in 1m", "No policy"; empty for closed alerts.
    [[nodiscard]] QString escalationText(int row) const;
    /// The colour of a priority: P1 red, P2 orange, P3 amber, P4 blue, P5 grey.
    [[nodiscard]] static QColor priorityColour(Priority p);

    /// Emits dataChanged for the age and escalation columns of every row (the clock moved), then ticked().
    void tick();
    /// 0 stops the timer (tests drive tick() themselves).
    void setTickInterval(int ms);

Q_SIGNALS:
    void ticked();

private:
    struct Row
    {
        AlertPtr alert;
        QString haystack;
    };

    void reload();
    void onUpserted(const QString &id);
    void onRemoved(const QString &id);
    void refreshAll();
    [[nodiscard]] static QString makeHaystack(const Alert &a);
    [[nodiscard]] QVariant sortValue(int row, int column) const;

    LocalCache &m_cache;
    const Clock &m_clock;
    QList<Row> m_rows;
    QHash<QString, int> m_rowOf;
    QTimer m_tick;
};

} // namespace Vigil
