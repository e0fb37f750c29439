#pragma once
// A Seoul schedule (UTC+9, no DST) whose timeline over 25–27 Nov 2026 is written out by hand in the tests:
//   layer 1 "Around the clock": daily, handoff 09:00 KST (= 00:00Z), kim then lee from Mon 23 Nov
//       → kim [25 00:00Z, 26 00:00Z), lee [26 00:00Z, 27 00:00Z)
//   layer 2 "Business hours": weekly, park only, restricted to 09:00–18:00 KST (= 00:00Z–09:00Z)
//       → park [25 00:00Z, 25 09:00Z), [26 00:00Z, 26 09:00Z)
//   override: choi [25 12:00Z, 25 14:00Z)
//   final: park 00–09, kim 09–12, choi 12–14, kim 14–24 (25th); park 00–09, lee 09–24 (26th)

#include "consolefixture.h"

#include "common/json.h"
#include "sync/localcache.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTimeZone>

namespace OnCallFixture {

inline QDateTime utc(int day, int hour, int minute = 0)
{
    return QDateTime(QDate(2026, 11, day), QTime(hour, minute), Qt::UTC);
}

using ConsoleFixture::change;

inline QJsonObject user(const char *id, const char *name, const char *role = "agent")
{
    return {{QStringLiteral("id"), QString::fromUtf8(id)}, {QStringLiteral("name"), QString::fromUtf8(name)},
            {QStringLiteral("email"), QString(QString::fromUtf8(id) + QStringLiteral("@example.com"))},
            {QStringLiteral("role"), QString::fromUtf8(role)}};
}

/// `layer1End`: a wall time ("2026-11-26T18:00:00") when the around-the-clock layer ends, or empty.
inline QJsonObject schedule(qint64 version, const QString &layer1End = {})
{
    QJsonObject layer1{{QStringLiteral("name"), QStringLiteral("Around the clock")},
                       {QStringLiteral("participants"), QJsonArray{QStringLiteral("kim"), QStringLiteral("lee")}},
                       {QStringLiteral("rotation_type"), QStringLiteral("daily")},
                       {QStringLiteral("start"), QStringLiteral("2026-11-23T09:00:00")}};
    if (!layer1End.isEmpty())
        layer1.insert(QStringLiteral("end"), layer1End);
    const QJsonObject layer2{
        {QStringLiteral("name"), QStringLiteral("Business hours")},
        {QStringLiteral("participants"), QJsonArray{QStringLiteral("park")}},
        {QStringLiteral("rotation_type"), QStringLiteral("weekly")},
        {QStringLiteral("start"), QStringLiteral("2026-11-23T09:00:00")},
        {QStringLiteral("restrictions"),
         QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("daily")},
                                {QStringLiteral("start_time"), QStringLiteral("09:00")},
                                {QStringLiteral("end_time"), QStringLiteral("18:00")}}}}};
    const QJsonObject override{{QStringLiteral("id"), QStringLiteral("ov1")}, {QStringLiteral("user_id"), QStringLiteral("choi")},
                               {QStringLiteral("start"), QStringLiteral("2026-11-25T12:00:00Z")},
                               {QStringLiteral("end"), QStringLiteral("2026-11-25T14:00:00Z")}};
    return {{QStringLiteral("id"), QStringLiteral("seoul")}, {QStringLiteral("version"), version},
            {QStringLiteral("created_at"), QStringLiteral("2026-11-01T00:00:00Z")},
            {QStringLiteral("updated_at"), QStringLiteral("2026-11-01T00:00:00Z")},
            {QStringLiteral("name"), QStringLiteral("DB on-call")}, {QStringLiteral("team_id"), QStringLiteral("dba")},
            {QStringLiteral("time_zone"), QStringLiteral("Asia/Seoul")},
            {QStringLiteral("layers"), QJsonArray{layer1, layer2}}, {QStringLiteral("overrides"), QJsonArray{override}}};
}

/// Users, the team and the schedule, as a first sync would bring them; the signed-in user is kim.
inline bool seed(Vigil::LocalCache &cache)
{
    const QJsonArray changes{change(1, QStringLiteral("user"), user("kim", "Kim Minjun", "manager")),
                             change(2, QStringLiteral("user"), user("lee", "Lee Seoyeon")),
                             change(3, QStringLiteral("user"), user("park", "Park Jihoon")),
                             change(4, QStringLiteral("user"), user("choi", "Choi Yuna")),
                             change(5, QStringLiteral("team"), {{QStringLiteral("id"), QStringLiteral("dba")},
                                                               {QStringLiteral("name"), QStringLiteral("Database")}}),
                             change(6, QStringLiteral("schedule"), schedule(3))};
    if (!cache.applyChanges(changes, 6).ok())
        return false;
    cache.setCurrentUserId(QStringLiteral("kim"));
    return true;
}

} // namespace OnCallFixture
