#pragma once

#include "common/result.h"

#include <QHash>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

class QSqlError;

namespace Vigil {

/// The Store's database connection: its QSqlDatabase connection name, the SQL dialect (PostgreSQL or SQLite), the
/// prepared-statement cache, and whether a write (a transaction or a grouped savepoint) is running, which the
/// other parts of the Store assert for their mutations. Owned by Store; every other part holds a reference.
/// Not thread-safe: a QSqlDatabase connection belongs to the thread that opened it, so one Store per thread.
class Connection final
{
public:
    /// Runs `q` and reads its first row with `read` (nullopt when it fails or has none), leaving the prepared
    /// statement finished for its next use.
    template<typename Read>
    [[nodiscard]] static auto firstRow(QSqlQuery &q, Read read) -> std::optional<decltype(read(q))>
    {
        std::optional<decltype(read(q))> row;
        if (q.exec() && q.next())
            row = read(q);
        q.finish();
        return row;
    }

    /// `name` is the connection added with QSqlDatabase::addDatabase(); this object removes it when destroyed.
    Connection(QString name, bool postgres);
    ~Connection();
    Q_DISABLE_COPY_MOVE(Connection)

    [[nodiscard]] bool isPostgres() const { return m_postgres; }
    [[nodiscard]] QSqlDatabase db() const;
    /// The migration SQL (common to both) with the column types each database spells differently.
    [[nodiscard]] QString dialect(const QString &sql) const;

    /// Runs one statement. Without binds it runs directly (PostgreSQL cannot PREPARE DDL or NOTIFY), with binds
    /// through the prepared-statement cache.
    Status exec(const QString &sql, const QVariantList &binds = {}) const;
    Status execPrepared(const QString &sql, const QVariantList &binds) const;
    /// SAVEPOINT / RELEASE / ROLLBACK TO: prepared once on SQLite, run directly on PostgreSQL.
    Status execSavepoint(const QString &sql) const;
    /// A prepared statement for `sql`, prepared once per connection and reused (binds are replaced on each use).
    /// Callers finish() it when done, so the next use starts clean.
    QSqlQuery &prepared(const QString &sql, const QVariantList &binds) const;

    /// True while Transactions runs a write's function: mutations of every part must happen then.
    [[nodiscard]] bool inWrite() const { return m_inWrite; }
    void setInWrite(bool inWrite) { m_inWrite = inWrite; }

    /// Maps a database error to the store's error codes (unique → conflict, foreign key → invalid_field,
    /// anything else → internal) and logs it with `what`.
    [[nodiscard]] static Error sqlError(const QSqlError &e, const QString &what);

private:
    const QString m_name;
    const bool m_postgres;
    bool m_inWrite = false;
    mutable QHash<QString, QSqlQuery> m_prepared;
};

} // namespace Vigil
