#pragma once

#include <QJsonValue>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QProgressBar;
class QSystemTrayIcon;
class QTabWidget;

namespace Vigil {

class Clock;
class LocalCache;
class SyncEngine;
class AlertNotifier;
class AlertToast;
class AlertsPane;
class OnCallPane;
class PagingSound;
class TrayStatus;
class Wallboard;
class TicketsPane;

/// The console's main window: the Tickets, On-call and Alerts panes, actions with shortcuts, and a status bar that always shows
/// whether the server is reachable and how many changes wait to be sent. `engine` may be null (no server).
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(LocalCache &cache, SyncEngine *engine, const Clock &clock, QWidget *parent = nullptr);
    [[nodiscard]] TicketsPane *ticketsPane() const { return m_tickets; }
    [[nodiscard]] OnCallPane *onCallPane() const { return m_onCall; }
    [[nodiscard]] AlertsPane *alertsPane() const { return m_alerts; }
    [[nodiscard]] AlertToast *alertToast() const { return m_toast; }
    [[nodiscard]] QTabWidget *tabs() const { return m_tabs; }
    /// The NOC wall screen, while it is open (F11 opens and closes it).
    [[nodiscard]] Wallboard *wallboard() const;
    void toggleWallboard();
    /// Settings menu: the service and escalation-policy editors (managers) and the user's own notifications.
    [[nodiscard]] QAction *servicesAction() const { return m_servicesAction; }
    [[nodiscard]] QAction *policiesAction() const { return m_policiesAction; }
    [[nodiscard]] QAction *notificationsAction() const { return m_notificationsAction; }
    /// Settings → Sound for new pages: checkable, stored by PagingSound.
    [[nodiscard]] QAction *pageSoundAction() const { return m_pageSoundAction; }
    [[nodiscard]] PagingSound *pagingSound() const { return m_pagingSound; }
    /// What the tray icon shows (online, offline, paging); the tray itself exists only where the desktop has one.
    [[nodiscard]] TrayStatus *trayStatus() const { return m_trayStatus; }

Q_SIGNALS:
    /// The user asked to change the server or token, or the server refused the token (`reason` then says so): the
    /// application shows the connection dialog (it owns the keychain and the engine's lifetime).
    void connectionRequested(const QString &reason);

private:
    [[nodiscard]] QString describe(const QString &field, const QJsonValue &value) const;
    void updateStatus();
    /// Enables the manager-only editors for managers and admins; others see why in the tooltip.
    void updateRoleActions();
    /// A new P1/P2 alert for me or my team: tray message, paging icon and chime, and the in-app toast.
    void announceAlert(const QString &alertId);

    LocalCache &m_cache;
    SyncEngine *m_engine;
    const Clock &m_clock;
    TicketsPane *m_tickets;
    OnCallPane *m_onCall;
    AlertsPane *m_alerts;
    QTabWidget *m_tabs;
    AlertNotifier *m_notifier;
    AlertToast *m_toast;
    QSystemTrayIcon *m_tray = nullptr;
    QPointer<Wallboard> m_wallboard;
    QLabel *m_online;
    QLabel *m_pending;
    QProgressBar *m_catchUp;
    QAction *m_servicesAction;
    QAction *m_policiesAction;
    QAction *m_notificationsAction;
    QAction *m_pageSoundAction;
    TrayStatus *m_trayStatus;
    PagingSound *m_pagingSound;
};

} // namespace Vigil
