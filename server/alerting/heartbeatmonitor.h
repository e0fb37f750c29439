#pragma once

#include <QObject>
#include <QTimer>

namespace Vigil {

class AlertingService;
class Clock;
class Store;

/// Opens an alert when a heartbeat was not pinged in time (alias "heartbeat:<name>" on its service, escalated like
/// any other); a ping closes it (POST /api/v1/heartbeats/<name>/ping). Checks every second.
class HeartbeatMonitor final : public QObject
{
    Q_OBJECT
public:
    HeartbeatMonitor(Store &store, AlertingService &alerting, const Clock &clock, QObject *parent = nullptr);
    void start();
    /// Opens alerts for heartbeats overdue now; returns how many were opened. Public for tests.
    int check();
    /// The alias of a heartbeat's alert: its name, so that a ping finds the alert it closes.
    [[nodiscard]] static QString aliasOf(const QString &name);

private:
    Store &m_store;
    AlertingService &m_alerting;
    const Clock &m_clock;
    QTimer m_timer;
};

} // namespace Vigil
