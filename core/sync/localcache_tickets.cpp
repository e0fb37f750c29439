// LocalCache: tickets and their comments. The cache keeps the server's tickets; the user's edits go into the outbox
// and show at once, on top of the server's version (withPendingApplied), until the server confirms them.

#include "localcache.h"

#include "localcache_p.h"

#include "common/json.h"
#include "tickets/workflow.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

Q_DECLARE_LOGGING_CATEGORY(lcCache)

namespace Vigil {

using namespace CacheDetail;

namespace {

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

} // namespace Vigil
