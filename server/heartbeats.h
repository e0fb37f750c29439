#pragma once

#include <QObject>
#include <QTimer>

namespace Vigil {

class Api;
class Clock;
class Store;

/// Opens an alert when a heartbeat was not pinged in time (alias "heartbeat:<name>" on its service, escalated like
/// any other); a ping closes it (POST /api/v1/heartbeats/<name>/ping). Checks every second.
class HeartbeatMonitor final : public QObject
{
    Q_OBJECT
public:
    HeartbeatMonitor(Store &store, Api &api, const Clock &clock, QObject *parent = nullptr);
    void start();
    /// Opens alerts for heartbeats overdue now; returns how many were opened. Public for tests.
    int check();

private:
    Store &m_store;
    Api &m_api;
    const Clock &m_clock;
    QTimer m_timer;
};

} // namespace Vigil
