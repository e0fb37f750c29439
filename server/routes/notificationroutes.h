#pragma once

#include "routegroup.h"

namespace Vigil {

/// Validates a user's notification settings: {"contact_methods":[{"id","type":"email|webhook|slack|sms","address",
/// "label"}],"notification_rules":[{"after_minutes","contact_method_id"}]}; contact methods get ids when they have none.
[[nodiscard]] Result<QJsonObject> validateNotificationSettings(const QJsonObject &body);

/// A user's contact methods and notification rules: /api/v1/me/notification_settings, and for admins
/// /api/v1/users/:id/notification_settings.
class NotificationRoutes final : public RouteGroup
{
public:
    using RouteGroup::RouteGroup;
    void registerRoutes(HttpServer &server) override;
};

} // namespace Vigil
