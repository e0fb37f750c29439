#pragma once

#include "common/result.h"
#include "httpserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// Helpers shared by the route files of the API (api.cpp, schedules.cpp).
namespace Vigil::ApiSupport {

/// Checks If-Match against an entity's version: ok when absent or equal; 400 when malformed; 412 carrying the
/// entity as it is now under `current`. `what` names the entity in the message.
[[nodiscard]] Status checkIfMatch(const HttpRequest &req, const QString &what, const QJsonObject &current);

/// Sets id, version (1, or the previous + 1), created_at (now, or kept) and updated_at (now).
[[nodiscard]] QJsonObject stamp(QJsonObject o, const QJsonObject &before, const QDateTime &now, const QString &id);

/// Validates a service's maintenance_windows: [{"start","end","reason"}], end after start (RFC 3339).
[[nodiscard]] Result<QJsonArray> validateMaintenanceWindows(const QJsonValue &value);

} // namespace Vigil::ApiSupport
