#pragma once

#include "routegroup.h"

#include <QDateTime>

#include <utility>

namespace Vigil {

/// iCalendar feeds of the final on-call schedule (/calendar/…, authenticated by a feed token in the URL, since
/// calendar apps cannot send headers) and the feed token itself (/api/v1/me/feed_token).
class CalendarRoutes final : public RouteGroup
{
public:
    using RouteGroup::RouteGroup;
    void registerRoutes(HttpServer &server) override;

private:
    /// The user owning the request's ?feed_token= (401 when missing, unknown or revoked).
    [[nodiscard]] Result<QString> feedTokenUser(const HttpRequest &req) const;
    /// [from, to) of the feeds: whole UTC days, 14 back and 90 ahead of today.
    [[nodiscard]] std::pair<QDateTime, QDateTime> feedWindow() const;
    [[nodiscard]] HttpResponse scheduleCalendar(const HttpRequest &req) const;
    [[nodiscard]] HttpResponse myCalendar(const HttpRequest &req) const;
};

} // namespace Vigil
