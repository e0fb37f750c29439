// iCalendar (RFC 5545) feeds of the final on-call schedule, written with libical: one schedule's shifts, or the
// shifts of the feed token's owner across all schedules. Calendar apps cannot send headers, so the feeds are
// authenticated by a per-user feed token in the URL (POST/DELETE /api/v1/me/feed_token), stored as a SHA-256.
#include "calendarroutes.h"

#include "routesupport.h"

#include "common/clock.h"
#include "store/store.h"

#include "common/json.h"
#include "oncall/oncallresolver.h"
#include "oncall/schedule.h"
#include "oncall/shiftcalendar.h"

#include <QHash>

namespace Vigil {

using namespace Qt::StringLiterals;
using namespace Routes;

namespace {

/// The feeds cover whole UTC days: from 00:00Z 14 days before today to 00:00Z 90 days after today.
constexpr qint64 FeedDaysBack = 14;
constexpr qint64 FeedDaysAhead = 90;

const char *const ScheduleUrlTemplate = "/calendar/schedules/{id}.ics?feed_token=";
const char *const MyShiftsUrl = "/calendar/me.ics?feed_token=";

HttpResponse calendarResponse(const ShiftCalendar &calendar)
{
    return HttpResponse{200, calendar.text(), "text/calendar; charset=utf-8", {{"Cache-Control", "no-store"}}};
}

} // namespace

Result<QString> CalendarRoutes::feedTokenUser(const HttpRequest &req) const
{
    const QString token = req.queryValue(u"feed_token"_s);
    if (token.isEmpty())
        return err(ErrorCode::Unauthorized,
                   u"add ?feed_token=<token> to the URL; POST /api/v1/me/feed_token creates one"_s);
    auto user = m_store.secrets().findFeedToken(token);
    if (!user)
        return err(ErrorCode::Unauthorized, u"unknown or revoked feed token"_s);
    // A disabled user's feed stops with their API tokens (and works again when they are enabled).
    if (const auto doc = m_store.get(Kind::User, *user); !doc || doc->value(u"disabled"_s).toBool())
        return err(ErrorCode::Unauthorized, u"the feed token's user is disabled"_s);
    return *user;
}

std::pair<QDateTime, QDateTime> CalendarRoutes::feedWindow() const
{
    const QDate today = m_clock.now().toUTC().date();
    return {QDateTime(today.addDays(-FeedDaysBack), QTime(0, 0), Qt::UTC),
            QDateTime(today.addDays(FeedDaysAhead), QTime(0, 0), Qt::UTC)};
}

HttpResponse CalendarRoutes::scheduleCalendar(const HttpRequest &req) const
{
    const auto owner = feedTokenUser(req);
    if (!owner)
        return HttpResponse::error(owner.error());
    QString id = req.args.at(0);
    if (!id.endsWith(u".ics"_s))
        return HttpResponse::error(err(ErrorCode::NotFound, QStringLiteral("no calendar at %1").arg(req.path)));
    id.chop(4);
    const auto stored = m_store.get(Kind::Schedule, id);
    if (!stored)
        return HttpResponse::error(stored.error());
    const auto schedule = Schedule::fromJson(stored.value());
    if (!schedule)
        return HttpResponse::error(
            err(ErrorCode::Internal, QStringLiteral("stored schedule is invalid: %1").arg(schedule.error().message)));
    const auto [from, to] = feedWindow();
    ShiftCalendar calendar(from);
    calendar.setName(schedule->name);
    calendar.addZone(schedule->timeZone);
    QHash<QString, QString> names;
    for (const Shift &sh : OnCallResolver(schedule.value()).finalShifts(from, to)) {
        if (sh.userId.isEmpty())
            continue;
        auto name = names.find(sh.userId);
        if (name == names.end()) {
            const auto user = m_store.get(Kind::User, sh.userId);
            name = names.insert(sh.userId, user ? user->value(u"name"_s).toString() : sh.userId);
        }
        calendar.addShift(schedule.value(), sh, QStringLiteral("%1 on call").arg(name.value()));
    }
    return calendarResponse(calendar);
}

HttpResponse CalendarRoutes::myCalendar(const HttpRequest &req) const
{
    const auto owner = feedTokenUser(req);
    if (!owner)
        return HttpResponse::error(owner.error());
    const auto [from, to] = feedWindow();
    ShiftCalendar calendar(from);
    calendar.setName(u"My on-call shifts"_s);
    for (const QJsonObject &row : m_store.select(Kind::Schedule, {}, {}, u"name, id"_s)) {
        const auto schedule = Schedule::fromJson(row);
        if (!schedule)
            continue;
        for (const Shift &sh : OnCallResolver(schedule.value()).finalShifts(from, to)) {
            if (sh.userId == owner.value())
                calendar.addShift(schedule.value(), sh, QStringLiteral("On call: %1").arg(schedule->name));
        }
    }
    return calendarResponse(calendar);
}

void CalendarRoutes::registerRoutes(HttpServer &server)
{
    server.route(u"POST"_s, u"/api/v1/me/feed_token"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [this](const Principal &p) {
            QString secret;
            const Status st = m_store.write([&]() -> Status {
                auto created = m_store.secrets().createFeedToken(p.userId);
                if (!created)
                    return created.error();
                secret = created.value();
                return Ok{};
            });
            if (!st)
                return HttpResponse::error(st.error());
            const QString scheduleUrl = QString::fromLatin1(ScheduleUrlTemplate) + secret;
            const QString myUrl = QString::fromLatin1(MyShiftsUrl) + secret;
            return HttpResponse::json(201, QJsonObject{{u"feed_token"_s, secret},
                                                       {u"schedule_url_template"_s, scheduleUrl},
                                                       {u"my_shifts_url"_s, myUrl}});
        });
    });
    server.route(u"DELETE"_s, u"/api/v1/me/feed_token"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [this](const Principal &p) {
            const Status st = m_store.write([&]() -> Status { return m_store.secrets().revokeFeedToken(p.userId); });
            return st ? HttpResponse{204, {}, "application/json", {}} : HttpResponse::error(st.error());
        });
    });
    server.route(u"GET"_s, u"/calendar/me.ics"_s, [this](const HttpRequest &req) { return myCalendar(req); });
    server.route(u"GET"_s, u"/calendar/schedules/:file"_s,
                 [this](const HttpRequest &req) { return scheduleCalendar(req); });
}

} // namespace Vigil
