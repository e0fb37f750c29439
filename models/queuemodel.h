#pragma once

#include "tickettablemodel.h"

#include <QAbstractListModel>

#include <array>
#include <vector>

namespace Vigil {

/// The sidebar: one row per queue with a live count of its tickets.
///
/// Counts are kept incrementally: each ticket row's queue membership is remembered, and the ticket model's row
/// inserts, removals and changes only adjust the queues of the rows involved. Time alone moves rows into "SLA
/// breaching within 1 h", "SLA breached" and out of "Resolved in the last 7 days": each row's next such instant
/// sits in a min-heap, so the once-a-second tick only looks at the rows whose state changes.
class QueueModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueModel)

public:
    enum Role { IdRole = Qt::UserRole + 1, SortRole, CountRole, QueueRole, NameRole };
    Q_ENUM(Role)

    explicit QueueModel(TicketTableModel &tickets, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] int count(TicketTableModel::Queue queue) const { return m_counts.at(static_cast<int>(queue)); }
    [[nodiscard]] static QString name(TicketTableModel::Queue queue);
    /// Recounts every queue over all rows (O(rows); the model's reset does this, changes and ticks need not).
    void recount();

private:
    struct Deadline
    {
        qint64 atMs;
        QString ticketId;
    };

    void onRowsInserted(int first, int last);
    void onRowsRemoved(int first, int last);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void onTicked();
    /// Re-evaluates one row: moves its membership between the counts and schedules its next time-driven change.
    void updateRow(int row);
    void schedule(int row);
    void compactDeadlines();
    /// Emits dataChanged for every queue whose count moved since the last call.
    void publish();

    TicketTableModel &m_tickets;
    std::array<int, TicketTableModel::QueueCount> m_counts{}; // as last announced
    std::array<int, TicketTableModel::QueueCount> m_live{};   // as of now
    std::vector<quint8> m_masks;   // per ticket row: queue bits (TicketTableModel::queueMask)
    std::vector<qint64> m_nextMs;  // per ticket row: its pending deadline; a heap entry is live only if it matches
    std::vector<Deadline> m_deadlines; // min-heap on atMs (stale entries are skipped when popped)
};

} // namespace Vigil
