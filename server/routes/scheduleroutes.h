#pragma once

#include "routegroup.h"

namespace Vigil {

struct Schedule;

/// /api/v1/schedules (with overrides, /oncall and /shifts) and /api/v1/oncall: on-call answers are computed by
/// core's OnCallResolver at the clock's "now" or at a given instant.
class ScheduleRoutes final : public RouteGroup
{
public:
    using RouteGroup::RouteGroup;
    void registerRoutes(HttpServer &server) override;

private:
    /// Creates (id empty) or changes a schedule from its wire JSON; members present replace the stored ones.
    [[nodiscard]] Result<QJsonObject> saveSchedule(const QJsonObject &body, const QString &id);
    /// team_id, layer participants and override users must name existing entities (400 with the field).
    [[nodiscard]] Status checkScheduleRefs(const Schedule &schedule) const;
    [[nodiscard]] Result<QJsonObject> addOverride(const HttpRequest &req, const QJsonObject &body);
    [[nodiscard]] HttpResponse removeOverride(const HttpRequest &req);
    [[nodiscard]] HttpResponse scheduleShifts(const HttpRequest &req) const;
    [[nodiscard]] HttpResponse onCallNow(const HttpRequest &req) const;
};

} // namespace Vigil
