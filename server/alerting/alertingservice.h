#pragma once

#include "alerts/alert.h"
#include "common/result.h"

#include <QJsonObject>
#include <QStringList>

#include <functional>

namespace Vigil {

class AlertWriter;
class Clock;
class EscalationEngine;
class Store;

/// An event about an alert, from any ingest path (native JSON, Alertmanager, PagerDuty, Opsgenie, heartbeats),
/// already translated from the tool's wire format.
struct AlertEvent
{
    enum class Action { Trigger, Acknowledge, Resolve };
    Action action = Action::Trigger;
    QString serviceId;
    QString alias; // the de-duplication key; empty: a new alert whose alias is its id
    QString message;
    QString description;
    Priority priority = Priority::P3;
    QString source;
    QStringList tags;
    QJsonObject details;
    QString integrationId;
    QString integrationType; // native, alertmanager, pagerduty, opsgenie, heartbeat
    QString actorId;         // the user (native ingest, heartbeat pings), empty for tools
};

/// Limits of what an alert carries (docs/API.md "Limits"). People's requests beyond them are refused (400 naming
/// the field); events from monitoring tools, which would not send them differently, are cut to fit (fitToLimits).
inline constexpr qsizetype MaxTags = 50;
inline constexpr qsizetype MaxTagLength = 200;
inline constexpr qsizetype MaxDetailsBytes = 16 * 1024; // as compact JSON
inline constexpr qsizetype MaxAlertsPerWebhook = 1000;  // alerts in one Alertmanager notification
inline constexpr qint64 MaxSnoozeDays = 30;

/// The compact JSON size of an alert's details.
[[nodiscard]] qsizetype detailsBytes(const QJsonObject &details);
/// Cuts a tool's event to the limits: the first MaxTags tags, each at most MaxTagLength characters; details larger
/// than MaxDetailsBytes become {"truncated": true, "bytes": <their size>}.
void fitToLimits(AlertEvent &event);

/// Alerts: ingest with de-duplication, the actions people take, and the alert log. Every ingest path and every
/// action ends here, inside the caller's transaction (Store::write or writeGrouped); the escalation engine is told
/// what changed so that paging starts, stops or moves in the same commit.
class AlertingService final
{
public:
    AlertingService(Store &store, AlertWriter &writer, const Clock &clock);
    Q_DISABLE_COPY_MOVE(AlertingService)

    /// The engine that pages (null on a server that does not run it: steps are then stored and run by another
    /// server sharing the database, or at the next start).
    void setEscalationEngine(EscalationEngine *engine) { m_engine = engine; }

    struct IngestResult
    {
        QJsonObject alert; // as stored; empty: an acknowledge/resolve for an alias with nothing open
        bool deduplicated = false;
    };
    /// Inside a write: opens, de-duplicates, acknowledges or closes; logs; starts or stops the escalation.
    /// A new alert whose first rule is due at once is paged in this same transaction. On PostgreSQL, an event that
    /// loses a race with another server (both opening the alert, or both counting a repeat) is taken again on what
    /// the winner committed: one open alert per alias, every event counted, rule 0 paged once.
    [[nodiscard]] Result<IngestResult> ingest(const AlertEvent &event);

    /// The actions of POST /api/v1/alerts/:id/<action>.
    [[nodiscard]] static const QStringList &actionNames();
    /// Inside a write: one of actionNames() on the stored alert `alertId` by `actorId`; `body` carries the action's
    /// members (snooze: until; assign: user_id; notes: body). Returns the alert as saved. On PostgreSQL, done again
    /// on the fresh alert when another server changed it meanwhile (a repeat counted there).
    [[nodiscard]] Result<QJsonObject> act(const QString &alertId, const QString &action, const QString &actorId,
                                          const QJsonObject &body);

    /// Something may be due: the engine looks at its next step again (after actions, which commit on their own).
    void wakeEscalation();
    /// After a commit (or a group that failed): see EscalationEngine::committed().
    void committed(bool queuesTouched);

private:
    /// ingest() and act() once, on what the reads find now.
    [[nodiscard]] Result<IngestResult> ingestOnce(const AlertEvent &event);
    [[nodiscard]] Result<QJsonObject> actOnce(const QString &alertId, const QString &action, const QString &actorId,
                                              const QJsonObject &body);
    /// Runs `fn` (inside a write); on PostgreSQL in a savepoint, again (up to 4 times) while it fails as a conflict
    /// with what another server committed meanwhile. `what` names it in the log.
    Status retriedOnConflict(const QString &what, const std::function<Status()> &fn);
    /// Inside a write: applies `action` to `alert`, saves it and logs it with `logDetails` added.
    [[nodiscard]] Result<QJsonObject> applyAction(Alert &alert, const QString &action, const QString &actorId,
                                                  const QJsonObject &body, const QJsonObject &logDetails);

    Store &m_store;
    AlertWriter &m_writer;
    const Clock &m_clock;
    EscalationEngine *m_engine = nullptr;
};

} // namespace Vigil
