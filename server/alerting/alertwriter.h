#pragma once

#include "alerts/alert.h"
#include "common/result.h"

#include <QJsonObject>

namespace Vigil {

class Clock;
class Store;

/// Writes alerts and their append-only log, inside the caller's transaction. The alerting service, the escalation
/// engine and the delivery worker all write through it, so an alert's version, times and log entries are set the
/// same way whoever changes it.
class AlertWriter final
{
public:
    AlertWriter(Store &store, const Clock &clock) : m_store(store), m_clock(clock) {}
    Q_DISABLE_COPY_MOVE(AlertWriter)

    /// Saves the alert with a new version (version 0: created now, with its first and last-seen times). `stored`,
    /// when known, is the document it replaces, read in this transaction, so that only what changed is re-indexed.
    /// `written`, when given, receives the document as saved.
    [[nodiscard]] Status save(Alert &alert, const QJsonObject &stored = {}, QJsonObject *written = nullptr);
    /// Appends one entry to the alert's log (types in docs/API.md "Alert log"). `actorId` is empty for the system.
    [[nodiscard]] Status log(const QString &alertId, const QString &type, const QString &actorId, const QString &message,
                             const QJsonObject &details = {});

    [[nodiscard]] Store &store() const { return m_store; }
    [[nodiscard]] const Clock &clock() const { return m_clock; }

private:
    Store &m_store;
    const Clock &m_clock;
};

} // namespace Vigil
