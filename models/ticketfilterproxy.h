#pragma once

#include "tickettablemodel.h"

#include <QSortFilterProxyModel>

#include <vector>

namespace Vigil {

/// The ticket table as the user sees it: one queue, an instant text search (case-insensitive substring of key,
/// summary, requester and assignee), sorted on raw values. The source must be a TicketTableModel.
class TicketFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TicketFilterProxy)

public:
    explicit TicketFilterProxy(QObject *parent = nullptr);

    void setTicketModel(TicketTableModel *model);
    [[nodiscard]] TicketTableModel::Queue queue() const { return m_queue; }
    void setQueue(TicketTableModel::Queue queue);
    [[nodiscard]] QString searchText() const { return m_search; }
    void setSearchText(const QString &text);

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    [[nodiscard]] bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    [[nodiscard]] bool matches(int sourceRow) const;
    void matchRows(int first, int last);

    TicketTableModel *m_tickets = nullptr;
    TicketTableModel::Queue m_queue = TicketTableModel::Queue::AllOpen;
    QString m_search; // lower-case, trimmed
    // Whether each source row contains m_search, kept in step with the source's row signals: the per-second SLA
    // tick re-filters every row, and a keystroke that extends the search only re-tests the rows that matched.
    std::vector<char> m_matches;
};

} // namespace Vigil
