#include "idempotencyrecords.h"

#include "common/clock.h"
#include "common/json.h"
#include "connection.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Vigil {

IdempotencyRecords::IdempotencyRecords(Connection &connection, const Clock &clock)
    : m_connection(connection), m_clock(clock)
{
}

std::optional<IdempotentReply> IdempotencyRecords::find(const QString &userId, const QString &key) const
{
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT request_hash, status, body FROM idempotency WHERE user_id = ? AND key = ?"),
                                         {userId, key});
    return Connection::firstRow(q, [](const QSqlQuery &r) {
        return IdempotentReply{r.value(0).toString(), r.value(1).toInt(), r.value(2).toByteArray()};
    });
}

Status IdempotencyRecords::save(const QString &userId, const QString &key, const IdempotentReply &reply)
{
    Q_ASSERT(m_connection.inWrite());
    return m_connection.exec(QStringLiteral("INSERT INTO idempotency (user_id, key, request_hash, status, body, created_at) "
                                            "VALUES (?,?,?,?,?,?)"),
                             {userId, key, reply.requestHash, reply.status, reply.body, Json::formatTime(m_clock.now())});
}

qint64 IdempotencyRecords::purge(qint64 ageSeconds)
{
    QSqlQuery q(m_connection.db());
    q.prepare(QStringLiteral("DELETE FROM idempotency WHERE created_at < ?"));
    q.addBindValue(Json::formatTime(m_clock.now().addSecs(-ageSeconds)));
    if (!q.exec()) {
        qCWarning(lcStore) << "purging idempotency records failed" << q.lastError().text();
        return 0;
    }
    return q.numRowsAffected();
}

} // namespace Vigil
