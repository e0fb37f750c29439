#include "api.h"

#include "apisupport.h"
#include "common/json.h"
#include "tickets/workflow.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimeZone>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcApi, "vigil.server.api")

namespace Vigil {

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

Error err(const char *code, const QString &message, const QString &field = {})
{
    return Error::make(code, message, field);
}

/// Parses If-Match: "3", 3 or W/"3". nullopt when absent; -1 when malformed.
std::optional<qint64> ifMatch(const HttpRequest &req)
{
    QByteArray v = req.header("if-match").trimmed();
    if (v.isEmpty())
        return std::nullopt;
    if (v.startsWith("W/"))
        v = v.mid(2);
    if (v.startsWith('"') && v.endsWith('"') && v.size() >= 2)
        v = v.mid(1, v.size() - 2);
    bool ok = false;
    const qint64 n = v.toLongLong(&ok);
    return ok ? n : -1;
}

Result<QJsonObject> requireJsonBody(const HttpRequest &req)
{
    const QByteArray ct = req.header("content-type").toLower();
    if (!req.body.isEmpty() && !ct.isEmpty() && !ct.startsWith("application/json"))
        return err(ErrorCode::UnsupportedMediaType,
                   QStringLiteral("Content-Type must be application/json, not %1").arg(QString::fromLatin1(ct)));
    if (req.body.trimmed().isEmpty())
        return err(ErrorCode::InvalidJson, s("a JSON object body is required"));
    return Json::parseObject(req.body);
}

/// Builds a 412 error carrying the entity as it is now.
Error versionMismatch(const QString &what, qint64 current, qint64 given, const QJsonObject &entity)
{
    Error e = err(ErrorCode::VersionMismatch,
                  QStringLiteral("%1 is at version %2, not %3").arg(what).arg(current).arg(given));
    e.extra.insert(s("current"), entity);
    return e;
}

Result<int> limitParam(const HttpRequest &req, int def, int max)
{
    const QString v = req.queryValue(s("limit"));
    if (v.isEmpty())
        return def;
    bool ok = false;
    const int n = v.toInt(&ok);
    if (!ok || n < 1 || n > max)
        return err(ErrorCode::InvalidQuery, QStringLiteral("limit must be an integer from 1 to %1").arg(max),
                   s("limit"));
    return n;
}

QString encodeCursor(const QString &a, const QString &b)
{
    return QString::fromLatin1((a + u'|' + b).toUtf8().toBase64(QByteArray::Base64UrlEncoding));
}

std::optional<std::pair<QString, QString>> decodeCursor(const QString &c)
{
    const QString raw = QString::fromUtf8(QByteArray::fromBase64(c.toLatin1(), QByteArray::Base64UrlEncoding));
    const auto bar = raw.indexOf(u'|');
    if (bar < 0)
        return std::nullopt;
    return std::pair{raw.left(bar), raw.mid(bar + 1)};
}

QJsonArray toArray(const QList<QJsonObject> &items)
{
    QJsonArray a;
    for (const auto &o : items)
        a.append(o);
    return a;
}

QString sha256(const QByteArray &b)
{
    return QString::fromLatin1(QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex());
}

/// Whether another entity of kind `k` has `column` = `value` (the entity `id` itself excluded when editing).
bool taken(const Store &store, Kind k, const QString &column, const QString &value, const QString &id)
{
    // A null id binds as NULL and "id <> NULL" matches no row: leave the clause out when creating.
    if (id.isEmpty())
        return !store.select(k, column + s(" = ?"), {value}, {}, 1).isEmpty();
    return !store.select(k, column + s(" = ? AND id <> ?"), {value, id}, {}, 1).isEmpty();
}

} // namespace

namespace ApiSupport {

/// Checks If-Match against an entity's version: ok when absent or equal; 400 when malformed; 412 with `current`.
Status checkIfMatch(const HttpRequest &req, const QString &what, const QJsonObject &current)
{
    const auto im = ifMatch(req);
    if (!im)
        return Ok{};
    if (*im < 0)
        return err(ErrorCode::InvalidField, s("If-Match must be a quoted version such as \"3\""), s("If-Match"));
    const qint64 version = current.value(s("version")).toInteger();
    if (*im != version)
        return versionMismatch(what, version, *im, current);
    return Ok{};
}

QJsonObject stamp(QJsonObject o, const QJsonObject &before, const QDateTime &now, const QString &id)
{
    o.insert(s("id"), id);
    if (before.isEmpty()) {
        o.insert(s("version"), 1);
        o.insert(s("created_at"), Json::formatTime(now));
    } else {
        o.insert(s("version"), before.value(s("version")).toInteger() + 1);
        o.insert(s("created_at"), before.value(s("created_at")));
    }
    o.insert(s("updated_at"), Json::formatTime(now));
    return o;
}

} // namespace ApiSupport

using ApiSupport::checkIfMatch;
using ApiSupport::stamp;
using ApiSupport::validateMaintenanceWindows;

const QStringList &roleNames()
{
    static const QStringList names{s("viewer"), s("responder"), s("agent"), s("manager"), s("admin")};
    return names;
}

std::optional<Role> roleFromString(const QString &name)
{
    const auto i = roleNames().indexOf(name);
    return i < 0 ? std::nullopt : std::optional(static_cast<Role>(i));
}

Api::Api(Store &store, const Clock &clock, QObject *parent) : QObject(parent), m_store(store), m_clock(clock)
{
    m_store.setCommittedHook([this](qint64 rev) { onCommitted(rev); });
    m_waiterTimer.setInterval(250);
    connect(&m_waiterTimer, &QTimer::timeout, this, &Api::flushWaiters);
    m_pushTimer.setSingleShot(true);
    m_pushTimer.setInterval(0);
    connect(&m_pushTimer, &QTimer::timeout, this, [this] {
        // Only committed revisions are announced: while a group is open, its commit announces them (onCommitted).
        if (m_store.groupOpen())
            return;
        const qint64 rev = m_store.lastRev();
        if (rev == m_pushedRev)
            return;
        m_pushedRev = rev;
        const QString msg = QString::fromUtf8(QJsonDocument(QJsonObject{{s("rev"), rev}}).toJson(QJsonDocument::Compact));
        for (QWebSocket *ws : std::as_const(m_sockets))
            ws->sendTextMessage(msg);
        flushWaiters();
    });
    m_pushedRev = m_store.lastRev();
}

Api::~Api()
{
    (void)m_store.flush(); // answers the requests of an open group while their server is still there
    m_store.setGroupHook({});
    m_store.setCommittedHook({});
}

// ---------------------------------------------------------------------------------------------------------------
// Infrastructure

Result<Principal> Api::authenticate(const HttpRequest &req) const
{
    QByteArray auth = req.header("authorization");
    QString token;
    if (auth.startsWith("Bearer ") || auth.startsWith("bearer "))
        token = QString::fromLatin1(auth.mid(7).trimmed());
    else if (auth.isEmpty())
        token = req.queryValue(s("access_token")); // WebSocket clients in browsers cannot set headers
    if (token.isEmpty())
        return err(ErrorCode::Unauthorized, s("send Authorization: Bearer <token>"));
    const auto info = m_store.findToken(token);
    if (!info)
        return err(ErrorCode::Unauthorized, s("unknown or revoked token"));
    const auto user = m_store.get(Kind::User, info->userId);
    if (!user)
        return err(ErrorCode::Unauthorized, s("the token's user no longer exists"));
    const auto role = roleFromString(user->value(s("role")).toString());
    return Principal{info->userId, role.value_or(Role::Viewer)};
}

HttpResponse Api::guarded(const HttpRequest &req, Role minRole,
                          const std::function<HttpResponse(const Principal &)> &fn) const
{
    const auto p = authenticate(req);
    if (!p)
        return HttpResponse::error(p.error());
    if (p->role < minRole)
        return HttpResponse::error(
            err(ErrorCode::Forbidden, QStringLiteral("this needs the %1 role or higher; yours is %2")
                                          .arg(roleNames().at(int(minRole)), roleNames().at(int(p->role)))));
    return fn(p.value());
}

HttpResponse Api::mutate(const HttpRequest &req, const Principal &p, int okStatus,
                         const std::function<Result<QJsonObject>()> &fn)
{
    const QString key = QString::fromUtf8(req.header("idempotency-key")).trimmed();
    const QString hash = sha256(req.method.toUtf8() + ' ' + req.path.toUtf8() + '\n' + req.body);
    if (!key.isEmpty()) {
        if (key.size() > 200)
            return HttpResponse::error(err(ErrorCode::InvalidField, s("Idempotency-Key is longer than 200 characters"),
                                           s("Idempotency-Key")));
        if (const auto prior = m_store.findIdempotent(p.userId, key)) {
            if (prior->requestHash != hash)
                return HttpResponse::error(err(ErrorCode::Conflict,
                                               s("this Idempotency-Key was used for a different request"),
                                               s("Idempotency-Key")));
            HttpResponse r{prior->status, prior->body, "application/json", {{"Idempotent-Replayed", "true"}}};
            return r;
        }
    }
    HttpResponse out;
    const Status st = m_store.write([&]() -> Status {
        auto r = fn();
        if (!r)
            return r.error();
        out = HttpResponse::json(okStatus, r.value());
        if (!key.isEmpty())
            return m_store.saveIdempotent(p.userId, key, {hash, okStatus, out.body});
        return Ok{};
    });
    if (!st)
        return HttpResponse::error(st.error());
    return out;
}

void Api::routeWrite(HttpServer &server, const QString &method, const QString &pattern, Role role, int okStatus,
                     WriteHandler handler)
{
    server.route(method, pattern, [this, role, okStatus, handler](const HttpRequest &req) {
        return guarded(req, role, [&](const Principal &p) {
            auto body = requireJsonBody(req);
            if (!body)
                return HttpResponse::error(body.error());
            return mutate(req, p, okStatus, [&] { return handler(req, body.value(), p); });
        });
    });
}

void Api::onCommitted(qint64)
{
    if (!m_pushTimer.isActive())
        m_pushTimer.start();
    // A commit here or on another server sharing the database may have queued an escalation step or a delivery:
    // the server running the engine looks at once.
    escalationCommitted(m_store.lastCommitTouchedQueues());
}

void Api::answerChanges(const std::shared_ptr<DeferredReply> &reply, qint64 since, int limit)
{
    bool more = false;
    const QList<Change> changes = m_store.changesSince(since, limit, &more);
    QJsonArray arr;
    qint64 last = since;
    for (const Change &c : changes) {
        QJsonObject data = c.data;
        arr.append(QJsonObject{{s("rev"), c.rev}, {s("entity"), c.entity}, {s("id"), c.id}, {s("op"), c.op},
                               {s("data"), data}});
        last = c.rev;
    }
    if (changes.isEmpty())
        last = std::max(since, m_store.lastRev());
    reply->send(HttpResponse::json(200, QJsonObject{{s("changes"), arr}, {s("last_rev"), last}, {s("more"), more}}));
}

void Api::flushWaiters()
{
    if (m_store.groupOpen())
        return; // answered after the group commits, or at the next tick
    const qint64 rev = m_store.lastRev();
    const QDateTime now = m_clock.now();
    for (qsizetype i = m_waiters.size() - 1; i >= 0; --i) {
        Waiter &w = m_waiters[i];
        if (!w.reply->alive()) {
            m_waiters.removeAt(i);
        } else if (rev > w.since || now >= w.deadline) {
            answerChanges(w.reply, w.since, w.limit);
            m_waiters.removeAt(i);
        }
    }
    if (m_waiters.isEmpty())
        m_waiterTimer.stop();
}

Status Api::checkRef(Kind k, const QString &field, const QString &id) const
{
    if (id.isEmpty())
        return Ok{};
    if (!m_store.get(k, id))
        return err(ErrorCode::InvalidField, QStringLiteral("%1 refers to no %2 with id %3").arg(field, entityName(k), id),
                   field);
    return Ok{};
}

SlaPolicy Api::slaPolicy() const
{
    if (!m_policyCache) {
        const auto stored = m_store.get(Kind::SlaPolicy, s("sla_policy"));
        SlaPolicy p;
        if (stored) {
            if (auto parsed = SlaPolicy::fromJson(stored.value()))
                p = parsed.value();
        }
        m_policyCache = p;
    }
    return *m_policyCache;
}

// ---------------------------------------------------------------------------------------------------------------
// Tickets

QJsonObject Api::ticketOut(const QJsonObject &stored) const
{
    QJsonObject o = stored;
    if (auto t = Ticket::fromJson(stored))
        o.insert(s("sla"), computeSla(t.value(), slaPolicy(), m_clock.now()).toJson());
    return o;
}

Result<QJsonObject> Api::findTicket(const QString &idOrKey) const
{
    static const QRegularExpression keyPattern(s("^SD-(\\d+)$"), QRegularExpression::CaseInsensitiveOption);
    const auto m = keyPattern.match(idOrKey);
    if (m.hasMatch()) {
        const auto rows = m_store.select(Kind::Ticket, s("key_num = ?"), {m.captured(1).toLongLong()}, {}, 1);
        if (rows.isEmpty())
            return err(ErrorCode::NotFound, QStringLiteral("ticket %1 not found").arg(idOrKey.toUpper()));
        return rows.first();
    }
    auto r = m_store.get(Kind::Ticket, idOrKey);
    if (!r)
        return err(ErrorCode::NotFound, QStringLiteral("ticket %1 not found").arg(idOrKey));
    return r;
}

HttpResponse Api::listTickets(const HttpRequest &req) const
{
    return listRecent(Kind::Ticket, req,
                      {{s("status"), s("status"), ticketStatusNames()}, {s("priority"), s("priority"), priorityNames()},
                       {s("assignee_id"), s("assignee_id"), {}}, {s("team_id"), s("team_id"), {}},
                       {s("service_id"), s("service_id"), {}}},
                      true, [this](const QJsonObject &row) { return ticketOut(row); });
}

HttpResponse Api::listRecent(Kind kind, const HttpRequest &req, const QList<ListFilter> &filters, bool searchable,
                             const std::function<QJsonObject(const QJsonObject &)> &out) const
{
    const auto limit = limitParam(req, 100, 1000);
    if (!limit)
        return HttpResponse::error(limit.error());
    QStringList where;
    QVariantList binds;
    const auto inList = [&](const QString &param, const QString &column, const QStringList &allowed) -> Status {
        const QString v = req.queryValue(param);
        if (v.isEmpty())
            return Ok{};
        QStringList marks;
        bool none = false; // "none" (ids only) matches an empty reference
        for (const QString &item : v.split(u',', Qt::SkipEmptyParts)) {
            if (!allowed.isEmpty() && !allowed.contains(item))
                return err(ErrorCode::InvalidQuery,
                           QStringLiteral("%1 must be a comma-separated list of %2").arg(param, allowed.join(s(", "))),
                           param);
            if (allowed.isEmpty() && item == s("none")) {
                none = true;
                continue;
            }
            marks.append(s("?"));
            binds.append(item);
        }
        QStringList any;
        if (!marks.isEmpty())
            any.append(QStringLiteral("%1 IN (%2)").arg(column, marks.join(u',')));
        if (none)
            any.append(column + s(" IS NULL"));
        if (!any.isEmpty())
            where.append(u'(' + any.join(s(" OR ")) + u')');
        return Ok{};
    };
    for (const ListFilter &f : filters) {
        if (auto st = inList(f.param, f.column, f.allowed); !st)
            return HttpResponse::error(st.error());
    }
    const QString q = searchable ? req.queryValue(s("q")).trimmed().toLower() : QString();
    if (!q.isEmpty()) {
        QString escaped = q;
        escaped.replace(u'\\', s("\\\\")).replace(u'%', s("\\%")).replace(u'_', s("\\_"));
        where.append(s("search LIKE ? ESCAPE '\\'"));
        binds.append(QString(u'%' + escaped + u'%'));
    }
    const QString cursor = req.queryValue(s("cursor"));
    if (!cursor.isEmpty()) {
        // The cursor is the revision of the last row of the previous page.
        const auto c = decodeCursor(cursor);
        bool ok = false;
        const qint64 rev = c && c->first == s("rev") ? c->second.toLongLong(&ok) : 0;
        if (!ok)
            return HttpResponse::error(err(ErrorCode::InvalidQuery, s("cursor is not one this server issued"), s("cursor")));
        where.append(s("rev < ?"));
        binds << rev;
    }
    // Most recently changed first, in change-log order (exact, no ties).
    auto rows = m_store.selectRecent(kind, where.join(s(" AND ")), binds, limit.value() + 1);
    QJsonValue next = QJsonValue::Null;
    if (rows.size() > limit.value()) {
        rows.resize(limit.value());
        next = encodeCursor(s("rev"), QString::number(rows.last().first));
    }
    QJsonArray items;
    for (const auto &[rev, r] : rows)
        items.append(out(r));
    return HttpResponse::json(200, QJsonObject{{s("items"), items}, {s("next_cursor"), next}});
}

static Status validateSummary(const QString &summary)
{
    const QString t = summary.trimmed();
    if (t.isEmpty())
        return err(ErrorCode::InvalidField, s("summary must not be empty"), s("summary"));
    if (t.size() > 200)
        return err(ErrorCode::InvalidField, s("summary must be at most 200 characters"), s("summary"));
    if (t.contains(u'\n') || t.contains(u'\r'))
        return err(ErrorCode::InvalidField, s("summary must be one line"), s("summary"));
    return Ok{};
}

static Status validateEmail(const QString &email, const QString &field, bool required)
{
    if (email.isEmpty())
        return required ? Status(err(ErrorCode::MissingField, QStringLiteral("%1 is required").arg(field), field))
                        : Status(Ok{});
    static const QRegularExpression re(s("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    if (!re.match(email).hasMatch() || email.size() > 254)
        return err(ErrorCode::InvalidField, QStringLiteral("%1 is not an e-mail address").arg(field), field);
    return Ok{};
}

namespace {
const QStringList ticketFields{s("summary"), s("description"), s("type"), s("priority"), s("requester_name"),
                               s("requester_email"), s("assignee_id"), s("team_id"), s("service_id")};
}

/// Applies the editable fields present in `body` to `t`; shared by create and PATCH.
static Status applyTicketFields(Ticket &t, const QJsonObject &body, const std::function<Status(Kind, QString, QString)> &ref)
{
    if (auto st = Json::onlyKnown(body, ticketFields); !st)
        return st;
    if (body.contains(s("summary"))) {
        auto v = Json::string(body, s("summary"), true);
        if (!v)
            return v.error();
        if (auto st = validateSummary(v.value()); !st)
            return st;
        t.summary = v.value().trimmed();
    }
    if (body.contains(s("description"))) {
        auto v = Json::string(body, s("description"), false);
        if (!v)
            return v.error();
        if (v->size() > 100'000)
            return err(ErrorCode::InvalidField, s("description must be at most 100000 characters"), s("description"));
        t.description = v.value();
    }
    if (body.contains(s("type"))) {
        auto v = Json::oneOf(body, s("type"), ticketTypeNames(), true);
        if (!v)
            return v.error();
        t.type = *ticketTypeFromString(v.value());
    }
    if (body.contains(s("priority"))) {
        auto v = Json::oneOf(body, s("priority"), priorityNames(), true);
        if (!v)
            return v.error();
        t.priority = *priorityFromString(v.value());
    }
    if (body.contains(s("requester_name"))) {
        auto v = Json::string(body, s("requester_name"), false);
        if (!v)
            return v.error();
        if (v->size() > 200)
            return err(ErrorCode::InvalidField, s("requester_name must be at most 200 characters"), s("requester_name"));
        t.requesterName = v.value().trimmed();
    }
    if (body.contains(s("requester_email"))) {
        auto v = Json::string(body, s("requester_email"), false);
        if (!v)
            return v.error();
        if (auto st = validateEmail(v.value().trimmed(), s("requester_email"), false); !st)
            return st;
        t.requesterEmail = v.value().trimmed();
    }
    const std::tuple<const char *, Kind, QString *> refs[] = {{"assignee_id", Kind::User, &t.assigneeId},
                                                              {"team_id", Kind::Team, &t.teamId},
                                                              {"service_id", Kind::Service, &t.serviceId}};
    for (const auto &[name, kind, target] : refs) {
        const QString field = QString::fromLatin1(name);
        auto v = Json::nullableString(body, field);
        if (!v)
            return v.error();
        if (!v->present)
            continue;
        if (auto st = ref(kind, field, v->value); !st)
            return st;
        *target = v->value;
    }
    return Ok{};
}

Result<QJsonObject> Api::createTicket(const QJsonObject &body, const Principal &)
{
    if (!body.contains(s("summary")) || body.value(s("summary")).isNull())
        return err(ErrorCode::MissingField, s("summary is required"), s("summary"));
    Ticket t;
    const QDateTime now = m_clock.now();
    t.id = Json::newId();
    t.version = 1;
    t.createdAt = t.updatedAt = now;
    t.statusHistory = {{TicketStatus::Open, now}};
    if (auto st = applyTicketFields(t, body, [this](Kind k, const QString &f, const QString &id) { return checkRef(k, f, id); });
        !st)
        return st.error();
    auto n = m_store.nextCounter(s("ticket_key"));
    if (!n)
        return n.error();
    t.key = QStringLiteral("SD-%1").arg(n.value());
    const QJsonObject json = t.toJson();
    if (auto st = m_store.put(Kind::Ticket, json); !st)
        return st.error();
    return ticketOut(json);
}

Result<QJsonObject> Api::patchTicket(const HttpRequest &req, const QJsonObject &body)
{
    auto stored = findTicket(req.args.at(0));
    if (!stored)
        return stored.error();
    auto t = Ticket::fromJson(stored.value());
    if (!t)
        return t.error();
    Ticket ticket = t.value();
    if (auto st = checkIfMatch(req, ticket.key, ticketOut(stored.value())); !st)
        return st.error();
    const Ticket before = ticket;
    if (auto st = applyTicketFields(ticket, body, [this](Kind k, const QString &f, const QString &id) { return checkRef(k, f, id); });
        !st)
        return st.error();
    if (ticket == before)
        return ticketOut(stored.value());
    ticket.version += 1;
    ticket.updatedAt = m_clock.now();
    const QJsonObject json = ticket.toJson();
    if (auto st = m_store.put(Kind::Ticket, json); !st)
        return st.error();
    return ticketOut(json);
}

Result<QJsonObject> Api::transitionTicket(const HttpRequest &req, const QJsonObject &body)
{
    auto stored = findTicket(req.args.at(0));
    if (!stored)
        return stored.error();
    if (auto st = Json::onlyKnown(body, {s("to")}); !st)
        return st.error();
    auto to = Json::oneOf(body, s("to"), ticketStatusNames(), true);
    if (!to)
        return to.error();
    Ticket ticket = Ticket::fromJson(stored.value()).value();
    if (auto st = checkIfMatch(req, ticket.key, ticketOut(stored.value())); !st)
        return st.error();
    const QDateTime now = m_clock.now();
    if (auto st = Workflow::transition(ticket, *ticketStatusFromString(to.value()), now); !st)
        return st.error();
    ticket.version += 1;
    ticket.updatedAt = now;
    const QJsonObject json = ticket.toJson();
    if (auto st = m_store.put(Kind::Ticket, json); !st)
        return st.error();
    return ticketOut(json);
}

Result<QJsonObject> Api::addComment(const HttpRequest &req, const QJsonObject &body, const Principal &p)
{
    auto stored = findTicket(req.args.at(0));
    if (!stored)
        return stored.error();
    if (auto st = Json::onlyKnown(body, {s("body"), s("public")}); !st)
        return st.error();
    auto text = Json::string(body, s("body"), true);
    if (!text)
        return text.error();
    if (text->trimmed().isEmpty())
        return err(ErrorCode::InvalidField, s("body must not be empty"), s("body"));
    if (text->size() > 65'536)
        return err(ErrorCode::InvalidField, s("body must be at most 65536 characters"), s("body"));
    auto isPublic = Json::boolean(body, s("public"), true);
    if (!isPublic)
        return isPublic.error();
    const QDateTime now = m_clock.now();
    TicketComment c;
    c.id = Json::newId();
    c.ticketId = stored->value(s("id")).toString();
    c.authorId = p.userId;
    c.body = text.value();
    c.isPublic = isPublic.value();
    c.version = 1;
    c.createdAt = c.updatedAt = now;
    if (auto st = m_store.put(Kind::TicketComment, c.toJson()); !st)
        return st.error();
    // The first public reply by an agent (not the requester) stops the first-response clock.
    Ticket ticket = Ticket::fromJson(stored.value()).value();
    if (c.isPublic && p.role >= Role::Agent && !ticket.firstResponseAt.isValid()) {
        const auto author = m_store.get(Kind::User, p.userId);
        const bool isRequester = author && !ticket.requesterEmail.isEmpty()
            && author->value(s("email")).toString().compare(ticket.requesterEmail, Qt::CaseInsensitive) == 0;
        if (!isRequester) {
            ticket.firstResponseAt = now;
            ticket.version += 1;
            ticket.updatedAt = now;
            if (auto st = m_store.put(Kind::Ticket, ticket.toJson()); !st)
                return st.error();
        }
    }
    return c.toJson();
}

// ---------------------------------------------------------------------------------------------------------------
// Directory: users, teams, services

HttpResponse Api::listKind(Kind k, const HttpRequest &req, const QString &orderBy) const
{
    const auto limit = limitParam(req, 100, 1000);
    if (!limit)
        return HttpResponse::error(limit.error());
    QString where;
    QVariantList binds;
    const QString cursor = req.queryValue(s("cursor"));
    if (!cursor.isEmpty()) {
        const auto c = decodeCursor(cursor);
        if (!c)
            return HttpResponse::error(err(ErrorCode::InvalidQuery, s("cursor is not one this server issued"), s("cursor")));
        where = QStringLiteral("(%1 > ? OR (%1 = ? AND id > ?))").arg(orderBy);
        binds << c->first << c->first << c->second;
    }
    QList<QJsonObject> rows = m_store.select(k, where, binds, orderBy + s(", id"), limit.value() + 1);
    QJsonValue next = QJsonValue::Null;
    if (rows.size() > limit.value()) {
        rows.resize(limit.value());
        next = encodeCursor(rows.last().value(orderBy).toString(), rows.last().value(s("id")).toString());
    }
    return HttpResponse::json(200, QJsonObject{{s("items"), toArray(rows)}, {s("next_cursor"), next}});
}

Result<QJsonObject> Api::saveUser(const QJsonObject &body, const QString &id)
{
    QJsonObject before;
    if (!id.isEmpty()) {
        auto b = m_store.get(Kind::User, id);
        if (!b)
            return b.error();
        before = b.value();
    }
    if (auto st = Json::onlyKnown(body, {s("name"), s("email"), s("role"), s("time_zone")}); !st)
        return st.error();
    const bool creating = before.isEmpty();
    QJsonObject o = before;
    auto name = Json::string(body, s("name"), creating, before.value(s("name")).toString());
    if (!name)
        return name.error();
    if (name->trimmed().isEmpty() || name->size() > 200)
        return err(ErrorCode::InvalidField, s("name must be 1-200 characters"), s("name"));
    auto email = Json::string(body, s("email"), creating, before.value(s("email")).toString());
    if (!email)
        return email.error();
    if (auto st = validateEmail(email->trimmed(), s("email"), true); !st)
        return st.error();
    auto role = Json::oneOf(body, s("role"), roleNames(), false, before.value(s("role")).toString(s("agent")));
    if (!role)
        return role.error();
    auto tz = Json::string(body, s("time_zone"), false, before.value(s("time_zone")).toString(s("UTC")));
    if (!tz)
        return tz.error();
    if (!QTimeZone(tz->toUtf8()).isValid())
        return err(ErrorCode::InvalidField, s("time_zone must be an IANA time zone such as Asia/Seoul"), s("time_zone"));
    o.insert(s("name"), name->trimmed());
    o.insert(s("email"), email->trimmed().toLower());
    o.insert(s("role"), role.value());
    o.insert(s("time_zone"), tz.value());
    if (taken(m_store, Kind::User, s("email"), email->trimmed().toLower(), id))
        return err(ErrorCode::Conflict, QStringLiteral("a user with e-mail %1 exists").arg(email->trimmed()), s("email"));
    o = stamp(o, before, m_clock.now(), creating ? Json::newId() : id);
    if (!creating && o == stamp(before, before, m_clock.now(), id))
        return before;
    if (auto st = m_store.put(Kind::User, o); !st)
        return st.error();
    return o;
}

Result<QJsonObject> Api::saveNamed(Kind kind, const QJsonObject &body, const QString &id, const QStringList &extraFields,
                                   const std::function<Status(QJsonObject &, bool creating)> &applyExtra)
{
    QJsonObject before;
    if (!id.isEmpty()) {
        auto b = m_store.get(kind, id);
        if (!b)
            return b.error();
        before = b.value();
    }
    if (auto st = Json::onlyKnown(body, QStringList{s("name"), s("description")} + extraFields); !st)
        return st.error();
    const bool creating = before.isEmpty();
    QJsonObject o = before;
    auto name = Json::string(body, s("name"), creating, before.value(s("name")).toString());
    if (!name)
        return name.error();
    if (name->trimmed().isEmpty() || name->size() > 200)
        return err(ErrorCode::InvalidField, s("name must be 1-200 characters"), s("name"));
    auto desc = Json::string(body, s("description"), false, before.value(s("description")).toString());
    if (!desc)
        return desc.error();
    if (auto st = applyExtra(o, creating); !st)
        return st.error();
    if (taken(m_store, kind, s("name"), name->trimmed(), id))
        return err(ErrorCode::Conflict, QStringLiteral("a %1 named %2 exists").arg(entityName(kind), name->trimmed()),
                   s("name"));
    o.insert(s("name"), name->trimmed());
    o.insert(s("description"), desc.value());
    if (!creating && o == before)
        return before; // nothing changed: no new version
    o = stamp(o, before, m_clock.now(), creating ? Json::newId() : id);
    if (auto st = m_store.put(kind, o); !st)
        return st.error();
    return o;
}

Result<QJsonObject> Api::saveTeam(const QJsonObject &body, const QString &id)
{
    return saveNamed(Kind::Team, body, id, {s("member_ids")}, [&](QJsonObject &o, bool creating) -> Status {
        if (!body.contains(s("member_ids"))) {
            if (creating)
                o.insert(s("member_ids"), QJsonArray{});
            return Ok{};
        }
        const QJsonValue mv = body.value(s("member_ids"));
        if (!mv.isArray())
            return err(ErrorCode::InvalidField, s("member_ids must be an array of user ids"), s("member_ids"));
        QJsonArray members;
        for (const auto &v : mv.toArray()) {
            if (!v.isString())
                return err(ErrorCode::InvalidField, s("member_ids must be an array of user ids"), s("member_ids"));
            if (auto st = checkRef(Kind::User, s("member_ids"), v.toString()); !st)
                return st;
            if (!members.contains(v))
                members.append(v);
        }
        o.insert(s("member_ids"), members);
        return Ok{};
    });
}

Result<QJsonObject> Api::saveService(const QJsonObject &body, const QString &id)
{
    const QStringList extra{s("team_id"), s("escalation_policy_id"), s("maintenance_windows")};
    return saveNamed(Kind::Service, body, id, extra, [&](QJsonObject &o, bool creating) -> Status {
        // A reference that may be null: checked when present, null on creation when absent.
        const auto reference = [&](Kind kind, const QString &field) -> Status {
            auto ref = Json::nullableString(body, field);
            if (!ref)
                return ref.error();
            if (ref->present) {
                if (auto st = checkRef(kind, field, ref->value); !st)
                    return st;
                o.insert(field, ref->value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(ref->value));
            } else if (creating) {
                o.insert(field, QJsonValue::Null);
            }
            return Ok{};
        };
        if (auto st = reference(Kind::Team, s("team_id")); !st)
            return st;
        if (auto st = reference(Kind::EscalationPolicy, s("escalation_policy_id")); !st)
            return st;
        if (body.contains(s("maintenance_windows"))) {
            auto windows = validateMaintenanceWindows(body.value(s("maintenance_windows")));
            if (!windows)
                return windows.error();
            o.insert(s("maintenance_windows"), windows.value());
        } else if (creating) {
            o.insert(s("maintenance_windows"), QJsonArray{});
        }
        return Ok{};
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Routes

void Api::registerRoutes(HttpServer &server)
{
    // Group commit for the ingest routes: their answers wait for the commit of the group they joined.
    server.setCommitGroup([this] { return m_store.groupOpen(); }, [this] { return m_store.flush(); });
    // The engine and the delivery worker wait while a group is open (they act on committed rows only): wake them.
    m_store.setGroupHook([this, &server](const Status &outcome) {
        server.groupEnded(outcome);
        // A failed group commits nothing, but runs put off while it was open are due now.
        escalationCommitted(outcome && m_store.lastCommitTouchedQueues());
    });
    server.route(s("GET"), s("/healthz"), [this](const HttpRequest &) {
        return HttpResponse::json(200, QJsonObject{{s("status"), s("ok")}, {s("rev"), m_store.lastRev()},
                                                   {s("version"), QString::fromLatin1(VIGIL_VERSION)}});
    });
    server.route(s("GET"), s("/metrics"), [this](const HttpRequest &) {
        QByteArray out = "# HELP vigil_change_rev Newest revision of the change log.\n# TYPE vigil_change_rev gauge\n";
        out += "vigil_change_rev " + QByteArray::number(m_store.lastRev()) + '\n';
        out += "# HELP vigil_tickets Tickets by status.\n# TYPE vigil_tickets gauge\n";
        for (const QString &st : ticketStatusNames())
            out += "vigil_tickets{status=\"" + st.toLatin1() + "\"} "
                   + QByteArray::number(m_store.count(Kind::Ticket, s("status = ?"), {st})) + '\n';
        out += "# HELP vigil_changes_waiters Long-poll requests being held.\n# TYPE vigil_changes_waiters gauge\n";
        out += "vigil_changes_waiters " + QByteArray::number(m_waiters.size()) + '\n';
        out += "# HELP vigil_stream_clients Connected WebSocket clients.\n# TYPE vigil_stream_clients gauge\n";
        out += "vigil_stream_clients " + QByteArray::number(m_sockets.size()) + '\n';
        out += "# HELP vigil_commit_groups_total Transactions committed for grouped (ingest) requests.\n"
               "# TYPE vigil_commit_groups_total counter\n";
        out += "vigil_commit_groups_total " + QByteArray::number(m_store.groupStats().groups) + '\n';
        out += "# HELP vigil_grouped_writes_total Ingest requests that wrote in a commit group (a group's size is this "
               "over vigil_commit_groups_total).\n# TYPE vigil_grouped_writes_total counter\n";
        out += "vigil_grouped_writes_total " + QByteArray::number(m_store.groupStats().writes) + '\n';
        return HttpResponse{200, out, "text/plain; version=0.0.4", {}};
    });

    // --- change feed
    server.routeAsync(s("GET"), s("/api/v1/changes"), [this](const HttpRequest &req, std::shared_ptr<DeferredReply> reply) {
        const auto p = authenticate(req);
        if (!p)
            return reply->send(HttpResponse::error(p.error()));
        bool ok = true;
        const QString sinceText = req.queryValue(s("since"));
        const qint64 since = sinceText.isEmpty() ? 0 : sinceText.toLongLong(&ok);
        if (!ok || since < 0)
            return reply->send(HttpResponse::error(err(ErrorCode::InvalidQuery, s("since must be a revision number >= 0"), s("since"))));
        const auto limit = limitParam(req, 500, 5000);
        if (!limit)
            return reply->send(HttpResponse::error(limit.error()));
        const QString waitText = req.queryValue(s("wait"));
        const int wait = waitText.isEmpty() ? 0 : waitText.toInt(&ok);
        if (!ok || wait < 0 || wait > 60)
            return reply->send(HttpResponse::error(err(ErrorCode::InvalidQuery, s("wait must be 0 to 60 seconds"), s("wait"))));
        if (wait == 0 || m_store.lastRev() > since)
            return answerChanges(reply, since, limit.value());
        m_waiters.append(Waiter{reply, since, limit.value(), m_clock.now().addSecs(wait)});
        if (!m_waiterTimer.isActive())
            m_waiterTimer.start();
    });
    server.addWebSocket(s("/api/v1/stream"), [this](const HttpRequest &req) -> std::optional<HttpResponse> {
        const auto p = authenticate(req);
        if (!p)
            return HttpResponse::error(p.error());
        return std::nullopt;
    });
    connect(&server, &HttpServer::newWebSocketConnection, this, [this, &server] {
        while (server.hasPendingWebSocketConnections()) {
            QWebSocket *ws = server.nextPendingWebSocketConnection().release();
            ws->setParent(this);
            m_sockets.append(ws);
            ws->sendTextMessage(QString::fromUtf8(
                QJsonDocument(QJsonObject{{s("rev"), m_store.lastRev()}}).toJson(QJsonDocument::Compact)));
            connect(ws, &QWebSocket::disconnected, this, [this, ws] {
                m_sockets.removeOne(ws);
                ws->deleteLater();
            });
        }
    });

    // --- me, users, tokens
    server.route(s("GET"), s("/api/v1/me"), [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [this](const Principal &p) {
            auto u = m_store.get(Kind::User, p.userId);
            return u ? HttpResponse::json(200, u.value()) : HttpResponse::error(u.error());
        });
    });
    server.route(s("GET"), s("/api/v1/users"), [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) { return listKind(Kind::User, req, s("name")); });
    });
    server.route(s("GET"), s("/api/v1/users/:id"), [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            auto u = m_store.get(Kind::User, req.args.at(0));
            return u ? HttpResponse::json(200, u.value()) : HttpResponse::error(u.error());
        });
    });
    routeWrite(server, s("POST"), s("/api/v1/users"), Role::Admin, 201,
               [this](const HttpRequest &, const QJsonObject &body, const Principal &) { return saveUser(body, {}); });
    routeWrite(server, s("PATCH"), s("/api/v1/users/:id"), Role::Admin, 200,
               [this](const HttpRequest &req, const QJsonObject &body, const Principal &) -> Result<QJsonObject> {
                   auto cur = m_store.get(Kind::User, req.args.at(0));
                   if (!cur)
                       return cur.error();
                   if (auto st = checkIfMatch(req, s("user"), cur.value()); !st)
                       return st.error();
                   return saveUser(body, req.args.at(0));
               });
    routeWrite(server, s("POST"), s("/api/v1/tokens"), Role::Admin, 201,
               [this](const HttpRequest &, const QJsonObject &body, const Principal &) -> Result<QJsonObject> {
                   if (auto st = Json::onlyKnown(body, {s("user_id"), s("name")}); !st)
                       return st.error();
                   auto user = Json::string(body, s("user_id"), true);
                   if (!user)
                       return user.error();
                   if (auto st = checkRef(Kind::User, s("user_id"), user.value()); !st)
                       return st.error();
                   auto name = Json::string(body, s("name"), false, s("api"));
                   if (!name)
                       return name.error();
                   QString tokenId;
                   auto secret = m_store.createToken(user.value(), name.value(), &tokenId);
                   if (!secret)
                       return secret.error();
                   return QJsonObject{{s("id"), tokenId}, {s("user_id"), user.value()}, {s("name"), name.value()},
                                      {s("token"), secret.value()}};
               });

    // --- teams and services
    const auto crud = [this, &server](const QString &base, Kind kind,
                                      Result<QJsonObject> (Api::*save)(const QJsonObject &, const QString &)) {
        server.route(s("GET"), base, [this, kind](const HttpRequest &req) {
            return guarded(req, Role::Viewer, [&](const Principal &) { return listKind(kind, req, s("name")); });
        });
        server.route(s("GET"), base + s("/:id"), [this, kind](const HttpRequest &req) {
            return guarded(req, Role::Viewer, [&](const Principal &) {
                auto o = m_store.get(kind, req.args.at(0));
                return o ? HttpResponse::json(200, o.value()) : HttpResponse::error(o.error());
            });
        });
        routeWrite(server, s("POST"), base, Role::Manager, 201,
                   [this, save](const HttpRequest &, const QJsonObject &body, const Principal &) {
                       return (this->*save)(body, {});
                   });
        routeWrite(server, s("PATCH"), base + s("/:id"), Role::Manager, 200,
                   [this, kind, save](const HttpRequest &req, const QJsonObject &body,
                                      const Principal &) -> Result<QJsonObject> {
                       auto cur = m_store.get(kind, req.args.at(0));
                       if (!cur)
                           return cur.error();
                       if (auto st = checkIfMatch(req, entityName(kind), cur.value()); !st)
                           return st.error();
                       return (this->*save)(body, req.args.at(0));
                   });
        server.route(s("DELETE"), base + s("/:id"), [this, kind](const HttpRequest &req) {
            return guarded(req, Role::Manager, [&](const Principal &) {
                const Status st = m_store.write([&]() -> Status {
                    auto cur = m_store.get(kind, req.args.at(0));
                    if (!cur)
                        return cur.error();
                    if (auto match = checkIfMatch(req, entityName(kind), cur.value()); !match)
                        return match;
                    return m_store.remove(kind, req.args.at(0));
                });
                if (!st) {
                    Error e = st.error();
                    if (e.code == QLatin1String(ErrorCode::InvalidField) && e.field.isEmpty())
                        e = err(ErrorCode::Conflict, QStringLiteral("the %1 is still referenced by other entities").arg(entityName(kind)));
                    return HttpResponse::error(e);
                }
                return HttpResponse{204, {}, "application/json", {}};
            });
        });
    };
    crud(s("/api/v1/teams"), Kind::Team, &Api::saveTeam);
    crud(s("/api/v1/services"), Kind::Service, &Api::saveService);

    // --- SLA policy
    server.route(s("GET"), s("/api/v1/sla_policy"), [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            if (auto stored = m_store.get(Kind::SlaPolicy, s("sla_policy")))
                return HttpResponse::json(200, stored.value());
            QJsonObject defaults = slaPolicy().toJson(); // never saved: the built-in targets, version 0
            defaults.insert(s("id"), s("sla_policy"));
            defaults.insert(s("version"), 0);
            return HttpResponse::json(200, defaults);
        });
    });
    routeWrite(server, s("PUT"), s("/api/v1/sla_policy"), Role::Manager, 200,
               [this](const HttpRequest &req, const QJsonObject &body, const Principal &) -> Result<QJsonObject> {
                   auto policy = SlaPolicy::fromJson(body);
                   if (!policy)
                       return policy.error();
                   const auto stored = m_store.get(Kind::SlaPolicy, s("sla_policy"));
                   const QJsonObject before = stored ? stored.value() : QJsonObject{{s("version"), 0}};
                   if (auto st = checkIfMatch(req, s("sla_policy"), before); !st)
                       return st.error();
                   QJsonObject o = stamp(policy->toJson(), stored ? before : QJsonObject{}, m_clock.now(), s("sla_policy"));
                   if (auto st = m_store.put(Kind::SlaPolicy, o); !st)
                       return st.error();
                   m_policyCache.reset();
                   return o;
               });

    // --- tickets
    server.route(s("GET"), s("/api/v1/tickets"), [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) { return listTickets(req); });
    });
    routeWrite(server, s("POST"), s("/api/v1/tickets"), Role::Agent, 201,
               [this](const HttpRequest &, const QJsonObject &body, const Principal &p) { return createTicket(body, p); });
    server.route(s("GET"), s("/api/v1/tickets/:id"), [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            auto t = findTicket(req.args.at(0));
            return t ? HttpResponse::json(200, ticketOut(t.value())) : HttpResponse::error(t.error());
        });
    });
    routeWrite(server, s("PATCH"), s("/api/v1/tickets/:id"), Role::Agent, 200,
               [this](const HttpRequest &req, const QJsonObject &body, const Principal &) { return patchTicket(req, body); });
    server.route(s("GET"), s("/api/v1/tickets/:id/transitions"), [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            auto t = findTicket(req.args.at(0));
            if (!t)
                return HttpResponse::error(t.error());
            const auto status = ticketStatusFromString(t->value(s("status")).toString()).value_or(TicketStatus::Open);
            QJsonArray allowed;
            for (auto a : Workflow::allowedTransitions(status))
                allowed.append(toString(a));
            return HttpResponse::json(200, QJsonObject{{s("status"), toString(status)}, {s("allowed"), allowed}});
        });
    });
    routeWrite(server, s("POST"), s("/api/v1/tickets/:id/transitions"), Role::Agent, 200,
               [this](const HttpRequest &req, const QJsonObject &body, const Principal &) {
                   return transitionTicket(req, body);
               });
    server.route(s("GET"), s("/api/v1/tickets/:id/comments"), [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            auto t = findTicket(req.args.at(0));
            if (!t)
                return HttpResponse::error(t.error());
            const auto rows = m_store.select(Kind::TicketComment, s("ticket_id = ?"), {t->value(s("id")).toString()},
                                             s("created_at, id"));
            return HttpResponse::json(200, QJsonObject{{s("items"), toArray(rows)}, {s("next_cursor"), QJsonValue::Null}});
        });
    });
    routeWrite(server, s("POST"), s("/api/v1/tickets/:id/comments"), Role::Agent, 201,
               [this](const HttpRequest &req, const QJsonObject &body, const Principal &p) {
                   return addComment(req, body, p);
               });

    registerScheduleRoutes(server);
    registerCalendarRoutes(server);
    registerAlertRoutes(server);
    registerNotificationRoutes(server);
    registerHeartbeatRoutes(server);
}

} // namespace Vigil
