#pragma once
// What every console test feeds the cache with: entries of the change feed, shaped as GET /api/v1/changes sends
// them, so the cache under test takes the same path as in the running console.

#include <QJsonObject>
#include <QString>

namespace ConsoleFixture {

/// An upsert of `entity` (user, ticket, schedule, alert, …) at revision `rev`; the id is taken from `data`.
inline QJsonObject change(qint64 rev, const QString &entity, const QJsonObject &data)
{
    return {{QStringLiteral("rev"), rev}, {QStringLiteral("entity"), entity}, {QStringLiteral("id"), data.value(QStringLiteral("id"))},
            {QStringLiteral("op"), QStringLiteral("upsert")}, {QStringLiteral("data"), data}};
}

} // namespace ConsoleFixture
