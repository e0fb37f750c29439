#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Vigil {

class Clock;
class Connection;

struct Heartbeat
{
    QString name;
    QString serviceId;
    int intervalSeconds = 60;
    QString priority; // P1–P5 of the alert a missed heartbeat opens
    QDateTime lastPing;
    QDateTime createdAt;
    [[nodiscard]] QJsonObject toJson(const QDateTime &now) const;
};

/// The heartbeats table: named pings that monitored jobs send, each expected every intervalSeconds (vigild's
/// HeartbeatMonitor opens an alert when one is missed). Not in the change feed. Not thread-safe: one Store per
/// thread. add(), remove() and ping() must run inside Store::write().
class Heartbeats final
{
public:
    Heartbeats(Connection &connection, const Clock &clock);
    Q_DISABLE_COPY_MOVE(Heartbeats)

    /// Inside write(); conflict when the name is taken.
    Status add(const Heartbeat &h);
    /// Inside write(); not_found when there is none.
    Status remove(const QString &name);
    /// Inside write(): records a ping now; not_found when there is none.
    Status ping(const QString &name);
    [[nodiscard]] std::optional<Heartbeat> find(const QString &name) const;
    /// Every heartbeat, by name.
    [[nodiscard]] QList<Heartbeat> all() const;

private:
    Connection &m_connection;
    const Clock &m_clock;
};

} // namespace Vigil
