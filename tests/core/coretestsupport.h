#pragma once

// Helpers shared by the core tests: UTC instants from text, and schedule fixtures written as JSON.

#include "oncall/schedule.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QtGlobal>

namespace Vigil::Testing {

/// "2026-11-25T09:00:00" read as UTC.
inline QDateTime utc(const char *iso)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    t.setTimeSpec(Qt::UTC);
    return t;
}

/// A schedule document (id s1, team t1) in `zone` with the given layers and overrides as JSON arrays.
inline QByteArray scheduleJson(const char *zone, const char *layers, const char *overrides = "[]")
{
    return QByteArray(R"({"id":"s1","name":"Primary","team_id":"t1","time_zone":")") + zone
           + R"(","layers":)" + layers + R"(,"overrides":)" + overrides + "}";
}

/// Decodes a fixture; warns (so the failing test says why) and returns an empty schedule if it does not decode.
inline Schedule loadSchedule(const QString &name, const QByteArray &json)
{
    const auto s = Schedule::fromJson(QJsonDocument::fromJson(json).object());
    if (!s) {
        qWarning("fixture %s: %s (%s)", qPrintable(name), qPrintable(s.error().message), qPrintable(s.error().field));
        return {};
    }
    return s.value();
}

} // namespace Vigil::Testing
