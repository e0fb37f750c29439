#pragma once

#include "alerts/alert.h"
#include "common/result.h"
#include "store/store.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>

namespace Vigil {

class AlertWriter;
struct EscalationPolicy;
class Clock;

/// Runs escalations (DESIGN.md §5, docs/ESCALATION.md). Each escalating alert has one pending step in the store
/// (table escalation_steps) with its due time; firing a step — resolving its targets, logging who was paged,
/// writing the alert's new level and the next step — is one transaction, so after a restart or a kill -9 the engine
/// resumes where it stopped and no step is sent twice or skipped. Acknowledging or closing removes the pending step
/// in the same transaction as the action, so it stops at once, from any client.
///
/// Paging a person is recorded in the alert's log ("notified", channel "console"); the change feed carries it to
/// the person's running console at once.
class EscalationEngine final : public QObject
{
    Q_OBJECT
public:
    EscalationEngine(Store &store, AlertWriter &writer, const Clock &clock, QObject *parent = nullptr);

    /// The worker woken when steps queued deliveries (null: none are sent).
    void setDeliveryWorker(class DeliveryWorker *worker) { m_deliveries = worker; }
    /// Starts the timer (fires what is due, then waits for the next due step).
    void start();
    /// Something changed: look at the next due step again (cheap; called after every ingest and action).
    void wake();
    /// After a commit: wake() when it may have queued, moved or removed steps or deliveries, or when this engine or
    /// its delivery worker put off a run because a commit group was open. A group of de-duplicated repeats queues
    /// nothing, and costs the engine no query.
    void committed(bool queuesTouched);
    /// Fires every step due now; returns how many fired. A step that fails is retried after a back-off of its own
    /// (1 s, doubling to 5 min) while the others go on. Public for tests.
    int runDue();
    /// Milliseconds until the engine runs next (-1: not planned). For tests.
    [[nodiscard]] int msUntilNextRun() const { return m_timer.isActive() ? m_timer.remainingTime() : -1; }
    /// Inside write(), for a new alert not saved yet whose first step (from prepare()) is due now: fires that step in
    /// the caller's transaction, so that the alert and its first pages are one commit. The alert is saved once, with
    /// its new level; then `afterSave` runs (the "received" entry), who was paged is logged and the next step is
    /// persisted. Returns false, having done nothing, when the step is not due yet or this server does not run the
    /// engine: the caller then saves the alert and calls begin().
    /// `written`, when given, receives the alert's document as saved.
    [[nodiscard]] Result<bool> fireNew(Alert &alert, const PendingStep &step, const std::function<Status()> &afterSave,
                                       QJsonObject *written = nullptr);

    /// When the maintenance window of `service` that covers `now` ends (following windows that overlap or touch
    /// it); invalid when no window covers `now`.
    [[nodiscard]] static QDateTime maintenanceEnd(const QJsonObject &service, const QDateTime &now);
    /// Inside write(), before the new alert is saved: the alert's escalation fields for its service's policy, and
    /// the step to persist once it is saved (nullopt: nobody will be paged — no policy, or not open). An alert in a
    /// maintenance window gets its first step at the window's end: if it is still open then, paging starts.
    [[nodiscard]] static std::optional<PendingStep> prepare(Store &store, const QDateTime &now, Alert &alert);
    /// Inside write(), after the alert is saved: persists the step from prepare() and logs why nobody is paged when
    /// there is none.
    [[nodiscard]] static Status begin(Store &store, AlertWriter &writer, const Alert &alert, const std::optional<PendingStep> &step);
    /// Inside write(), after an action changed the alert and before it is saved: stops, restarts, delays or
    /// advances the escalation (acknowledged/closed stop it; unacknowledged restarts it; snoozed waits until the
    /// snooze ends and pages the current level again; escalated fires the next rule now; assigned pages the new owner).
    [[nodiscard]] static Status onAction(Store &store, Alert &alert, const QString &logType);
    /// Inside write(): pages people at once (an alert assigned to someone pages them).
    [[nodiscard]] static Status pageUsers(AlertWriter &writer, const Alert &alert, const QStringList &users, const QJsonObject &why);

private:
    /// Inside write(): fires one due step.
    Status fire(const PendingStep &step);
    /// Inside write(): pages `step`'s rule for the open `alert`: saves the alert with its new level, runs
    /// `afterSave` (may be empty), logs who was paged (and gaps), queues deliveries, and sets or clears the next step.
    /// `written`, when given, receives the alert's document as saved.
    Status page(Alert &alert, const EscalationPolicy &policy, const PendingStep &step,
                const std::function<Status()> &afterSave, QJsonObject *written = nullptr);
    void plan();

    Store &m_store;
    AlertWriter &m_writer;
    const Clock &m_clock;
    QTimer m_timer;
    bool m_deferred = false; // a run was put off while a group was open
    /// Steps that failed, by alert: how often in a row, and when to try again. Kept in memory only: after a
    /// restart a failing step is tried again at once, then backs off anew.
    struct Backoff
    {
        int failures = 0;
        QDateTime retryAt;
    };
    QHash<QString, Backoff> m_backoff;
    class DeliveryWorker *m_deliveries = nullptr;
};

} // namespace Vigil
