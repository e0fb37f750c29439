#pragma once

#include "common/clock.h"
#include "sync/localcache.h"
#include "sla/slapolicy.h"

#include <QAbstractTableModel>
#include <QTimer>

namespace Vigil {

/// All cached tickets, one row each, in arrival order (sorting and filtering belong to TicketFilterProxy).
/// A read view of the LocalCache: it follows the cache's signals with single-row inserts, removals and
/// dataChanged. The SLA column ticks live: tick() emits dataChanged for that column only.
class TicketTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TicketTableModel)

public:
    enum Column { KeyColumn, PriorityColumn, SummaryColumn, RequesterColumn, AssigneeColumn, StatusColumn,
                  SlaColumn, UpdatedColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        IdRole = Qt::UserRole + 1,
        SortRole,         // raw value of the column (numbers, msecs), never display text
        SlaRemainingRole, // qint64 seconds left on the running SLA clock (negative once breached)
        SlaStateRole,     // SlaState
        PendingRole,      // bool: an edit waits in the outbox
        StatusRole,       // TicketStatus as int
        PriorityRole,     // 1..5
    };
    Q_ENUM(Role)
    enum class SlaState { None, Running, Paused, Met, Breached };
    Q_ENUM(SlaState)
    enum class Queue { AllOpen, Unassigned, AssignedToMe, BreachingSoon, Breached, WaitingForCustomer,
                       ResolvedRecently };
    Q_ENUM(Queue)
    static constexpr int QueueCount = 7;
    static constexpr qint64 SoonSeconds = 3600;

    struct Row
    {
        TicketPtr ticket;
        QString haystack; // lower-case key, summary, requester and assignee: one contains() per row
        SlaClock sla;     // the clock that matters now: first response until met, then resolution
        bool hasSla = false;
        int keyNumber = 0; // SD-<n> parsed once: sort ties fall back to it
        qint64 updatedMs = 0; // updated_at as msecs since the epoch (sort key)
        int priority = 0;     // raw sort keys kept next to each other: sorting reads no Ticket
        int status = 0;
        qint64 slaKey = 0;    // SLA sort key at the last fill() or tick(): remaining seconds, max when none or met
    };

    TicketTableModel(LocalCache &cache, const Clock &clock, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] const Row &rowAt(int row) const { return m_rows.at(row); }
    [[nodiscard]] int rowOf(const QString &id) const { return m_rowOf.value(id, -1); }
    [[nodiscard]] qint64 slaRemaining(int row) const;
    [[nodiscard]] SlaState slaState(int row) const;
    [[nodiscard]] bool inQueue(int row, Queue queue) const;
    /// The queues the row is in now, one bit per Queue (bit 0 = AllOpen).
    [[nodiscard]] quint8 queueMask(int row) const;
    /// The earliest instant (msecs since the epoch, UTC) after now at which the passage of time alone may move the
    /// row into or out of a queue (SLA breaching within 1 h, SLA breached, resolved in the last 7 days); max() when
    /// no such instant comes. Never later than the real change; it may be earlier, callers then ask again.
    [[nodiscard]] qint64 nextQueueChangeMs(int row) const;
    [[nodiscard]] const Clock &clock() const { return m_clock; }
    /// Strict weak order of two rows on a column, on raw values (for the proxy's sort).
    [[nodiscard]] bool lessThan(int left, int right, int column) const;

    /// Emits dataChanged for the SLA column of every row (the clock moved), then ticked(). Called by a 1 s timer.
    void tick();
    /// 0 stops the timer (tests drive tick() themselves).
    void setTickInterval(int ms);

Q_SIGNALS:
    void ticked();

private:
    void reload();
    void onUpserted(const QString &id);
    void onRemoved(const QString &id);
    void refreshAll();
    void fill(Row &row) const;
    [[nodiscard]] qint64 slaSortKey(int row) const;
    [[nodiscard]] QVariant sortValue(int row, int column) const;

    LocalCache &m_cache;
    const Clock &m_clock;
    QList<Row> m_rows;
    QHash<QString, int> m_rowOf;
    QTimer m_tick;
};

} // namespace Vigil
