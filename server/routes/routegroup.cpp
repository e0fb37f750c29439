#include "routegroup.h"

#include "idempotency.h"
#include "routesupport.h"

#include <QJsonArray>

namespace Vigil {

using namespace Qt::StringLiterals;
using namespace Routes;

RouteGroup::RouteGroup(const RouteContext &context)
    : m_store(context.store), m_clock(context.clock), m_auth(context.auth), m_writes(context.writes)
{
}

HttpResponse RouteGroup::guarded(const HttpRequest &req, Role minRole,
                                 const std::function<HttpResponse(const Principal &)> &fn) const
{
    return m_auth.guarded(req, minRole, fn);
}

HttpResponse RouteGroup::mutate(const HttpRequest &req, const Principal &p, int okStatus,
                                const std::function<Result<QJsonObject>()> &fn)
{
    return m_writes.run(req, p, okStatus, fn);
}

void RouteGroup::routeWrite(HttpServer &server, const QString &method, const QString &pattern, Role role, int okStatus,
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

Status RouteGroup::checkRef(Kind k, const QString &field, const QString &id) const
{
    if (id.isEmpty())
        return Ok{};
    if (!m_store.get(k, id))
        return err(ErrorCode::InvalidField, QStringLiteral("%1 refers to no %2 with id %3").arg(field, entityName(k), id),
                   field);
    return Ok{};
}

HttpResponse RouteGroup::listKind(Kind k, const HttpRequest &req, const QString &orderBy) const
{
    const auto limit = limitParam(req, 100, 1000);
    if (!limit)
        return HttpResponse::error(limit.error());
    QString where;
    QVariantList binds;
    const QString cursor = req.queryValue(u"cursor"_s);
    if (!cursor.isEmpty()) {
        // Keyset paging: the cursor is the sort key and id of the last row of the previous page, so a page never
        // repeats or skips a row when rows are added before it.
        const auto c = decodeCursor(cursor);
        if (!c)
            return HttpResponse::error(err(ErrorCode::InvalidQuery, u"cursor is not one this server issued"_s, u"cursor"_s));
        where = QStringLiteral("(%1 > ? OR (%1 = ? AND id > ?))").arg(orderBy);
        binds << c->first << c->first << c->second;
    }
    QList<QJsonObject> rows = m_store.select(k, where, binds, orderBy + u", id"_s, limit.value() + 1);
    QJsonValue next = QJsonValue::Null;
    if (rows.size() > limit.value()) {
        rows.resize(limit.value());
        next = encodeCursor(rows.last().value(orderBy).toString(), rows.last().value(u"id"_s).toString());
    }
    return HttpResponse::json(200, QJsonObject{{u"items"_s, toArray(rows)}, {u"next_cursor"_s, next}});
}

HttpResponse RouteGroup::listRecent(Kind kind, const HttpRequest &req, const QList<ListFilter> &filters, bool searchable,
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
                           QStringLiteral("%1 must be a comma-separated list of %2").arg(param, allowed.join(u", "_s)),
                           param);
            if (allowed.isEmpty() && item == u"none"_s) {
                none = true;
                continue;
            }
            marks.append(u"?"_s);
            binds.append(item);
        }
        QStringList any;
        if (!marks.isEmpty())
            any.append(QStringLiteral("%1 IN (%2)").arg(column, marks.join(u',')));
        if (none)
            any.append(column + u" IS NULL"_s);
        if (!any.isEmpty())
            where.append(u'(' + any.join(u" OR "_s) + u')');
        return Ok{};
    };
    for (const ListFilter &f : filters) {
        if (auto st = inList(f.param, f.column, f.allowed); !st)
            return HttpResponse::error(st.error());
    }
    const QString q = searchable ? req.queryValue(u"q"_s).trimmed().toLower() : QString();
    if (!q.isEmpty()) {
        QString escaped = q;
        escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
        where.append(u"search LIKE ? ESCAPE '\\'"_s);
        binds.append(QString(u'%' + escaped + u'%'));
    }
    const QString cursor = req.queryValue(u"cursor"_s);
    if (!cursor.isEmpty()) {
        // The cursor is the revision of the last row of the previous page.
        const auto c = decodeCursor(cursor);
        bool ok = false;
        const qint64 rev = c && c->first == u"rev"_s ? c->second.toLongLong(&ok) : 0;
        if (!ok)
            return HttpResponse::error(err(ErrorCode::InvalidQuery, u"cursor is not one this server issued"_s, u"cursor"_s));
        where.append(u"rev < ?"_s);
        binds << rev;
    }
    // Most recently changed first, in change-log order (exact, no ties).
    auto rows = m_store.selectRecent(kind, where.join(u" AND "_s), binds, limit.value() + 1);
    QJsonValue next = QJsonValue::Null;
    if (rows.size() > limit.value()) {
        rows.resize(limit.value());
        next = encodeCursor(u"rev"_s, QString::number(rows.last().first));
    }
    QJsonArray items;
    for (const auto &[rev, r] : rows)
        items.append(out(r));
    return HttpResponse::json(200, QJsonObject{{u"items"_s, items}, {u"next_cursor"_s, next}});
}

} // namespace Vigil
