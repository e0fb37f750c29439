#include "connection.h"

#include <QSqlError>

Q_LOGGING_CATEGORY(lcStore, "vigil.core.store")

namespace Vigil {

Connection::Connection(QString name, bool postgres) : m_name(std::move(name)), m_postgres(postgres) {}

Connection::~Connection()
{
    // Prepared statements hold the connection: they go first, or removeDatabase() finds it still in use.
    m_prepared.clear();
    {
        QSqlDatabase d = QSqlDatabase::database(m_name, false);
        if (d.isOpen())
            d.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

QString Connection::dialect(const QString &sql) const
{
    QString out = sql;
    if (m_postgres)
        out.replace(QLatin1String(" BLOB"), QLatin1String(" BYTEA"));
    else
        out.replace(QLatin1String("BIGINT PRIMARY KEY"), QLatin1String("INTEGER PRIMARY KEY")); // the rowid
    return out;
}

QSqlDatabase Connection::db() const
{
    return QSqlDatabase::database(m_name, false);
}

Status Connection::exec(const QString &sql, const QVariantList &binds) const
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

Status Connection::execPrepared(const QString &sql, const QVariantList &binds) const
{
    QSqlQuery &p = prepared(sql, binds);
    const bool ok = p.exec();
    const QSqlError e = p.lastError();
    p.finish();
    if (!ok)
        return sqlError(e, sql);
    return Ok{};
}

Status Connection::execSavepoint(const QString &sql) const
{
    // SQLite: one savepoint per grouped request, its statements prepared once. PostgreSQL prepares only queries
    // and data changes.
    return m_postgres ? exec(sql) : execPrepared(sql, {});
}

QSqlQuery &Connection::prepared(const QString &sql, const QVariantList &binds) const
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

Error Connection::sqlError(const QSqlError &e, const QString &what)
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

} // namespace Vigil
