#include "ticketfilterproxy.h"

namespace Vigil {

TicketFilterProxy::TicketFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(TicketTableModel::SortRole);
}

void TicketFilterProxy::setTicketModel(TicketTableModel *model)
{
    if (m_tickets)
        disconnect(m_tickets, nullptr, this, nullptr);
    m_tickets = model;
    m_matches.clear();
    // Connected before setSourceModel() so these run before the base class reacts to the same signal (slots run
    // in connection order): the match cache is up to date when filterAcceptsRow() reads it.
    connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        if (m_search.isEmpty())
            return;
        m_matches.insert(m_matches.begin() + first, std::size_t(last - first + 1), 0);
        matchRows(first, last);
    });
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this](const QModelIndex &, int first, int last) {
        if (!m_search.isEmpty())
            m_matches.erase(m_matches.begin() + first, m_matches.begin() + last + 1);
    });
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                // The SLA tick changes no searchable text.
                if (m_search.isEmpty() || (topLeft.column() == TicketTableModel::SlaColumn
                                           && bottomRight.column() == TicketTableModel::SlaColumn))
                    return;
                matchRows(topLeft.row(), bottomRight.row());
            });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_search.isEmpty()) {
            m_matches.assign(std::size_t(m_tickets->rowCount()), 0);
            matchRows(0, m_tickets->rowCount() - 1);
        }
    });
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
    const bool narrowing = !m_search.isEmpty() && needle.startsWith(m_search);
    m_search = needle;
    if (m_search.isEmpty()) {
        m_matches.clear();
    } else if (m_tickets) {
        const int rows = m_tickets->rowCount();
        if (narrowing) {
            // Every row that contains the new text contained the old one.
            for (int r = 0; r < rows; ++r) {
                if (m_matches[std::size_t(r)])
                    m_matches[std::size_t(r)] = m_tickets->rowAt(r).haystack.contains(m_search);
            }
        } else {
            m_matches.assign(std::size_t(rows), 0);
            matchRows(0, rows - 1);
        }
    }
    if (narrowing) {
        invalidateRowsFilter(); // few rows leave: precise removals keep the view's state
    } else {
        // A new search swaps most rows: rebuilding the mapping (one layout change) is far cheaper than the
        // thousands of removal ranges an incremental re-filter emits. Selection survives through persistent indexes.
        invalidate();
    }
}

void TicketFilterProxy::matchRows(int first, int last)
{
    for (int r = first; r <= last; ++r)
        m_matches[std::size_t(r)] = m_tickets->rowAt(r).haystack.contains(m_search);
}

bool TicketFilterProxy::matches(int sourceRow) const
{
    if (m_search.isEmpty())
        return true;
    if (std::size_t(sourceRow) < m_matches.size())
        return m_matches[std::size_t(sourceRow)];
    return m_tickets->rowAt(sourceRow).haystack.contains(m_search);
}

bool TicketFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_tickets || sourceParent.isValid())
        return false;
    if (!matches(sourceRow))
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
