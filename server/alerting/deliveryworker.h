#pragma once

#include "store/store.h"

#include <QObject>
#include <QSet>
#include <QTimer>

namespace Vigil {

class AlertWriter;
class Clock;
class Notifier;
struct DeliveryResult;

/// Sends the notifications the escalation engine queued (table deliveries) through the user's contact methods:
/// e-mail, generic webhook, Slack, SMS. Each attempt is logged on the alert with its outcome and latency. A
/// retryable failure is tried again with backoff (retryDelay()), up to AttemptsBeforeFallback attempts; then, or
/// at once for a permanent failure, the user's next contact method is tried. Deliveries of an alert that was
/// acknowledged or closed are dropped before they are sent. A queued delivery survives a restart; one in flight
/// when the process dies is sent again (at least once).
class DeliveryWorker final : public QObject
{
    Q_OBJECT
public:
    DeliveryWorker(Store &store, AlertWriter &writer, const Clock &clock, Notifier &notifier, QObject *parent = nullptr);

    void start();
    /// Look at the queue again soon (after the engine queued something).
    void wake();
    /// Whether a run was put off because a commit group was open (EscalationEngine::committed() wakes the engine,
    /// which wakes this worker).
    [[nodiscard]] bool deferred() const { return m_deferred; }

private:
    void runDue();
    void plan();
    void send(const PendingDelivery &d);
    void finished(const PendingDelivery &d, const QJsonObject &method, const DeliveryResult &result);

    Store &m_store;
    AlertWriter &m_writer;
    const Clock &m_clock;
    Notifier &m_notifier;
    QTimer m_timer;
    bool m_deferred = false;
    QSet<QString> m_inFlight;
};

} // namespace Vigil
