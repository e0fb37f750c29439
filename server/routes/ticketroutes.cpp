// The service desk: tickets, their comments and workflow transitions, and the SLA policy their clocks follow.
#include "ticketroutes.h"

#include "routesupport.h"

#include "common/clock.h"
#include "common/json.h"
#include "tickets/workflow.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace Vigil {

using namespace Qt::StringLiterals;
using namespace Routes;

QJsonObject TicketRoutes::ticketOut(const QJsonObject &stored) const
{
    QJsonObject o = stored;
    if (auto t = Ticket::fromJson(stored))
        o.insert(u"sla"_s, computeSla(t.value(), slaPolicy(), m_clock.now()).toJson());
    return o;
}

Result<QJsonObject> TicketRoutes::findTicket(const QString &idOrKey) const
{
    static const QRegularExpression keyPattern(u"^SD-(\\d+)$"_s, QRegularExpression::CaseInsensitiveOption);
    const auto m = keyPattern.match(idOrKey);
    if (m.hasMatch()) {
        const auto rows = m_store.select(Kind::Ticket, u"key_num = ?"_s, {m.captured(1).toLongLong()}, {}, 1);
        if (rows.isEmpty())
            return err(ErrorCode::NotFound, QStringLiteral("ticket %1 not found").arg(idOrKey.toUpper()));
        return rows.first();
    }
    auto r = m_store.get(Kind::Ticket, idOrKey);
    if (!r)
        return err(ErrorCode::NotFound, QStringLiteral("ticket %1 not found").arg(idOrKey));
    return r;
}

HttpResponse TicketRoutes::listTickets(const HttpRequest &req) const
{
    return listRecent(Kind::Ticket, req,
                      {{u"status"_s, u"status"_s, ticketStatusNames()}, {u"priority"_s, u"priority"_s, priorityNames()},
                       {u"assignee_id"_s, u"assignee_id"_s, {}}, {u"team_id"_s, u"team_id"_s, {}},
                       {u"service_id"_s, u"service_id"_s, {}}},
                      true, [this](const QJsonObject &row) { return ticketOut(row); });
}

SlaPolicy TicketRoutes::slaPolicy() const
{
    if (!m_policyCache) {
        const auto stored = m_store.get(Kind::SlaPolicy, u"sla_policy"_s);
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

static Status validateSummary(const QString &summary)
{
    const QString t = summary.trimmed();
    if (t.isEmpty())
        return err(ErrorCode::InvalidField, u"summary must not be empty"_s, u"summary"_s);
    if (t.size() > 200)
        return err(ErrorCode::InvalidField, u"summary must be at most 200 characters"_s, u"summary"_s);
    if (t.contains(u'\n') || t.contains(u'\r'))
        return err(ErrorCode::InvalidField, u"summary must be one line"_s, u"summary"_s);
    return Ok{};
}

const QStringList &ticketFields()
{
    static const QStringList fields{u"summary"_s, u"description"_s, u"type"_s, u"priority"_s, u"requester_name"_s,
                               u"requester_email"_s, u"assignee_id"_s, u"team_id"_s, u"service_id"_s};
    return fields;
}

/// Applies the editable fields present in `body` to `t`; shared by create and PATCH.
static Status applyTicketFields(Ticket &t, const QJsonObject &body, const std::function<Status(Kind, QString, QString)> &ref)
{
    if (auto st = Json::onlyKnown(body, ticketFields()); !st)
        return st;
    if (body.contains(u"summary"_s)) {
        auto v = Json::string(body, u"summary"_s, true);
        if (!v)
            return v.error();
        if (auto st = validateSummary(v.value()); !st)
            return st;
        t.summary = v.value().trimmed();
    }
    if (body.contains(u"description"_s)) {
        auto v = Json::string(body, u"description"_s, false);
        if (!v)
            return v.error();
        if (v->size() > 100'000)
            return err(ErrorCode::InvalidField, u"description must be at most 100000 characters"_s, u"description"_s);
        t.description = v.value();
    }
    if (body.contains(u"type"_s)) {
        auto v = Json::oneOf(body, u"type"_s, ticketTypeNames(), true);
        if (!v)
            return v.error();
        t.type = *ticketTypeFromString(v.value());
    }
    if (body.contains(u"priority"_s)) {
        auto v = Json::oneOf(body, u"priority"_s, priorityNames(), true);
        if (!v)
            return v.error();
        t.priority = *priorityFromString(v.value());
    }
    if (body.contains(u"requester_name"_s)) {
        auto v = Json::string(body, u"requester_name"_s, false);
        if (!v)
            return v.error();
        if (v->size() > 200)
            return err(ErrorCode::InvalidField, u"requester_name must be at most 200 characters"_s, u"requester_name"_s);
        t.requesterName = v.value().trimmed();
    }
    if (body.contains(u"requester_email"_s)) {
        auto v = Json::string(body, u"requester_email"_s, false);
        if (!v)
            return v.error();
        if (auto st = validateEmail(v.value().trimmed(), u"requester_email"_s, false); !st)
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

Result<QJsonObject> TicketRoutes::createTicket(const QJsonObject &body, const Principal &)
{
    if (!body.contains(u"summary"_s) || body.value(u"summary"_s).isNull())
        return err(ErrorCode::MissingField, u"summary is required"_s, u"summary"_s);
    Ticket t;
    const QDateTime now = m_clock.now();
    t.id = Json::newId();
    t.version = 1;
    t.createdAt = t.updatedAt = now;
    t.statusHistory = {{TicketStatus::Open, now}};
    if (auto st = applyTicketFields(t, body, [this](Kind k, const QString &f, const QString &id) { return checkRef(k, f, id); });
        !st)
        return st.error();
    auto n = m_store.nextCounter(u"ticket_key"_s);
    if (!n)
        return n.error();
    t.key = QStringLiteral("SD-%1").arg(n.value());
    const QJsonObject json = t.toJson();
    if (auto st = m_store.put(Kind::Ticket, json); !st)
        return st.error();
    return ticketOut(json);
}

Result<QJsonObject> TicketRoutes::patchTicket(const HttpRequest &req, const QJsonObject &body)
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

Result<QJsonObject> TicketRoutes::transitionTicket(const HttpRequest &req, const QJsonObject &body)
{
    auto stored = findTicket(req.args.at(0));
    if (!stored)
        return stored.error();
    if (auto st = Json::onlyKnown(body, {u"to"_s}); !st)
        return st.error();
    auto to = Json::oneOf(body, u"to"_s, ticketStatusNames(), true);
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

Result<QJsonObject> TicketRoutes::addComment(const HttpRequest &req, const QJsonObject &body, const Principal &p)
{
    auto stored = findTicket(req.args.at(0));
    if (!stored)
        return stored.error();
    if (auto st = Json::onlyKnown(body, {u"body"_s, u"public"_s}); !st)
        return st.error();
    auto text = Json::string(body, u"body"_s, true);
    if (!text)
        return text.error();
    if (text->trimmed().isEmpty())
        return err(ErrorCode::InvalidField, u"body must not be empty"_s, u"body"_s);
    if (text->size() > 65'536)
        return err(ErrorCode::InvalidField, u"body must be at most 65536 characters"_s, u"body"_s);
    auto isPublic = Json::boolean(body, u"public"_s, true);
    if (!isPublic)
        return isPublic.error();
    const QDateTime now = m_clock.now();
    TicketComment c;
    c.id = Json::newId();
    c.ticketId = stored->value(u"id"_s).toString();
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
            && author->value(u"email"_s).toString().compare(ticket.requesterEmail, Qt::CaseInsensitive) == 0;
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

void TicketRoutes::registerRoutes(HttpServer &server)
{
    // --- SLA policy
    server.route(u"GET"_s, u"/api/v1/sla_policy"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            if (auto stored = m_store.get(Kind::SlaPolicy, u"sla_policy"_s))
                return HttpResponse::json(200, stored.value());
            QJsonObject defaults = slaPolicy().toJson(); // never saved: the built-in targets, version 0
            defaults.insert(u"id"_s, u"sla_policy"_s);
            defaults.insert(u"version"_s, 0);
            return HttpResponse::json(200, defaults);
        });
    });
    routeWrite(server, u"PUT"_s, u"/api/v1/sla_policy"_s, Role::Manager, 200,
               [this](const HttpRequest &req, const QJsonObject &body, const Principal &) -> Result<QJsonObject> {
                   auto policy = SlaPolicy::fromJson(body);
                   if (!policy)
                       return policy.error();
                   const auto stored = m_store.get(Kind::SlaPolicy, u"sla_policy"_s);
                   const QJsonObject before = stored ? stored.value() : QJsonObject{{u"version"_s, 0}};
                   if (auto st = checkIfMatch(req, u"sla_policy"_s, before); !st)
                       return st.error();
                   QJsonObject o = stamp(policy->toJson(), stored ? before : QJsonObject{}, m_clock.now(), u"sla_policy"_s);
                   if (auto st = m_store.put(Kind::SlaPolicy, o); !st)
                       return st.error();
                   m_policyCache.reset();
                   return o;
               });

    // --- tickets
    server.route(u"GET"_s, u"/api/v1/tickets"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) { return listTickets(req); });
    });
    routeWrite(server, u"POST"_s, u"/api/v1/tickets"_s, Role::Agent, 201,
               [this](const HttpRequest &, const QJsonObject &body, const Principal &p) { return createTicket(body, p); });
    server.route(u"GET"_s, u"/api/v1/tickets/:id"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            auto t = findTicket(req.args.at(0));
            return t ? HttpResponse::json(200, ticketOut(t.value())) : HttpResponse::error(t.error());
        });
    });
    routeWrite(server, u"PATCH"_s, u"/api/v1/tickets/:id"_s, Role::Agent, 200,
               [this](const HttpRequest &req, const QJsonObject &body, const Principal &) { return patchTicket(req, body); });
    server.route(u"GET"_s, u"/api/v1/tickets/:id/transitions"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            auto t = findTicket(req.args.at(0));
            if (!t)
                return HttpResponse::error(t.error());
            const auto status = ticketStatusFromString(t->value(u"status"_s).toString()).value_or(TicketStatus::Open);
            QJsonArray allowed;
            for (auto a : Workflow::allowedTransitions(status))
                allowed.append(toString(a));
            return HttpResponse::json(200, QJsonObject{{u"status"_s, toString(status)}, {u"allowed"_s, allowed}});
        });
    });
    routeWrite(server, u"POST"_s, u"/api/v1/tickets/:id/transitions"_s, Role::Agent, 200,
               [this](const HttpRequest &req, const QJsonObject &body, const Principal &) {
                   return transitionTicket(req, body);
               });
    server.route(u"GET"_s, u"/api/v1/tickets/:id/comments"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            auto t = findTicket(req.args.at(0));
            if (!t)
                return HttpResponse::error(t.error());
            const auto rows = m_store.select(Kind::TicketComment, u"ticket_id = ?"_s, {t->value(u"id"_s).toString()},
                                             u"created_at, id"_s);
            return HttpResponse::json(200, QJsonObject{{u"items"_s, toArray(rows)}, {u"next_cursor"_s, QJsonValue::Null}});
        });
    });
    routeWrite(server, u"POST"_s, u"/api/v1/tickets/:id/comments"_s, Role::Agent, 201,
               [this](const HttpRequest &req, const QJsonObject &body, const Principal &p) {
                   return addComment(req, body, p);
               });
}

} // namespace Vigil
