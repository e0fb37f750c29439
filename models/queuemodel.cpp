#include "queuemodel.h"

#include <algorithm>
#include <limits>

namespace Vigil {

namespace {
constexpr qint64 Never = std::numeric_limits<qint64>::max();

// std::*_heap build max-heaps: ordering on "later" keeps the earliest deadline in front.
constexpr auto Later = [](const auto &a, const auto &b) { return a.atMs > b.atMs; };
} // namespace

QueueModel::QueueModel(TicketTableModel &tickets, QObject *parent) : QAbstractListModel(parent), m_tickets(tickets)
{
    connect(&m_tickets, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onRowsInserted(first, last); });
    connect(&m_tickets, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex &, int first, int last) { onRowsRemoved(first, last); });
    connect(&m_tickets, &QAbstractItemModel::modelReset, this, &QueueModel::recount);
    connect(&m_tickets, &QAbstractItemModel::dataChanged, this, &QueueModel::onDataChanged);
    connect(&m_tickets, &TicketTableModel::ticked, this, &QueueModel::onTicked);
    recount();
}

void QueueModel::recount()
{
    const int rows = m_tickets.rowCount();
    m_live = {};
    m_masks.assign(std::size_t(rows), 0);
    m_nextMs.assign(std::size_t(rows), Never);
    m_deadlines.clear();
    for (int r = 0; r < rows; ++r) {
        const quint8 mask = m_tickets.queueMask(r);
        m_masks[std::size_t(r)] = mask;
        for (int q = 0; q < TicketTableModel::QueueCount; ++q)
            m_live[q] += (mask >> q) & 1;
        const qint64 next = m_tickets.nextQueueChangeMs(r);
        m_nextMs[std::size_t(r)] = next;
        if (next != Never)
            m_deadlines.push_back({next, m_tickets.rowAt(r).ticket->id});
    }
    std::make_heap(m_deadlines.begin(), m_deadlines.end(), Later);
    publish();
}

void QueueModel::updateRow(int row)
{
    const auto r = std::size_t(row);
    const quint8 before = m_masks[r];
    const quint8 after = m_tickets.queueMask(row);
    if (before != after) {
        for (int q = 0; q < TicketTableModel::QueueCount; ++q)
            m_live[q] += int((after >> q) & 1) - int((before >> q) & 1);
        m_masks[r] = after;
    }
    const qint64 next = m_tickets.nextQueueChangeMs(row);
    if (next != m_nextMs[r]) {
        m_nextMs[r] = next;
        if (next != Never)
            schedule(row);
    }
}

void QueueModel::schedule(int row)
{
    m_deadlines.push_back({m_nextMs[std::size_t(row)], m_tickets.rowAt(row).ticket->id});
    std::push_heap(m_deadlines.begin(), m_deadlines.end(), Later);
    // Edits leave superseded entries behind; drop them before they outnumber the rows.
    if (m_deadlines.size() > 2 * m_masks.size() + 1024)
        compactDeadlines();
}

void QueueModel::compactDeadlines()
{
    std::erase_if(m_deadlines, [this](const Deadline &d) {
        const int row = m_tickets.rowOf(d.ticketId);
        return row < 0 || m_nextMs[std::size_t(row)] != d.atMs;
    });
    std::make_heap(m_deadlines.begin(), m_deadlines.end(), Later);
}

void QueueModel::onRowsInserted(int first, int last)
{
    const auto count = std::size_t(last - first + 1);
    m_masks.insert(m_masks.begin() + first, count, 0);
    m_nextMs.insert(m_nextMs.begin() + first, count, Never);
    for (int r = first; r <= last; ++r)
        updateRow(r);
    publish();
}

void QueueModel::onRowsRemoved(int first, int last)
{
    for (int r = first; r <= last; ++r) {
        const quint8 mask = m_masks[std::size_t(r)];
        for (int q = 0; q < TicketTableModel::QueueCount; ++q)
            m_live[q] -= (mask >> q) & 1;
    }
    // Their heap entries go stale: the ids no longer have rows.
    m_masks.erase(m_masks.begin() + first, m_masks.begin() + last + 1);
    m_nextMs.erase(m_nextMs.begin() + first, m_nextMs.begin() + last + 1);
    publish();
}

void QueueModel::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    // The SLA column alone is the tick (handled in onTicked); font/pending marks change no queue.
    if (topLeft.column() == TicketTableModel::SlaColumn && bottomRight.column() == TicketTableModel::SlaColumn)
        return;
    if (!roles.isEmpty() && !roles.contains(Qt::DisplayRole))
        return;
    for (int r = topLeft.row(); r <= bottomRight.row(); ++r)
        updateRow(r);
    publish();
}

void QueueModel::onTicked()
{
    const qint64 nowMs = m_tickets.clock().now().toMSecsSinceEpoch();
    while (!m_deadlines.empty() && m_deadlines.front().atMs <= nowMs) {
        std::pop_heap(m_deadlines.begin(), m_deadlines.end(), Later);
        const Deadline d = std::move(m_deadlines.back());
        m_deadlines.pop_back();
        const int row = m_tickets.rowOf(d.ticketId);
        if (row < 0 || m_nextMs[std::size_t(row)] != d.atMs)
            continue; // superseded by a later change of the ticket, or the ticket is gone
        m_nextMs[std::size_t(row)] = Never; // due: updateRow() schedules the next one
        updateRow(row);
    }
    publish();
}

void QueueModel::publish()
{
    for (int q = 0; q < TicketTableModel::QueueCount; ++q) {
        if (m_live[q] != m_counts[q]) {
            m_counts[q] = m_live[q];
            Q_EMIT dataChanged(index(q), index(q), {Qt::DisplayRole, CountRole, SortRole, Qt::ToolTipRole});
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
