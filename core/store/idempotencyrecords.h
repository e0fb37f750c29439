#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace Vigil {

class Clock;
class Connection;

/// The first answer to a write sent with an Idempotency-Key.
struct IdempotentReply
{
    QString requestHash;
    int status = 0;
    QByteArray body;
};

/// Idempotency records: the answer to a user's write under a key, replayed when the same key comes again
/// (server/routes/idempotency.h decides when). Not thread-safe: one Store per thread. save() must run inside
/// Store::write(), in the transaction of the write it records; purge() runs on its own.
class IdempotencyRecords final
{
public:
    IdempotencyRecords(Connection &connection, const Clock &clock);
    Q_DISABLE_COPY_MOVE(IdempotencyRecords)

    [[nodiscard]] std::optional<IdempotentReply> find(const QString &userId, const QString &key) const;
    /// Inside write().
    Status save(const QString &userId, const QString &key, const IdempotentReply &reply);
    /// Forgets records older than `ageSeconds`; returns how many were removed.
    qint64 purge(qint64 ageSeconds);

private:
    Connection &m_connection;
    const Clock &m_clock;
};

} // namespace Vigil
