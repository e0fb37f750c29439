#include "wallboard.h"

#include "alertdelegate.h"
#include "alertfilterproxy.h"
#include "alerttablemodel.h"
#include "labels.h"
#include "oncallboardmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace Vigil {

namespace {

QTableView *bigTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    // A wall screen is looked at, not used: no selection or focus frame competes with the priority colours.
    view->setSelectionMode(QAbstractItemView::NoSelection);
    view->setFocusPolicy(Qt::NoFocus);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setShowGrid(false);
    view->verticalHeader()->hide();
    // Nobody scrolls a wall; what does not fit is cut rather than hidden behind a scroll bar.
    view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->horizontalHeader()->setHighlightSections(false);
    return view;
}

} // namespace

Wallboard::Wallboard(AlertTableModel *alerts, QAbstractItemModel *onCallBoard, QWidget *parent)
    : QWidget(parent, Qt::Window), m_proxy(new AlertFilterProxy(this)), m_alerts(bigTable(m_proxy, this)),
      m_onCall(bigTable(onCallBoard, this)), m_summary(new QLabel(this))
{
    setWindowTitle(tr("Vigil — Wallboard"));
    setObjectName(QStringLiteral("wallboard"));
    setStyleSheet(QStringLiteral(
        "#wallboard { background: #101214; }"
        " QLabel { color: #e8e8e8; }"
        " QTableView { background: #15181b; alternate-background-color: #1c2024; color: #f0f0f0; border: none; }"
        " QHeaderView::section { background: #101214; color: #9aa0a6; border: none; font-size: 13pt;"
        "   padding: 4px; }"));
    // Its own proxy over the console's model: the wall shows every active alert, whatever the Alerts pane is filtered
    // to.
    m_proxy->setAlertModel(alerts);
    m_proxy->setStatusFilter(AlertFilterProxy::StatusFilter::Active);
    m_proxy->sort(AlertTableModel::PriorityColumn, Qt::AscendingOrder);
    m_alerts->setItemDelegate(new AlertDelegate(m_alerts));
    QFont big = font();
    big.setPointSize(22);
    m_alerts->setFont(big);
    QFont board = big;
    board.setPointSize(18);
    m_onCall->setFont(board);
    const int rowHeight = QFontMetrics(big).height() + 18;
    m_alerts->verticalHeader()->setDefaultSectionSize(rowHeight);
    m_onCall->verticalHeader()->setDefaultSectionSize(rowHeight);
    m_alerts->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_alerts->horizontalHeader()->setSectionResizeMode(AlertTableModel::MessageColumn, QHeaderView::Stretch);
    m_alerts->horizontalHeader()->setSectionResizeMode(AlertTableModel::PriorityColumn, QHeaderView::Fixed);
    m_alerts->horizontalHeader()->setSectionResizeMode(AlertTableModel::StatusColumn, QHeaderView::Fixed);
    m_alerts->setColumnWidth(AlertTableModel::PriorityColumn, QFontMetrics(big).horizontalAdvance(QStringLiteral("P1")) + 36);
    // Fixed widths for priority and status, the columns read first: they stay put as alerts come and go.
    m_alerts->setColumnWidth(AlertTableModel::StatusColumn, QFontMetrics(big).horizontalAdvance(QStringLiteral("Acknowledged")) + 24);
    // What a wall is read for from across the room: how bad, what, how often, how long, and whether someone has it.
    for (int c : {int(AlertTableModel::ServiceColumn), int(AlertTableModel::OwnerColumn),
                  int(AlertTableModel::EscalationColumn)})
        m_alerts->setColumnHidden(c, true);
    m_onCall->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_onCall->horizontalHeader()->setStretchLastSection(true);
    for (int c : {int(OnCallBoardModel::TeamColumn), int(OnCallBoardModel::NextColumn),
                  int(OnCallBoardModel::ContactColumn)})
        m_onCall->setColumnHidden(c, true);

    QFont titleFont = font();
    titleFont.setPointSize(28);
    titleFont.setBold(true);
    auto *alertsTitle = new QLabel(tr("Open alerts"), this);
    alertsTitle->setFont(titleFont);
    auto *onCallTitle = new QLabel(tr("On call now"), this);
    onCallTitle->setFont(titleFont);
    QFont summaryFont = font();
    summaryFont.setPointSize(20);
    m_summary->setFont(summaryFont);
    m_summary->setTextFormat(Qt::RichText);

    auto *left = new QVBoxLayout;
    auto *head = new QHBoxLayout;
    head->addWidget(alertsTitle);
    head->addStretch(1);
    head->addWidget(m_summary);
    left->addLayout(head);
    left->addWidget(m_alerts, 1);
    auto *right = new QVBoxLayout;
    right->addWidget(onCallTitle);
    right->addWidget(m_onCall, 1);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(24, 16, 24, 16);
    layout->setSpacing(24);
    layout->addLayout(left, 5);
    layout->addLayout(right, 3);

    for (const auto key : {Qt::Key_F11, Qt::Key_Escape})
        connect(new QShortcut(QKeySequence(key), this), &QShortcut::activated, this, &QWidget::close);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &Wallboard::updateSummary);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &Wallboard::updateSummary);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &Wallboard::updateSummary);
    // dataChanged too: an acknowledge or a new priority changes the counts without adding or removing a row.
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &Wallboard::updateSummary);
    updateSummary();
}

void Wallboard::updateSummary()
{
    int counts[6] = {};
    for (int r = 0; r < m_proxy->rowCount(); ++r)
        // Counted from the proxy, so the counts always match the rows on the wall.
        ++counts[std::clamp(m_proxy->index(r, 0).data(AlertTableModel::PriorityRole).toInt(), 0, 5)];
    QStringList parts;
    for (int p = 1; p <= 5; ++p) {
        if (counts[p] == 0)
            continue;
        parts << QStringLiteral("<span style=\"color:%1; font-weight:bold\">%2</span>&nbsp;%3")
                     // Lighter than in the list: the list's colours are for a light background, too dark on the wall's.
                     .arg(AlertTableModel::priorityColour(static_cast<Priority>(p)).lighter(130).name(),
                          Labels::priority(static_cast<Priority>(p)))
                     .arg(counts[p]);
    }
    m_summary->setText(parts.isEmpty() ? tr("All clear") : parts.join(QStringLiteral(" &nbsp; ")));
}

} // namespace Vigil
