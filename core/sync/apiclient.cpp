#include "apiclient.h"

#include "syncengine.h"

#include <QJsonArray>
#include <QMetaObject>
#include <QUuid>

namespace Vigil {

namespace ApiPath {

// Every path starts here; the version prefix is part of the contract with vigild (docs/API.md).
static QString root(QStringView rest) { return QStringLiteral("/api/v1") + rest; }

QString changes() { return root(u"/changes"); }
QString stream() { return root(u"/stream"); }
QString me() { return root(u"/me"); }
QString tickets() { return root(u"/tickets"); }
QString ticket(const QString &id) { return tickets() + u'/' + id; }
QString ticketTransitions(const QString &id) { return ticket(id) + QStringLiteral("/transitions"); }
QString ticketComments(const QString &id) { return ticket(id) + QStringLiteral("/comments"); }
QString schedule(const QString &id) { return root(u"/schedules/") + id; }
QString scheduleOverrides(const QString &scheduleId) { return schedule(scheduleId) + QStringLiteral("/overrides"); }
QString scheduleOverride(const QString &scheduleId, const QString &overrideId)
{
    return scheduleOverrides(scheduleId) + u'/' + overrideId;
}
QString alert(const QString &id) { return root(u"/alerts/") + id; }
QString alertAction(const QString &id, const QString &action) { return alert(id) + u'/' + action; }
QString escalationPolicies() { return root(u"/escalation_policies"); }
QString escalationPolicy(const QString &id) { return escalationPolicies() + u'/' + id; }
QString services() { return root(u"/services"); }
QString service(const QString &id) { return services() + u'/' + id; }
QString serviceIntegrations(const QString &serviceId) { return service(serviceId) + QStringLiteral("/integrations"); }
QString serviceIntegration(const QString &serviceId, const QString &integrationId)
{
    return serviceIntegrations(serviceId) + u'/' + integrationId;
}
QString notificationSettings() { return me() + QStringLiteral("/notification_settings"); }

} // namespace ApiPath

namespace {

ApiError errorOf(const ApiReply &reply)
{
    return ApiError{reply.status, reply.errorCode, reply.errorMessage, reply.errorField};
}

QString newKey() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

/// The answer as the saved document, or its error.
std::function<void(const ApiReply &)> document(ApiClient::Callback<QJsonObject> done)
{
    return [done = std::move(done)](const ApiReply &reply) {
        if (!reply.ok())
            return done(errorOf(reply));
        done(reply.body);
    };
}

/// The answer as bare success (204 and friends), or its error.
std::function<void(const ApiReply &)> status(ApiClient::Callback<Ok> done)
{
    return [done = std::move(done)](const ApiReply &reply) {
        if (!reply.ok())
            return done(errorOf(reply));
        done(Ok{});
    };
}

QDateTime timeOf(const QJsonObject &o, QLatin1String key)
{
    const QString text = o.value(key).toString();
    return text.isEmpty() ? QDateTime() : QDateTime::fromString(text, Qt::ISODateWithMs);
}

} // namespace

NotificationSettings NotificationSettings::fromJson(const QJsonObject &json)
{
    NotificationSettings s;
    for (const auto &v : json.value(QStringLiteral("contact_methods")).toArray()) {
        const QJsonObject m = v.toObject();
        s.contactMethods.append({m.value(QStringLiteral("id")).toString(), m.value(QStringLiteral("type")).toString(),
                                 m.value(QStringLiteral("address")).toString(),
                                 m.value(QStringLiteral("label")).toString()});
    }
    for (const auto &v : json.value(QStringLiteral("notification_rules")).toArray()) {
        const QJsonObject r = v.toObject();
        s.rules.append({r.value(QStringLiteral("after_minutes")).toInt(),
                        r.value(QStringLiteral("contact_method_id")).toString()});
    }
    return s;
}

QJsonObject NotificationSettings::toJson() const
{
    QJsonArray methods;
    for (const ContactMethod &m : contactMethods)
        methods.append(QJsonObject{{QStringLiteral("id"), m.id},
                                   {QStringLiteral("type"), m.type},
                                   {QStringLiteral("address"), m.address},
                                   {QStringLiteral("label"), m.label}});
    QJsonArray ruleArray;
    for (const NotificationRule &r : rules)
        ruleArray.append(QJsonObject{{QStringLiteral("after_minutes"), r.afterMinutes},
                                     {QStringLiteral("contact_method_id"), r.contactMethodId}});
    return {{QStringLiteral("contact_methods"), methods}, {QStringLiteral("notification_rules"), ruleArray}};
}

bool ApiClient::isOnline() const { return m_engine && m_engine->isOnline(); }

void ApiClient::send(const QByteArray &method, const QString &path, const QJsonObject &body, QObject *context,
                     std::function<void(const ApiReply &)> done, qint64 ifMatch, const QString &idempotencyKey) const
{
    if (!m_engine) {
        // Queued, so that a caller never sees its callback run before the call returns.
        QMetaObject::invokeMethod(context, [done = std::move(done)] { done(ApiReply{}); }, Qt::QueuedConnection);
        return;
    }
    m_engine->sendJson(method, path, body, context, std::move(done), ifMatch, idempotencyKey);
}

void ApiClient::createEscalationPolicy(const QJsonObject &policy, QObject *context, Callback<QJsonObject> done) const
{
    send("POST", ApiPath::escalationPolicies(), policy, context, document(std::move(done)), 0, newKey());
}

void ApiClient::updateEscalationPolicy(const QString &id, qint64 version, const QJsonObject &policy, QObject *context,
                                       Callback<QJsonObject> done) const
{
    send("PATCH", ApiPath::escalationPolicy(id), policy, context, document(std::move(done)), version);
}

void ApiClient::deleteEscalationPolicy(const QString &id, qint64 version, QObject *context, Callback<Ok> done) const
{
    send("DELETE", ApiPath::escalationPolicy(id), {}, context, status(std::move(done)), version);
}

void ApiClient::createService(const QJsonObject &service, QObject *context, Callback<QJsonObject> done) const
{
    send("POST", ApiPath::services(), service, context, document(std::move(done)), 0, newKey());
}

void ApiClient::updateService(const QString &id, qint64 version, const QJsonObject &service, QObject *context,
                              Callback<QJsonObject> done) const
{
    send("PATCH", ApiPath::service(id), service, context, document(std::move(done)), version);
}

void ApiClient::deleteService(const QString &id, qint64 version, QObject *context, Callback<Ok> done) const
{
    send("DELETE", ApiPath::service(id), {}, context, status(std::move(done)), version);
}

void ApiClient::integrations(const QString &serviceId, QObject *context, Callback<QList<Integration>> done) const
{
    send("GET", ApiPath::serviceIntegrations(serviceId), {}, context, [done = std::move(done)](const ApiReply &reply) {
        if (!reply.ok())
            return done(errorOf(reply));
        QList<Integration> list;
        for (const auto &v : reply.body.value(QStringLiteral("items")).toArray()) {
            const QJsonObject i = v.toObject();
            list.append({i.value(QStringLiteral("id")).toString(), i.value(QStringLiteral("name")).toString(),
                         i.value(QStringLiteral("type")).toString(), timeOf(i, QLatin1String("created_at")),
                         timeOf(i, QLatin1String("revoked_at")),
                         !i.value(QStringLiteral("revoked_at")).toString().isEmpty()});
        }
        done(list);
    });
}

void ApiClient::createIntegration(const QString &serviceId, const QString &type, const QString &name,
                                  QObject *context, Callback<NewIntegration> done) const
{
    QJsonObject body{{QStringLiteral("type"), type}};
    if (!name.isEmpty())
        body.insert(QStringLiteral("name"), name);
    // The engine is known here (send() answers offline without one), and the URL is only built on success.
    send("POST", ApiPath::serviceIntegrations(serviceId), body, context,
         [engine = m_engine, done = std::move(done)](const ApiReply &reply) {
             if (!reply.ok())
                 return done(errorOf(reply));
             QUrl url = engine->server();
             url.setPath(reply.body.value(QStringLiteral("path")).toString());
             url.setQuery(QString());
             done(NewIntegration{reply.body.value(QStringLiteral("key")).toString(), url});
         });
}

void ApiClient::revokeIntegration(const QString &serviceId, const QString &integrationId, QObject *context,
                                  Callback<Ok> done) const
{
    send("DELETE", ApiPath::serviceIntegration(serviceId, integrationId), {}, context, status(std::move(done)));
}

void ApiClient::notificationSettings(QObject *context, Callback<NotificationSettings> done) const
{
    send("GET", ApiPath::notificationSettings(), {}, context, [done = std::move(done)](const ApiReply &reply) {
        if (!reply.ok())
            return done(errorOf(reply));
        done(NotificationSettings::fromJson(reply.body));
    });
}

void ApiClient::saveNotificationSettings(const NotificationSettings &settings, QObject *context,
                                         Callback<Ok> done) const
{
    send("PUT", ApiPath::notificationSettings(), settings.toJson(), context, status(std::move(done)));
}

} // namespace Vigil
