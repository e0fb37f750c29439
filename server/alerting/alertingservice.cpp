// Alerts: ingest with de-duplication, the actions people take, and the alert log. Every ingest route (native JSON,
// Alertmanager, PagerDuty, Opsgenie; routes/ingestroutes.cpp and routes/alertroutes.cpp) and the heartbeat
// monitor end in AlertingService::ingest(): one transaction that opens or de-duplicates (or acknowledges / closes)
// an alert, appends to its log and starts its escalation.
#include "alertingservice.h"

#include "alertwriter.h"
#include "escalationengine.h"

#include "common/clock.h"
#include "common/json.h"
#include "store/store.h"

#include <QJsonDocument>
#include <QLoggingCategory>

#include <optional>

Q_LOGGING_CATEGORY(lcAlerting, "vigil.server.alerting")

namespace Vigil {

using namespace Qt::StringLiterals;

namespace {

constexpr int MaxMessage = 500;
constexpr int MaxDescription = 65536;

} // namespace

AlertingService::AlertingService(Store &store, AlertWriter &writer, const Clock &clock)
    : m_store(store), m_writer(writer), m_clock(clock)
{
}

const QStringList &AlertingService::actionNames()
{
    static const QStringList names{u"acknowledge"_s, u"unacknowledge"_s, u"close"_s, u"snooze"_s,
                                   u"assign"_s,      u"notes"_s,         u"escalate"_s};
    return names;
}

Result<QJsonObject> AlertingService::act(const QString &alertId, const QString &action, const QString &actorId,
                                         const QJsonObject &body)
{
    std::optional<Result<QJsonObject>> result;
    const Status st = retriedOnConflict(u"alert "_s + alertId, [&]() -> Status {
        result.emplace(actOnce(alertId, action, actorId, body));
        return *result ? Status(Ok{}) : Status(result->error());
    });
    return st ? std::move(*result) : Result<QJsonObject>(st.error());
}

Result<QJsonObject> AlertingService::actOnce(const QString &alertId, const QString &action, const QString &actorId,
                                             const QJsonObject &body)
{
    auto stored = m_store.get(Kind::Alert, alertId);
    if (!stored)
        return stored.error();
    auto a = Alert::fromJson(stored.value());
    if (!a)
        return a.error();
    return applyAction(a.value(), action, actorId, body, {});
}

Status AlertingService::retriedOnConflict(const QString &what, const std::function<Status()> &fn)
{
    // SQLite has one writer: nothing can come between the reads of a write and its changes.
    if (!m_store.isPostgres())
        return fn();
    // On PostgreSQL a server sharing the database may open the alert, count a repeat of it or act on it between
    // this transaction's reads and its write (reads before the transaction locks the revision counter see the last
    // commit). Its commit makes the write fail as a conflict (the unique index of open alerts, the version of the
    // row read): the attempt is undone, pages included, and done again on what the other server wrote.
    constexpr int MaxAttempts = 4;
    for (int attempt = 1;; ++attempt) {
        const Status st = m_store.attempt(fn);
        if (st || st.error().code != QLatin1String(ErrorCode::Conflict) || attempt == MaxAttempts)
            return st;
        qCInfo(lcAlerting) << what << "was written by another server meanwhile: done again";
    }
}

Result<AlertingService::IngestResult> AlertingService::ingest(const AlertEvent &ev)
{
    std::optional<Result<IngestResult>> result;
    const Status st = retriedOnConflict(u"alias "_s + ev.alias, [&]() -> Status {
        result.emplace(ingestOnce(ev));
        return *result ? Status(Ok{}) : Status(result->error());
    });
    return st ? std::move(*result) : Result<IngestResult>(st.error());
}

Result<AlertingService::IngestResult> AlertingService::ingestOnce(const AlertEvent &ev)
{
    const QDateTime now = m_clock.now();
    // The alert this event is about: the open (or acknowledged) one with this alias on this service; the unique
    // index of open alerts (migration 9) holds at most one.
    QJsonObject currentRow;
    if (!ev.alias.isEmpty()) {
        currentRow = m_store.first(Kind::Alert, u"service_id = ? AND alias = ? AND status <> 'closed'"_s,
                                   {ev.serviceId, ev.alias}, {})
                         .value_or(QJsonObject());
    }
    // An open alert vouches for its service (a service with alerts cannot be deleted): only without one is the
    // service read, to open an alert on it or to say it does not exist.
    QJsonObject service;
    if (currentRow.isEmpty()) {
        auto found = m_store.get(Kind::Service, ev.serviceId);
        if (!found)
            return Error::make(ErrorCode::InvalidField, QStringLiteral("no service %1").arg(ev.serviceId), u"service_id"_s);
        service = found.value();
    }
    const QJsonObject via{{u"integration_type"_s, ev.integrationType},
                          {u"integration_id"_s, ev.integrationId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(ev.integrationId)}};
    if (ev.action == AlertEvent::Action::Trigger) {
        if (!currentRow.isEmpty()) {
            // A repeat moves four members of the stored document; the alert is not decoded and re-encoded.
            const QJsonObject o = Alert::seenAgain(currentRow, now);
            const QString id = o.value(u"id"_s).toString();
            if (auto st = m_store.put(Kind::Alert, o, currentRow); !st)
                return st.error();
            if (auto st = m_writer.log(id, u"deduplicated"_s, ev.actorId,
                                         QStringLiteral("Seen again (%1 times); nobody is paged again")
                                             .arg(o.value(u"count"_s).toInteger()),
                                         via);
                !st)
                return st.error();
            return IngestResult{o, true};
        }
        Alert a;
        a.id = Json::newId();
        a.serviceId = ev.serviceId;
        a.teamId = service.value(u"team_id"_s).toString();
        a.message = Json::oneLine(ev.message, MaxMessage);
        a.description = ev.description.left(MaxDescription);
        a.priority = ev.priority;
        a.source = Json::oneLine(ev.source, 200);
        a.tags = ev.tags;
        a.details = ev.details;
        a.alias = ev.alias.isEmpty() ? a.id : ev.alias;
        a.lastSeenAt = now;
        a.integrationId = ev.integrationId;
        a.integrationType = ev.integrationType;
        a.inMaintenance = EscalationEngine::maintenanceEnd(service, now).isValid();
        a.policyId = service.value(u"escalation_policy_id"_s).toString();
        const auto step = EscalationEngine::prepare(m_store, now, a);
        const auto received = [&] {
            return m_writer.log(a.id, u"received"_s, ev.actorId, QStringLiteral("Received from %1").arg(ev.integrationType), via);
        };
        QJsonObject written;
        if (m_engine && step) {
            // Rule 0 due at once fires in this same transaction: one commit per new alert, pages included.
            auto fired = m_engine->fireNew(a, *step, received, &written);
            if (!fired)
                return fired.error();
            if (fired.value())
                return IngestResult{written, false};
        }
        if (auto st = m_writer.save(a, {}, &written); !st)
            return st.error();
        if (auto st = received(); !st)
            return st.error();
        if (auto st = EscalationEngine::begin(m_store, m_writer, a, step); !st)
            return st.error();
        return IngestResult{written, false};
    }
    if (currentRow.isEmpty())
        return IngestResult{}; // nothing open under this alias: nothing to do (as the originals)
    auto current = Alert::fromJson(currentRow);
    if (!current)
        return current.error();
    const QString action = ev.action == AlertEvent::Action::Acknowledge ? u"acknowledge"_s : u"close"_s;
    auto changed = applyAction(current.value(), action, ev.actorId, {}, via);
    if (!changed)
        return changed.error();
    return IngestResult{changed.value(), false};
}

Result<QJsonObject> AlertingService::applyAction(Alert &a, const QString &action, const QString &actorId, const QJsonObject &body,
                                     const QJsonObject &logDetails)
{
    const QDateTime now = m_clock.now();
    QString type = action;
    QString message;
    QJsonObject details = logDetails;
    if (action == u"acknowledge") {
        if (a.status != AlertStatus::Open)
            return Error::make(ErrorCode::InvalidTransition, QStringLiteral("the alert is %1").arg(toString(a.status)), u"status"_s);
        a.status = AlertStatus::Acknowledged;
        a.acknowledgedBy = actorId;
        a.acknowledgedAt = now;
        type = u"acknowledged"_s;
        message = u"Acknowledged: escalation stopped"_s;
    } else if (action == u"unacknowledge") {
        if (a.status != AlertStatus::Acknowledged)
            return Error::make(ErrorCode::InvalidTransition, QStringLiteral("the alert is %1").arg(toString(a.status)), u"status"_s);
        a.status = AlertStatus::Open;
        a.acknowledgedBy.clear();
        a.acknowledgedAt = {};
        type = u"unacknowledged"_s;
        message = u"Unacknowledged: escalation starts again"_s;
    } else if (action == u"close") {
        if (a.status == AlertStatus::Closed)
            return Error::make(ErrorCode::InvalidTransition, u"the alert is closed"_s, u"status"_s);
        a.status = AlertStatus::Closed;
        a.closedBy = actorId;
        a.closedAt = now;
        type = u"closed"_s;
        message = u"Closed"_s;
    } else if (action == u"snooze") {
        if (a.status == AlertStatus::Closed)
            return Error::make(ErrorCode::InvalidTransition, u"the alert is closed"_s, u"status"_s);
        const QDateTime until = Json::parseTime(body.value(u"until"_s).toString());
        if (!until.isValid() || until <= now)
            return Error::make(ErrorCode::InvalidField, u"until must be an RFC 3339 time in the future"_s, u"until"_s);
        // An alert snoozed for years is an alert forgotten: close it instead.
        if (until > now.addDays(MaxSnoozeDays))
            return Error::make(ErrorCode::InvalidField,
                               QStringLiteral("until must be at most %1 days ahead").arg(MaxSnoozeDays), u"until"_s);
        a.snoozedUntil = until;
        type = u"snoozed"_s;
        message = QStringLiteral("Snoozed until %1").arg(Json::formatTime(until));
        details.insert(u"until"_s, Json::formatTime(until));
    } else if (action == u"assign") {
        if (a.status == AlertStatus::Closed)
            return Error::make(ErrorCode::InvalidTransition, u"the alert is closed"_s, u"status"_s);
        const QString user = body.value(u"user_id"_s).toString();
        if (user.isEmpty())
            return Error::make(ErrorCode::MissingField, u"user_id is required"_s, u"user_id"_s);
        if (auto st = m_store.get(Kind::User, user); !st)
            return Error::make(ErrorCode::InvalidField, QStringLiteral("user_id refers to no user with id %1").arg(user), u"user_id"_s);
        a.ownerId = user;
        type = u"assigned"_s;
        message = u"Assigned"_s;
        details.insert(u"user_id"_s, user);
    } else if (action == u"notes") {
        const QString note = body.value(u"body"_s).toString().trimmed();
        if (note.isEmpty())
            return Error::make(ErrorCode::MissingField, u"body is required"_s, u"body"_s);
        if (note.size() > 10000)
            return Error::make(ErrorCode::InvalidField, u"body must be at most 10000 characters"_s, u"body"_s);
        type = u"note"_s;
        message = note;
    } else if (action == u"escalate") {
        if (a.status == AlertStatus::Closed)
            return Error::make(ErrorCode::InvalidTransition, u"the alert is closed"_s, u"status"_s);
        type = u"escalated"_s;
        message = u"Escalated now by hand"_s;
    } else {
        return Error::make(ErrorCode::NotFound, QStringLiteral("no alert action %1").arg(action));
    }
    if (type == u"acknowledged" || type == u"unacknowledged" || type == u"closed" || type == u"escalated")
        a.snoozedUntil = {};
    if (type != u"note") {
        if (auto st = EscalationEngine::onAction(m_store, a, type); !st)
            return st.error();
        if (auto st = m_writer.save(a); !st)
            return st.error();
    }
    if (auto st = m_writer.log(a.id, type, actorId, message, details); !st)
        return st.error();
    if (type == u"assigned") {
        if (auto st = EscalationEngine::pageUsers(m_writer, a, {a.ownerId}, QJsonObject{{u"reason"_s, u"assigned"_s}}); !st)
            return st.error();
    }
    return a.toJson();
}

void AlertingService::wakeEscalation()
{
    if (m_engine)
        m_engine->wake();
}

void AlertingService::committed(bool queuesTouched)
{
    if (m_engine)
        m_engine->committed(queuesTouched);
}

qsizetype detailsBytes(const QJsonObject &details)
{
    return QJsonDocument(details).toJson(QJsonDocument::Compact).size();
}

void fitToLimits(AlertEvent &event)
{
    if (event.tags.size() > MaxTags)
        event.tags.resize(MaxTags);
    for (QString &tag : event.tags) {
        if (tag.size() > MaxTagLength)
            tag = Json::oneLine(tag, int(MaxTagLength));
    }
    if (const qsizetype bytes = detailsBytes(event.details); bytes > MaxDetailsBytes)
        event.details = QJsonObject{{u"truncated"_s, true}, {u"bytes"_s, bytes}};
}

} // namespace Vigil
