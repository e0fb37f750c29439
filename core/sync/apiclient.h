#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>
#include <utility>

class QObject;

namespace Vigil {

class SyncEngine;
struct ApiReply;

/// The server's REST paths that the console uses, relative to the server root. This is the only place that spells
/// them: the outbox, the sync engine and ApiClient build every request from here, so a route that moves on the
/// server moves here once. Ids are inserted as they are (the server's ids are URL-safe UUIDs).
namespace ApiPath {
[[nodiscard]] QString changes();
[[nodiscard]] QString stream();
[[nodiscard]] QString me();
[[nodiscard]] QString tickets();
[[nodiscard]] QString ticket(const QString &id);
[[nodiscard]] QString ticketTransitions(const QString &id);
[[nodiscard]] QString ticketComments(const QString &id);
[[nodiscard]] QString schedule(const QString &id);
[[nodiscard]] QString scheduleOverrides(const QString &scheduleId);
[[nodiscard]] QString scheduleOverride(const QString &scheduleId, const QString &overrideId);
[[nodiscard]] QString alert(const QString &id);
/// POST target of an alert action: "acknowledge", "unacknowledge", "close", "snooze", "assign", "notes", "escalate".
[[nodiscard]] QString alertAction(const QString &id, const QString &action);
[[nodiscard]] QString escalationPolicies();
[[nodiscard]] QString escalationPolicy(const QString &id);
[[nodiscard]] QString services();
[[nodiscard]] QString service(const QString &id);
[[nodiscard]] QString serviceIntegrations(const QString &serviceId);
[[nodiscard]] QString serviceIntegration(const QString &serviceId, const QString &integrationId);
[[nodiscard]] QString notificationSettings();
} // namespace ApiPath

/// Why an online request failed: the HTTP status (0 when the server was not reached: offline, timeout) and the
/// API's error object. The console turns it into translated text; `message` is the server's English.
struct ApiError
{
    int status = 0;
    QString code;
    QString message;
    QString field; // the field at fault, e.g. "rules[1].targets[0].id"; empty when no single field is
    [[nodiscard]] bool offline() const { return status == 0; }
};

/// What a typed call delivers: the endpoint's value, or an ApiError.
template<typename T>
class ApiResult
{
public:
    ApiResult(T value) : m_value(std::move(value)) {}         // NOLINT: implicit by design
    ApiResult(ApiError error) : m_error(std::move(error)) {}  // NOLINT

    [[nodiscard]] bool ok() const { return m_value.has_value(); }
    [[nodiscard]] const T &value() const { return *m_value; }
    [[nodiscard]] const ApiError &error() const { return m_error; }

private:
    std::optional<T> m_value;
    ApiError m_error;
};

/// One integration of a service, as listed (the list never carries keys).
struct Integration
{
    QString id;
    QString name;
    QString type;        // "alertmanager", "pagerduty" or "opsgenie"
    QDateTime createdAt; // UTC
    QDateTime revokedAt; // UTC; invalid while the key works
    bool revoked = false;
};

/// A newly created integration. The key exists only in this answer: the server keeps nothing but its hash.
struct NewIntegration
{
    QString key;
    QUrl url; // where the monitoring tool sends its alerts (the server's address and the integration's path)
};

/// One of the user's contact methods.
struct ContactMethod
{
    QString id; // chosen by the console for a new method, so rules can name it before it is saved
    QString type; // "email", "webhook", "slack" or "sms"
    QString address;
    QString label;
    friend bool operator==(const ContactMethod &, const ContactMethod &) = default;
};

/// After `afterMinutes` of an unacknowledged page, notify through the contact method `contactMethodId`.
struct NotificationRule
{
    int afterMinutes = 0;
    QString contactMethodId;
    friend bool operator==(const NotificationRule &, const NotificationRule &) = default;
};

/// The user's own notification settings (GET and PUT as a whole).
struct NotificationSettings
{
    QList<ContactMethod> contactMethods;
    QList<NotificationRule> rules;
    [[nodiscard]] static NotificationSettings fromJson(const QJsonObject &json);
    [[nodiscard]] QJsonObject toJson() const;
    friend bool operator==(const NotificationSettings &, const NotificationSettings &) = default;
};

/// The console's typed client for the requests it makes online, outside the outbox: the administrative editors
/// (escalation policies, services and their integrations) and the user's notification settings. One method per
/// endpoint. Each sends through SyncEngine::sendJson() (so it shares the engine's server, token and network access,
/// and a success pulls the change feed), and calls `done` on the GUI thread unless `context` is destroyed first.
///
/// Edits carry If-Match with the version the user edited; creations carry a fresh Idempotency-Key, so a retried
/// creation cannot create twice. Without an engine every call reports an offline ApiError (from the event loop, never
/// from inside the call). With one, the call is sent even when the engine believes it is offline: callers ask
/// isOnline() first and say "needs the server" themselves, and a stale flag must not block a request that would work.
class ApiClient final
{
public:
    template<typename T>
    using Callback = std::function<void(const ApiResult<T> &)>;

    explicit ApiClient(SyncEngine *engine) : m_engine(engine) {}

    /// Whether requests can be sent now; the editors say "needs the server" instead of trying when not.
    [[nodiscard]] bool isOnline() const;

    // Escalation policies, in wire form (the cache's documents); `done` gets the saved policy.
    void createEscalationPolicy(const QJsonObject &policy, QObject *context, Callback<QJsonObject> done) const;
    void updateEscalationPolicy(const QString &id, qint64 version, const QJsonObject &policy, QObject *context,
                                Callback<QJsonObject> done) const;
    void deleteEscalationPolicy(const QString &id, qint64 version, QObject *context, Callback<Ok> done) const;

    // Services, in wire form; `done` gets the saved service.
    void createService(const QJsonObject &service, QObject *context, Callback<QJsonObject> done) const;
    void updateService(const QString &id, qint64 version, const QJsonObject &service, QObject *context,
                       Callback<QJsonObject> done) const;
    void deleteService(const QString &id, qint64 version, QObject *context, Callback<Ok> done) const;

    // A service's integrations. `name` may be empty (the server names it after its type).
    void integrations(const QString &serviceId, QObject *context, Callback<QList<Integration>> done) const;
    void createIntegration(const QString &serviceId, const QString &type, const QString &name, QObject *context,
                           Callback<NewIntegration> done) const;
    void revokeIntegration(const QString &serviceId, const QString &integrationId, QObject *context,
                           Callback<Ok> done) const;

    // The signed-in user's notification settings.
    void notificationSettings(QObject *context, Callback<NotificationSettings> done) const;
    void saveNotificationSettings(const NotificationSettings &settings, QObject *context, Callback<Ok> done) const;

private:
    /// Sends and hands the raw answer on; offline at once when there is no engine or it is offline.
    void send(const QByteArray &method, const QString &path, const QJsonObject &body, QObject *context,
              std::function<void(const ApiReply &)> done, qint64 ifMatch = 0, const QString &idempotencyKey = {}) const;

    SyncEngine *m_engine;
};

} // namespace Vigil
