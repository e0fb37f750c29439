#pragma once

#include <QJsonValue>
#include <QMainWindow>

class QLabel;
class QProgressBar;

namespace Vigil {

class Clock;
class LocalCache;
class SyncEngine;
class OnCallPane;
class TicketsPane;

/// The console's main window: the Tickets pane, actions with shortcuts, and a status bar that always shows
/// whether the server is reachable and how many changes wait to be sent. `engine` may be null (no server).
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(LocalCache &cache, SyncEngine *engine, const Clock &clock, QWidget *parent = nullptr);
    [[nodiscard]] TicketsPane *ticketsPane() const { return m_tickets; }
    [[nodiscard]] OnCallPane *onCallPane() const { return m_onCall; }

Q_SIGNALS:
    /// The user asked to change the server or token, or the server refused the token (`reason` then says so): the
    /// application shows the connection dialog (it owns the keychain and the engine's lifetime).
    void connectionRequested(const QString &reason);

private:
    [[nodiscard]] QString describe(const QString &field, const QJsonValue &value) const;
    void updateStatus();

    LocalCache &m_cache;
    SyncEngine *m_engine;
    TicketsPane *m_tickets;
    OnCallPane *m_onCall;
    QLabel *m_online;
    QLabel *m_pending;
    QProgressBar *m_catchUp;
};

} // namespace Vigil
