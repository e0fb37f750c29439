#include "store.h"

#include "common/json.h"
#include "walcheckpointer.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUrl>
#include <QUrlQuery>

#include <atomic>

Q_LOGGING_CATEGORY(lcStore, "vigil.core.store")

namespace Vigil {

namespace {

struct KindInfo
{
    const char *table;
    const char *entity;
    // Indexed columns beyond id/version/times/data, and how to read each from the JSON document.
    QList<std::pair<QString, std::function<QVariant(const QJsonObject &)>>> columns;
    // The table has a `rev` column: the change-log revision of the row's last change ("most recently changed").
    bool tracksRev = false;
    // The change log refers to the row instead of holding a copy of the document (see changesSince()).
    bool changesByReference = false;
};

QVariant str(const QJsonObject &o, const char *k)
{
    const QJsonValue v = o.value(QLatin1String(k));
    return v.isString() && !v.toString().isEmpty() ? QVariant(v.toString()) : QVariant(QMetaType(QMetaType::QString));
}

const KindInfo &info(Kind k)
{
    static const KindInfo users{"users", "user",
                                {{QStringLiteral("email"), [](const QJsonObject &o) { return str(o, "email"); }},
                                 {QStringLiteral("name"), [](const QJsonObject &o) { return str(o, "name"); }},
                                 {QStringLiteral("role"), [](const QJsonObject &o) { return str(o, "role"); }}}};
    static const KindInfo teams{"teams", "team",
                                {{QStringLiteral("name"), [](const QJsonObject &o) { return str(o, "name"); }}}};
    static const KindInfo services{"services", "service",
                                   {{QStringLiteral("name"), [](const QJsonObject &o) { return str(o, "name"); }},
                                    {QStringLiteral("team_id"),
                                     [](const QJsonObject &o) { return str(o, "team_id"); }}}};
    static const KindInfo tickets{
        "tickets", "ticket",
        {{QStringLiteral("key_num"),
          [](const QJsonObject &o) {
              const QString key = o.value(QStringLiteral("key")).toString();
              return QVariant(key.mid(key.indexOf(u'-') + 1).toLongLong());
          }},
         {QStringLiteral("status"), [](const QJsonObject &o) { return str(o, "status"); }},
         {QStringLiteral("priority"), [](const QJsonObject &o) { return str(o, "priority"); }},
         {QStringLiteral("assignee_id"), [](const QJsonObject &o) { return str(o, "assignee_id"); }},
         {QStringLiteral("team_id"), [](const QJsonObject &o) { return str(o, "team_id"); }},
         {QStringLiteral("service_id"), [](const QJsonObject &o) { return str(o, "service_id"); }},
         {QStringLiteral("search"), [](const QJsonObject &o) {
              return QVariant(QStringList{o.value(QStringLiteral("key")).toString(),
                                          o.value(QStringLiteral("summary")).toString(),
                                          o.value(QStringLiteral("requester_name")).toString(),
                                          o.value(QStringLiteral("requester_email")).toString()}
                                  .join(u'\n')
                                  .toLower());
          }}}, true};
    static const KindInfo comments{
        "ticket_comments", "ticket_comment",
        {{QStringLiteral("ticket_id"), [](const QJsonObject &o) { return str(o, "ticket_id"); }}}};
    static const KindInfo settings{"settings", "sla_policy", {}};
    static const KindInfo schedules{"schedules", "schedule",
                                    {{QStringLiteral("name"), [](const QJsonObject &o) { return str(o, "name"); }},
                                     {QStringLiteral("team_id"),
                                      [](const QJsonObject &o) { return str(o, "team_id"); }}}};
    static const KindInfo policies{"escalation_policies", "escalation_policy",
                                   {{QStringLiteral("name"), [](const QJsonObject &o) { return str(o, "name"); }},
                                    {QStringLiteral("team_id"),
                                     [](const QJsonObject &o) { return str(o, "team_id"); }}}};
    static const KindInfo alerts{
        "alerts", "alert",
        {{QStringLiteral("service_id"), [](const QJsonObject &o) { return str(o, "service_id"); }},
         {QStringLiteral("team_id"), [](const QJsonObject &o) { return str(o, "team_id"); }},
         {QStringLiteral("status"), [](const QJsonObject &o) { return str(o, "status"); }},
         {QStringLiteral("priority"), [](const QJsonObject &o) { return str(o, "priority"); }},
         {QStringLiteral("alias"), [](const QJsonObject &o) { return str(o, "alias"); }},
         {QStringLiteral("owner_id"), [](const QJsonObject &o) { return str(o, "owner_id"); }}},
        true, true};
    static const KindInfo alertLog{"alert_log", "alert_log",
                                   {{QStringLiteral("alert_id"), [](const QJsonObject &o) { return str(o, "alert_id"); }}},
                                   true, true};
    switch (k) {
    case Kind::EscalationPolicy: return policies;
    case Kind::Alert: return alerts;
    case Kind::AlertLog: return alertLog;
    case Kind::User: return users;
    case Kind::Team: return teams;
    case Kind::Service: return services;
    case Kind::Ticket: return tickets;
    case Kind::TicketComment: return comments;
    case Kind::SlaPolicy: return settings;
    case Kind::Schedule: return schedules;
    }
    return settings;
}

Error sqlError(const QSqlError &e, const QString &what)
{
    qCWarning(lcStore) << what << e.text();
    const QString text = e.text();
    // SQLite extended codes 2067/787, PostgreSQL SQLSTATE 23505/23503.
    if (text.contains(QLatin1String("UNIQUE constraint"), Qt::CaseInsensitive)
        || e.nativeErrorCode() == QLatin1String("2067") || e.nativeErrorCode() == QLatin1String("23505"))
        return Error::make(ErrorCode::Conflict, QStringLiteral("a unique value is already taken (%1)").arg(text));
    if (text.contains(QLatin1String("FOREIGN KEY"), Qt::CaseInsensitive)
        || e.nativeErrorCode() == QLatin1String("787") || e.nativeErrorCode() == QLatin1String("23503"))
        return Error::make(ErrorCode::InvalidField, QStringLiteral("a referenced entity does not exist"));
    return Error::make(ErrorCode::Internal, QStringLiteral("database error: %1").arg(text));
}

QString sha256Hex(const QString &s)
{
    return QString::fromLatin1(QCryptographicHash::hash(s.toUtf8(), QCryptographicHash::Sha256).toHex());
}

} // namespace

QString entityName(Kind k)
{
    return QString::fromLatin1(info(k).entity);
}

Store::Store(QString connectionName, const Clock &clock) : m_connection(std::move(connectionName)), m_clock(clock) {}

Store::~Store()
{
    // An open group is committed: its writers may be gone, but what they wrote is kept.
    m_groupHook = nullptr;
    m_committedHook = nullptr;
    (void)flush();
    m_checkpointer.reset(); // a last checkpoint, then its thread ends
    m_prepared.clear();
    {
        QSqlDatabase d = QSqlDatabase::database(m_connection, false);
        if (d.isOpen())
            d.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

Result<std::unique_ptr<Store>> Store::openSqlite(const QString &path, const Clock &clock)
{
    static std::atomic<int> serial{0};
    const QString name = QStringLiteral("vigil-store-%1").arg(serial++);
    std::unique_ptr<Store> store(new Store(name, clock));
    QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    d.setDatabaseName(path);
    d.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!d.open())
        return Error::make(ErrorCode::Internal,
                           QStringLiteral("cannot open database %1: %2").arg(path, d.lastError().text()));
    // temp_store=MEMORY keeps the savepoint journals of group commit in memory (a file otherwise, written on every
    // grouped write); a larger page cache means fewer reads of hot pages; checkpoints run in the checkpoint thread
    // (measured in docs/BENCHMARKS.md).
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                               "PRAGMA temp_store=MEMORY", "PRAGMA cache_size=-16384", "PRAGMA wal_autocheckpoint=0"}) {
        if (auto s = store->exec(QString::fromLatin1(pragma)); !s)
            return s.error();
    }
    if (auto s = store->migrate(); !s)
        return s.error();
    store->m_checkpointer = std::make_unique<WalCheckpointer>(path);
    store->m_checkpointer->start(QThread::LowPriority);
    return store;
}

bool Store::isPostgresUrl(const QString &spec)
{
    return spec.startsWith(QLatin1String("postgres://")) || spec.startsWith(QLatin1String("postgresql://"));
}

Result<std::unique_ptr<Store>> Store::open(const QString &spec, const Clock &clock)
{
    return isPostgresUrl(spec) ? openPostgres(spec, clock) : openSqlite(spec, clock);
}

Result<std::unique_ptr<Store>> Store::openPostgres(const QString &urlText, const Clock &clock)
{
    static std::atomic<int> serial{0};
    const QUrl url(urlText);
    if (!url.isValid() || url.host().isEmpty() || url.path().size() < 2)
        return Error::make(ErrorCode::InvalidField,
                           QStringLiteral("PostgreSQL URL must look like postgres://user:password@host:5432/dbname"),
                           QStringLiteral("db"));
    const QString name = QStringLiteral("vigil-pg-%1").arg(serial++);
    std::unique_ptr<Store> store(new Store(name, clock));
    store->m_postgres = true;
    QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    if (!d.isValid())
        return Error::make(ErrorCode::Internal, QStringLiteral("the Qt PostgreSQL driver (libqt6sql6-psql) is not installed"));
    d.setHostName(url.host());
    d.setPort(url.port(5432));
    d.setUserName(url.userName(QUrl::FullyDecoded));
    d.setPassword(url.password(QUrl::FullyDecoded));
    d.setDatabaseName(url.path(QUrl::FullyDecoded).mid(1));
    QStringList options{QStringLiteral("connect_timeout=10")};
    const QUrlQuery query(url);
    for (const auto &[k, v] : query.queryItems(QUrl::FullyDecoded))
        options.append(k + u'=' + v);
    d.setConnectOptions(options.join(u';'));
    if (!d.open())
        return Error::make(ErrorCode::Internal, QStringLiteral("cannot connect to PostgreSQL at %1:%2/%3: %4")
                                                    .arg(url.host())
                                                    .arg(url.port(5432))
                                                    .arg(d.databaseName(), d.lastError().text()));
    // Servers starting together must not run the migrations twice.
    (void)store->exec(QStringLiteral("SET client_min_messages TO WARNING"));
    if (auto s = store->exec(QStringLiteral("SELECT pg_advisory_lock(7741001)")); !s)
        return s.error();
    const Status migrated = store->migrate();
    (void)store->exec(QStringLiteral("SELECT pg_advisory_unlock(7741001)"));
    if (!migrated)
        return migrated.error();
    store->listenForCommits();
    return store;
}

void Store::listenForCommits()
{
    QSqlDriver *driver = db().driver();
    if (!driver->subscribeToNotification(QStringLiteral("vigil_changes"))) {
        qCWarning(lcStore) << "cannot LISTEN for changes from other servers:" << driver->lastError().text();
        return;
    }
    QObject::connect(driver, &QSqlDriver::notification, driver,
                     [this](const QString &, QSqlDriver::NotificationSource source, const QVariant &) {
                         if (source == QSqlDriver::SelfSource || m_inWrite)
                             return;
                         m_lastRevCache = -1; // another server committed
                         m_lastCommitTouchedQueues = true; // what it wrote is not known here
                         if (m_committedHook)
                             m_committedHook(lastRev());
                     });
}

QString Store::dialect(const QString &sql) const
{
    QString out = sql;
    if (m_postgres)
        out.replace(QLatin1String(" BLOB"), QLatin1String(" BYTEA"));
    else
        out.replace(QLatin1String("BIGINT PRIMARY KEY"), QLatin1String("INTEGER PRIMARY KEY")); // the rowid
    return out;
}

QSqlDatabase Store::db() const
{
    return QSqlDatabase::database(m_connection, false);
}

Status Store::exec(const QString &sql, const QVariantList &binds) const
{
    // PostgreSQL cannot PREPARE DDL or NOTIFY: statements without parameters run directly.
    if (binds.isEmpty()) {
        QSqlQuery q(db());
        if (!q.exec(sql))
            return sqlError(q.lastError(), sql);
        return Ok{};
    }
    return execPrepared(sql, binds);
}

Status Store::execPrepared(const QString &sql, const QVariantList &binds) const
{
    QSqlQuery &p = prepared(sql, binds);
    const bool ok = p.exec();
    const QSqlError e = p.lastError();
    p.finish();
    if (!ok)
        return sqlError(e, sql);
    return Ok{};
}

Status Store::execSavepoint(const QString &sql) const
{
    // SQLite: one savepoint per grouped request, its statements prepared once. PostgreSQL prepares only queries
    // and data changes.
    return m_postgres ? exec(sql) : execPrepared(sql, {});
}

QSqlQuery &Store::prepared(const QString &sql, const QVariantList &binds) const
{
    auto it = m_prepared.find(sql);
    if (it == m_prepared.end()) {
        // Statements built from varying filters could grow the cache without bound: start over past a limit.
        if (m_prepared.size() > 256)
            m_prepared.clear();
        QSqlQuery q(db());
        q.setForwardOnly(true);
        if (!q.prepare(sql))
            qCWarning(lcStore) << "prepare failed" << sql << q.lastError().text();
        it = m_prepared.insert(sql, q);
    }
    for (qsizetype i = 0; i < binds.size(); ++i)
        it->bindValue(int(i), binds.at(i));
    return *it;
}

int Store::schemaVersion() const
{
    QSqlQuery q(db());
    if (!q.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

Status Store::migrate()
{
    if (auto s = exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                                     "name TEXT NOT NULL, applied_at TEXT NOT NULL)"));
        !s)
        return s;
    const int current = schemaVersion();
    for (const Migration &m : migrations()) {
        if (m.version <= current)
            continue;
        qCInfo(lcStore) << "applying migration" << m.version << m.name;
        QSqlDatabase d = db();
        if (!d.transaction())
            return sqlError(d.lastError(), QStringLiteral("begin migration"));
        for (const QString &sql : m.statements) {
            if (auto s = exec(dialect(sql)); !s) {
                d.rollback();
                return s;
            }
        }
        if (auto s = exec(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?,?,?)"),
                          {m.version, QString::fromLatin1(m.name), Json::formatTime(m_clock.now())});
            !s) {
            d.rollback();
            return s;
        }
        if (!d.commit())
            return sqlError(d.lastError(), QStringLiteral("commit migration"));
    }
    return Ok{};
}

Status Store::write(const std::function<Status()> &fn)
{
    Q_ASSERT(!m_inWrite);
    if (m_groupOpen)
        (void)flush(); // its outcome goes to the group hook; this write stands on its own
    QSqlDatabase d = db();
    if (!d.transaction())
        return sqlError(d.lastError(), QStringLiteral("begin"));
    m_inWrite = true;
    m_changed = false;
    m_queuesTouched = false;
    Status s = fn();
    if (s)
        s = writeChanges();
    if (s)
        s = storeRev();
    // PostgreSQL delivers the NOTIFY at commit, to every server sharing the database.
    if (s && m_changed && m_postgres)
        s = exec(QStringLiteral("NOTIFY vigil_changes"));
    m_inWrite = false;
    m_txRev = m_txRevStored = -1;
    m_pendingChanges.clear();
    if (!s) {
        d.rollback();
        m_lastRevCache = -1;
        m_docs.clear(); // rolled-back versions are handed out again
        return s;
    }
    if (!d.commit()) {
        const Error e = sqlError(d.lastError(), QStringLiteral("commit"));
        d.rollback();
        m_lastRevCache = -1;
        m_docs.clear(); // rolled-back versions are handed out again
        return e;
    }
    m_lastCommitTouchedQueues = m_queuesTouched;
    if (m_changed && m_committedHook)
        m_committedHook(lastRev());
    return s;
}

Status Store::writeGrouped(const std::function<Status()> &fn)
{
    Q_ASSERT(!m_inWrite);
    QSqlDatabase d = db();
    if (!m_groupOpen) {
        if (!d.transaction())
            return sqlError(d.lastError(), QStringLiteral("begin"));
        m_groupOpen = true;
        m_changed = false;
        m_queuesTouched = false;
        m_groupWrites = 0;
    }
    if (auto s = execSavepoint(QStringLiteral("SAVEPOINT grouped")); !s) {
        (void)flush();
        return s;
    }
    const bool changedBefore = m_changed;
    const qsizetype changesBefore = m_pendingChanges.size();
    const qint64 revBefore = m_txRev;
    const qint64 revStoredBefore = m_txRevStored;
    m_inWrite = true;
    Status s = fn();
    m_inWrite = false;
    if (s) {
        if (auto released = execSavepoint(QStringLiteral("RELEASE SAVEPOINT grouped")); !released)
            s = released;
        else
            ++m_groupWrites;
    } else {
        if (execSavepoint(QStringLiteral("ROLLBACK TO SAVEPOINT grouped")) && execSavepoint(QStringLiteral("RELEASE SAVEPOINT grouped"))) {
            m_changed = changedBefore;
            m_pendingChanges.resize(changesBefore);
            m_txRev = revBefore;
            m_txRevStored = revStoredBefore;
            m_lastRevCache = -1;
            m_docs.clear(); // rolled-back versions are handed out again
            return s;
        }
    }
    if (!s && m_groupOpen) {
        // The savepoint could not be released or undone: the group cannot go on.
        m_pendingChanges.clear();
        d.rollback();
        m_groupOpen = false;
        m_txRev = m_txRevStored = -1;
        m_lastRevCache = -1;
        m_docs.clear(); // rolled-back versions are handed out again
        if (m_groupHook)
            m_groupHook(s);
    }
    return s;
}

Status Store::flush()
{
    if (!m_groupOpen)
        return Ok{};
    m_groupOpen = false;
    QSqlDatabase d = db();
    Status s = writeChanges();
    if (s)
        s = storeRev();
    if (s && m_changed && m_postgres)
        s = exec(QStringLiteral("NOTIFY vigil_changes"));
    m_txRev = m_txRevStored = -1;
    if (s && !d.commit())
        s = sqlError(d.lastError(), QStringLiteral("commit"));
    if (!s) {
        d.rollback();
        m_lastRevCache = -1;
        m_docs.clear(); // rolled-back versions are handed out again
    } else {
        ++m_groupStats.groups;
        m_groupStats.writes += m_groupWrites;
    }
    m_lastCommitTouchedQueues = s && m_queuesTouched;
    if (m_groupHook)
        m_groupHook(s);
    if (s && m_changed && m_committedHook)
        m_committedHook(lastRev());
    return s;
}

Result<qint64> Store::nextCounter(const QString &name)
{
    Q_ASSERT(m_inWrite);
    QSqlQuery &q = prepared(QStringLiteral("UPDATE counters SET value = value + 1 WHERE name = ? RETURNING value"), {name});
    if (!q.exec())
        return sqlError(q.lastError(), QStringLiteral("counter"));
    const bool found = q.next();
    const qint64 value = found ? q.value(0).toLongLong() : 0;
    q.finish();
    if (!found) {
        // A counter that does not exist yet starts at 1.
        if (auto s = exec(QStringLiteral("INSERT INTO counters (name, value) VALUES (?, 1)"), {name}); !s)
            return s.error();
        return qint64(1);
    }
    return value;
}

Result<qint64> Store::nextRev()
{
    Q_ASSERT(m_inWrite);
    if (m_txRev >= 0)
        return ++m_txRev;
    auto rev = nextCounter(QStringLiteral("rev"));
    if (!rev)
        return rev;
    m_txRev = m_txRevStored = rev.value();
    return rev;
}

Status Store::storeRev()
{
    if (m_txRev < 0 || m_txRev == m_txRevStored)
        return Ok{};
    if (auto s = exec(QStringLiteral("UPDATE counters SET value = ? WHERE name = 'rev'"), {m_txRev}); !s)
        return s;
    m_txRevStored = m_txRev;
    return Ok{};
}

Status Store::appendChange(qint64 rev, const QString &entity, const QString &id, const QString &op,
                           const QString &json)
{
    // Kept until the transaction is about to commit, then written with as few statements as possible.
    m_pendingChanges.append(PendingChange{rev, entity, id, op, json, Json::formatTime(m_clock.now())});
    m_changed = true;
    m_lastRevCache = rev;
    return Ok{};
}

Status Store::writeChanges()
{
    // Multi-row INSERTs of up to 16 rows, one prepared statement per row count used.
    constexpr qsizetype MaxRows = 16;
    qsizetype done = 0;
    while (done < m_pendingChanges.size()) {
        const qsizetype rows = std::min(MaxRows, m_pendingChanges.size() - done);
        QString sql = QStringLiteral("INSERT INTO changes (rev, entity, entity_id, op, data, at) VALUES (?,?,?,?,?,?)");
        for (qsizetype r = 1; r < rows; ++r)
            sql += QStringLiteral(",(?,?,?,?,?,?)");
        QVariantList binds;
        binds.reserve(rows * 6);
        for (qsizetype r = done; r < done + rows; ++r) {
            const PendingChange &c = m_pendingChanges.at(r);
            binds << c.rev << c.entity << c.id << c.op << c.json << c.at;
        }
        if (auto s = execPrepared(sql, binds); !s) {
            m_pendingChanges.clear();
            return s;
        }
        done += rows;
    }
    m_pendingChanges.clear();
    return Ok{};
}

namespace {

bool cachesDocs(Kind k) { return k == Kind::Alert || k == Kind::Service || k == Kind::User; }
constexpr qsizetype MaxCachedDocs = 4096;

} // namespace

void Store::cacheDoc(Kind k, const QJsonObject &data) const
{
    if (!cachesDocs(k))
        return;
    const QString id = data.value(QStringLiteral("id")).toString();
    const QJsonValue version = data.value(QStringLiteral("version"));
    const QJsonValue updatedAt = data.value(QStringLiteral("updated_at"));
    if (id.isEmpty() || !version.isDouble() || !updatedAt.isString()) {
        m_docs.remove(id);
        return;
    }
    if (m_docs.size() >= MaxCachedDocs && !m_docs.contains(id))
        m_docs.clear();
    m_docs.insert(id, CachedDoc{version.toInteger(), updatedAt.toString(), data});
}

void Store::refreshCachedDoc(Kind k, const QJsonObject &data) const
{
    // Only documents read before are kept: a flood of new alerts, most never seen again, does not fill the cache.
    if (cachesDocs(k) && m_docs.contains(data.value(QStringLiteral("id")).toString()))
        cacheDoc(k, data);
}

std::optional<QJsonObject> Store::cachedDoc(const QString &id, qint64 version, const QString &updatedAt) const
{
    const auto it = m_docs.constFind(id);
    if (it == m_docs.cend() || it->version != version || it->updatedAt != updatedAt)
        return std::nullopt;
    return it->data;
}

Result<QJsonObject> Store::get(Kind k, const QString &id) const
{
    if (cachesDocs(k)) {
        QSqlQuery &v = prepared(QStringLiteral("SELECT version, updated_at FROM %1 WHERE id = ?").arg(QLatin1String(info(k).table)), {id});
        if (!v.exec())
            return sqlError(v.lastError(), QStringLiteral("get"));
        if (!v.next()) {
            v.finish();
            return Error::make(ErrorCode::NotFound, QStringLiteral("%1 %2 not found").arg(entityName(k), id));
        }
        auto hit = cachedDoc(id, v.value(0).toLongLong(), v.value(1).toString());
        v.finish();
        if (hit)
            return *hit;
    }
    return readDoc(k, id);
}

Result<QJsonObject> Store::readDoc(Kind k, const QString &id) const
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT data FROM %1 WHERE id = ?").arg(QLatin1String(info(k).table)), {id});
    if (!q.exec())
        return sqlError(q.lastError(), QStringLiteral("get"));
    if (!q.next()) {
        q.finish();
        return Error::make(ErrorCode::NotFound, QStringLiteral("%1 %2 not found").arg(entityName(k), id));
    }
    const QByteArray data = q.value(0).toString().toUtf8();
    q.finish();
    QJsonObject o = QJsonDocument::fromJson(data).object();
    cacheDoc(k, o);
    return o;
}

std::optional<QJsonObject> Store::first(Kind k, const QString &where, const QVariantList &binds, const QString &orderBy) const
{
    if (!cachesDocs(k)) {
        const QList<QJsonObject> rows = select(k, where, binds, orderBy, 1);
        return rows.isEmpty() ? std::nullopt : std::optional<QJsonObject>(rows.first());
    }
    QString sql = QStringLiteral("SELECT id, version, updated_at FROM %1").arg(QLatin1String(info(k).table));
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where;
    if (!orderBy.isEmpty())
        sql += QStringLiteral(" ORDER BY ") + orderBy;
    sql += QStringLiteral(" LIMIT 1");
    QSqlQuery &q = prepared(sql, binds);
    if (!q.exec()) {
        qCWarning(lcStore) << "select failed" << sql << q.lastError().text();
        return std::nullopt;
    }
    if (!q.next()) {
        q.finish();
        return std::nullopt;
    }
    const QString id = q.value(0).toString();
    auto hit = cachedDoc(id, q.value(1).toLongLong(), q.value(2).toString());
    q.finish();
    if (hit)
        return hit;
    auto row = readDoc(k, id);
    if (!row)
        return std::nullopt;
    return row.value();
}

Status Store::put(Kind k, const QJsonObject &data, const QJsonObject &before)
{
    Q_ASSERT(m_inWrite);
    const KindInfo &ki = info(k);
    const QString id = data.value(QStringLiteral("id")).toString();
    if (id.isEmpty() || before.value(QStringLiteral("id")).toString() != id)
        return put(k, data);
    auto rev = nextRev();
    if (!rev)
        return rev.error();
    const QString json = QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact));
    QString sql = QStringLiteral("UPDATE %1 SET version = ?, created_at = ?, updated_at = ?, data = ?").arg(QLatin1String(ki.table));
    QVariantList binds{data.value(QStringLiteral("version")).toInteger(), data.value(QStringLiteral("created_at")).toString(),
                       data.value(QStringLiteral("updated_at")).toString(), json};
    for (const auto &[col, fn] : ki.columns) {
        QVariant value = fn(data);
        if (value == fn(before))
            continue;
        sql += QStringLiteral(", ") + col + QStringLiteral(" = ?");
        binds.append(std::move(value));
    }
    if (ki.tracksRev) {
        sql += QStringLiteral(", rev = ?");
        binds.append(rev.value());
    }
    sql += QStringLiteral(" WHERE id = ?");
    binds.append(id);
    QSqlQuery &q = prepared(sql, binds);
    if (!q.exec())
        return sqlError(q.lastError(), QStringLiteral("update"));
    const int updated = q.numRowsAffected();
    q.finish();
    if (updated != 1)
        return Error::make(ErrorCode::NotFound, QStringLiteral("%1 %2 not found").arg(entityName(k), id));
    refreshCachedDoc(k, data);
    return appendChange(rev.value(), entityName(k), id, QStringLiteral("upsert"), ki.changesByReference ? QStringLiteral("") : json);
}

Status Store::put(Kind k, const QJsonObject &data)
{
    Q_ASSERT(m_inWrite);
    const KindInfo &ki = info(k);
    const QString id = data.value(QStringLiteral("id")).toString();
    if (id.isEmpty())
        return Error::make(ErrorCode::Internal, QStringLiteral("document without id"));
    auto rev = nextRev();
    if (!rev)
        return rev.error();
    const QString json = QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact));
    QStringList cols{QStringLiteral("id"), QStringLiteral("version"), QStringLiteral("created_at"),
                     QStringLiteral("updated_at"), QStringLiteral("data")};
    QVariantList binds{id, data.value(QStringLiteral("version")).toInteger(),
                       data.value(QStringLiteral("created_at")).toString(),
                       data.value(QStringLiteral("updated_at")).toString(), json};
    for (const auto &[col, fn] : ki.columns) {
        cols.append(col);
        binds.append(fn(data));
    }
    if (ki.tracksRev) {
        cols.append(QStringLiteral("rev"));
        binds.append(rev.value());
    }
    QStringList updates;
    for (qsizetype i = 1; i < cols.size(); ++i)
        updates.append(cols.at(i) + QStringLiteral(" = excluded.") + cols.at(i));
    const QString sql = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) ON CONFLICT (id) DO UPDATE SET %4")
                            .arg(QLatin1String(ki.table), cols.join(u','),
                                 QStringList(cols.size(), QStringLiteral("?")).join(u','), updates.join(u','));
    if (auto s = exec(sql, binds); !s)
        return s;
    refreshCachedDoc(k, data);
    return appendChange(rev.value(), entityName(k), id, QStringLiteral("upsert"), ki.changesByReference ? QStringLiteral("") : json);
}

Status Store::remove(Kind k, const QString &id)
{
    Q_ASSERT(m_inWrite);
    QSqlQuery q(db());
    q.prepare(QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(QLatin1String(info(k).table)));
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q.lastError(), QStringLiteral("delete"));
    if (q.numRowsAffected() == 0)
        return Error::make(ErrorCode::NotFound, QStringLiteral("%1 %2 not found").arg(entityName(k), id));
    m_docs.remove(id);
    auto rev = nextRev();
    if (!rev)
        return rev.error();
    return appendChange(rev.value(), entityName(k), id, QStringLiteral("delete"),
                        QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("id"), id}}).toJson(QJsonDocument::Compact)));
}

QList<QJsonObject> Store::select(Kind k, const QString &where, const QVariantList &binds, const QString &orderBy,
                                 int limit) const
{
    QString sql = QStringLiteral("SELECT data FROM %1").arg(QLatin1String(info(k).table));
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where;
    if (!orderBy.isEmpty())
        sql += QStringLiteral(" ORDER BY ") + orderBy;
    if (limit >= 0)
        sql += QStringLiteral(" LIMIT ") + QString::number(limit);
    QSqlQuery &q = prepared(sql, binds);
    QList<QJsonObject> out;
    if (!q.exec()) {
        qCWarning(lcStore) << "select failed" << sql << q.lastError().text();
        return out;
    }
    while (q.next())
        out.append(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object());
    q.finish();
    return out;
}

QList<std::pair<qint64, QJsonObject>> Store::selectRecent(Kind k, const QString &where, const QVariantList &binds,
                                                          int limit) const
{
    Q_ASSERT(info(k).tracksRev);
    QString sql = QStringLiteral("SELECT rev, data FROM %1").arg(QLatin1String(info(k).table));
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where;
    sql += QStringLiteral(" ORDER BY rev DESC LIMIT ") + QString::number(limit);
    QSqlQuery &q = prepared(sql, binds);
    QList<std::pair<qint64, QJsonObject>> out;
    if (!q.exec()) {
        qCWarning(lcStore) << "select failed" << sql << q.lastError().text();
        return out;
    }
    while (q.next())
        out.append({q.value(0).toLongLong(), QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object()});
    q.finish();
    return out;
}

qint64 Store::count(Kind k, const QString &where, const QVariantList &binds) const
{
    QString sql = QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(info(k).table));
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where;
    QSqlQuery &q = prepared(sql, binds);
    if (!q.exec() || !q.next())
        return -1;
    const qint64 n = q.value(0).toLongLong();
    q.finish();
    return n;
}

qint64 Store::lastRev() const
{
    if (m_txRev >= 0)
        return m_txRev; // the open transaction's, not yet in the counter row
    // With PostgreSQL other servers write too: always ask the database.
    if (m_lastRevCache >= 0 && !m_inWrite && !m_postgres)
        return m_lastRevCache;
    QSqlQuery &q = prepared(QStringLiteral("SELECT value FROM counters WHERE name = 'rev'"), {});
    if (!q.exec() || !q.next())
        return 0;
    m_lastRevCache = q.value(0).toLongLong();
    q.finish();
    return m_lastRevCache;
}

QList<Change> Store::changesSince(qint64 rev, int limit, bool *more) const
{
    // The change log holds a copy of each document, except for the kinds written most often (alerts and their
    // log): their rows hold '' and the document is read from its table. For an append-only log entry that is the
    // same document; for an alert changed again since, it is the newer version, which the later change carries
    // too, so a client that applies the feed in order ends in the same state.
    static const QString sql = [] {
        QString data = QStringLiteral("CASE WHEN c.data <> '' THEN c.data");
        for (Kind k : {Kind::User, Kind::Team, Kind::Service, Kind::Ticket, Kind::TicketComment, Kind::SlaPolicy,
                       Kind::Schedule, Kind::EscalationPolicy, Kind::Alert, Kind::AlertLog}) {
            if (info(k).changesByReference)
                data += QStringLiteral(" WHEN c.entity = '%1' THEN (SELECT data FROM %2 WHERE id = c.entity_id)")
                            .arg(QLatin1String(info(k).entity), QLatin1String(info(k).table));
        }
        data += QStringLiteral(" END");
        return QStringLiteral("SELECT c.rev, c.entity, c.entity_id, c.op, %1 FROM changes c WHERE c.rev > ? ORDER BY c.rev LIMIT ?")
            .arg(data);
    }();
    QSqlQuery &q = prepared(sql, {rev, limit + 1});
    QList<Change> out;
    if (!q.exec()) {
        qCWarning(lcStore) << "changes query failed" << q.lastError().text();
        return out;
    }
    while (q.next()) {
        if (out.size() == limit) {
            if (more)
                *more = true;
            q.finish();
            return out;
        }
        if (q.value(4).isNull())
            continue; // a document since removed: its removal follows in the log
        out.append(Change{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                          q.value(3).toString(), QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object()});
    }
    q.finish();
    if (more)
        *more = false;
    return out;
}

Result<QString> Store::createToken(const QString &userId, const QString &name, QString *tokenId)
{
    Q_ASSERT(m_inWrite);
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), raw.size() / 4);
    const QString secret =
        QStringLiteral("vgl_") + QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const QString id = Json::newId();
    if (auto s = exec(QStringLiteral("INSERT INTO tokens (id, user_id, name, hash, created_at) VALUES (?,?,?,?,?)"),
                      {id, userId, name, sha256Hex(secret), Json::formatTime(m_clock.now())});
        !s)
        return s.error();
    if (tokenId)
        *tokenId = id;
    return secret;
}

std::optional<Store::TokenInfo> Store::findToken(const QString &secret) const
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT id, user_id, name FROM tokens WHERE hash = ? AND revoked_at IS NULL"),
                            {sha256Hex(secret)});
    if (!q.exec() || !q.next()) {
        q.finish();
        return std::nullopt;
    }
    TokenInfo info{q.value(0).toString(), q.value(1).toString(), q.value(2).toString()};
    q.finish();
    return info;
}

Result<QString> Store::createFeedToken(const QString &userId)
{
    Q_ASSERT(m_inWrite);
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), raw.size() / 4);
    const QString secret = QStringLiteral("vglf_")
        + QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    if (auto s = revokeFeedToken(userId); !s)
        return s.error();
    if (auto s = exec(QStringLiteral("INSERT INTO feed_tokens (user_id, hash, created_at) VALUES (?,?,?)"),
                      {userId, sha256Hex(secret), Json::formatTime(m_clock.now())});
        !s)
        return s.error();
    return secret;
}

Status Store::revokeFeedToken(const QString &userId)
{
    Q_ASSERT(m_inWrite);
    return exec(QStringLiteral("DELETE FROM feed_tokens WHERE user_id = ?"), {userId});
}

std::optional<QString> Store::findFeedToken(const QString &secret) const
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT user_id FROM feed_tokens WHERE hash = ?"), {sha256Hex(secret)});
    if (!q.exec() || !q.next()) {
        q.finish();
        return std::nullopt;
    }
    QString userId = q.value(0).toString();
    q.finish();
    return userId;
}

std::optional<Store::IdempotentReply> Store::findIdempotent(const QString &userId, const QString &key) const
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT request_hash, status, body FROM idempotency WHERE user_id = ? AND key = ?"),
                            {userId, key});
    if (!q.exec() || !q.next()) {
        q.finish();
        return std::nullopt;
    }
    IdempotentReply reply{q.value(0).toString(), q.value(1).toInt(), q.value(2).toByteArray()};
    q.finish();
    return reply;
}

Status Store::saveIdempotent(const QString &userId, const QString &key, const IdempotentReply &reply)
{
    Q_ASSERT(m_inWrite);
    return exec(QStringLiteral("INSERT INTO idempotency (user_id, key, request_hash, status, body, created_at) "
                               "VALUES (?,?,?,?,?,?)"),
                {userId, key, reply.requestHash, reply.status, reply.body, Json::formatTime(m_clock.now())});
}

qint64 Store::purgeIdempotent(qint64 ageSeconds)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("DELETE FROM idempotency WHERE created_at < ?"));
    q.addBindValue(Json::formatTime(m_clock.now().addSecs(-ageSeconds)));
    if (!q.exec()) {
        qCWarning(lcStore) << "purging idempotency records failed" << q.lastError().text();
        return 0;
    }
    return q.numRowsAffected();
}

} // namespace Vigil
