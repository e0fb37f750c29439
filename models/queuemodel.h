#pragma once

#include "tickettablemodel.h"

#include <QAbstractListModel>
#include <QTimer>

#include <array>

namespace Vigil {

/// The sidebar: one row per queue with a live count of its tickets. Counts follow the ticket model (coalesced to
/// one recount per event-loop turn) and the SLA clock's tick.
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
    /// Recount now (normally scheduled by the ticket model's signals).
    void recount();

private:
    void scheduleRecount();

    TicketTableModel &m_tickets;
    std::array<int, TicketTableModel::QueueCount> m_counts{};
    QTimer m_recount;
};

} // namespace Vigil
