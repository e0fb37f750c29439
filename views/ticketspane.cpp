#include "ticketspane.h"

#include "dialogs.h"
#include "labels.h"
#include "queuemodel.h"
#include "sladelegate.h"
#include "sync/localcache.h"
#include "ticketdetailpane.h"
#include "ticketfilterproxy.h"
#include "tickets/workflow.h"
#include "tickettablemodel.h"

#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QListView>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace Vigil {

TicketsPane::TicketsPane(LocalCache &cache, const Clock &clock, QWidget *parent)
    : QWidget(parent), m_cache(cache), m_model(new TicketTableModel(cache, clock, this)),
      m_proxy(new TicketFilterProxy(this)), m_queueModel(new QueueModel(*m_model, this)),
      m_queues(new QListView(this)), m_search(new QLineEdit(this)), m_table(new QTableView(this)),
      m_detail(new TicketDetailPane(cache, this))
{
    m_proxy->setTicketModel(m_model);
    m_queues->setModel(m_queueModel);
    // "All open" is the first queue: the pane starts on the work still to do.
    m_queues->setCurrentIndex(m_queueModel->index(0));
    m_queues->setMinimumWidth(190);
    m_queues->setSpacing(2);
    m_search->setPlaceholderText(tr("Search key, summary, requester, assignee… (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    // Most recently updated first: what just changed (a reply, a new ticket) is what an agent looks at next.
    m_table->sortByColumn(TicketTableModel::UpdatedColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setSectionResizeMode(TicketTableModel::SummaryColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(TicketTableModel::KeyColumn, 64);
    m_table->setColumnWidth(TicketTableModel::PriorityColumn, 56);
    m_table->setColumnWidth(TicketTableModel::RequesterColumn, 100);
    m_table->setColumnWidth(TicketTableModel::AssigneeColumn, 100);
    m_table->setColumnWidth(TicketTableModel::StatusColumn, 130);
    m_table->setColumnWidth(TicketTableModel::SlaColumn, 140);
    m_table->setColumnWidth(TicketTableModel::UpdatedColumn, 110);
    // The SLA column is painted, not text: its colour (amber, red, grey) says more than the countdown at a glance.
    m_table->setItemDelegateForColumn(TicketTableModel::SlaColumn, new SlaDelegate(m_table));

    auto *center = new QWidget(this);
    auto *centerLayout = new QVBoxLayout(center);
    centerLayout->setContentsMargins(0, 0, 0, 0);
    centerLayout->addWidget(m_search);
    centerLayout->addWidget(m_table);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_queues);
    splitter->addWidget(center);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 2);
    splitter->setSizes({200, 860, 340});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    connect(m_queues->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &i) {
        if (i.isValid())
            m_proxy->setQueue(static_cast<TicketTableModel::Queue>(i.data(QueueModel::QueueRole).toInt()));
    });
    connect(m_search, &QLineEdit::textChanged, m_proxy, &TicketFilterProxy::setSearchText);
    // The detail follows the current row, so selecting several tickets for a bulk action keeps one ticket on screen.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &i) {
        m_detail->setTicketId(i.isValid() ? i.data(TicketTableModel::IdRole).toString() : QString());
    });
    connect(m_detail, &TicketDetailPane::message, this, &TicketsPane::message);
    // Open the first ticket once there is one, so the detail pane is never empty for no reason.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_table->currentIndex().isValid() && m_proxy->rowCount() > 0)
            m_table->setCurrentIndex(m_proxy->index(0, 0));
    });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_table->currentIndex().isValid() && m_proxy->rowCount() > 0)
            m_table->setCurrentIndex(m_proxy->index(0, 0));
    });
}

QStringList TicketsPane::selectedTicketIds() const
{
    QStringList ids;
    for (const auto &i : m_table->selectionModel()->selectedRows())
        ids << i.data(TicketTableModel::IdRole).toString();
    return ids;
}

void TicketsPane::focusSearch()
{
    m_search->setFocus();
    m_search->selectAll();
}

void TicketsPane::newTicket()
{
    NewTicketDialog dialog(m_cache, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    // Through the cache, like every edit: the ticket shows at once and reaches the server when it can.
    if (auto r = m_cache.createTicket(dialog.fields()); !r)
        Q_EMIT message(Labels::error(r.error().code, r.error().message));
}

void TicketsPane::assignSelected()
{
    const QStringList ids = selectedTicketIds();
    if (ids.isEmpty())
        return;
    QStringList names{tr("Unassigned")};
    QStringList userIds{QString()};
    for (const auto &u : m_cache.users()) {
        names << u.name;
        userIds << u.id;
    }
    bool ok = false;
    const QString choice = QInputDialog::getItem(this, tr("Assign tickets"),
                                                 tr("Assign %n ticket(s) to:", nullptr, int(ids.size())), names, 0,
                                                 false, &ok);
    if (!ok)
        return;
    const QString userId = userIds.value(names.indexOf(choice));
    for (const auto &id : ids)
        (void)m_cache.assignTicket(id, userId);
}

void TicketsPane::transitionSelected()
{
    const QStringList ids = selectedTicketIds();
    if (ids.isEmpty())
        return;
    QStringList names;
    const QList<TicketStatus> all{TicketStatus::Open, TicketStatus::InProgress, TicketStatus::WaitingForCustomer,
                                  TicketStatus::Resolved, TicketStatus::Closed};
    for (auto s : all)
        names << Labels::status(s);
    bool ok = false;
    const QString choice = QInputDialog::getItem(this, tr("Change status"),
                                                 tr("Move %n ticket(s) to:", nullptr, int(ids.size())), names, 0,
                                                 false, &ok);
    if (!ok)
        return;
    const TicketStatus to = all.value(names.indexOf(choice));
    int refused = 0;
    for (const auto &id : ids) {
        // Each ticket is checked against the workflow on its own; the refused ones are counted and said rather than
        // failing the whole move.
        if (!m_cache.transitionTicket(id, to).ok())
            ++refused;
    }
    if (refused > 0)
        Q_EMIT message(tr("%n ticket(s) could not move: the workflow does not allow it.", nullptr, refused));
}

} // namespace Vigil
