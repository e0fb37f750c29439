#include "store.h"

#include "alerts/alert.h"
#include "common/json.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Vigil {

namespace {

/// Before migration 9 makes (service, alias) unique among open alerts: a database written by several servers
/// before it may hold more than one open alert per alias. The newest (the one de-duplication picked) stays open;
/// the others are closed with a log entry naming it, and their escalation stops, so the unique index can be built.
Status closeDuplicateOpenAlerts(Store &store)
{
    QList<std::pair<QString, QString>> keys;
    {
        QSqlQuery q(store.db());
        if (!q.exec(QStringLiteral("SELECT service_id, alias FROM alerts WHERE status <> 'closed' "
                                   "GROUP BY service_id, alias HAVING COUNT(*) > 1")))
            return Connection::sqlError(q.lastError(), QStringLiteral("duplicate open alerts"));
        while (q.next())
            keys.append({q.value(0).toString(), q.value(1).toString()});
    }
    const QDateTime now = store.clock().now();
    for (const auto &[serviceId, alias] : keys) {
        const QList<QJsonObject> open = store.select(Kind::Alert, QStringLiteral("service_id = ? AND alias = ? AND status <> 'closed'"),
                                                     {serviceId, alias}, QStringLiteral("created_at DESC, id DESC"));
        const QString kept = open.value(0).value(QStringLiteral("id")).toString();
        for (qsizetype i = 1; i < open.size(); ++i) {
            auto decoded = Alert::fromJson(open.at(i));
            if (!decoded)
                return decoded.error();
            Alert a = decoded.value();
            qCWarning(lcStore) << "closing alert" << a.id << "a duplicate of open alert" << kept << "with alias" << alias;
            a.status = AlertStatus::Closed;
            a.closedAt = now;
            a.snoozedUntil = {};
            a.nextEscalationAt = {};
            ++a.version;
            a.updatedAt = now;
            if (auto st = store.put(Kind::Alert, a.toJson(), open.at(i)); !st)
                return st;
            AlertLogEntry e{Json::newId(), a.id, now, QStringLiteral("closed"), {},
                            QStringLiteral("Closed at the upgrade: a duplicate of open alert %1 with the same alias").arg(kept),
                            QJsonObject{{QStringLiteral("duplicate_of"), kept}}};
            QJsonObject o = e.toJson();
            o.insert(QStringLiteral("version"), 1);
            o.insert(QStringLiteral("created_at"), Json::formatTime(now));
            o.insert(QStringLiteral("updated_at"), Json::formatTime(now));
            if (auto st = store.put(Kind::AlertLog, o); !st)
                return st;
            if (auto removed = store.queues().removeDeliveriesOf(a.id); !removed)
                return removed.error();
            if (auto st = store.queues().clearPendingStep(a.id); !st)
                return st;
        }
    }
    return Ok{};
}

} // namespace

// Never edit a released migration: add a new one. Entity tables share one shape (id, version, times, JSON data)
// plus indexed columns for the filters the API and the console need. The SQL is common to SQLite and PostgreSQL;
// Connection::dialect() maps BIGINT/BLOB for each (see connection.cpp).
const QList<Migration> &migrations()
{
    static const QList<Migration> list{
        {1, "initial schema",
         {
             QStringLiteral("CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)"),
             QStringLiteral("INSERT INTO counters (name, value) VALUES ('rev', 0), ('ticket_key', 0)"),
             QStringLiteral("CREATE TABLE changes (rev BIGINT PRIMARY KEY, entity TEXT NOT NULL, "
                            "entity_id TEXT NOT NULL, op TEXT NOT NULL, data TEXT NOT NULL, at TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE users (id TEXT PRIMARY KEY, version BIGINT NOT NULL, "
                            "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL, "
                            "email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE teams (id TEXT PRIMARY KEY, version BIGINT NOT NULL, "
                            "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL, "
                            "name TEXT NOT NULL UNIQUE)"),
             QStringLiteral("CREATE TABLE services (id TEXT PRIMARY KEY, version BIGINT NOT NULL, "
                            "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL, "
                            "name TEXT NOT NULL UNIQUE, team_id TEXT REFERENCES teams(id))"),
             QStringLiteral("CREATE TABLE tickets (id TEXT PRIMARY KEY, version BIGINT NOT NULL, "
                            "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL, "
                            "key_num BIGINT NOT NULL UNIQUE, status TEXT NOT NULL, priority TEXT NOT NULL, "
                            "assignee_id TEXT REFERENCES users(id), team_id TEXT REFERENCES teams(id), "
                            "service_id TEXT REFERENCES services(id), search TEXT NOT NULL, "
                            "rev BIGINT NOT NULL DEFAULT 0)"),
             // Lists show the most recently changed tickets first: the change-log order, exact and tie-free.
             QStringLiteral("CREATE INDEX tickets_changed ON tickets (rev DESC)"),
             QStringLiteral("CREATE INDEX tickets_status ON tickets (status)"),
             QStringLiteral("CREATE INDEX tickets_assignee ON tickets (assignee_id)"),
             QStringLiteral("CREATE TABLE ticket_comments (id TEXT PRIMARY KEY, version BIGINT NOT NULL, "
                            "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL, "
                            "ticket_id TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE)"),
             QStringLiteral("CREATE INDEX ticket_comments_ticket ON ticket_comments (ticket_id, created_at)"),
             QStringLiteral("CREATE TABLE settings (id TEXT PRIMARY KEY, version BIGINT NOT NULL, "
                            "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE tokens (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) "
                            "ON DELETE CASCADE, name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, "
                            "created_at TEXT NOT NULL, revoked_at TEXT)"),
             QStringLiteral("CREATE TABLE idempotency (user_id TEXT NOT NULL, key TEXT NOT NULL, "
                            "request_hash TEXT NOT NULL, status INTEGER NOT NULL, body BLOB NOT NULL, "
                            "created_at TEXT NOT NULL, PRIMARY KEY (user_id, key))"),
         }},
        {2, "on-call schedules",
         {
             QStringLiteral("CREATE TABLE schedules (id TEXT PRIMARY KEY, version BIGINT NOT NULL, "
                            "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL, "
                            "name TEXT NOT NULL UNIQUE, team_id TEXT REFERENCES teams(id))"),
             QStringLiteral("CREATE INDEX schedules_team ON schedules (team_id)"),
         }},
        {3, "calendar feed tokens",
         {
             // One feed token per user, for calendar apps that cannot send headers; only its SHA-256 is kept.
             QStringLiteral("CREATE TABLE feed_tokens (user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE, "
                            "hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)"),
         }},
        {4, "alerts and escalation",
         {
             QStringLiteral("CREATE TABLE escalation_policies (id TEXT PRIMARY KEY, version BIGINT NOT NULL, "
                            "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL, "
                            "name TEXT NOT NULL UNIQUE, team_id TEXT REFERENCES teams(id))"),
             // Alerts: the open ones by service and alias for de-duplication, lists in change-log order.
             QStringLiteral("CREATE TABLE alerts (id TEXT PRIMARY KEY, version BIGINT NOT NULL, "
                            "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL, "
                            "service_id TEXT REFERENCES services(id), team_id TEXT REFERENCES teams(id), "
                            "status TEXT NOT NULL, priority TEXT NOT NULL, alias TEXT NOT NULL, "
                            "owner_id TEXT REFERENCES users(id), rev BIGINT NOT NULL DEFAULT 0)"),
             QStringLiteral("CREATE INDEX alerts_changed ON alerts (rev DESC)"),
             QStringLiteral("CREATE INDEX alerts_dedup ON alerts (service_id, alias, status)"),
             QStringLiteral("CREATE INDEX alerts_status ON alerts (status)"),
             QStringLiteral("CREATE TABLE alert_log (id TEXT PRIMARY KEY, version BIGINT NOT NULL, "
                            "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL, "
                            "alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE, "
                            "rev BIGINT NOT NULL DEFAULT 0)"),
             // An alert's log in the order it was written (the change-log revision of each entry).
             QStringLiteral("CREATE INDEX alert_log_alert ON alert_log (alert_id, rev)"),
             // Ingest keys of a service: only their SHA-256 is kept.
             QStringLiteral("CREATE TABLE integrations (id TEXT PRIMARY KEY, "
                            "service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE, type TEXT NOT NULL, "
                            "name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT)"),
             QStringLiteral("CREATE INDEX integrations_service ON integrations (service_id)"),
             // The next escalation step of each alert still escalating, with its due time in ms since the epoch.
             QStringLiteral("CREATE TABLE escalation_steps (alert_id TEXT PRIMARY KEY REFERENCES alerts(id) "
                            "ON DELETE CASCADE, policy_id TEXT NOT NULL, cycle INTEGER NOT NULL, "
                            "rule INTEGER NOT NULL, due_ms BIGINT NOT NULL)"),
             QStringLiteral("CREATE INDEX escalation_steps_due ON escalation_steps (due_ms)"),
             // Notifications to send (one per person and contact method), written with the step that decided them
             // and drained with retries, so a crash between deciding and sending loses nothing.
             QStringLiteral("CREATE TABLE deliveries (id TEXT PRIMARY KEY, alert_id TEXT NOT NULL REFERENCES alerts(id) "
                            "ON DELETE CASCADE, user_id TEXT NOT NULL, method INTEGER NOT NULL, attempt INTEGER NOT NULL, "
                            "due_ms BIGINT NOT NULL, payload TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX deliveries_due ON deliveries (due_ms)"),
         }},
        {5, "contact methods and notification rules",
         {
             // Per user, kept out of the user document (and so out of the change feed): addresses and webhook
             // URLs are private to their owner and the admins.
             QStringLiteral("CREATE TABLE notification_settings (user_id TEXT PRIMARY KEY REFERENCES users(id) "
                            "ON DELETE CASCADE, data TEXT NOT NULL, updated_at TEXT NOT NULL)"),
         }},
        {6, "heartbeats",
         {
             // A heartbeat expects a ping every interval_seconds; a missed one opens an alert on its service.
             QStringLiteral("CREATE TABLE heartbeats (name TEXT PRIMARY KEY, service_id TEXT NOT NULL REFERENCES "
                            "services(id) ON DELETE CASCADE, interval_seconds INTEGER NOT NULL, priority TEXT NOT NULL, "
                            "last_ping_ms BIGINT NOT NULL, created_at TEXT NOT NULL)"),
         }},
        {7, "open alerts by service and alias",
         {
             // The de-duplication look-up of every ingest ("the open alert with this alias on this service, newest
             // first") reads its answer straight from this index, without sorting; it holds open alerts only.
             QStringLiteral("CREATE INDEX alerts_open ON alerts (service_id, alias, created_at) WHERE status <> 'closed'"),
         }},
        {8, "when each API token was last used",
         {
             // Written at most once a minute per token (Auth), so that a busy client costs no write per request.
             QStringLiteral("ALTER TABLE tokens ADD COLUMN last_used_at TEXT"),
             QStringLiteral("CREATE INDEX tokens_user ON tokens (user_id)"),
         }},
        {9, "one open alert per service and alias",
         {
             // Two servers sharing a database could both miss the other's new alert and open one each: the index
             // refuses the second (a conflict), and the losing ingest counts a repeat of the winner instead. It
             // replaces alerts_open for the de-duplication look-up, which now finds at most one row.
             QStringLiteral("CREATE UNIQUE INDEX alerts_open_alias ON alerts (service_id, alias) WHERE status <> 'closed'"),
             QStringLiteral("DROP INDEX alerts_open"),
         },
         closeDuplicateOpenAlerts},
    };
    return list;
}

} // namespace Vigil
