#include "localcache.h"

#include "localcache_p.h"

#include "common/json.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

Q_LOGGING_CATEGORY(lcCache, "vigil.sync.cache")

namespace Vigil {

using namespace CacheDetail;

namespace {

// Bulk pages above this size reset the models instead of announcing every ticket: one reset is cheaper than
// thousands of row signals on first sync.
constexpr int ResetThreshold = 256;

const char *const Schema[] = {
    "CREATE TABLE IF NOT EXISTS sync_state(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS users(id TEXT PRIMARY KEY, json TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS teams(id TEXT PRIMARY KEY, json TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS services(id TEXT PRIMARY KEY, json TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS schedules(id TEXT PRIMARY KEY, json TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS sla_policy(id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS tickets(id TEXT PRIMARY KEY, key TEXT, version INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, summary TEXT, description TEXT,"
    " type INTEGER NOT NULL, priority INTEGER NOT NULL, status INTEGER NOT NULL, requester_name TEXT,"
    " requester_email TEXT, assignee_id TEXT, team_id TEXT, service_id TEXT,"
    " first_response_at INTEGER, resolved_at INTEGER, history TEXT)",
    "CREATE TABLE IF NOT EXISTS ticket_comments(id TEXT PRIMARY KEY,"
    " ticket_id TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE ON UPDATE CASCADE,"
    " author_id TEXT, body TEXT, public INTEGER NOT NULL, version INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, pending INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS ticket_comments_by_ticket ON ticket_comments(ticket_id, created_at)",
    "CREATE TABLE IF NOT EXISTS escalation_policies(id TEXT PRIMARY KEY, json TEXT NOT NULL)",
    // Alerts as the server sent them (the view with pending actions applied lives in memory), and their logs.
    "CREATE TABLE IF NOT EXISTS alerts(id TEXT PRIMARY KEY, version INTEGER NOT NULL, json TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS alert_log(id TEXT PRIMARY KEY, alert_id TEXT NOT NULL, at INTEGER NOT NULL,"
    " type TEXT NOT NULL, json TEXT NOT NULL, pending INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS alert_log_by_alert ON alert_log(alert_id, at)",
    "CREATE TABLE IF NOT EXISTS outbox(seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
    " entity_id TEXT NOT NULL, body TEXT, idempotency_key TEXT, base_version INTEGER NOT NULL,"
    " base TEXT NOT NULL, created_at INTEGER NOT NULL)",
};

CachedUser userFromJson(const QJsonObject &o)
{
    return {o.value(QStringLiteral("id")).toString(), o.value(QStringLiteral("name")).toString(),
            o.value(QStringLiteral("email")).toString(), o.value(QStringLiteral("role")).toString()};
}

} // namespace

LocalCache::LocalCache(const Clock &clock, QObject *parent)
    : QObject(parent), m_clock(clock),
      m_connection(QStringLiteral("vigil-cache-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

LocalCache::~LocalCache()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

bool LocalCache::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && QSqlDatabase::database(m_connection, false).isOpen();
}

Status LocalCache::fail(const QString &what) const
{
    const QString message = what + QStringLiteral(": ") + QSqlDatabase::database(m_connection, false).lastError().text();
    qCWarning(lcCache) << message;
    return Error::make(ErrorCode::Internal, message);
}

Status LocalCache::open(const QString &path)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    if (!db.open())
        return fail(QStringLiteral("cannot open cache %1").arg(path));
    m_path = path;
    QSqlQuery q(db);
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL",
                               "PRAGMA busy_timeout=5000"}) {
        if (!q.exec(QString::fromLatin1(pragma)))
            return fail(QString::fromLatin1(pragma));
    }
    for (const char *stmt : Schema) {
        if (!q.exec(QString::fromLatin1(stmt)))
            return fail(QStringLiteral("schema"));
    }
    if (auto s = migrate(); !s)
        return s;
    loadIndex();
    refreshPending();
    rebuildSchedules();
    loadAlerts();
    return Ok{};
}

Status LocalCache::migrate()
{
    // PRAGMA user_version counts the migrations applied to this file; the Schema above is version 0.
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return fail(QStringLiteral("schema version"));
    const int version = q.value(0).toInt();
    q.finish();
    if (version >= 1)
        return version >= 2 ? Status(Ok{}) : migrateAlerts();
    // 1: tickets.list_row, every field but the description in one BLOB, filled in for the tickets already cached.
    if (!db.transaction())
        return fail(QStringLiteral("begin migration"));
    if (!q.exec(QStringLiteral("ALTER TABLE tickets ADD COLUMN list_row BLOB"))) {
        db.rollback();
        return fail(QStringLiteral("migration 1"));
    }
    StringPool pool;
    QSqlQuery update(db);
    update.prepare(QStringLiteral("UPDATE tickets SET list_row = ? WHERE id = ?"));
    q.setForwardOnly(true);
    q.exec(QStringLiteral("SELECT %1 FROM tickets").arg(QLatin1String(TicketColumns)));
    while (q.next()) {
        const Ticket t = ticketFromColumns(q, pool);
        update.addBindValue(encodeListRow(t));
        update.addBindValue(t.id);
        if (!update.exec()) {
            db.rollback();
            return fail(QStringLiteral("migration 1"));
        }
    }
    if (!q.exec(QStringLiteral("PRAGMA user_version = 1")) || !db.commit()) {
        db.rollback();
        return fail(QStringLiteral("migration 1"));
    }
    return migrateAlerts();
}

void LocalCache::loadIndex()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    m_tickets.clear();
    if (q.exec(QStringLiteral("SELECT count(*) FROM tickets")) && q.next())
        m_tickets.reserve(q.value(0).toInt());
    StringPool pool;
    // One column per ticket, read by index on a forward-only query (see encodeListRow).
    bool complete = q.exec(QStringLiteral("SELECT list_row FROM tickets"));
    while (complete && q.next()) {
        const QByteArray row = q.value(0).toByteArray();
        auto t = std::make_shared<Ticket>();
        if (!decodeListRow(row, *t, pool)) {
            complete = false;
            break;
        }
        const QString id = t->id;
        m_tickets.insert(id, std::move(t));
    }
    if (!complete) {
        // A row this version cannot read: take every ticket from its columns instead.
        qCWarning(lcCache) << "unreadable list rows in" << m_path << "- loading tickets from their columns";
        m_tickets.clear();
        q.exec(QStringLiteral("SELECT %1 FROM tickets").arg(QLatin1String(TicketColumns)));
        while (q.next()) {
            TicketPtr t = indexEntry(ticketFromColumns(q, pool));
            const QString id = t->id;
            m_tickets.insert(id, std::move(t));
        }
    }
    m_users.clear();
    q.exec(QStringLiteral("SELECT json FROM users"));
    while (q.next()) {
        const CachedUser u = userFromJson(fromText(q.value(0).toString()));
        m_users.insert(u.id, u);
    }
    m_teamNames.clear();
    m_teamMembers.clear();
    q.exec(QStringLiteral("SELECT json FROM teams"));
    while (q.next()) {
        const QJsonObject team = fromText(q.value(0).toString());
        const QString id = team.value(QStringLiteral("id")).toString();
        m_teamNames.insert(id, team.value(QStringLiteral("name")).toString());
        m_teamMembers.insert(id, team.value(QStringLiteral("member_ids")).toVariant().toStringList());
    }
    m_serviceNames.clear();
    m_services.clear();
    q.exec(QStringLiteral("SELECT json FROM services"));
    while (q.next()) {
        const QJsonObject service = fromText(q.value(0).toString());
        const QString id = service.value(QStringLiteral("id")).toString();
        m_serviceNames.insert(id, service.value(QStringLiteral("name")).toString());
        m_services.insert(id, service);
    }
    m_policyRuleCounts.clear();
    m_policies.clear();
    q.exec(QStringLiteral("SELECT id, json FROM escalation_policies"));
    while (q.next()) {
        const QJsonObject policy = fromText(q.value(1).toString());
        m_policyRuleCounts.insert(q.value(0).toString(), int(policy.value(QStringLiteral("rules")).toArray().size()));
        m_policies.insert(q.value(0).toString(), policy);
    }
    m_serverSchedules.clear();
    q.exec(QStringLiteral("SELECT id, json FROM schedules"));
    while (q.next())
        m_serverSchedules.insert(q.value(0).toString(), fromText(q.value(1).toString()));
    q.exec(QStringLiteral("SELECT json FROM sla_policy WHERE id = 1"));
    if (q.next()) {
        if (auto p = SlaPolicy::fromJson(fromText(q.value(0).toString())))
            m_slaPolicy = p.value();
    }
    q.exec(QStringLiteral("SELECT key, value FROM sync_state"));
    while (q.next()) {
        if (q.value(0).toString() == u"last_rev")
            m_lastRev = q.value(1).toLongLong();
        else if (q.value(0).toString() == u"current_user_id")
            m_currentUserId = q.value(1).toString();
    }
}

QString LocalCache::userName(const QString &id) const
{
    const auto it = m_users.constFind(id);
    return it == m_users.constEnd() ? QString() : it->name;
}

bool LocalCache::setState(const QString &key, const QString &value)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("INSERT INTO sync_state(key, value) VALUES (?, ?)"
                             " ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(key);
    q.addBindValue(value);
    return q.exec();
}

void LocalCache::setCurrentUserId(const QString &id)
{
    if (id == m_currentUserId)
        return;
    m_currentUserId = id;
    (void)setState(QStringLiteral("current_user_id"), id);
    Q_EMIT currentUserIdChanged(id);
}

Status LocalCache::applyChanges(const QJsonArray &changes, qint64 lastRev)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    if (!db.transaction())
        return fail(QStringLiteral("begin"));
    QStringList upserted;
    QStringList removed;
    QSet<QString> commentTickets;
    bool users = false;
    bool policy = false;
    bool teams = false;
    bool schedules = false;
    bool services = false;
    bool policies = false;
    QStringList alertsUpserted;
    QStringList alertsRemoved;
    QSet<QString> alertLogs;
    for (const auto &v : changes) {
        const QJsonObject change = v.toObject();
        const QString entity = change.value(QStringLiteral("entity")).toString();
        const QString id = change.value(QStringLiteral("id")).toString();
        const bool isDelete = change.value(QStringLiteral("op")).toString() == u"delete";
        const QJsonObject data = change.value(QStringLiteral("data")).toObject();
        if (entity == u"ticket") {
            if (isDelete) {
                (void)deleteTicket(id);
                if (m_tickets.remove(id))
                    removed.append(id);
            } else if (const QString done = upsertServerTicket(data); !done.isEmpty()) {
                upserted.append(done);
            }
        } else if (entity == u"ticket_comment") {
            if (isDelete) {
                q.prepare(QStringLiteral("SELECT ticket_id FROM ticket_comments WHERE id = ?"));
                q.addBindValue(id);
                if (q.exec() && q.next())
                    commentTickets.insert(q.value(0).toString());
                q.prepare(QStringLiteral("DELETE FROM ticket_comments WHERE id = ?"));
                q.addBindValue(id);
                q.exec();
            } else if (auto c = TicketComment::fromJson(data)) {
                if (m_tickets.contains(c->ticketId) && writeComment(c.value(), false))
                    commentTickets.insert(c->ticketId);
            }
        } else if (entity == u"user" || entity == u"team" || entity == u"service") {
            const QString table = entity == u"user" ? QStringLiteral("users")
                                  : entity == u"team" ? QStringLiteral("teams") : QStringLiteral("services");
            if (isDelete) {
                q.prepare(QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(table));
                q.addBindValue(id);
            } else {
                q.prepare(QStringLiteral("INSERT INTO %1(id, json) VALUES (?, ?)"
                                         " ON CONFLICT(id) DO UPDATE SET json = excluded.json").arg(table));
                q.addBindValue(id);
                q.addBindValue(toText(data));
            }
            q.exec();
            if (entity == u"user") {
                users = true;
                if (isDelete)
                    m_users.remove(id);
                else
                    m_users.insert(id, userFromJson(data));
            }
            if (entity == u"team") {
                teams = true;
                if (isDelete) {
                    m_teamNames.remove(id);
                    m_teamMembers.remove(id);
                } else {
                    m_teamNames.insert(id, data.value(QStringLiteral("name")).toString());
                    m_teamMembers.insert(id, data.value(QStringLiteral("member_ids")).toVariant().toStringList());
                }
            }
            if (entity == u"service") {
                services = true;
                if (isDelete) {
                    m_serviceNames.remove(id);
                    m_services.remove(id);
                } else {
                    m_serviceNames.insert(id, data.value(QStringLiteral("name")).toString());
                    m_services.insert(id, data);
                }
            }
        } else if (entity == u"schedule") {
            schedules = true;
            if (isDelete) {
                q.prepare(QStringLiteral("DELETE FROM schedules WHERE id = ?"));
                q.addBindValue(id);
                q.exec();
                m_serverSchedules.remove(id);
                m_schedules.remove(id);
            } else {
                storeServerSchedule(data);
            }
        } else if (entity == u"alert") {
            if (isDelete) {
                q.prepare(QStringLiteral("DELETE FROM alerts WHERE id = ?"));
                q.addBindValue(id);
                q.exec();
                q.prepare(QStringLiteral("DELETE FROM alert_log WHERE alert_id = ?"));
                q.addBindValue(id);
                q.exec();
                m_alertNotified.remove(id);
                if (m_alerts.remove(id))
                    alertsRemoved.append(id);
            } else if (storeServerAlert(data)) {
                alertsUpserted.append(id);
            }
        } else if (entity == u"alert_log" && !isDelete) {
            if (const QString alertId = storeAlertLogEntry(data); !alertId.isEmpty())
                alertLogs.insert(alertId);
        } else if (entity == u"escalation_policy") {
            policies = true;
            if (isDelete) {
                q.prepare(QStringLiteral("DELETE FROM escalation_policies WHERE id = ?"));
                q.addBindValue(id);
                m_policyRuleCounts.remove(id);
                m_policies.remove(id);
            } else {
                q.prepare(QStringLiteral("INSERT INTO escalation_policies(id, json) VALUES (?, ?)"
                                         " ON CONFLICT(id) DO UPDATE SET json = excluded.json"));
                q.addBindValue(id);
                q.addBindValue(toText(data));
                m_policyRuleCounts.insert(id, int(data.value(QStringLiteral("rules")).toArray().size()));
                m_policies.insert(id, data);
            }
            q.exec();
        } else if (entity == u"sla_policy" && !isDelete) {
            if (auto p = SlaPolicy::fromJson(data)) {
                q.prepare(QStringLiteral("INSERT INTO sla_policy(id, json) VALUES (1, ?)"
                                         " ON CONFLICT(id) DO UPDATE SET json = excluded.json"));
                q.addBindValue(toText(data));
                q.exec();
                m_slaPolicy = p.value();
                policy = true;
            }
        }
    }
    if (!setState(QStringLiteral("last_rev"), QString::number(lastRev)) || !db.commit()) {
        db.rollback();
        loadIndex(); // memory may be ahead of the rolled-back file
        rebuildSchedules();
        loadAlerts();
        Q_EMIT ticketsReset();
        Q_EMIT alertsReset();
        return fail(QStringLiteral("apply changes"));
    }
    const bool revChanged = lastRev != m_lastRev;
    m_lastRev = lastRev;
    if (users)
        Q_EMIT usersChanged();
    if (policy)
        Q_EMIT slaPolicyChanged();
    if (teams)
        Q_EMIT teamsChanged();
    if (schedules)
        Q_EMIT schedulesChanged();
    if (services)
        Q_EMIT servicesChanged();
    if (policies)
        Q_EMIT escalationPoliciesChanged();
    if (alertsUpserted.size() + alertsRemoved.size() > ResetThreshold) {
        Q_EMIT alertsReset();
    } else {
        for (const auto &id : std::as_const(alertsRemoved))
            Q_EMIT alertRemoved(id);
        alertsUpserted.removeDuplicates();
        for (const auto &id : std::as_const(alertsUpserted))
            Q_EMIT alertUpserted(id);
    }
    for (const auto &id : std::as_const(alertLogs))
        Q_EMIT alertLogChanged(id);
    if (upserted.size() + removed.size() > ResetThreshold) {
        Q_EMIT ticketsReset();
    } else {
        for (const auto &id : std::as_const(removed))
            Q_EMIT ticketRemoved(id);
        for (const auto &id : std::as_const(upserted))
            Q_EMIT ticketUpserted(id);
    }
    for (const auto &id : std::as_const(commentTickets))
        Q_EMIT commentsChanged(id);
    if (revChanged)
        Q_EMIT lastRevChanged(lastRev);
    return Ok{};
}

} // namespace Vigil
