#pragma once

#include "routegroup.h"

#include "sla/slapolicy.h"

#include <optional>

namespace Vigil {

/// /api/v1/tickets (with comments and transitions) and /api/v1/sla_policy. Tickets are answered with their SLA
/// clocks computed at the time of the request.
class TicketRoutes final : public RouteGroup
{
public:
    using RouteGroup::RouteGroup;
    void registerRoutes(HttpServer &server) override;
    /// After a commit of this server or of another sharing the database (told by NOTIFY): the SLA policy may have
    /// been replaced there, so it is read again when next needed.
    void committed() { m_policyCache.reset(); }

private:
    /// A stored ticket with its computed "sla" member.
    [[nodiscard]] QJsonObject ticketOut(const QJsonObject &stored) const;
    /// By id or by key (SD-42, any case): 404 when neither matches.
    [[nodiscard]] Result<QJsonObject> findTicket(const QString &idOrKey) const;
    [[nodiscard]] HttpResponse listTickets(const HttpRequest &req) const;
    [[nodiscard]] Result<QJsonObject> createTicket(const QJsonObject &body, const Principal &p);
    [[nodiscard]] Result<QJsonObject> patchTicket(const HttpRequest &req, const QJsonObject &body);
    [[nodiscard]] Result<QJsonObject> transitionTicket(const HttpRequest &req, const QJsonObject &body);
    [[nodiscard]] Result<QJsonObject> addComment(const HttpRequest &req, const QJsonObject &body, const Principal &p);
    /// The stored policy, or the built-in targets; cached until the next commit (see committed()).
    [[nodiscard]] SlaPolicy slaPolicy() const;

    mutable std::optional<SlaPolicy> m_policyCache;
};

} // namespace Vigil
