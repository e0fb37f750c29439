#pragma once

#include "alerts/alert.h"
#include "httpserver.h"
#include "sla/slapolicy.h"
#include "store/store.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QWebSocket;

namespace Vigil {

struct Schedule;

enum class Role { Viewer = 0, Responder, Agent, Manager, Admin };
[[nodiscard]] std::optional<Role> roleFromString(const QString &s);
[[nodiscard]] const QStringList &roleNames();

/// Validates a user's notification settings: {"contact_methods":[{"id","type":"email|webhook|slack|sms","address",
/// "label"}],"notification_rules":[{"after_minutes","contact_method_id"}]}; contact methods get ids when they have none.
[[nodiscard]] Result<QJsonObject> validateNotificationSettings(const QJsonObject &body);

struct Principal
{
    QString userId;
    Role role = Role::Viewer;
};

/// vigild's REST API over the Store: routes, auth, validation, idempotency, the change feed and live push.
class Api final : public QObject
{
    Q_OBJECT
public:
    Api(Store &store, const Clock &clock, QObject *parent = nullptr);
    ~Api() override;
    Q_DISABLE_COPY_MOVE(Api)

    void registerRoutes(HttpServer &server);
    /// The engine woken after ingest and actions (null: steps wait for its own timer).
    void setEscalationEngine(class EscalationEngine *engine) { m_engine = engine; }

private:
    // infrastructure
    [[nodiscard]] Result<Principal> authenticate(const HttpRequest &req) const;
    [[nodiscard]] HttpResponse guarded(const HttpRequest &req, Role minRole,
                                       const std::function<HttpResponse(const Principal &)> &fn) const;
    /// Runs a write in one transaction, honouring Idempotency-Key for creations.
    [[nodiscard]] HttpResponse mutate(const HttpRequest &req, const Principal &p, int okStatus,
                                      const std::function<Result<QJsonObject>()> &fn);
    /// A write route: role check, a JSON object body, then `handler` inside one transaction (mutate()).
    using WriteHandler = std::function<Result<QJsonObject>(const HttpRequest &, const QJsonObject &body, const Principal &)>;
    void routeWrite(HttpServer &server, const QString &method, const QString &pattern, Role role, int okStatus,
                    WriteHandler handler);
    void onCommitted(qint64 rev);
    void flushWaiters();
    void answerChanges(const std::shared_ptr<DeferredReply> &reply, qint64 since, int limit);

    // tickets
    [[nodiscard]] QJsonObject ticketOut(const QJsonObject &stored) const;
    [[nodiscard]] Result<QJsonObject> findTicket(const QString &idOrKey) const;
    [[nodiscard]] HttpResponse listTickets(const HttpRequest &req) const;
    /// A filter of a list: ?param=a,b matches rows whose column is one of the values (`allowed`, when not empty,
    /// lists the values accepted; otherwise the values are ids and "none" matches an empty reference).
    struct ListFilter
    {
        QString param;
        QString column;
        QStringList allowed;
    };
    /// Lists a kind that tracks revisions, most recently changed first, with keyset paging (?limit=&cursor=),
    /// the filters, and ?q= over the search column when `searchable`.
    [[nodiscard]] HttpResponse listRecent(Kind kind, const HttpRequest &req, const QList<ListFilter> &filters,
                                          bool searchable, const std::function<QJsonObject(const QJsonObject &)> &out) const;
    [[nodiscard]] Result<QJsonObject> createTicket(const QJsonObject &body, const Principal &p);
    [[nodiscard]] Result<QJsonObject> patchTicket(const HttpRequest &req, const QJsonObject &body);
    [[nodiscard]] Result<QJsonObject> transitionTicket(const HttpRequest &req, const QJsonObject &body);
    [[nodiscard]] Result<QJsonObject> addComment(const HttpRequest &req, const QJsonObject &body, const Principal &p);
    [[nodiscard]] Status checkRef(Kind k, const QString &field, const QString &id) const;

    // directory
    [[nodiscard]] Result<QJsonObject> saveUser(const QJsonObject &body, const QString &id);
    /// Shared by teams and services: name (unique) and description, plus the kind's own fields set by applyExtra.
    [[nodiscard]] Result<QJsonObject> saveNamed(Kind kind, const QJsonObject &body, const QString &id,
                                                const QStringList &extraFields,
                                                const std::function<Status(QJsonObject &, bool creating)> &applyExtra);
    [[nodiscard]] Result<QJsonObject> saveTeam(const QJsonObject &body, const QString &id);
    [[nodiscard]] Result<QJsonObject> saveService(const QJsonObject &body, const QString &id);
    [[nodiscard]] HttpResponse listKind(Kind k, const HttpRequest &req, const QString &orderBy) const;
    [[nodiscard]] SlaPolicy slaPolicy() const;

    // schedules and on-call (schedules.cpp)
    void registerScheduleRoutes(HttpServer &server);
    /// Creates (id empty) or changes a schedule from its wire JSON; members present replace the stored ones.
    [[nodiscard]] Result<QJsonObject> saveSchedule(const QJsonObject &body, const QString &id);
    /// team_id, layer participants and override users must name existing entities (400 with the field).
    [[nodiscard]] Status checkScheduleRefs(const Schedule &schedule) const;
    [[nodiscard]] Result<QJsonObject> addOverride(const HttpRequest &req, const QJsonObject &body);
    [[nodiscard]] HttpResponse removeOverride(const HttpRequest &req);
    [[nodiscard]] HttpResponse scheduleShifts(const HttpRequest &req) const;
    [[nodiscard]] HttpResponse onCallNow(const HttpRequest &req) const;

    // alerts, escalation policies, integrations and ingest (alerts.cpp)
    friend class EscalationEngine;
    friend class DeliveryWorker;
    friend class HeartbeatMonitor;
    void registerHeartbeatRoutes(HttpServer &server);
    void registerAlertRoutes(HttpServer &server);
    [[nodiscard]] Result<QJsonObject> savePolicy(const QJsonObject &body, const QString &id);
    /// An event about an alert from any ingest path.
    struct AlertEvent
    {
        enum class Action { Trigger, Acknowledge, Resolve };
        Action action = Action::Trigger;
        QString serviceId;
        QString alias;
        QString message;
        QString description;
        Priority priority = Priority::P3;
        QString source;
        QStringList tags;
        QJsonObject details;
        QString integrationId;
        QString integrationType;
        QString actorId; // the user (native ingest), empty for tools
    };
    struct IngestResult
    {
        QJsonObject alert; // as stored; empty: an acknowledge/resolve for an alias with nothing open
        bool deduplicated = false;
    };
    /// Inside write(): opens, de-duplicates, acknowledges or closes; logs; starts or stops the escalation.
    [[nodiscard]] Result<IngestResult> ingest(const AlertEvent &event);
    /// Inside write(): one of acknowledge, unacknowledge, close, snooze, assign, notes, escalate.
    [[nodiscard]] Result<QJsonObject> applyAction(Alert &alert, const QString &action, const QString &actorId,
                                                  const QJsonObject &body, const QJsonObject &logDetails);
    /// Inside write(): a new version of the alert (version 0: created now).
    /// Saves the alert with a new version; `stored` (when known) is the document it replaces, read in this
    /// transaction, so that only what changed is re-indexed.
    [[nodiscard]] Status saveAlert(Alert &alert, const QJsonObject &stored = {}, QJsonObject *written = nullptr);
    /// Inside write(): one entry of the alert's append-only log.
    [[nodiscard]] Status appendAlertLog(const QString &alertId, const QString &type, const QString &actorId,
                                        const QString &message, const QJsonObject &details = {});
    [[nodiscard]] HttpResponse ingestAlertmanager(const HttpRequest &req);
    [[nodiscard]] HttpResponse ingestPagerDuty(const HttpRequest &req);
    [[nodiscard]] HttpResponse ingestOpsgenie(const HttpRequest &req, const QString &action);
    void wakeEscalation();
    /// After a commit (or a group that failed): see EscalationEngine::committed().
    void escalationCommitted(bool queuesTouched);

    // contact methods and notification rules (notifications.cpp)
    void registerNotificationRoutes(HttpServer &server);

    // iCalendar feeds (calendar.cpp)
    void registerCalendarRoutes(HttpServer &server);
    /// The user owning the request's ?feed_token= (401 when missing, unknown or revoked).
    [[nodiscard]] Result<QString> feedTokenUser(const HttpRequest &req) const;
    /// [from, to) of the feeds: whole UTC days, 14 back and 90 ahead of today.
    [[nodiscard]] std::pair<QDateTime, QDateTime> feedWindow() const;
    [[nodiscard]] HttpResponse scheduleCalendar(const HttpRequest &req) const;
    [[nodiscard]] HttpResponse myCalendar(const HttpRequest &req) const;

    Store &m_store;
    class EscalationEngine *m_engine = nullptr;
    const Clock &m_clock;
    struct Waiter
    {
        std::shared_ptr<DeferredReply> reply;
        qint64 since;
        int limit;
        QDateTime deadline;
    };
    QList<Waiter> m_waiters;
    QTimer m_waiterTimer;
    QTimer m_pushTimer;
    QList<QWebSocket *> m_sockets;
    qint64 m_pushedRev = 0;
    mutable std::optional<SlaPolicy> m_policyCache;
};

} // namespace Vigil
