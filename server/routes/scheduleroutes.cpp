// Schedules and on-call: CRUD over Kind::Schedule, overrides as a sub-resource, and the on-call answers computed by
// the core OnCallResolver at the injected clock's "now" (or a given instant).
#include "scheduleroutes.h"

#include "routesupport.h"

#include "common/clock.h"
#include "common/json.h"
#include "oncall/oncallresolver.h"
#include "oncall/schedule.h"

#include <QJsonArray>
#include <QSet>

namespace Vigil {

using namespace Qt::StringLiterals;
using namespace Routes;

namespace {

/// The longest range /shifts answers: about a quarter, enough for a rotation view, bounded in work and size.
constexpr qint64 MaxShiftRangeDays = 93;

const QStringList &editableFields()
{
    static const QStringList f{u"name"_s, u"team_id"_s, u"time_zone"_s, u"layers"_s, u"overrides"_s};
    return f;
}

/// Members a client may send back from a GET unchanged; they are ignored (the server owns them).
const QStringList &readOnlyFields()
{
    static const QStringList f{u"id"_s, u"version"_s, u"created_at"_s, u"updated_at"_s};
    return f;
}

QJsonObject shiftJson(const Shift &sh)
{
    return QJsonObject{{u"user_id"_s, sh.userId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(sh.userId)},
                       {u"start"_s, Json::formatTime(sh.start)},
                       {u"end"_s, Json::formatTime(sh.end)}};
}

QJsonArray shiftsJson(const QList<Shift> &shifts)
{
    QJsonArray a;
    for (const Shift &sh : shifts)
        a.append(shiftJson(sh));
    return a;
}

/// An RFC 3339 query parameter; absent gives `fallback` (an invalid one makes it required).
Result<QDateTime> timeParam(const HttpRequest &req, const QString &name, const QDateTime &fallback = {})
{
    const QString v = req.queryValue(name);
    if (v.isEmpty()) {
        if (fallback.isValid())
            return fallback;
        return err(ErrorCode::InvalidQuery,
                   QStringLiteral("%1 is required: an RFC 3339 time such as 2026-12-01T00:00:00Z").arg(name), name);
    }
    const QDateTime t = Json::parseTime(v);
    if (!t.isValid())
        return err(ErrorCode::InvalidQuery,
                   QStringLiteral("%1 must be an RFC 3339 time such as 2026-12-01T00:00:00Z").arg(name), name);
    return t.toUTC();
}

/// A stored schedule back as the core type. Stored documents were validated on the way in.
Result<Schedule> decodeStored(const Result<QJsonObject> &stored)
{
    if (!stored)
        return stored.error();
    auto decoded = Schedule::fromJson(stored.value());
    if (!decoded)
        return err(ErrorCode::Internal, QStringLiteral("stored schedule is invalid: %1").arg(decoded.error().message));
    return decoded;
}

QJsonObject onCallItem(const Schedule &schedule, const QDateTime &at)
{
    QJsonObject o = OnCallResolver(schedule).onCallAt(at).toJson();
    o.insert(u"schedule_id"_s, schedule.id);
    o.insert(u"schedule_name"_s, schedule.name);
    o.insert(u"team_id"_s, schedule.teamId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(schedule.teamId));
    return o;
}

} // namespace

Status ScheduleRoutes::checkScheduleRefs(const Schedule &schedule) const
{
    if (auto st = checkRef(Kind::Team, u"team_id"_s, schedule.teamId); !st)
        return st;
    QSet<QString> known;
    const auto userExists = [&](const QString &id) {
        if (known.contains(id))
            return true;
        if (!m_store.get(Kind::User, id))
            return false;
        known.insert(id);
        return true;
    };
    for (qsizetype i = 0; i < schedule.layers.size(); ++i) {
        for (const QString &u : schedule.layers.at(i).participants) {
            if (!userExists(u)) {
                const QString field = QStringLiteral("layers[%1].participants").arg(i);
                return err(ErrorCode::InvalidField, QStringLiteral("%1 refers to no user with id %2").arg(field, u), field);
            }
        }
    }
    for (qsizetype i = 0; i < schedule.overrides.size(); ++i) {
        const QString &u = schedule.overrides.at(i).userId;
        if (!userExists(u)) {
            const QString field = QStringLiteral("overrides[%1].user_id").arg(i);
            return err(ErrorCode::InvalidField, QStringLiteral("%1 refers to no user with id %2").arg(field, u), field);
        }
    }
    return Ok{};
}

Result<QJsonObject> ScheduleRoutes::saveSchedule(const QJsonObject &body, const QString &id)
{
    QJsonObject before;
    if (!id.isEmpty()) {
        auto b = m_store.get(Kind::Schedule, id);
        if (!b)
            return b.error();
        before = b.value();
    }
    if (auto st = Json::onlyKnown(body, editableFields() + readOnlyFields()); !st)
        return st.error();
    const bool creating = before.isEmpty();
    // Members present in the body replace the stored ones; the result is validated as a whole.
    QJsonObject merged;
    for (const QString &k : editableFields()) {
        if (body.contains(k))
            merged.insert(k, body.value(k));
        else if (before.contains(k))
            merged.insert(k, before.value(k));
    }
    auto decoded = Schedule::fromJson(merged);
    if (!decoded)
        return decoded.error();
    Schedule schedule = decoded.value();
    schedule.name = schedule.name.trimmed();
    if (schedule.name.size() > 200)
        return err(ErrorCode::InvalidField, u"name must be 1-200 characters"_s, u"name"_s);
    if (auto st = checkScheduleRefs(schedule); !st)
        return st.error();
    for (ScheduleOverride &ov : schedule.overrides) {
        if (ov.id.isEmpty())
            ov.id = Json::newId();
    }
    const QString name = schedule.name;
    QJsonObject o = schedule.toJson();
    if (!creating) {
        QJsonObject same = o;
        for (const QString &k : readOnlyFields())
            same.insert(k, before.value(k));
        if (same == before)
            return before; // nothing changed: no new version
    }
    const bool nameTaken = id.isEmpty()
        ? !m_store.select(Kind::Schedule, u"name = ?"_s, {name}, {}, 1).isEmpty()
        : !m_store.select(Kind::Schedule, u"name = ? AND id <> ?"_s, {name, id}, {}, 1).isEmpty();
    if (nameTaken)
        return err(ErrorCode::Conflict, QStringLiteral("a schedule named %1 exists").arg(name), u"name"_s);
    o = stamp(o, before, m_clock.now(), creating ? Json::newId() : id);
    if (auto st = m_store.put(Kind::Schedule, o); !st)
        return st.error();
    return o;
}

Result<QJsonObject> ScheduleRoutes::addOverride(const HttpRequest &req, const QJsonObject &body)
{
    auto cur = m_store.get(Kind::Schedule, req.args.at(0));
    if (!cur)
        return cur.error();
    if (auto st = checkIfMatch(req, u"schedule"_s, cur.value()); !st)
        return st.error();
    if (auto st = Json::onlyKnown(body, {u"user_id"_s, u"start"_s, u"end"_s}); !st)
        return st.error();
    QJsonObject added = body;
    added.insert(u"id"_s, Json::newId());
    QJsonObject merged = cur.value();
    QJsonArray overrides = merged.value(u"overrides"_s).toArray();
    const qsizetype index = overrides.size();
    overrides.append(added);
    merged.insert(u"overrides"_s, overrides);
    // The core validation checks the new override against the others (types, end after start, no overlap with
    // another override of the same user); its field names the override in the list, the request names it alone.
    auto decoded = Schedule::fromJson(merged);
    if (!decoded) {
        Error e = decoded.error();
        const QString prefix = QStringLiteral("overrides[%1].").arg(index);
        if (e.field.startsWith(prefix)) {
            e.field = e.field.mid(prefix.size());
            if (e.code == QLatin1String(ErrorCode::MissingField))
                e.message = QStringLiteral("%1 is required").arg(e.field);
        }
        return e;
    }
    const ScheduleOverride &ov = decoded->overrides.last();
    if (auto st = checkRef(Kind::User, u"user_id"_s, ov.userId); !st)
        return st.error();
    const QJsonObject o = stamp(decoded->toJson(), cur.value(), m_clock.now(), cur->value(u"id"_s).toString());
    if (auto st = m_store.put(Kind::Schedule, o); !st)
        return st.error();
    QJsonObject out = ov.toJson();
    out.insert(u"schedule_id"_s, o.value(u"id"_s));
    out.insert(u"schedule_version"_s, o.value(u"version"_s));
    return out;
}

HttpResponse ScheduleRoutes::removeOverride(const HttpRequest &req)
{
    const Status st = m_store.write([&]() -> Status {
        auto cur = m_store.get(Kind::Schedule, req.args.at(0));
        if (!cur)
            return cur.error();
        if (auto st = checkIfMatch(req, u"schedule"_s, cur.value()); !st)
            return st;
        QJsonArray overrides = cur->value(u"overrides"_s).toArray();
        qsizetype found = -1;
        for (qsizetype i = 0; i < overrides.size() && found < 0; ++i) {
            if (overrides.at(i).toObject().value(u"id"_s).toString() == req.args.at(1))
                found = i;
        }
        if (found < 0)
            return err(ErrorCode::NotFound,
                       QStringLiteral("schedule %1 has no override %2").arg(req.args.at(0), req.args.at(1)));
        overrides.removeAt(found);
        QJsonObject o = cur.value();
        o.insert(u"overrides"_s, overrides);
        return m_store.put(Kind::Schedule, stamp(o, cur.value(), m_clock.now(), req.args.at(0)));
    });
    if (!st)
        return HttpResponse::error(st.error());
    return HttpResponse{204, {}, "application/json", {}};
}

HttpResponse ScheduleRoutes::scheduleShifts(const HttpRequest &req) const
{
    const auto schedule = decodeStored(m_store.get(Kind::Schedule, req.args.at(0)));
    if (!schedule)
        return HttpResponse::error(schedule.error());
    const auto from = timeParam(req, u"from"_s);
    if (!from)
        return HttpResponse::error(from.error());
    const auto to = timeParam(req, u"to"_s);
    if (!to)
        return HttpResponse::error(to.error());
    if (to.value() <= from.value())
        return HttpResponse::error(err(ErrorCode::InvalidQuery, u"to must be later than from"_s, u"to"_s));
    if (from->secsTo(to.value()) > MaxShiftRangeDays * 86400)
        return HttpResponse::error(err(ErrorCode::InvalidQuery,
                                       QStringLiteral("from and to may be at most %1 days apart").arg(MaxShiftRangeDays),
                                       u"to"_s));
    const OnCallResolver resolver(schedule.value());
    QJsonArray gaps;
    for (const Gap &g : resolver.gaps(from.value(), to.value()))
        gaps.append(QJsonObject{{u"start"_s, Json::formatTime(g.start)}, {u"end"_s, Json::formatTime(g.end)}});
    QJsonArray layers;
    for (int i = 0; i < schedule->layers.size(); ++i)
        layers.append(QJsonObject{{u"name"_s, schedule->layers.at(i).name},
                                  {u"shifts"_s, shiftsJson(resolver.layerShifts(i, from.value(), to.value()))}});
    return HttpResponse::json(200, QJsonObject{{u"shifts"_s, shiftsJson(resolver.finalShifts(from.value(), to.value()))},
                                               {u"gaps"_s, gaps},
                                               {u"layers"_s, layers}});
}

HttpResponse ScheduleRoutes::onCallNow(const HttpRequest &req) const
{
    const auto at = timeParam(req, u"at"_s, m_clock.now());
    if (!at)
        return HttpResponse::error(at.error());
    const QString team = req.queryValue(u"team_id"_s);
    const QList<QJsonObject> rows = team.isEmpty()
        ? m_store.select(Kind::Schedule, {}, {}, u"name, id"_s)
        : m_store.select(Kind::Schedule, u"team_id = ?"_s, {team}, u"name, id"_s);
    QJsonArray items;
    for (const QJsonObject &row : rows) {
        const auto schedule = Schedule::fromJson(row);
        if (schedule)
            items.append(onCallItem(schedule.value(), at.value()));
    }
    return HttpResponse::json(200, QJsonObject{{u"items"_s, items}, {u"next_cursor"_s, QJsonValue::Null}});
}

void ScheduleRoutes::registerRoutes(HttpServer &server)
{
    // Reads: any role. Schedules are written by managers; overrides (swaps, cover for a sick colleague) by agents
    // and up, so the people on the rotation can arrange cover without a manager rewriting the schedule.
    const QString base = u"/api/v1/schedules"_s;
    server.route(u"GET"_s, base, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) { return listKind(Kind::Schedule, req, u"name"_s); });
    });
    server.route(u"GET"_s, base + u"/:id"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            auto o = m_store.get(Kind::Schedule, req.args.at(0));
            return o ? HttpResponse::json(200, o.value()) : HttpResponse::error(o.error());
        });
    });
    routeWrite(server, u"POST"_s, base, Role::Manager, 201,
               [this](const HttpRequest &, const QJsonObject &body, const Principal &) { return saveSchedule(body, {}); });
    routeWrite(server, u"PATCH"_s, base + u"/:id"_s, Role::Manager, 200,
               [this](const HttpRequest &req, const QJsonObject &body, const Principal &) -> Result<QJsonObject> {
                   auto cur = m_store.get(Kind::Schedule, req.args.at(0));
                   if (!cur)
                       return cur.error();
                   if (auto st = checkIfMatch(req, u"schedule"_s, cur.value()); !st)
                       return st.error();
                   return saveSchedule(body, req.args.at(0));
               });
    server.route(u"DELETE"_s, base + u"/:id"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Manager, [&](const Principal &) {
            const Status st = m_store.write([&]() -> Status {
                auto cur = m_store.get(Kind::Schedule, req.args.at(0));
                if (!cur)
                    return cur.error();
                if (auto st = checkIfMatch(req, u"schedule"_s, cur.value()); !st)
                    return st;
                return m_store.remove(Kind::Schedule, req.args.at(0));
            });
            return st ? HttpResponse{204, {}, "application/json", {}} : HttpResponse::error(st.error());
        });
    });
    routeWrite(server, u"POST"_s, base + u"/:id/overrides"_s, Role::Agent, 201,
               [this](const HttpRequest &req, const QJsonObject &body, const Principal &) { return addOverride(req, body); });
    server.route(u"DELETE"_s, base + u"/:id/overrides/:override"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Agent, [&](const Principal &) { return removeOverride(req); });
    });
    server.route(u"GET"_s, base + u"/:id/oncall"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            const auto schedule = decodeStored(m_store.get(Kind::Schedule, req.args.at(0)));
            if (!schedule)
                return HttpResponse::error(schedule.error());
            const auto at = timeParam(req, u"at"_s, m_clock.now());
            if (!at)
                return HttpResponse::error(at.error());
            return HttpResponse::json(200, OnCallResolver(schedule.value()).onCallAt(at.value()).toJson());
        });
    });
    server.route(u"GET"_s, base + u"/:id/shifts"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) { return scheduleShifts(req); });
    });
    server.route(u"GET"_s, u"/api/v1/oncall"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) { return onCallNow(req); });
    });
}

} // namespace Vigil
