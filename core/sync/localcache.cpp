#include "localcache.h"

#include "common/json.h"
#include "tickets/workflow.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>
#include <QtEndian>

#include <cstring>
#include <limits>

Q_LOGGING_CATEGORY(lcCache, "vigil.sync.cache")

namespace Vigil {

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

QVariant msecs(const QDateTime &t) { return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(); }

// Qt::UTC, not QTimeZone::utc(): a UTC-spec QDateTime is stored inline, while one bound to a QTimeZone carries a
// heap-allocated zone (in Qt 6.4 one per call of QTimeZone::utc()), which made 100,000 cached tickets cost
// hundreds of bytes each and every comparison slow. Json::parseTime yields the same spec (toUTC()).
QDateTime fromMsecs(qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC); }

QDateTime fromMsecs(const QVariant &v) { return v.isNull() ? QDateTime() : fromMsecs(v.toLongLong()); }

/// Shares one copy of strings that repeat across many tickets (requesters, user, team and service ids).
class StringPool
{
public:
    QString intern(const QString &s)
    {
        if (s.isEmpty())
            return s;
        auto it = m_strings.constFind(QStringView(s));
        if (it != m_strings.cend())
            return *it;
        m_strings.insert(QStringView(s), s);
        return s;
    }
    /// Like intern(), without building a QString when the text is already pooled.
    QString intern(QStringView s)
    {
        if (s.isEmpty())
            return {};
        auto it = m_strings.constFind(s);
        if (it != m_strings.cend())
            return *it;
        return intern(s.toString());
    }

private:
    // Keys view the values' own (immutable, shared) character data, which stays put while the hash grows.
    QHash<QStringView, QString> m_strings;
};

// Status history as "status@msecs;…": parsing 100,000 of these at start-up is much cheaper than JSON.
QString encodeHistory(const QList<StatusChange> &h)
{
    QString out;
    for (const auto &c : h) {
        if (!out.isEmpty())
            out += u';';
        out += QString::number(static_cast<int>(c.status)) + u'@' + QString::number(c.at.toMSecsSinceEpoch());
    }
    return out;
}

QList<StatusChange> decodeHistory(QStringView s)
{
    QList<StatusChange> out;
    for (const auto part : s.tokenize(u';')) {
        const auto at = part.indexOf(u'@');
        if (at < 0)
            continue;
        out.append({static_cast<TicketStatus>(part.left(at).toInt()), fromMsecs(part.mid(at + 1).toLongLong())});
    }
    return out;
}

// --- list rows -------------------------------------------------------------------------------------------------
// Every field of a ticket but its description, packed into one BLOB per ticket (tickets.list_row): start-up reads
// one column instead of eighteen, which spares Qt SQL a QVariant per column and the history a text parse.
// Little-endian; times are msecs since the epoch (NullTime = none); strings are UTF-16 with a 32-bit length.
// Every field is 2, 4 or 8 bytes long, so each string starts at an even offset.
constexpr quint16 ListRowFormat = 1;
constexpr qint64 NullTime = std::numeric_limits<qint64>::min();

class ListRowWriter
{
public:
    explicit ListRowWriter(qsizetype reserve) { m_out.reserve(reserve); }
    template<typename T>
    void put(T v)
    {
        const T le = qToLittleEndian(v);
        m_out.append(reinterpret_cast<const char *>(&le), sizeof le);
    }
    void putTime(const QDateTime &t) { put<qint64>(t.isValid() ? t.toMSecsSinceEpoch() : NullTime); }
    void putString(const QString &s)
    {
        put<quint32>(quint32(s.size()));
        if constexpr (QSysInfo::ByteOrder == QSysInfo::LittleEndian) {
            m_out.append(reinterpret_cast<const char *>(s.utf16()), s.size() * 2);
        } else {
            for (const QChar c : s)
                put<quint16>(c.unicode());
        }
    }
    [[nodiscard]] QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_out;
};

class ListRowReader
{
public:
    explicit ListRowReader(QByteArrayView in) : m_p(in.data()), m_end(in.data() + in.size()) {}
    [[nodiscard]] bool ok() const { return m_ok; }
    template<typename T>
    T get()
    {
        if (m_end - m_p < qsizetype(sizeof(T))) {
            m_ok = false;
            return T{};
        }
        const T v = qFromLittleEndian<T>(m_p);
        m_p += sizeof(T);
        return v;
    }
    QDateTime getTime()
    {
        const qint64 ms = get<qint64>();
        return ms == NullTime ? QDateTime() : fromMsecs(ms);
    }
    // A view of the next string where the bytes are in host order and aligned (always on little-endian hosts,
    // every string starts at an even offset); otherwise a null view and getString() must be used.
    QStringView peekString() const
    {
        if constexpr (QSysInfo::ByteOrder == QSysInfo::LittleEndian) {
            if (m_end - m_p < 4 || (quintptr(m_p) & 1) != 0)
                return {};
            const quint32 n = qFromLittleEndian<quint32>(m_p);
            if ((m_end - m_p - 4) / 2 < qsizetype(n))
                return {};
            return QStringView(reinterpret_cast<const char16_t *>(m_p + 4), qsizetype(n));
        } else {
            return {};
        }
    }
    QString getPooledString(StringPool &pool)
    {
        const QStringView view = peekString();
        if (view.isNull())
            return pool.intern(getString());
        m_p += 4 + view.size() * 2;
        return pool.intern(view);
    }
    QString getString()
    {
        const quint32 n = get<quint32>();
        if (!m_ok || (m_end - m_p) / 2 < qsizetype(n)) {
            m_ok = false;
            return {};
        }
        QString s(qsizetype(n), Qt::Uninitialized);
        if constexpr (QSysInfo::ByteOrder == QSysInfo::LittleEndian)
            std::memcpy(s.data(), m_p, std::size_t(n) * 2);
        else
            qFromLittleEndian<quint16>(m_p, n, s.data());
        m_p += std::size_t(n) * 2;
        return s;
    }

private:
    const char *m_p;
    const char *m_end;
    bool m_ok = true;
};

QByteArray encodeListRow(const Ticket &t)
{
    ListRowWriter w(96 + 2 * (t.id.size() + t.key.size() + t.summary.size() + t.requesterName.size()
                              + t.requesterEmail.size() + t.assigneeId.size() + t.teamId.size() + t.serviceId.size())
                    + 10 * t.statusHistory.size());
    w.put<quint16>(ListRowFormat);
    w.put<quint16>(quint16(t.type));
    w.put<quint16>(quint16(t.priority));
    w.put<quint16>(quint16(t.status));
    w.put<qint64>(t.version);
    w.putTime(t.createdAt);
    w.putTime(t.updatedAt);
    w.putTime(t.firstResponseAt);
    w.putTime(t.resolvedAt);
    for (const QString *s : {&t.id, &t.key, &t.summary, &t.requesterName, &t.requesterEmail, &t.assigneeId, &t.teamId,
                             &t.serviceId})
        w.putString(*s);
    w.put<quint32>(quint32(t.statusHistory.size()));
    for (const auto &h : t.statusHistory) {
        w.put<quint16>(quint16(h.status));
        w.putTime(h.at);
    }
    return w.take();
}

/// Fills every field of `t` but the description; false on a row of another format or a truncated one.
bool decodeListRow(QByteArrayView data, Ticket &t, StringPool &pool)
{
    ListRowReader r(data);
    if (r.get<quint16>() != ListRowFormat)
        return false;
    t.type = static_cast<TicketType>(r.get<quint16>());
    t.priority = static_cast<Priority>(r.get<quint16>());
    t.status = static_cast<TicketStatus>(r.get<quint16>());
    t.version = r.get<qint64>();
    t.createdAt = r.getTime();
    t.updatedAt = r.getTime();
    t.firstResponseAt = r.getTime();
    t.resolvedAt = r.getTime();
    t.id = r.getString();
    t.key = r.getString();
    t.summary = r.getString();
    t.requesterName = r.getPooledString(pool);
    t.requesterEmail = r.getPooledString(pool);
    t.assigneeId = r.getPooledString(pool);
    t.teamId = r.getPooledString(pool);
    t.serviceId = r.getPooledString(pool);
    const quint32 history = r.get<quint32>();
    if (!r.ok() || history > quint32(data.size()))
        return false;
    t.statusHistory.reserve(history);
    for (quint32 i = 0; i < history; ++i) {
        const auto status = static_cast<TicketStatus>(r.get<quint16>());
        t.statusHistory.append({status, r.getTime()});
    }
    return r.ok();
}

QString toText(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }
QJsonObject fromText(const QString &s) { return QJsonDocument::fromJson(s.toUtf8()).object(); }

CachedUser userFromJson(const QJsonObject &o)
{
    return {o.value(QStringLiteral("id")).toString(), o.value(QStringLiteral("name")).toString(),
            o.value(QStringLiteral("email")).toString(), o.value(QStringLiteral("role")).toString()};
}

const QStringList &editableFields()
{
    static const QStringList f{QStringLiteral("summary"),        QStringLiteral("description"),
                               QStringLiteral("type"),           QStringLiteral("priority"),
                               QStringLiteral("requester_name"), QStringLiteral("requester_email"),
                               QStringLiteral("assignee_id"),    QStringLiteral("team_id"),
                               QStringLiteral("service_id")};
    return f;
}

Status validateFields(const QJsonObject &fields, bool creating)
{
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (!editableFields().contains(it.key()))
            return Error::make(ErrorCode::InvalidField, QStringLiteral("unknown field %1").arg(it.key()), it.key());
    }
    if (creating || fields.contains(QStringLiteral("summary"))) {
        const QString summary = fields.value(QStringLiteral("summary")).toString().trimmed();
        if (summary.isEmpty())
            return Error::make(ErrorCode::MissingField, QStringLiteral("summary is required"),
                               QStringLiteral("summary"));
        if (summary.size() > 200 || summary.contains(u'\n'))
            return Error::make(ErrorCode::InvalidField, QStringLiteral("summary must be one line of 1-200 characters"),
                               QStringLiteral("summary"));
    }
    if (fields.contains(QStringLiteral("priority"))
        && !priorityFromString(fields.value(QStringLiteral("priority")).toString()))
        return Error::make(ErrorCode::InvalidField, QStringLiteral("bad priority"), QStringLiteral("priority"));
    if (fields.contains(QStringLiteral("type")) && !ticketTypeFromString(fields.value(QStringLiteral("type")).toString()))
        return Error::make(ErrorCode::InvalidField, QStringLiteral("bad type"), QStringLiteral("type"));
    return Ok{};
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

namespace {

const char *const TicketColumns = "id, key, version, created_at, updated_at, summary, description, type, priority,"
                                  " status, requester_name, requester_email, assignee_id, team_id, service_id,"
                                  " first_response_at, resolved_at, history";

// A ticket from the columns of TicketColumns, in that order.
Ticket ticketFromColumns(const QSqlQuery &q, StringPool &pool)
{
    Ticket t;
    t.id = q.value(0).toString();
    t.key = q.value(1).toString();
    t.version = q.value(2).toLongLong();
    t.createdAt = fromMsecs(q.value(3));
    t.updatedAt = fromMsecs(q.value(4));
    t.summary = q.value(5).toString();
    t.description = q.value(6).toString();
    t.type = static_cast<TicketType>(q.value(7).toInt());
    t.priority = static_cast<Priority>(q.value(8).toInt());
    t.status = static_cast<TicketStatus>(q.value(9).toInt());
    t.requesterName = pool.intern(q.value(10).toString());
    t.requesterEmail = pool.intern(q.value(11).toString());
    t.assigneeId = pool.intern(q.value(12).toString());
    t.teamId = pool.intern(q.value(13).toString());
    t.serviceId = pool.intern(q.value(14).toString());
    t.firstResponseAt = fromMsecs(q.value(15));
    t.resolvedAt = fromMsecs(q.value(16));
    t.statusHistory = decodeHistory(q.value(17).toString());
    return t;
}

// What the index keeps of a ticket: everything but the description (ticketDetails() reads it).
TicketPtr indexEntry(Ticket t)
{
    t.description = QString();
    return std::make_shared<const Ticket>(std::move(t));
}

} // namespace

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

std::optional<Ticket> LocalCache::ticketDetails(const QString &id) const
{
    const TicketPtr indexed = ticket(id);
    if (!indexed)
        return std::nullopt;
    Ticket t = *indexed;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT description FROM tickets WHERE id = ?"));
    q.addBindValue(id);
    if (q.exec() && q.next())
        t.description = q.value(0).toString();
    return t;
}

QList<TicketComment> LocalCache::comments(const QString &ticketId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT id, ticket_id, author_id, body, public, version, created_at, updated_at"
                             " FROM ticket_comments WHERE ticket_id = ? ORDER BY created_at, rowid"));
    q.addBindValue(ticketId);
    QList<TicketComment> out;
    if (!q.exec())
        return out;
    while (q.next()) {
        TicketComment c;
        c.id = q.value(0).toString();
        c.ticketId = q.value(1).toString();
        c.authorId = q.value(2).toString();
        c.body = q.value(3).toString();
        c.isPublic = q.value(4).toBool();
        c.version = q.value(5).toLongLong();
        c.createdAt = fromMsecs(q.value(6));
        c.updatedAt = fromMsecs(q.value(7));
        out.append(c);
    }
    return out;
}

bool LocalCache::isCommentPending(const QString &commentId) const { return m_pendingComments.contains(commentId); }

bool LocalCache::writeTicket(const Ticket &t)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    // An upsert, not INSERT OR REPLACE: a replace deletes the row first and would cascade to its comments.
    q.prepare(QStringLiteral(
        "INSERT INTO tickets(id, key, version, created_at, updated_at, summary, description, type, priority, status,"
        " requester_name, requester_email, assignee_id, team_id, service_id, first_response_at, resolved_at,"
        " history, list_row) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(id) DO UPDATE SET key=excluded.key, version=excluded.version, created_at=excluded.created_at,"
        " updated_at=excluded.updated_at, summary=excluded.summary, description=excluded.description,"
        " type=excluded.type, priority=excluded.priority, status=excluded.status,"
        " requester_name=excluded.requester_name, requester_email=excluded.requester_email,"
        " assignee_id=excluded.assignee_id, team_id=excluded.team_id, service_id=excluded.service_id,"
        " first_response_at=excluded.first_response_at, resolved_at=excluded.resolved_at,"
        " history=excluded.history, list_row=excluded.list_row"));
    q.addBindValue(t.id);
    q.addBindValue(t.key);
    q.addBindValue(t.version);
    q.addBindValue(msecs(t.createdAt));
    q.addBindValue(msecs(t.updatedAt));
    q.addBindValue(t.summary);
    q.addBindValue(t.description);
    q.addBindValue(static_cast<int>(t.type));
    q.addBindValue(static_cast<int>(t.priority));
    q.addBindValue(static_cast<int>(t.status));
    q.addBindValue(t.requesterName);
    q.addBindValue(t.requesterEmail);
    q.addBindValue(t.assigneeId);
    q.addBindValue(t.teamId);
    q.addBindValue(t.serviceId);
    q.addBindValue(msecs(t.firstResponseAt));
    q.addBindValue(msecs(t.resolvedAt));
    q.addBindValue(encodeHistory(t.statusHistory));
    q.addBindValue(encodeListRow(t));
    if (!q.exec()) {
        qCWarning(lcCache) << "write ticket" << t.id << q.lastError().text();
        return false;
    }
    return true;
}

bool LocalCache::deleteTicket(const QString &id)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("DELETE FROM tickets WHERE id = ?"));
    q.addBindValue(id);
    return q.exec();
}

bool LocalCache::writeComment(const TicketComment &c, bool pending)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral(
        "INSERT INTO ticket_comments(id, ticket_id, author_id, body, public, version, created_at, updated_at, pending)"
        " VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET ticket_id=excluded.ticket_id,"
        " author_id=excluded.author_id, body=excluded.body, public=excluded.public, version=excluded.version,"
        " created_at=excluded.created_at, updated_at=excluded.updated_at, pending=excluded.pending"));
    q.addBindValue(c.id);
    q.addBindValue(c.ticketId);
    q.addBindValue(c.authorId);
    q.addBindValue(c.body);
    q.addBindValue(c.isPublic ? 1 : 0);
    q.addBindValue(c.version);
    q.addBindValue(msecs(c.createdAt));
    q.addBindValue(msecs(c.updatedAt));
    q.addBindValue(pending ? 1 : 0);
    if (!q.exec()) {
        qCWarning(lcCache) << "write comment" << c.id << q.lastError().text();
        return false;
    }
    return true;
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

void LocalCache::refreshPending()
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.exec(QStringLiteral("SELECT kind, entity_id, idempotency_key, body FROM outbox"));
    m_pendingTickets.clear();
    m_pendingComments.clear();
    m_pendingOverrides.clear();
    int count = 0;
    while (q.next()) {
        ++count;
        m_pendingTickets.insert(q.value(1).toString());
        const auto kind = OutboxCommand::kindFromName(q.value(0).toString());
        if (kind == OutboxCommand::Kind::AddComment || kind == OutboxCommand::Kind::AddOverride)
            (kind == OutboxCommand::Kind::AddComment ? m_pendingComments : m_pendingOverrides).insert(q.value(2).toString());
        else if (kind == OutboxCommand::Kind::RemoveOverride)
            m_pendingOverrides.insert(fromText(q.value(3).toString()).value(QStringLiteral("override_id")).toString());
    }
    if (count != m_pendingCount) {
        m_pendingCount = count;
        Q_EMIT pendingCountChanged(count);
    }
}

QList<OutboxCommand> LocalCache::pendingCommands() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.exec(QStringLiteral("SELECT seq, kind, entity_id, body, idempotency_key, base_version, base, created_at"
                          " FROM outbox ORDER BY seq"));
    QList<OutboxCommand> out;
    while (q.next()) {
        OutboxCommand c;
        c.seq = q.value(0).toLongLong();
        c.kind = OutboxCommand::kindFromName(q.value(1).toString()).value_or(OutboxCommand::Kind::UpdateTicket);
        c.entityId = q.value(2).toString();
        c.body = fromText(q.value(3).toString());
        c.idempotencyKey = q.value(4).toString();
        c.baseVersion = q.value(5).toLongLong();
        c.base = fromText(q.value(6).toString());
        c.createdAt = fromMsecs(q.value(7));
        out.append(c);
    }
    return out;
}

std::optional<OutboxCommand> LocalCache::nextCommand() const
{
    if (m_pendingCount == 0)
        return std::nullopt;
    const auto all = pendingCommands();
    return all.isEmpty() ? std::nullopt : std::optional(all.first());
}

Status LocalCache::enqueue(OutboxCommand &c)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("INSERT INTO outbox(kind, entity_id, body, idempotency_key, base_version, base, created_at)"
                             " VALUES (?,?,?,?,?,?,?)"));
    q.addBindValue(OutboxCommand::kindName(c.kind));
    q.addBindValue(c.entityId);
    q.addBindValue(toText(c.body));
    q.addBindValue(c.idempotencyKey);
    q.addBindValue(c.baseVersion);
    q.addBindValue(toText(c.base));
    q.addBindValue(msecs(c.createdAt));
    if (!q.exec())
        return fail(QStringLiteral("enqueue"));
    c.seq = q.lastInsertId().toLongLong();
    return Ok{};
}

Ticket LocalCache::withPendingApplied(Ticket t, const QString &entityId) const
{
    if (!m_pendingTickets.contains(entityId))
        return t;
    const QDateTime now = m_clock.now();
    for (const auto &c : pendingCommands()) {
        if (c.entityId == entityId)
            (void)applyCommandLocally(t, c, now);
    }
    return t;
}

Result<QString> LocalCache::createTicket(const QJsonObject &fields)
{
    if (auto s = validateFields(fields, true); !s)
        return s.error();
    const QDateTime now = m_clock.now();
    QJsonObject body = fields;
    body.insert(QStringLiteral("summary"), fields.value(QStringLiteral("summary")).toString().trimmed());
    QJsonObject json = body;
    const QString id = Json::newId();
    json.insert(QStringLiteral("id"), id);
    json.insert(QStringLiteral("key"), QString());
    json.insert(QStringLiteral("version"), 0);
    json.insert(QStringLiteral("created_at"), Json::formatTime(now));
    json.insert(QStringLiteral("updated_at"), Json::formatTime(now));
    json.insert(QStringLiteral("status"), QStringLiteral("open"));
    if (!json.contains(QStringLiteral("type")))
        json.insert(QStringLiteral("type"), QStringLiteral("service_request"));
    if (!json.contains(QStringLiteral("priority")))
        json.insert(QStringLiteral("priority"), QStringLiteral("P3"));
    auto ticket = Ticket::fromJson(json);
    if (!ticket)
        return ticket.error();

    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    OutboxCommand c;
    c.kind = OutboxCommand::Kind::CreateTicket;
    c.entityId = id;
    c.body = body;
    c.idempotencyKey = id;
    c.createdAt = now;
    if (!writeTicket(ticket.value()) || !enqueue(c).ok() || !db.commit()) {
        db.rollback();
        return fail(QStringLiteral("create ticket")).error();
    }
    m_tickets.insert(id, indexEntry(ticket.value()));
    refreshPending();
    Q_EMIT ticketUpserted(id);
    return id;
}

Status LocalCache::updateTicket(const QString &id, const QJsonObject &fields)
{
    const std::optional<Ticket> current = ticketDetails(id);
    if (!current)
        return Error::make(ErrorCode::NotFound, QStringLiteral("no ticket %1").arg(id));
    if (auto s = validateFields(fields, false); !s)
        return s;
    OutboxCommand c;
    c.kind = OutboxCommand::Kind::UpdateTicket;
    c.entityId = id;
    c.body = fields;
    c.baseVersion = current->version;
    c.base = current->toJson();
    c.createdAt = m_clock.now();
    Ticket t = *current;
    if (!applyCommandLocally(t, c, c.createdAt))
        return Error::make(ErrorCode::InvalidField, QStringLiteral("cannot apply the change"));
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    if (!writeTicket(t) || !enqueue(c).ok() || !db.commit()) {
        db.rollback();
        return fail(QStringLiteral("update ticket"));
    }
    m_tickets.insert(id, indexEntry(std::move(t)));
    refreshPending();
    Q_EMIT ticketUpserted(id);
    return Ok{};
}

Status LocalCache::assignTicket(const QString &id, const QString &userId)
{
    return updateTicket(id, {{QStringLiteral("assignee_id"),
                              userId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(userId)}});
}

Status LocalCache::transitionTicket(const QString &id, TicketStatus to)
{
    const std::optional<Ticket> current = ticketDetails(id);
    if (!current)
        return Error::make(ErrorCode::NotFound, QStringLiteral("no ticket %1").arg(id));
    OutboxCommand c;
    c.kind = OutboxCommand::Kind::Transition;
    c.entityId = id;
    c.body = {{QStringLiteral("to"), toString(to)}};
    c.baseVersion = current->version;
    c.base = current->toJson();
    c.createdAt = m_clock.now();
    Ticket t = *current;
    if (auto s = Workflow::transition(t, to, c.createdAt); !s)
        return s;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    if (!writeTicket(t) || !enqueue(c).ok() || !db.commit()) {
        db.rollback();
        return fail(QStringLiteral("transition ticket"));
    }
    m_tickets.insert(id, indexEntry(std::move(t)));
    refreshPending();
    Q_EMIT ticketUpserted(id);
    return Ok{};
}

Result<QString> LocalCache::addComment(const QString &ticketId, const QString &body, bool isPublic)
{
    const TicketPtr current = ticket(ticketId);
    if (!current)
        return Error::make(ErrorCode::NotFound, QStringLiteral("no ticket %1").arg(ticketId));
    if (body.trimmed().isEmpty())
        return Error::make(ErrorCode::MissingField, QStringLiteral("body is required"), QStringLiteral("body"));
    const QDateTime now = m_clock.now();
    TicketComment comment;
    comment.id = Json::newId();
    comment.ticketId = ticketId;
    comment.authorId = m_currentUserId;
    comment.body = body;
    comment.isPublic = isPublic;
    comment.createdAt = now;
    comment.updatedAt = now;
    OutboxCommand c;
    c.kind = OutboxCommand::Kind::AddComment;
    c.entityId = ticketId;
    c.body = {{QStringLiteral("body"), body}, {QStringLiteral("public"), isPublic}};
    c.idempotencyKey = comment.id;
    c.baseVersion = current->version;
    c.createdAt = now;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    if (!writeComment(comment, true) || !enqueue(c).ok() || !db.commit()) {
        db.rollback();
        return fail(QStringLiteral("add comment")).error();
    }
    refreshPending();
    Q_EMIT commentsChanged(ticketId);
    Q_EMIT ticketUpserted(ticketId);
    return comment.id;
}

QString LocalCache::upsertServerTicket(const QJsonObject &json)
{
    auto parsed = Ticket::fromJson(json);
    if (!parsed) {
        qCWarning(lcCache) << "ignoring a malformed ticket:" << parsed.error().message;
        return {};
    }
    Ticket t = std::move(parsed).value();
    const TicketPtr existing = ticket(t.id);
    if (existing && existing->version > t.version)
        return {}; // an older answer overtaken by the change feed
    const QString id = t.id;
    t = withPendingApplied(std::move(t), id);
    if (!writeTicket(t))
        return {};
    m_tickets.insert(id, indexEntry(std::move(t)));
    return id;
}

void LocalCache::applyServerTicket(const QJsonObject &json)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    const QString id = upsertServerTicket(json);
    db.commit();
    if (!id.isEmpty())
        Q_EMIT ticketUpserted(id);
}

void LocalCache::commandSucceeded(qint64 seq, const QJsonObject &response)
{
    std::optional<OutboxCommand> cmd;
    for (const auto &c : pendingCommands()) {
        if (c.seq == seq)
            cmd = c;
    }
    if (!cmd)
        return;
    if (cmd->isScheduleCommand()) {
        scheduleCommandSucceeded(*cmd, response);
        return;
    }
    if (cmd->isAlertCommand()) {
        alertCommandFinished(*cmd, response, true);
        return;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    db.transaction();
    q.prepare(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
    q.addBindValue(seq);
    q.exec();
    QString removedId;
    QString upserted;
    QString commentsOf;
    const qint64 newVersion = response.value(QStringLiteral("version")).toInteger();
    switch (cmd->kind) {
    case OutboxCommand::Kind::CreateTicket: {
        const QString serverId = response.value(QStringLiteral("id")).toString();
        const QString clientId = cmd->entityId;
        if (serverId != clientId) {
            if (m_tickets.contains(serverId)) {
                q.prepare(QStringLiteral("UPDATE ticket_comments SET ticket_id = ? WHERE ticket_id = ?"));
                q.addBindValue(serverId);
                q.addBindValue(clientId);
                q.exec();
                (void)deleteTicket(clientId);
            } else {
                // ON UPDATE CASCADE moves the ticket's comments with it.
                q.prepare(QStringLiteral("UPDATE tickets SET id = ? WHERE id = ?"));
                q.addBindValue(serverId);
                q.addBindValue(clientId);
                q.exec();
            }
            q.prepare(QStringLiteral("UPDATE outbox SET entity_id = ? WHERE entity_id = ?"));
            q.addBindValue(serverId);
            q.addBindValue(clientId);
            q.exec();
            removedId = clientId;
            m_tickets.remove(clientId);
        }
        q.prepare(QStringLiteral("UPDATE outbox SET base_version = ? WHERE entity_id = ? AND base_version = 0"));
        q.addBindValue(newVersion);
        q.addBindValue(serverId);
        q.exec();
        refreshPending();
        upserted = upsertServerTicket(response);
        commentsOf = serverId;
        break;
    }
    case OutboxCommand::Kind::UpdateTicket:
    case OutboxCommand::Kind::Transition:
        // Later edits of the same chain were based on the version this command replaced.
        q.prepare(QStringLiteral("UPDATE outbox SET base_version = ? WHERE entity_id = ? AND base_version = ?"));
        q.addBindValue(newVersion);
        q.addBindValue(cmd->entityId);
        q.addBindValue(cmd->baseVersion);
        q.exec();
        refreshPending();
        upserted = upsertServerTicket(response);
        break;
    case OutboxCommand::Kind::AddComment: {
        auto comment = TicketComment::fromJson(response);
        q.prepare(QStringLiteral("DELETE FROM ticket_comments WHERE id = ?"));
        q.addBindValue(cmd->idempotencyKey);
        q.exec();
        if (comment)
            (void)writeComment(comment.value(), false);
        refreshPending();
        commentsOf = cmd->entityId;
        break;
    }
    default: // schedule commands: scheduleCommandSucceeded()
        break;
    }
    db.commit();
    if (!removedId.isEmpty())
        Q_EMIT ticketRemoved(removedId);
    if (!upserted.isEmpty())
        Q_EMIT ticketUpserted(upserted);
    if (!removedId.isEmpty() && !upserted.isEmpty())
        Q_EMIT ticketIdChanged(removedId, upserted);
    if (!commentsOf.isEmpty())
        Q_EMIT commentsChanged(commentsOf);
}

void LocalCache::dropCommand(qint64 seq, const QJsonObject &serverTicket)
{
    std::optional<OutboxCommand> cmd;
    for (const auto &c : pendingCommands()) {
        if (c.seq == seq)
            cmd = c;
    }
    if (!cmd)
        return;
    if (cmd->isAlertCommand()) {
        alertCommandFinished(*cmd, serverTicket, false);
        return;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    db.transaction();
    QString removed;
    if (cmd->isScheduleCommand()) {
        q.prepare(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
        q.addBindValue(seq);
        q.exec();
        refreshPending();
        if (!serverTicket.isEmpty())
            storeServerSchedule(serverTicket);
        else
            rebuildSchedules();
        db.commit();
        Q_EMIT schedulesChanged();
        return;
    }
    if (cmd->kind == OutboxCommand::Kind::CreateTicket) {
        // A rejected creation takes everything queued on that ticket with it.
        q.prepare(QStringLiteral("DELETE FROM outbox WHERE entity_id = ?"));
        q.addBindValue(cmd->entityId);
        q.exec();
        (void)deleteTicket(cmd->entityId);
        m_tickets.remove(cmd->entityId);
        removed = cmd->entityId;
    } else {
        q.prepare(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
        q.addBindValue(seq);
        q.exec();
    }
    refreshPending();
    QString upserted;
    if (!serverTicket.isEmpty()) {
        // Take-theirs: forget our local version even if the server's number is not newer.
        m_tickets.remove(serverTicket.value(QStringLiteral("id")).toString());
        upserted = upsertServerTicket(serverTicket);
    }
    db.commit();
    if (!removed.isEmpty())
        Q_EMIT ticketRemoved(removed);
    if (!upserted.isEmpty())
        Q_EMIT ticketUpserted(upserted);
}

void LocalCache::rebaseCommand(qint64 seq, const QJsonObject &serverTicket)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    db.transaction();
    q.prepare(QStringLiteral("UPDATE outbox SET base_version = ?, base = ? WHERE seq = ?"));
    q.addBindValue(serverTicket.value(QStringLiteral("version")).toInteger());
    q.addBindValue(toText(serverTicket));
    q.addBindValue(seq);
    q.exec();
    if (serverTicket.contains(QStringLiteral("layers"))) { // a schedule edit re-based on the server's schedule
        storeServerSchedule(serverTicket);
        db.commit();
        Q_EMIT schedulesChanged();
        return;
    }
    const QString id = upsertServerTicket(serverTicket);
    db.commit();
    if (!id.isEmpty())
        Q_EMIT ticketUpserted(id);
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
