#include "ticketfilterproxy.h"

namespace Vigil {

TicketFilterProxy::TicketFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(TicketTableModel::SortRole);
}

void TicketFilterProxy::setTicketModel(TicketTableModel *model)
{
    m_tickets = model;
    setSourceModel(model);
    // SLA-based queues change as time passes, not only when tickets change.
    connect(model, &TicketTableModel::ticked, this, [this] {
        if (m_queue == TicketTableModel::Queue::BreachingSoon || m_queue == TicketTableModel::Queue::Breached
            || m_queue == TicketTableModel::Queue::ResolvedRecently)
            invalidateRowsFilter();
    });
}

void TicketFilterProxy::setQueue(TicketTableModel::Queue queue)
{
    if (queue == m_queue)
        return;
    m_queue = queue;
    invalidateRowsFilter();
}

void TicketFilterProxy::setSearchText(const QString &text)
{
    const QString needle = text.trimmed().toLower();
    if (needle == m_search)
        return;
    m_search = needle;
    invalidateRowsFilter();
}

bool TicketFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_tickets || sourceParent.isValid())
        return false;
    if (!m_search.isEmpty() && !m_tickets->rowAt(sourceRow).haystack.contains(m_search))
        return false;
    return m_tickets->inQueue(sourceRow, m_queue);
}

bool TicketFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // Straight to the raw values: no QVariant per comparison (100,000 rows sort in well under 100 ms).
    return m_tickets ? m_tickets->lessThan(left.row(), right.row(), left.column())
                     : QSortFilterProxyModel::lessThan(left, right);
}

} // namespace Vigil
