#include "store.h"

#include "common/json.h"
#include "walcheckpointer.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>

#include <atomic>

namespace Vigil {

Store::Store(QString connectionName, bool postgres, const Clock &clock)
    : m_clock(clock),
      m_connection(std::move(connectionName), postgres),
      m_changes(m_connection, clock),
      m_documents(m_connection, m_changes),
      m_transactions(m_connection, m_changes, m_documents),
      m_secrets(m_connection, clock),
      m_idempotency(m_connection, clock),
      m_queues(m_connection, m_transactions),
      m_heartbeats(m_connection, clock)
{
}

Store::~Store()
{
    // An open group is committed: its writers may be gone, but what they wrote is kept.
    m_transactions.setGroupHook(nullptr);
    m_transactions.setCommittedHook(nullptr);
    (void)m_transactions.flush();
    m_checkpointer.reset(); // a last checkpoint, then its thread ends
    // m_connection, destroyed last, closes the database.
}

Result<std::unique_ptr<Store>> Store::openSqlite(const QString &path, const Clock &clock)
{
    static std::atomic<int> serial{0};
    const QString name = QStringLiteral("vigil-store-%1").arg(serial++);
    std::unique_ptr<Store> store(new Store(name, false, clock));
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
        if (auto s = store->m_connection.exec(QString::fromLatin1(pragma)); !s)
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
    std::unique_ptr<Store> store(new Store(name, true, clock));
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
    (void)store->m_connection.exec(QStringLiteral("SET client_min_messages TO WARNING"));
    if (auto s = store->m_connection.exec(QStringLiteral("SELECT pg_advisory_lock(7741001)")); !s)
        return s.error();
    const Status migrated = store->migrate();
    (void)store->m_connection.exec(QStringLiteral("SELECT pg_advisory_unlock(7741001)"));
    if (!migrated)
        return migrated.error();
    store->m_transactions.listenForCommits();
    return store;
}

int Store::schemaVersion() const
{
    QSqlQuery q(m_connection.db());
    if (!q.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

Status Store::migrate()
{
    if (auto s = m_connection.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                                                  "name TEXT NOT NULL, applied_at TEXT NOT NULL)"));
        !s)
        return s;
    const int current = schemaVersion();
    for (const Migration &m : migrations()) {
        if (m.version <= current)
            continue;
        qCInfo(lcStore) << "applying migration" << m.version << m.name;
        const auto apply = [&]() -> Status {
            if (m.prepare) {
                if (auto s = m.prepare(*this); !s)
                    return s;
            }
            for (const QString &sql : m.statements) {
                if (auto s = m_connection.exec(m_connection.dialect(sql)); !s)
                    return s;
            }
            return m_connection.exec(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?,?,?)"),
                                     {m.version, QString::fromLatin1(m.name), Json::formatTime(m_clock.now())});
        };
        if (m.prepare) {
            if (auto s = m_transactions.write(apply); !s)
                return s;
            continue;
        }
        QSqlDatabase d = db();
        if (!d.transaction())
            return Connection::sqlError(d.lastError(), QStringLiteral("begin migration"));
        if (auto s = apply(); !s) {
            d.rollback();
            return s;
        }
        if (!d.commit())
            return Connection::sqlError(d.lastError(), QStringLiteral("commit migration"));
    }
    return Ok{};
}

} // namespace Vigil
