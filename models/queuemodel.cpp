#include "queuemodel.h"

namespace Vigil {

QueueModel::QueueModel(TicketTableModel &tickets, QObject *parent) : QAbstractListModel(parent), m_tickets(tickets)
{
    m_recount.setSingleShot(true);
    m_recount.setInterval(0);
    connect(&m_recount, &QTimer::timeout, this, &QueueModel::recount);
    connect(&m_tickets, &QAbstractItemModel::rowsInserted, this, &QueueModel::scheduleRecount);
    connect(&m_tickets, &QAbstractItemModel::rowsRemoved, this, &QueueModel::scheduleRecount);
    connect(&m_tickets, &QAbstractItemModel::modelReset, this, &QueueModel::scheduleRecount);
    connect(&m_tickets, &QAbstractItemModel::dataChanged, this, &QueueModel::scheduleRecount);
    recount();
}

void QueueModel::scheduleRecount()
{
    if (!m_recount.isActive())
        m_recount.start();
}

void QueueModel::recount()
{
    m_recount.stop();
    std::array<int, TicketTableModel::QueueCount> counts{};
    const int rows = m_tickets.rowCount();
    for (int r = 0; r < rows; ++r) {
        for (int q = 0; q < TicketTableModel::QueueCount; ++q) {
            if (m_tickets.inQueue(r, static_cast<TicketTableModel::Queue>(q)))
                ++counts[q];
        }
    }
    for (int q = 0; q < TicketTableModel::QueueCount; ++q) {
        if (counts[q] != m_counts[q]) {
            m_counts[q] = counts[q];
            Q_EMIT dataChanged(index(q), index(q), {Qt::DisplayRole, CountRole, SortRole});
        }
    }
}

QString QueueModel::name(TicketTableModel::Queue queue)
{
    switch (queue) {
    case TicketTableModel::Queue::AllOpen: return tr("All open");
    case TicketTableModel::Queue::Unassigned: return tr("Unassigned");
    case TicketTableModel::Queue::AssignedToMe: return tr("Assigned to me");
    case TicketTableModel::Queue::BreachingSoon: return tr("SLA breaching within 1 h");
    case TicketTableModel::Queue::Breached: return tr("SLA breached");
    case TicketTableModel::Queue::WaitingForCustomer: return tr("Waiting for customer");
    case TicketTableModel::Queue::ResolvedRecently: return tr("Resolved in the last 7 days");
    }
    return {};
}

int QueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : TicketTableModel::QueueCount;
}

QVariant QueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto queue = static_cast<TicketTableModel::Queue>(index.row());
    switch (role) {
    //: Queue name and its number of tickets, e.g. "Unassigned (12)".
    case Qt::DisplayRole: return tr("%1 (%2)").arg(name(queue)).arg(m_counts.at(index.row()));
    case NameRole: return name(queue);
    case IdRole:
    case QueueRole: return index.row();
    case SortRole:
    case CountRole: return m_counts.at(index.row());
    case Qt::ToolTipRole: return tr("%n ticket(s)", nullptr, m_counts.at(index.row()));
    default: return {};
    }
}

QHash<int, QByteArray> QueueModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(CountRole, "count");
    names.insert(QueueRole, "queue");
    names.insert(NameRole, "name");
    return names;
}

} // namespace Vigil
