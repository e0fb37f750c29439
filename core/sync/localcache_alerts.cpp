// LocalCache: alerts and their logs. The server's copy of each alert is kept as it was sent (table `alerts`), and the
// alert the console shows is that copy with the user's pending actions applied on top, so an acknowledge shows at
// once, offline included, and the server's answer (or, when it refuses, its current alert) replaces it. Log entries
// are only ever added by the server; a note the user writes shows in the log at once as a pending entry.

#include "localcache.h"

#include "common/json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>

Q_DECLARE_LOGGING_CATEGORY(lcCache)

namespace Vigil {

namespace {

// alert_log.pending: 0 = the server's entry, 1 = a note waiting in the outbox, 2 = a note the server accepted whose
// own entry has not come through the change feed yet (shown as sent; replaced when it comes).
constexpr int LogFromServer = 0;
constexpr int LogPending = 1;
constexpr int LogSent = 2;

QString alertText(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }
QJsonObject alertObject(const QString &s) { return QJsonDocument::fromJson(s.toUtf8()).object(); }

} // namespace

QSet<QString> LocalCache::teamsOf(const QString &userId) const
{
    QSet<QString> out;
    if (userId.isEmpty())
        return out;
    for (auto it = m_teamMembers.cbegin(); it != m_teamMembers.cend(); ++it) {
        if (it.value().contains(userId))
            out.insert(it.key());
    }
    return out;
}

QList<CachedAlertLogEntry> LocalCache::alertLog(const QString &alertId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    // Pending notes last: they happen after everything the server has logged so far.
    q.prepare(QStringLiteral("SELECT json, pending FROM alert_log WHERE alert_id = ?"
                             " ORDER BY pending = 1, at, rowid"));
    q.addBindValue(alertId);
    QList<CachedAlertLogEntry> out;
    if (!q.exec())
        return out;
    while (q.next()) {
        if (auto e = AlertLogEntry::fromJson(alertObject(q.value(0).toString())))
            out.append({std::move(e).value(), q.value(1).toInt() == LogPending});
    }
    return out;
}

bool LocalCache::storeServerAlert(const QJsonObject &json)
{
    auto parsed = Alert::fromJson(json);
    if (!parsed) {
        qCWarning(lcCache) << "ignoring a malformed alert:" << parsed.error().message;
        return false;
    }
    const Alert &a = parsed.value();
    if (const AlertPtr known = alert(a.id); known && known->version > a.version)
        return false; // an older answer overtaken by the change feed
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("INSERT INTO alerts(id, version, json) VALUES (?, ?, ?)"
                             " ON CONFLICT(id) DO UPDATE SET version = excluded.version, json = excluded.json"));
    q.addBindValue(a.id);
    q.addBindValue(a.version);
    q.addBindValue(alertText(json));
    if (!q.exec())
        return false;
    rebuildAlert(a.id, isAlertPending(a.id) ? pendingCommands() : QList<OutboxCommand>());
    return true;
}

void LocalCache::rebuildAlert(const QString &id, const QList<OutboxCommand> &pending)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT json FROM alerts WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next()) {
        m_alerts.remove(id);
        return;
    }
    auto decoded = Alert::fromJson(alertObject(q.value(0).toString()));
    if (!decoded) {
        m_alerts.remove(id);
        return;
    }
    Alert shown = std::move(decoded).value();
    for (const auto &c : pending) {
        // An action the alert no longer admits (someone closed it meanwhile) is shown as not applied; the server's
        // answer will drop it.
        if (c.entityId == id && c.isAlertCommand())
            (void)applyAlertCommand(shown, c, m_currentUserId, c.createdAt);
    }
    m_alerts.insert(id, std::make_shared<const Alert>(std::move(shown)));
}

void LocalCache::loadAlerts()
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    QHash<QString, QList<OutboxCommand>> pendingByAlert;
    if (m_pendingCount > 0) {
        for (const auto &c : pendingCommands()) {
            if (c.isAlertCommand())
                pendingByAlert[c.entityId].append(c);
        }
    }
    m_alerts.clear();
    q.exec(QStringLiteral("SELECT json FROM alerts"));
    while (q.next()) {
        auto decoded = Alert::fromJson(alertObject(q.value(0).toString()));
        if (!decoded)
            continue;
        Alert a = std::move(decoded).value();
        for (const auto &c : pendingByAlert.value(a.id))
            (void)applyAlertCommand(a, c, m_currentUserId, c.createdAt);
        const QString id = a.id;
        m_alerts.insert(id, std::make_shared<const Alert>(std::move(a)));
    }
    m_alertNotified.clear();
    q.exec(QStringLiteral("SELECT alert_id, json FROM alert_log WHERE type = 'notified'"));
    while (q.next()) {
        const QString user = alertObject(q.value(1).toString())
                                 .value(QStringLiteral("details")).toObject()
                                 .value(QStringLiteral("user_id")).toString();
        if (!user.isEmpty())
            m_alertNotified[q.value(0).toString()].insert(user);
    }
}

QString LocalCache::storeAlertLogEntry(const QJsonObject &json)
{
    auto parsed = AlertLogEntry::fromJson(json);
    if (!parsed) {
        qCWarning(lcCache) << "ignoring a malformed alert log entry:" << parsed.error().message;
        return {};
    }
    const AlertLogEntry &e = parsed.value();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (e.type == u"note") {
        // The server's copy of a note this console sent replaces the local one.
        q.prepare(QStringLiteral("SELECT id, json FROM alert_log WHERE alert_id = ? AND pending = ?"));
        q.addBindValue(e.alertId);
        q.addBindValue(LogSent);
        QStringList sent;
        if (q.exec()) {
            while (q.next()) {
                if (alertObject(q.value(1).toString()).value(QStringLiteral("message")).toString() == e.message)
                    sent.append(q.value(0).toString());
            }
        }
        if (!sent.isEmpty()) {
            q.prepare(QStringLiteral("DELETE FROM alert_log WHERE id = ?"));
            q.addBindValue(sent.first());
            q.exec();
        }
    }
    q.prepare(QStringLiteral("INSERT INTO alert_log(id, alert_id, at, type, json, pending) VALUES (?, ?, ?, ?, ?, 0)"
                             " ON CONFLICT(id) DO UPDATE SET json = excluded.json, pending = 0"));
    q.addBindValue(e.id);
    q.addBindValue(e.alertId);
    q.addBindValue(e.at.toMSecsSinceEpoch());
    q.addBindValue(e.type);
    q.addBindValue(alertText(e.toJson()));
    if (!q.exec())
        return {};
    if (e.type == u"notified") {
        const QString user = e.details.value(QStringLiteral("user_id")).toString();
        if (!user.isEmpty())
            m_alertNotified[e.alertId].insert(user);
    }
    return e.alertId;
}

void LocalCache::applyServerAlert(const QJsonObject &json)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    const bool stored = storeServerAlert(json);
    db.commit();
    if (stored)
        Q_EMIT alertUpserted(json.value(QStringLiteral("id")).toString());
}

Status LocalCache::queueAlertCommand(const AlertPtr &current, OutboxCommand::Kind kind, const QJsonObject &body)
{
    OutboxCommand c;
    c.kind = kind;
    c.entityId = current->id;
    c.body = body;
    c.idempotencyKey = Json::newId(); // a resend after a lost answer is not a second action
    c.baseVersion = current->version;
    c.createdAt = m_clock.now();
    Alert shown = *current;
    if (!c.isAlertCommand() || !applyAlertCommand(shown, c, m_currentUserId, c.createdAt))
        return Error::make(ErrorCode::InvalidTransition,
                           QStringLiteral("the alert is %1").arg(toString(current->status)), QStringLiteral("status"));
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    if (auto s = enqueue(c); !s || !db.commit()) {
        db.rollback();
        return s ? fail(QStringLiteral("alert action")) : s;
    }
    refreshPending();
    const QString id = current->id;
    m_alerts.insert(id, std::make_shared<const Alert>(std::move(shown)));
    Q_EMIT alertUpserted(id);
    return Ok{};
}

Status LocalCache::alertAction(const QString &alertId, OutboxCommand::Kind kind)
{
    const AlertPtr current = alert(alertId);
    if (!current)
        return Error::make(ErrorCode::NotFound, QStringLiteral("no alert %1").arg(alertId));
    if (kind == OutboxCommand::Kind::SnoozeAlert || kind == OutboxCommand::Kind::AssignAlert
        || kind == OutboxCommand::Kind::AddAlertNote)
        return Error::make(ErrorCode::InvalidField, QStringLiteral("this action has a body"));
    return queueAlertCommand(current, kind, {});
}

Status LocalCache::snoozeAlert(const QString &alertId, const QDateTime &until)
{
    const AlertPtr current = alert(alertId);
    if (!current)
        return Error::make(ErrorCode::NotFound, QStringLiteral("no alert %1").arg(alertId));
    if (!until.isValid() || until <= m_clock.now())
        return Error::make(ErrorCode::InvalidField, QStringLiteral("until must be in the future"),
                           QStringLiteral("until"));
    return queueAlertCommand(current, OutboxCommand::Kind::SnoozeAlert,
                             {{QStringLiteral("until"), Json::formatTime(until.toUTC())}});
}

Status LocalCache::assignAlert(const QString &alertId, const QString &userId)
{
    const AlertPtr current = alert(alertId);
    if (!current)
        return Error::make(ErrorCode::NotFound, QStringLiteral("no alert %1").arg(alertId));
    if (userId.isEmpty())
        return Error::make(ErrorCode::MissingField, QStringLiteral("user_id is required"), QStringLiteral("user_id"));
    if (!m_users.contains(userId))
        return Error::make(ErrorCode::InvalidField, QStringLiteral("user_id refers to no user with id %1").arg(userId),
                           QStringLiteral("user_id"));
    return queueAlertCommand(current, OutboxCommand::Kind::AssignAlert, {{QStringLiteral("user_id"), userId}});
}

Result<QString> LocalCache::addAlertNote(const QString &alertId, const QString &body)
{
    const AlertPtr current = alert(alertId);
    if (!current)
        return Error::make(ErrorCode::NotFound, QStringLiteral("no alert %1").arg(alertId));
    if (body.trimmed().isEmpty())
        return Error::make(ErrorCode::MissingField, QStringLiteral("body is required"), QStringLiteral("body"));
    if (body.size() > 10000)
        return Error::make(ErrorCode::InvalidField, QStringLiteral("a note has at most 10,000 characters"),
                           QStringLiteral("body"));
    const QDateTime now = m_clock.now();
    AlertLogEntry entry;
    entry.id = Json::newId();
    entry.alertId = alertId;
    entry.at = now;
    entry.type = QStringLiteral("note");
    entry.actorId = m_currentUserId;
    entry.message = body;
    OutboxCommand c;
    c.kind = OutboxCommand::Kind::AddAlertNote;
    c.entityId = alertId;
    c.body = {{QStringLiteral("body"), body}};
    c.idempotencyKey = entry.id;
    c.baseVersion = current->version;
    c.createdAt = now;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    db.transaction();
    q.prepare(QStringLiteral("INSERT INTO alert_log(id, alert_id, at, type, json, pending) VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(entry.id);
    q.addBindValue(alertId);
    q.addBindValue(now.toMSecsSinceEpoch());
    q.addBindValue(entry.type);
    q.addBindValue(alertText(entry.toJson()));
    q.addBindValue(LogPending);
    if (!q.exec() || !enqueue(c).ok() || !db.commit()) {
        db.rollback();
        return fail(QStringLiteral("add alert note")).error();
    }
    refreshPending();
    Q_EMIT alertLogChanged(alertId);
    Q_EMIT alertUpserted(alertId); // its pending mark
    return entry.id;
}

void LocalCache::alertCommandFinished(const OutboxCommand &cmd, const QJsonObject &response, bool succeeded)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    db.transaction();
    q.prepare(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
    q.addBindValue(cmd.seq);
    q.exec();
    bool logChanged = false;
    if (cmd.kind == OutboxCommand::Kind::AddAlertNote) {
        if (succeeded) {
            q.prepare(QStringLiteral("UPDATE alert_log SET pending = ? WHERE id = ? AND pending = ?"));
            q.addBindValue(LogSent);
            q.addBindValue(cmd.idempotencyKey);
            q.addBindValue(LogPending);
        } else {
            q.prepare(QStringLiteral("DELETE FROM alert_log WHERE id = ? AND pending <> ?"));
            q.addBindValue(cmd.idempotencyKey);
            q.addBindValue(LogFromServer);
        }
        q.exec();
        logChanged = true;
    }
    refreshPending();
    // The answer (or, for a refusal, the server's current alert) is the server's copy now; whatever is still queued
    // on the alert goes on top of it.
    const bool fromServer = response.contains(QStringLiteral("status")) && storeServerAlert(response);
    if (!fromServer)
        rebuildAlert(cmd.entityId, isAlertPending(cmd.entityId) ? pendingCommands() : QList<OutboxCommand>());
    db.commit();
    if (logChanged)
        Q_EMIT alertLogChanged(cmd.entityId);
    if (m_alerts.contains(cmd.entityId))
        Q_EMIT alertUpserted(cmd.entityId);
}

Status LocalCache::migrateAlerts()
{
    // 2: alerts, their logs and escalation policies are mirrored (the tables come from the Schema). A cache that
    // synced before skipped those entities of the change feed, so it reads the feed again from the start; upserts
    // are idempotent and older ticket versions are ignored, so nothing else changes.
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    if (!db.transaction())
        return fail(QStringLiteral("begin migration"));
    if (!q.exec(QStringLiteral("UPDATE sync_state SET value = '0' WHERE key = 'last_rev'"))
        || !q.exec(QStringLiteral("PRAGMA user_version = 2")) || !db.commit()) {
        db.rollback();
        return fail(QStringLiteral("migration 2"));
    }
    return Ok{};
}

} // namespace Vigil
