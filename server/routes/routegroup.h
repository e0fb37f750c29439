#pragma once

#include "auth.h"
#include "httpserver.h"

#include "common/result.h"
#include "store/store.h"

#include <QJsonObject>

#include <functional>

namespace Vigil {

class Clock;
class IdempotentWrites;

/// What every group of routes works with: the store, the clock, who is asking, and idempotent writes.
struct RouteContext
{
    Store &store;
    const Clock &clock;
    const Auth &auth;
    IdempotentWrites &writes;
};

/// The base of vigild's route classes: one class per feature (tickets, directory, schedules, alerts, ...), each
/// registering its own routes. The helpers here are the shared shape of a route: authenticate and check the role,
/// run a write in one idempotent transaction, check a reference, list with keyset paging.
class RouteGroup
{
public:
    explicit RouteGroup(const RouteContext &context);
    virtual ~RouteGroup() = default;
    Q_DISABLE_COPY_MOVE(RouteGroup)

    virtual void registerRoutes(HttpServer &server) = 0;

protected:
    /// A write route's work, inside its transaction: the request, its JSON object body and who sent it.
    using WriteHandler = std::function<Result<QJsonObject>(const HttpRequest &, const QJsonObject &body, const Principal &)>;

    [[nodiscard]] HttpResponse guarded(const HttpRequest &req, Role minRole,
                                       const std::function<HttpResponse(const Principal &)> &fn) const;
    /// Runs a write in one transaction, honouring Idempotency-Key.
    [[nodiscard]] HttpResponse mutate(const HttpRequest &req, const Principal &p, int okStatus,
                                      const std::function<Result<QJsonObject>()> &fn);
    /// A write route: role check, a JSON object body, then `handler` inside one transaction (mutate()).
    void routeWrite(HttpServer &server, const QString &method, const QString &pattern, Role role, int okStatus,
                    WriteHandler handler);
    /// Ok when `id` is empty or names an entity of kind `k`; otherwise 400 naming `field`.
    [[nodiscard]] Status checkRef(Kind k, const QString &field, const QString &id) const;
    /// Lists kind `k` ordered by `orderBy` then id, with keyset paging (?limit=&cursor=).
    [[nodiscard]] HttpResponse listKind(Kind k, const HttpRequest &req, const QString &orderBy) const;

    /// A filter of a list: ?param=a,b matches rows whose column is one of the values (`allowed`, when not empty,
    /// lists the values accepted; otherwise the values are ids and "none" matches an empty reference).
    struct ListFilter
    {
        QString param;
        QString column;
        QStringList allowed;
    };
    /// Lists a kind that tracks revisions, most recently changed first, with keyset paging (?limit=&cursor=),
    /// the filters, and ?q= over the search column when `searchable`.
    [[nodiscard]] HttpResponse listRecent(Kind kind, const HttpRequest &req, const QList<ListFilter> &filters,
                                          bool searchable, const std::function<QJsonObject(const QJsonObject &)> &out) const;

    Store &m_store;
    const Clock &m_clock;
    const Auth &m_auth;

private:
    IdempotentWrites &m_writes;
};

} // namespace Vigil
