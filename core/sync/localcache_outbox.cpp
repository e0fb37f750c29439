// LocalCache: the outbox. Commands wait in the `outbox` table in order, and each answer of the server is settled
// here: a success replaces the user's view by the server's, a refusal drops the command (and what it showed), and a
// 412 that does not really conflict re-bases it on the server's version.

#include "localcache.h"

#include "localcache_p.h"

#include "common/json.h"
#include "tickets/workflow.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

Q_DECLARE_LOGGING_CATEGORY(lcCache)

namespace Vigil {

using namespace CacheDetail;

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

} // namespace Vigil
