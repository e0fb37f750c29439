#include "mainwindow.h"

#include "alertspane.h"
#include "alerttoast.h"
#include "dialogs.h"
#include "labels.h"
#include "alerttablemodel.h"
#include "oncallpane.h"
#include "pagingsound.h"
#include "sync/localcache.h"
#include "sync/syncengine.h"
#include "escalationpolicyeditor.h"
#include "notificationsettingsdialog.h"
#include "serviceeditor.h"
#include "ticketspane.h"
#include "traystatus.h"
#include "wallboard.h"

#include <QAction>
#include <QApplication>
#include <QScreen>
#include <QSystemTrayIcon>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>

namespace Vigil {

MainWindow::MainWindow(LocalCache &cache, SyncEngine *engine, const Clock &clock, QWidget *parent)
    : QMainWindow(parent), m_cache(cache), m_engine(engine), m_clock(clock), m_tickets(new TicketsPane(cache, clock, this)),
      m_onCall(new OnCallPane(cache, clock, this)), m_alerts(new AlertsPane(cache, clock, this)),
      m_tabs(new QTabWidget(this)), m_notifier(new AlertNotifier(cache, clock, this)), m_toast(new AlertToast(cache, this)),
      m_online(new QLabel(this)), m_pending(new QLabel(this)), m_catchUp(new QProgressBar(this)),
      m_servicesAction(new QAction(tr("&Services…"), this)),
      m_policiesAction(new QAction(tr("&Escalation policies…"), this)),
      m_notificationsAction(new QAction(tr("&My notifications…"), this)),
      m_pageSoundAction(new QAction(tr("Sound for new &pages"), this)), m_trayStatus(new TrayStatus(cache, this)),
      m_pagingSound(new PagingSound(this))
{
    setWindowTitle(tr("Vigil — Service desk"));
    setWindowIcon(applicationIcon());
    auto *tabs = m_tabs;
    tabs->addTab(m_tickets, tr("&Tickets"));
    tabs->addTab(m_onCall, tr("On-&call"));
    tabs->addTab(m_alerts, tr("&Alerts"));
    tabs->setDocumentMode(true);
    setCentralWidget(tabs);

    auto *newTicket = new QAction(tr("&New ticket…"), this);
    newTicket->setShortcut(QKeySequence::New);
    connect(newTicket, &QAction::triggered, m_tickets, &TicketsPane::newTicket);
    auto *assign = new QAction(tr("&Assign selected…"), this);
    assign->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    connect(assign, &QAction::triggered, m_tickets, &TicketsPane::assignSelected);
    auto *move = new QAction(tr("&Change status of selected…"), this);
    move->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(move, &QAction::triggered, m_tickets, &TicketsPane::transitionSelected);
    auto *find = new QAction(tr("&Search"), this);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        if (m_tabs->currentWidget() == m_alerts)
            m_alerts->focusSearch();
        else
            m_tickets->focusSearch();
    });
    auto *refresh = new QAction(tr("&Refresh"), this);
    refresh->setShortcut(QKeySequence::Refresh);
    if (m_engine)
        connect(refresh, &QAction::triggered, m_engine, &SyncEngine::pullNow);
    auto *connection = new QAction(tr("C&onnection…"), this);
    connect(connection, &QAction::triggered, this, [this] { Q_EMIT connectionRequested({}); });
    auto *quit = new QAction(tr("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    // Panes by keyboard: Ctrl+1 tickets, Ctrl+2 on-call, Ctrl+3 alerts.
    auto *viewMenu = new QMenu(tr("&View"), this);
    for (const auto &[pane, text, key] : {std::tuple{static_cast<QWidget *>(m_tickets), tr("&Tickets"), Qt::Key_1},
                                          std::tuple{static_cast<QWidget *>(m_onCall), tr("On-&call"), Qt::Key_2},
                                          std::tuple{static_cast<QWidget *>(m_alerts), tr("&Alerts"), Qt::Key_3}}) {
        auto *go = viewMenu->addAction(text);
        go->setShortcut(QKeySequence(Qt::CTRL | key));
        connect(go, &QAction::triggered, tabs, [tabs, pane] { tabs->setCurrentWidget(pane); });
    }
    viewMenu->addSeparator();
    auto *wall = viewMenu->addAction(tr("&Wallboard (NOC screen)"));
    wall->setShortcut(QKeySequence(Qt::Key_F11));
    connect(wall, &QAction::triggered, this, &MainWindow::toggleWallboard);
    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(refresh);
    fileMenu->addAction(connection);
    fileMenu->addSeparator();
    fileMenu->addAction(quit);
    menuBar()->addMenu(viewMenu);
    auto *ticketMenu = menuBar()->addMenu(tr("T&ickets"));
    for (auto *a : {newTicket, assign, move, find})
        ticketMenu->addAction(a);
    auto *settingsMenu = menuBar()->addMenu(tr("&Settings"));
    settingsMenu->addAction(m_servicesAction);
    settingsMenu->addAction(m_policiesAction);
    settingsMenu->addSeparator();
    settingsMenu->addAction(m_notificationsAction);
    settingsMenu->addSeparator();
    settingsMenu->addAction(m_pageSoundAction);
    settingsMenu->setToolTipsVisible(true);
    m_pageSoundAction->setCheckable(true);
    m_pageSoundAction->setChecked(m_pagingSound->isEnabled());
    m_pageSoundAction->setToolTip(tr("Play a chime when a new P1 or P2 alert pages you or your team."));
    connect(m_pageSoundAction, &QAction::toggled, m_pagingSound, &PagingSound::setEnabled);
    connect(m_servicesAction, &QAction::triggered, this, [this] {
        ServiceEditorDialog dialog(m_cache, m_engine, m_clock, QTimeZone::systemTimeZone(), this);
        dialog.exec();
    });
    connect(m_policiesAction, &QAction::triggered, this, [this] {
        EscalationPolicyEditorDialog dialog(m_cache, m_engine, this);
        dialog.exec();
    });
    connect(m_notificationsAction, &QAction::triggered, this, [this] {
        NotificationSettingsDialog dialog(m_engine, this);
        if (dialog.exec() == QDialog::Accepted)
            statusBar()->showMessage(tr("Your notification settings were saved."), 8000);
    });
    connect(&m_cache, &LocalCache::usersChanged, this, &MainWindow::updateRoleActions);
    connect(&m_cache, &LocalCache::currentUserIdChanged, this, &MainWindow::updateRoleActions);
    updateRoleActions();
    auto *toolbar = addToolBar(tr("Tickets"));
    toolbar->setObjectName(QStringLiteral("ticketsToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (auto *a : {newTicket, assign, move})
        toolbar->addAction(a);

    // Busy indicator while a fresh or long-offline cache receives pages of changes.
    m_catchUp->setRange(0, 0);
    m_catchUp->setMaximumWidth(140);
    m_catchUp->setVisible(false);
    statusBar()->addPermanentWidget(m_catchUp);
    statusBar()->addPermanentWidget(m_pending);
    statusBar()->addPermanentWidget(m_online);
    connect(&m_cache, &LocalCache::pendingCountChanged, this, &MainWindow::updateStatus);
    connect(m_tickets, &TicketsPane::message, this, [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_onCall, &OnCallPane::message, this, [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_alerts, &AlertsPane::message, this, [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_toast, &AlertToast::message, this, [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_toast, &AlertToast::showRequested, this, [this](const QString &id) {
        m_tabs->setCurrentWidget(m_alerts);
        m_alerts->showAlert(id);
    });
    connect(m_notifier, &AlertNotifier::urgentAlert, this, &MainWindow::announceAlert);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(TrayStatus::icon(m_trayStatus->state()), this);
        m_tray->setToolTip(m_trayStatus->toolTip());
        connect(m_trayStatus, &TrayStatus::changed, m_tray, [this] {
            m_tray->setIcon(TrayStatus::icon(m_trayStatus->state()));
            m_tray->setToolTip(m_trayStatus->toolTip());
        });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            showNormal();
            activateWindow();
            m_tabs->setCurrentWidget(m_alerts);
            m_alerts->showAlert(m_toast->alertId());
        });
        m_tray->show();
    }
    if (m_engine) {
        connect(m_engine, &SyncEngine::onlineChanged, this, &MainWindow::updateStatus);
        connect(m_engine, &SyncEngine::catchingUp, this, [this](bool active, qint64 rev) {
            m_catchUp->setVisible(active);
            if (active)
                statusBar()->showMessage(tr("Receiving changes from the server… (revision %1)").arg(rev));
            else
                statusBar()->clearMessage();
        });
        connect(m_engine, &SyncEngine::commandRejected, this,
                [this](const QString &, const QString &code, const QString &message) {
                    statusBar()->showMessage(Labels::error(code, message), 10000);
                });
        connect(m_engine, &SyncEngine::authenticationFailed, this, [this] {
            const QString reason = Labels::error(QStringLiteral("unauthorized"), {});
            statusBar()->showMessage(reason, 10000);
            Q_EMIT connectionRequested(reason);
        }, Qt::QueuedConnection);
        connect(m_engine, &SyncEngine::conflict, this, [this](const SyncConflict &c) {
            ConflictDialog dialog(c, [this](const QString &field, const QJsonValue &value) { return describe(field, value); },
                                  this);
            if (dialog.exec() == ConflictDialog::KeepMine)
                m_engine->resolveKeepMine();
            else
                m_engine->resolveTakeTheirs();
        }, Qt::QueuedConnection);
    }
    updateStatus();
    resize(1400, 820);
}

QString MainWindow::describe(const QString &field, const QJsonValue &value) const
{
    const QString text = value.toString();
    if (value.isNull() || value.isUndefined() || (text.isEmpty() && field.endsWith(QLatin1String("_id"))))
        return tr("(none)");
    if (field == u"priority")
        return priorityFromString(text) ? Labels::priority(*priorityFromString(text)) : text;
    if (field == u"type")
        return ticketTypeFromString(text) ? Labels::type(*ticketTypeFromString(text)) : text;
    if (field == u"status")
        return ticketStatusFromString(text) ? Labels::status(*ticketStatusFromString(text)) : text;
    if (field == u"assignee_id")
        return m_cache.userName(text);
    if (field == u"layers") { // a schedule's layers: "Primary: Kim, Lee; Secondary: Park"
        QStringList layers;
        for (const auto &layer : value.toArray()) {
            QStringList people;
            for (const auto &id : layer.toObject().value(QStringLiteral("participants")).toArray())
                people.append(m_cache.userName(id.toString()));
            layers.append(layer.toObject().value(QStringLiteral("name")).toString() + QStringLiteral(": ")
                          + people.join(QStringLiteral(", ")));
        }
        return layers.join(QStringLiteral("; "));
    }
    if (field == u"team_id")
        return m_cache.teamName(text);
    if (field == u"description" && text.size() > 200)
        return text.left(200) + u'…';
    return text;
}

Wallboard *MainWindow::wallboard() const { return m_wallboard; }

void MainWindow::toggleWallboard()
{
    if (m_wallboard) {
        m_wallboard->close();
        return;
    }
    m_wallboard = new Wallboard(m_alerts->alertModel(), m_onCall->board()->model(), this);
    m_wallboard->setAttribute(Qt::WA_DeleteOnClose);
    m_wallboard->setGeometry(screen()->geometry()); // full size also where no window manager honours full screen
    m_wallboard->showFullScreen();
}

void MainWindow::announceAlert(const QString &alertId)
{
    const AlertPtr a = m_cache.alert(alertId);
    if (!a)
        return;
    m_toast->showAlert(alertId);
    m_trayStatus->pageAnnounced(alertId);
    if (m_tray && QSystemTrayIcon::supportsMessages()) {
        const QString service = m_cache.serviceName(a->serviceId);
        m_tray->showMessage(tr("New %1 alert — %2").arg(Labels::priority(a->priority), service), a->message,
                            a->priority == Priority::P1 ? QSystemTrayIcon::Critical : QSystemTrayIcon::Warning, 15000);
    }
    m_pagingSound->pageArrived(a->priority);
}

void MainWindow::updateRoleActions()
{
    const QString role = m_cache.users().value(m_cache.currentUserId()).role;
    const bool manager = role == u"manager" || role == u"admin";
    for (QAction *a : {m_servicesAction, m_policiesAction}) {
        a->setEnabled(manager);
        a->setToolTip(manager ? QString() : tr("Only managers can edit services and escalation policies."));
    }
}

void MainWindow::updateStatus()
{
    const bool online = m_engine && m_engine->isOnline();
    m_trayStatus->setOnline(online);
    m_online->setText(online ? tr("● Online") : tr("○ Offline"));
    m_online->setStyleSheet(online ? QStringLiteral("color: #2e7d32; font-weight: bold")
                                   : QStringLiteral("color: #c62828; font-weight: bold"));
    const int pending = m_cache.pendingCount();
    m_pending->setText(pending == 0 ? tr("All changes sent") : tr("%n change(s) waiting to be sent", nullptr, pending));
}

} // namespace Vigil
