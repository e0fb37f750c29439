#include "alertspane.h"

#include "alertdelegate.h"
#include "alertdialogs.h"
#include "alertfilterproxy.h"
#include "alertlogmodel.h"
#include "alerttablemodel.h"
#include "common/clock.h"
#include "labels.h"
#include "sync/localcache.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Vigil {

namespace {

/// Details as rows of key and value; nested objects become dotted keys ("labels.severity").
void flatten(const QJsonObject &o, const QString &prefix, QList<std::pair<QString, QString>> &out)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString key = prefix.isEmpty() ? it.key() : prefix + u'.' + it.key();
        const QJsonValue v = it.value();
        if (v.isObject())
            flatten(v.toObject(), key, out);
        else if (v.isArray())
            // An array stays one value: a list of hosts reads better on one line than spread over rows key.0, key.1, …
            out.append({key, QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact))});
        else if (v.isDouble())
            // 15 significant digits, not QString::number's default of 6: counters and byte sizes from monitoring tools
            // must not be rounded.
            out.append({key, QString::number(v.toDouble(), 'g', 15)});
        else if (v.isBool())
            out.append({key, v.toBool() ? QStringLiteral("true") : QStringLiteral("false")});
        else
            out.append({key, v.toString()});
    }
}

QTableView *listView(QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    return view;
}

} // namespace

// --- detail ----------------------------------------------------------------------------------------------------

AlertDetailView::AlertDetailView(LocalCache &cache, const Clock &clock, QWidget *parent)
    : QWidget(parent), m_cache(cache), m_clock(clock), m_logModel(new AlertLogModel(cache, this)),
      m_priority(new QLabel(this)), m_title(new QLabel(this)), m_meta(new QLabel(this)), m_description(new QLabel(this)),
      m_tags(new QLabel(this)), m_details(new QTableWidget(this)), m_log(listView(this)),
      m_acknowledge(new QPushButton(tr("&Acknowledge"), this)), m_close(new QPushButton(tr("&Close"), this)),
      m_snooze(new QPushButton(tr("&Snooze…"), this)), m_note(new QPushButton(tr("&Note…"), this))
{
    m_priority->setAlignment(Qt::AlignCenter);
    m_priority->setMinimumWidth(36);
    m_title->setWordWrap(true);
    // Selectable, because the message is what operators paste into chats and tickets.
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_meta->setWordWrap(true);
    m_meta->setStyleSheet(QStringLiteral("color: #555"));
    m_description->setWordWrap(true);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_description->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_tags->setWordWrap(true);
    m_tags->setTextFormat(Qt::RichText);
    m_details->setColumnCount(2);
    m_details->setHorizontalHeaderLabels({tr("Key"), tr("Value")});
    m_details->horizontalHeader()->setStretchLastSection(true);
    m_details->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_details->verticalHeader()->hide();
    m_details->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_details->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_details->setWordWrap(false);
    m_details->verticalHeader()->setDefaultSectionSize(m_details->fontMetrics().height() + 6);
    m_log->setModel(m_logModel);
    m_log->setSelectionMode(QAbstractItemView::SingleSelection);
    m_log->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_log->horizontalHeader()->setSectionResizeMode(AlertLogModel::MessageColumn, QHeaderView::Stretch);
    m_acknowledge->setToolTip(tr("Acknowledge: stops the escalation (A)"));
    m_close->setToolTip(tr("Close the alert (C)"));
    m_snooze->setToolTip(tr("Page nobody until a later time (S)"));
    m_note->setToolTip(tr("Add a note to the log (N)"));
    connect(m_acknowledge, &QPushButton::clicked, this, &AlertDetailView::acknowledgeRequested);
    connect(m_close, &QPushButton::clicked, this, &AlertDetailView::closeRequested);
    connect(m_snooze, &QPushButton::clicked, this, &AlertDetailView::snoozeRequested);
    connect(m_note, &QPushButton::clicked, this, &AlertDetailView::noteRequested);

    auto *head = new QHBoxLayout;
    head->addWidget(m_priority, 0, Qt::AlignTop);
    head->addWidget(m_title, 1);
    auto *buttons = new QHBoxLayout;
    for (auto *b : {m_acknowledge, m_close, m_snooze, m_note})
        buttons->addWidget(b);
    buttons->addStretch(1);

    auto *info = new QWidget(this);
    auto *infoLayout = new QVBoxLayout(info);
    infoLayout->setContentsMargins(0, 0, 0, 0);
    infoLayout->addLayout(head);
    infoLayout->addWidget(m_meta);
    infoLayout->addLayout(buttons);
    auto *descriptionLabel = new QLabel(tr("Description"), this);
    descriptionLabel->setStyleSheet(QStringLiteral("font-weight: bold"));
    infoLayout->addWidget(descriptionLabel);
    // A long description (a stack trace from a monitoring tool) scrolls in its own area instead of pushing the buttons
    // and the log off screen.
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_description);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumHeight(48);
    infoLayout->addWidget(scroll, 1);
    infoLayout->addWidget(m_tags);

    auto *detailsBox = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(detailsBox);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    auto *detailsLabel = new QLabel(tr("Details"), this);
    detailsLabel->setStyleSheet(QStringLiteral("font-weight: bold"));
    detailsLayout->addWidget(detailsLabel);
    detailsLayout->addWidget(m_details);
    auto *logBox = new QWidget(this);
    auto *logLayout = new QVBoxLayout(logBox);
    logLayout->setContentsMargins(0, 0, 0, 0);
    auto *logLabel = new QLabel(tr("Log: who was paged when, and how"), this);
    logLabel->setStyleSheet(QStringLiteral("font-weight: bold"));
    logLayout->addWidget(logLabel);
    logLayout->addWidget(m_log);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(info);
    split->addWidget(detailsBox);
    split->addWidget(logBox);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 1);
    split->setStretchFactor(2, 3);
    split->setSizes({200, 180, 400});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    // Only a change of the alert on screen rebuilds the detail: during an alert storm every other upsert would
    // otherwise redo it.
    connect(&m_cache, &LocalCache::alertUpserted, this, [this](const QString &id) {
        if (id == m_alertId)
            refresh();
    });
    // After a bulk catch-up the alert on screen may have changed or be gone; no single upsert tells.
    connect(&m_cache, &LocalCache::alertsReset, this, &AlertDetailView::refresh);
    setAlertId({});
}

void AlertDetailView::setAlertId(const QString &id)
{
    m_alertId = id;
    m_logModel->setAlertId(id);
    // The previous alert's details may have been scrolled far down; a new alert starts at its first key.
    m_details->scrollToTop();
    refresh();
}

void AlertDetailView::refresh()
{
    const AlertPtr a = m_cache.alert(m_alertId);
    for (auto *b : {m_acknowledge, m_close, m_snooze, m_note})
        b->setEnabled(a != nullptr);
    if (!a) {
        m_priority->clear();
        m_priority->setStyleSheet({});
        m_title->setText(tr("No alert selected"));
        m_meta->clear();
        m_description->clear();
        m_tags->clear();
        m_details->setRowCount(0);
        return;
    }
    m_priority->setText(Labels::priority(a->priority));
    m_priority->setStyleSheet(QStringLiteral("background: %1; color: white; font-weight: bold; border-radius: 4px;"
                                             " padding: 2px 6px")
                                  .arg(AlertTableModel::priorityColour(a->priority).name()));
    m_title->setText(a->message);
    const QString service = m_cache.serviceName(a->serviceId);
    QStringList meta;
    meta << (service.isEmpty() ? a->serviceId : service);
    meta << Labels::alertStatus(a->status);
    if (a->count > 1)
        meta << tr("seen %n time(s)", nullptr, a->count);
    meta << tr("opened %1 ago").arg(Labels::duration(a->createdAt.secsTo(m_clock.now())));
    if (!a->ownerId.isEmpty())
        meta << tr("owner %1").arg(m_cache.userName(a->ownerId));
    if (a->status == AlertStatus::Acknowledged && !a->acknowledgedBy.isEmpty())
        meta << tr("acknowledged by %1").arg(m_cache.userName(a->acknowledgedBy));
    // A snooze that has run out is no longer worth saying, although the server's copy still carries the time.
    if (a->snoozedUntil.isValid() && a->snoozedUntil > m_clock.now())
        meta << tr("snoozed until %1").arg(QLocale().toString(a->snoozedUntil.toLocalTime(), QLocale::ShortFormat));
    if (!a->source.isEmpty())
        meta << tr("source %1").arg(a->source);
    if (a->inMaintenance)
        meta << tr("in maintenance");
    // The row shows the user's action at once; this says it is not confirmed yet (offline, or on its way).
    if (m_cache.isAlertPending(a->id))
        meta << tr("not yet sent to the server");
    m_meta->setText(meta.join(QStringLiteral(" · ")));
    m_description->setText(a->description.isEmpty() ? tr("(no description)") : a->description);
    QStringList tags;
    for (const auto &t : a->tags)
        tags << QStringLiteral("<span style=\"background:#e3e8ef; border-radius:3px\">&nbsp;%1&nbsp;</span>")
                    // Tags come from monitoring tools and the label renders rich text: escaped, so a tag cannot inject
                    // markup.
                    .arg(t.toHtmlEscaped());
    m_tags->setText(tags.isEmpty() ? QString() : tr("Tags: %1").arg(tags.join(u' ')));
    QList<std::pair<QString, QString>> rows;
    flatten(a->details, {}, rows);
    m_details->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        m_details->setItem(r, 0, new QTableWidgetItem(rows.at(r).first));
        m_details->setItem(r, 1, new QTableWidgetItem(rows.at(r).second));
    }
    // The same rules the cache applies to a pending action (applyAlertCommand): a button never offers what would be
    // refused. Acknowledge only while open; close and snooze until closed.
    const bool active = a->status != AlertStatus::Closed;
    m_acknowledge->setEnabled(a->status == AlertStatus::Open);
    m_close->setEnabled(active);
    m_snooze->setEnabled(active);
}

// --- pane ------------------------------------------------------------------------------------------------------

AlertsPane::AlertsPane(LocalCache &cache, const Clock &clock, QWidget *parent)
    : QWidget(parent), m_cache(cache), m_clock(clock), m_model(new AlertTableModel(cache, clock, this)),
      m_proxy(new AlertFilterProxy(this)), m_status(new QComboBox(this)), m_mine(new QCheckBox(tr("&Mine"), this)),
      m_myTeam(new QCheckBox(tr("My &team"), this)), m_service(new QComboBox(this)), m_priority(new QComboBox(this)),
      m_search(new QLineEdit(this)), m_table(listView(this)), m_detail(new AlertDetailView(cache, clock, this))
{
    m_proxy->setAlertModel(m_model);

    // Filters
    m_status->addItem(tr("Open and acknowledged"), int(AlertFilterProxy::StatusFilter::Active));
    m_status->addItem(tr("Open"), int(AlertFilterProxy::StatusFilter::Open));
    m_status->addItem(tr("Acknowledged"), int(AlertFilterProxy::StatusFilter::Acknowledged));
    m_status->addItem(tr("Closed"), int(AlertFilterProxy::StatusFilter::Closed));
    m_mine->setToolTip(tr("Alerts I own or was paged for"));
    m_myTeam->setToolTip(tr("Alerts of the teams I am a member of"));
    m_priority->addItem(tr("All priorities"), 0);
    for (int p = 1; p <= 5; ++p)
        m_priority->addItem(Labels::priority(static_cast<Priority>(p)), p);
    m_service->setMinimumContentsLength(16);
    reloadServices();
    m_search->setPlaceholderText(tr("Search message, alias, source, tags… (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    auto *filters = new QHBoxLayout;
    auto *statusLabel = new QLabel(tr("S&tatus:"), this);
    statusLabel->setBuddy(m_status);
    filters->addWidget(statusLabel);
    filters->addWidget(m_status);
    filters->addWidget(m_mine);
    filters->addWidget(m_myTeam);
    auto *serviceLabel = new QLabel(tr("Se&rvice:"), this);
    serviceLabel->setBuddy(m_service);
    filters->addWidget(serviceLabel);
    filters->addWidget(m_service);
    auto *priorityLabel = new QLabel(tr("&Priority:"), this);
    priorityLabel->setBuddy(m_priority);
    filters->addWidget(priorityLabel);
    filters->addWidget(m_priority);
    filters->addStretch(1);

    // The list
    m_table->setModel(m_proxy);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(true);
    // P1 first: the most urgent alert is at the top without any click.
    m_table->sortByColumn(AlertTableModel::PriorityColumn, Qt::AscendingOrder);
    m_table->setItemDelegate(new AlertDelegate(m_table));
    m_table->horizontalHeader()->setSectionResizeMode(AlertTableModel::MessageColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(AlertTableModel::PriorityColumn, 44);
    m_table->setColumnWidth(AlertTableModel::ServiceColumn, 110);
    m_table->setColumnWidth(AlertTableModel::StatusColumn, 110);
    m_table->setColumnWidth(AlertTableModel::CountColumn, 52);
    m_table->setColumnWidth(AlertTableModel::AgeColumn, 56);
    m_table->setColumnWidth(AlertTableModel::OwnerColumn, 90);
    m_table->setColumnWidth(AlertTableModel::EscalationColumn, 170);
    m_table->setToolTip(tr("A acknowledge · C close · S snooze · N note · Enter open"));
    // Single keys act on the list only (typing in the search field or a note is never an action).
    const std::pair<Qt::Key, void (AlertsPane::*)()> keys[] = {{Qt::Key_A, &AlertsPane::acknowledgeSelected},
                                                               {Qt::Key_C, &AlertsPane::closeSelected},
                                                               {Qt::Key_S, &AlertsPane::snoozeSelected},
                                                               {Qt::Key_N, &AlertsPane::addNote}};
    for (const auto &[key, slot] : keys) {
        auto *action = new QAction(this);
        action->setShortcut(QKeySequence(key));
        action->setShortcutContext(Qt::WidgetShortcut);
        connect(action, &QAction::triggered, this, slot);
        m_table->addAction(action);
    }
    connect(m_table, &QAbstractItemView::activated, this, &AlertsPane::openDetail);

    auto *center = new QWidget(this);
    auto *centerLayout = new QVBoxLayout(center);
    centerLayout->setContentsMargins(0, 0, 0, 0);
    centerLayout->addWidget(m_search);
    centerLayout->addLayout(filters);
    centerLayout->addWidget(m_table);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(center);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({900, 500});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    connect(m_status, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setStatusFilter(static_cast<AlertFilterProxy::StatusFilter>(m_status->currentData().toInt()));
        selectFirstIfNone();
    });
    connect(m_mine, &QCheckBox::toggled, m_proxy, &AlertFilterProxy::setMineOnly);
    connect(m_myTeam, &QCheckBox::toggled, m_proxy, &AlertFilterProxy::setMyTeamsOnly);
    connect(m_service, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setServiceId(m_service->currentData().toString()); });
    connect(m_priority, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setPriority(m_priority->currentData().toInt()); });
    connect(m_search, &QLineEdit::textChanged, m_proxy, &AlertFilterProxy::setSearchText);
    connect(&m_cache, &LocalCache::servicesChanged, this, &AlertsPane::reloadServices);
    // The detail follows the current row, not the selection: with several rows selected for a bulk action it still
    // shows one alert.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &i) {
        m_detail->setAlertId(i.isValid() ? i.data(AlertTableModel::IdRole).toString() : QString());
    });
    // An empty detail beside a list of alerts looks broken: whenever rows appear (first sync, a filter changed) the
    // first one is shown.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &AlertsPane::selectFirstIfNone);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &AlertsPane::selectFirstIfNone);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &AlertsPane::selectFirstIfNone);
    connect(m_detail, &AlertDetailView::acknowledgeRequested, this, &AlertsPane::acknowledgeSelected);
    connect(m_detail, &AlertDetailView::closeRequested, this, &AlertsPane::closeSelected);
    connect(m_detail, &AlertDetailView::snoozeRequested, this, &AlertsPane::snoozeSelected);
    connect(m_detail, &AlertDetailView::noteRequested, this, &AlertsPane::addNote);
    selectFirstIfNone();
}

void AlertsPane::reloadServices()
{
    // The change feed reloads services at any time; the chosen filter survives by id, and falls back to all services if
    // its service is gone.
    const QString current = m_service->currentData().toString();
    const QSignalBlocker block(m_service);
    m_service->clear();
    m_service->addItem(tr("All services"), QString());
    QList<std::pair<QString, QString>> services;
    for (auto it = m_cache.serviceNames().cbegin(); it != m_cache.serviceNames().cend(); ++it)
        services.append({it.value(), it.key()});
    std::sort(services.begin(), services.end());
    for (const auto &[name, id] : services)
        m_service->addItem(name, id);
    m_service->setCurrentIndex(std::max(0, m_service->findData(current)));
}

void AlertsPane::selectFirstIfNone()
{
    if (!m_table->currentIndex().isValid() && m_proxy->rowCount() > 0)
        m_table->selectionModel()->setCurrentIndex(m_proxy->index(0, 0), QItemSelectionModel::ClearAndSelect
                                                                              | QItemSelectionModel::Rows);
}

QStringList AlertsPane::selectedAlertIds() const
{
    QStringList ids;
    for (const auto &i : m_table->selectionModel()->selectedRows())
        ids << i.data(AlertTableModel::IdRole).toString();
    // Keyboard users often have a current row and no selection; the key acts on that row then.
    if (ids.isEmpty() && m_table->currentIndex().isValid())
        ids << m_table->currentIndex().data(AlertTableModel::IdRole).toString();
    return ids;
}

void AlertsPane::acknowledgeSelected()
{
    const QStringList ids = selectedAlertIds();
    int done = 0;
    for (const auto &id : ids) {
        const AlertPtr a = m_cache.alert(id);
        // Only open alerts can be acknowledged. The others are counted and said, so a bulk action never fails silently.
        if (a && a->status == AlertStatus::Open && m_cache.acknowledgeAlert(id).ok())
            ++done;
    }
    if (done > 0)
        Q_EMIT message(tr("Acknowledged %n alert(s).", nullptr, done));
    if (done < ids.size())
        Q_EMIT message(tr("%n alert(s) were not open and stay as they are.", nullptr, int(ids.size()) - done));
}

void AlertsPane::closeSelected()
{
    const QStringList ids = selectedAlertIds();
    int done = 0;
    for (const auto &id : ids) {
        if (m_cache.closeAlert(id).ok())
            ++done;
    }
    if (done > 0)
        Q_EMIT message(tr("Closed %n alert(s).", nullptr, done));
    else if (!ids.isEmpty())
        Q_EMIT message(tr("These alerts are closed already."));
}

void AlertsPane::snoozeSelected()
{
    QStringList ids;
    for (const auto &id : selectedAlertIds()) {
        const AlertPtr a = m_cache.alert(id);
        if (a && a->status != AlertStatus::Closed)
            ids << id;
    }
    if (ids.isEmpty()) {
        Q_EMIT message(tr("Closed alerts cannot be snoozed."));
        return;
    }
    SnoozeDialog dialog(m_clock, int(ids.size()), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    int done = 0;
    for (const auto &id : std::as_const(ids)) {
        if (m_cache.snoozeAlert(id, dialog.until()).ok())
            ++done;
    }
    Q_EMIT message(tr("Snoozed %n alert(s) until %1.", nullptr, done)
                       .arg(QLocale().toString(dialog.until().toLocalTime(), QLocale::ShortFormat)));
}

void AlertsPane::addNote()
{
    const QString id = m_table->currentIndex().data(AlertTableModel::IdRole).toString();
    const AlertPtr a = m_cache.alert(id);
    if (!a)
        return;
    AlertNoteDialog dialog(a->message, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (auto r = m_cache.addAlertNote(id, dialog.text()); !r)
        Q_EMIT message(Labels::error(r.error().code, r.error().message));
}

void AlertsPane::openDetail()
{
    m_detail->show();
    m_detail->logView()->setFocus();
}

void AlertsPane::focusSearch()
{
    m_search->setFocus();
    m_search->selectAll();
}

void AlertsPane::showAlert(const QString &id)
{
    // The toast and the tray open alerts by id; one that left the model meanwhile has nothing to show.
    if (m_model->rowOf(id) < 0)
        return;
    auto find = [&] {
        for (int r = 0; r < m_proxy->rowCount(); ++r) {
            if (m_proxy->index(r, 0).data(AlertTableModel::IdRole).toString() == id)
                return m_proxy->index(r, 0);
        }
        return QModelIndex();
    };
    QModelIndex i = find();
    if (!i.isValid()) { // hidden by a filter: show everything active
        m_search->clear();
        m_mine->setChecked(false);
        m_myTeam->setChecked(false);
        m_service->setCurrentIndex(0);
        m_priority->setCurrentIndex(0);
        m_status->setCurrentIndex(0);
        i = find();
    }
    if (!i.isValid())
        return;
    m_table->selectionModel()->setCurrentIndex(i, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(i);
    m_table->setFocus();
}

} // namespace Vigil
