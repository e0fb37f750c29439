#pragma once

#include <QWidget>

class QLineEdit;
class QListView;
class QTableView;

namespace Vigil {

class Clock;
class LocalCache;
class QueueModel;
class TicketDetailPane;
class TicketFilterProxy;
class TicketTableModel;

/// Queue sidebar with counts, the ticket table (sort, instant search, multi-select) and the detail pane.
class TicketsPane final : public QWidget
{
    Q_OBJECT
public:
    TicketsPane(LocalCache &cache, const Clock &clock, QWidget *parent = nullptr);

    [[nodiscard]] QListView *queueView() const { return m_queues; }
    [[nodiscard]] QTableView *tableView() const { return m_table; }
    [[nodiscard]] QLineEdit *searchField() const { return m_search; }
    [[nodiscard]] TicketDetailPane *detailPane() const { return m_detail; }
    [[nodiscard]] TicketTableModel *ticketModel() const { return m_model; }
    [[nodiscard]] QStringList selectedTicketIds() const;

    void newTicket();
    void assignSelected();
    void transitionSelected();
    void focusSearch();

Q_SIGNALS:
    void message(const QString &text);

private:
    LocalCache &m_cache;
    TicketTableModel *m_model;
    TicketFilterProxy *m_proxy;
    QueueModel *m_queueModel;
    QListView *m_queues;
    QLineEdit *m_search;
    QTableView *m_table;
    TicketDetailPane *m_detail;
};

} // namespace Vigil
