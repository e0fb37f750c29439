// Schedules and on-call: CRUD over Kind::Schedule, overrides as a sub-resource, and the on-call answers computed by
// the core OnCallResolver at the injected clock's "now" (or a given instant).
#include "api.h"

#include "apisupport.h"
#include "common/json.h"
#include "oncall/oncallresolver.h"
#include "oncall/schedule.h"

#include <QJsonArray>
#include <QSet>

namespace Vigil {

using ApiSupport::checkIfMatch;
using ApiSupport::stamp;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

Error err(const char *code, const QString &message, const QString &field = {})
{
    return Error::make(code, message, field);
}

/// The longest range /shifts answers: about a quarter, enough for a rotation view, bounded in work and size.
constexpr qint64 MaxShiftRangeDays = 93;

const QStringList &editableFields()
{
    static const QStringList f{s("name"), s("team_id"), s("time_zone"), s("layers"), s("overrides")};
    return f;
}

/// Members a client may send back from a GET unchanged; they are ignored (the server owns them).
const QStringList &readOnlyFields()
{
    static const QStringList f{s("id"), s("version"), s("created_at"), s("updated_at")};
    return f;
}

QJsonObject shiftJson(const Shift &sh)
{
    return QJsonObject{{s("user_id"), sh.userId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(sh.userId)},
                       {s("start"), Json::formatTime(sh.start)},
                       {s("end"), Json::formatTime(sh.end)}};
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
    o.insert(s("schedule_id"), schedule.id);
    o.insert(s("schedule_name"), schedule.name);
    o.insert(s("team_id"), schedule.teamId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(schedule.teamId));
    return o;
}

} // namespace

Status Api::checkScheduleRefs(const Schedule &schedule) const
{
    if (auto st = checkRef(Kind::Team, s("team_id"), schedule.teamId); !st)
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

Result<QJsonObject> Api::saveSchedule(const QJsonObject &body, const QString &id)
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
        return err(ErrorCode::InvalidField, s("name must be 1-200 characters"), s("name"));
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
        ? !m_store.select(Kind::Schedule, s("name = ?"), {name}, {}, 1).isEmpty()
        : !m_store.select(Kind::Schedule, s("name = ? AND id <> ?"), {name, id}, {}, 1).isEmpty();
    if (nameTaken)
        return err(ErrorCode::Conflict, QStringLiteral("a schedule named %1 exists").arg(name), s("name"));
    o = stamp(o, before, m_clock.now(), creating ? Json::newId() : id);
    if (auto st = m_store.put(Kind::Schedule, o); !st)
        return st.error();
    return o;
}

Result<QJsonObject> Api::addOverride(const HttpRequest &req, const QJsonObject &body)
{
    auto cur = m_store.get(Kind::Schedule, req.args.at(0));
    if (!cur)
        return cur.error();
    if (auto st = checkIfMatch(req, s("schedule"), cur.value()); !st)
        return st.error();
    if (auto st = Json::onlyKnown(body, {s("user_id"), s("start"), s("end")}); !st)
        return st.error();
    QJsonObject added = body;
    added.insert(s("id"), Json::newId());
    QJsonObject merged = cur.value();
    QJsonArray overrides = merged.value(s("overrides")).toArray();
    const qsizetype index = overrides.size();
    overrides.append(added);
    merged.insert(s("overrides"), overrides);
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
    if (auto st = checkRef(Kind::User, s("user_id"), ov.userId); !st)
        return st.error();
    const QJsonObject o = stamp(decoded->toJson(), cur.value(), m_clock.now(), cur->value(s("id")).toString());
    if (auto st = m_store.put(Kind::Schedule, o); !st)
        return st.error();
    QJsonObject out = ov.toJson();
    out.insert(s("schedule_id"), o.value(s("id")));
    out.insert(s("schedule_version"), o.value(s("version")));
    return out;
}

HttpResponse Api::removeOverride(const HttpRequest &req)
{
    const Status st = m_store.write([&]() -> Status {
        auto cur = m_store.get(Kind::Schedule, req.args.at(0));
        if (!cur)
            return cur.error();
        if (auto st = checkIfMatch(req, s("schedule"), cur.value()); !st)
            return st;
        QJsonArray overrides = cur->value(s("overrides")).toArray();
        qsizetype found = -1;
        for (qsizetype i = 0; i < overrides.size() && found < 0; ++i) {
            if (overrides.at(i).toObject().value(s("id")).toString() == req.args.at(1))
                found = i;
        }
        if (found < 0)
            return err(ErrorCode::NotFound,
                       QStringLiteral("schedule %1 has no override %2").arg(req.args.at(0), req.args.at(1)));
        overrides.removeAt(found);
        QJsonObject o = cur.value();
        o.insert(s("overrides"), overrides);
        return m_store.put(Kind::Schedule, stamp(o, cur.value(), m_clock.now(), req.args.at(0)));
    });
    if (!st)
        return HttpResponse::error(st.error());
    return HttpResponse{204, {}, "application/json", {}};
}

HttpResponse Api::scheduleShifts(const HttpRequest &req) const
{
    const auto schedule = decodeStored(m_store.get(Kind::Schedule, req.args.at(0)));
    if (!schedule)
        return HttpResponse::error(schedule.error());
    const auto from = timeParam(req, s("from"));
    if (!from)
        return HttpResponse::error(from.error());
    const auto to = timeParam(req, s("to"));
    if (!to)
        return HttpResponse::error(to.error());
    if (to.value() <= from.value())
        return HttpResponse::error(err(ErrorCode::InvalidQuery, s("to must be later than from"), s("to")));
    if (from->secsTo(to.value()) > MaxShiftRangeDays * 86400)
        return HttpResponse::error(err(ErrorCode::InvalidQuery,
                                       QStringLiteral("from and to may be at most %1 days apart").arg(MaxShiftRangeDays),
                                       s("to")));
    const OnCallResolver resolver(schedule.value());
    QJsonArray gaps;
    for (const Gap &g : resolver.gaps(from.value(), to.value()))
        gaps.append(QJsonObject{{s("start"), Json::formatTime(g.start)}, {s("end"), Json::formatTime(g.end)}});
    QJsonArray layers;
    for (int i = 0; i < schedule->layers.size(); ++i)
        layers.append(QJsonObject{{s("name"), schedule->layers.at(i).name},
                                  {s("shifts"), shiftsJson(resolver.layerShifts(i, from.value(), to.value()))}});
    return HttpResponse::json(200, QJsonObject{{s("shifts"), shiftsJson(resolver.finalShifts(from.value(), to.value()))},
                                               {s("gaps"), gaps},
                                               {s("layers"), layers}});
}

HttpResponse Api::onCallNow(const HttpRequest &req) const
{
    const auto at = timeParam(req, s("at"), m_clock.now());
    if (!at)
        return HttpResponse::error(at.error());
    const QString team = req.queryValue(s("team_id"));
    const QList<QJsonObject> rows = team.isEmpty()
        ? m_store.select(Kind::Schedule, {}, {}, s("name, id"))
        : m_store.select(Kind::Schedule, s("team_id = ?"), {team}, s("name, id"));
    QJsonArray items;
    for (const QJsonObject &row : rows) {
        const auto schedule = Schedule::fromJson(row);
        if (schedule)
            items.append(onCallItem(schedule.value(), at.value()));
    }
    return HttpResponse::json(200, QJsonObject{{s("items"), items}, {s("next_cursor"), QJsonValue::Null}});
}

void Api::registerScheduleRoutes(HttpServer &server)
{
    // Reads: any role. Schedules are written by managers; overrides (swaps, cover for a sick colleague) by agents
    // and up, so the people on the rotation can arrange cover without a manager rewriting the schedule.
    const QString base = s("/api/v1/schedules");
    server.route(s("GET"), base, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) { return listKind(Kind::Schedule, req, s("name")); });
    });
    server.route(s("GET"), base + s("/:id"), [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            auto o = m_store.get(Kind::Schedule, req.args.at(0));
            return o ? HttpResponse::json(200, o.value()) : HttpResponse::error(o.error());
        });
    });
    routeWrite(server, s("POST"), base, Role::Manager, 201,
               [this](const HttpRequest &, const QJsonObject &body, const Principal &) { return saveSchedule(body, {}); });
    routeWrite(server, s("PATCH"), base + s("/:id"), Role::Manager, 200,
               [this](const HttpRequest &req, const QJsonObject &body, const Principal &) -> Result<QJsonObject> {
                   auto cur = m_store.get(Kind::Schedule, req.args.at(0));
                   if (!cur)
                       return cur.error();
                   if (auto st = checkIfMatch(req, s("schedule"), cur.value()); !st)
                       return st.error();
                   return saveSchedule(body, req.args.at(0));
               });
    server.route(s("DELETE"), base + s("/:id"), [this](const HttpRequest &req) {
        return guarded(req, Role::Manager, [&](const Principal &) {
            const Status st = m_store.write([&]() -> Status {
                auto cur = m_store.get(Kind::Schedule, req.args.at(0));
                if (!cur)
                    return cur.error();
                if (auto st = checkIfMatch(req, s("schedule"), cur.value()); !st)
                    return st;
                return m_store.remove(Kind::Schedule, req.args.at(0));
            });
            return st ? HttpResponse{204, {}, "application/json", {}} : HttpResponse::error(st.error());
        });
    });
    routeWrite(server, s("POST"), base + s("/:id/overrides"), Role::Agent, 201,
               [this](const HttpRequest &req, const QJsonObject &body, const Principal &) { return addOverride(req, body); });
    server.route(s("DELETE"), base + s("/:id/overrides/:override"), [this](const HttpRequest &req) {
        return guarded(req, Role::Agent, [&](const Principal &) { return removeOverride(req); });
    });
    server.route(s("GET"), base + s("/:id/oncall"), [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            const auto schedule = decodeStored(m_store.get(Kind::Schedule, req.args.at(0)));
            if (!schedule)
                return HttpResponse::error(schedule.error());
            const auto at = timeParam(req, s("at"), m_clock.now());
            if (!at)
                return HttpResponse::error(at.error());
            return HttpResponse::json(200, OnCallResolver(schedule.value()).onCallAt(at.value()).toJson());
        });
    });
    server.route(s("GET"), base + s("/:id/shifts"), [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) { return scheduleShifts(req); });
    });
    server.route(s("GET"), s("/api/v1/oncall"), [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) { return onCallNow(req); });
    });
}

} // namespace Vigil
