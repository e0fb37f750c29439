#include "businesscalendar.h"

#include <QJsonArray>

#include <algorithm>

namespace Vigil {

BusinessCalendar::BusinessCalendar(QTimeZone zone, QSet<int> workingDays, QTime start, QTime end,
                                   QSet<QDate> holidays)
    : m_enabled(true), m_zone(std::move(zone)), m_days(std::move(workingDays)), m_start(start), m_end(end),
      m_holidays(std::move(holidays))
{
}

std::pair<QDateTime, QDateTime> BusinessCalendar::window(QDate d) const
{
    if (!m_days.contains(d.dayOfWeek()) || m_holidays.contains(d))
        return {};
    // A wall time skipped by DST is moved forward by Qt; both ends are converted the same way.
    return {QDateTime(d, m_start, m_zone).toUTC(), QDateTime(d, m_end, m_zone).toUTC()};
}

qint64 BusinessCalendar::workingSecondsBetween(const QDateTime &from, const QDateTime &to) const
{
    if (!from.isValid() || !to.isValid() || to <= from)
        return 0;
    if (!m_enabled)
        return from.secsTo(to);
    if (m_days.isEmpty())
        return 0;
    qint64 total = 0;
    const QDate last = to.toTimeZone(m_zone).date();
    for (QDate d = from.toTimeZone(m_zone).date(); d <= last; d = d.addDays(1)) {
        const auto [ws, we] = window(d);
        if (!ws.isValid())
            continue;
        const QDateTime a = std::max(ws, from);
        const QDateTime b = std::min(we, to);
        if (a < b)
            total += a.secsTo(b);
    }
    return total;
}

QDateTime BusinessCalendar::addWorkingSeconds(const QDateTime &from, qint64 seconds) const
{
    if (!m_enabled)
        return from.addSecs(seconds);
    if (m_days.isEmpty())
        return {};
    qint64 left = std::max<qint64>(seconds, 0);
    // Ten years of days is a hard stop for calendars with (almost) no working days.
    QDate d = from.toTimeZone(m_zone).date();
    for (int i = 0; i < 3660; ++i, d = d.addDays(1)) {
        const auto [ws, we] = window(d);
        if (!ws.isValid())
            continue;
        const QDateTime a = std::max(ws, from);
        if (a >= we)
            continue;
        const qint64 avail = a.secsTo(we);
        if (left <= avail)
            return a.addSecs(left);
        left -= avail;
    }
    return {};
}

QJsonObject BusinessCalendar::toJson() const
{
    QJsonArray days;
    QList<int> sortedDays(m_days.begin(), m_days.end());
    std::sort(sortedDays.begin(), sortedDays.end());
    for (int d : sortedDays)
        days.append(d);
    QList<QDate> sortedHolidays(m_holidays.begin(), m_holidays.end());
    std::sort(sortedHolidays.begin(), sortedHolidays.end());
    QJsonArray holidays;
    for (const QDate &h : sortedHolidays)
        holidays.append(h.toString(Qt::ISODate));
    return QJsonObject{
        {QStringLiteral("enabled"), m_enabled},
        {QStringLiteral("time_zone"), QString::fromUtf8(m_zone.id())},
        {QStringLiteral("working_days"), days},
        {QStringLiteral("start"), m_start.isValid() ? m_start.toString(QStringLiteral("HH:mm")) : QString()},
        {QStringLiteral("end"), m_end.isValid() ? m_end.toString(QStringLiteral("HH:mm")) : QString()},
        {QStringLiteral("holidays"), holidays},
    };
}

Result<BusinessCalendar> BusinessCalendar::fromJson(const QJsonObject &o)
{
    const auto field = [](const char *name) -> QString { return QStringLiteral("business_hours.") + QLatin1String(name); };
    const QJsonValue enabled = o.value(QStringLiteral("enabled"));
    if (!enabled.isUndefined() && !enabled.isBool())
        return Error::make(ErrorCode::InvalidField, QStringLiteral("enabled must be true or false"), field("enabled"));
    if (!enabled.toBool(false))
        return BusinessCalendar{};
    const QString tzName = o.value(QStringLiteral("time_zone")).toString();
    const QTimeZone zone(tzName.toUtf8());
    if (tzName.isEmpty() || !zone.isValid())
        return Error::make(ErrorCode::InvalidField,
                           QStringLiteral("time_zone must be an IANA time zone such as Asia/Seoul"),
                           field("time_zone"));
    const QJsonValue daysValue = o.value(QStringLiteral("working_days"));
    if (!daysValue.isArray() || daysValue.toArray().isEmpty())
        return Error::make(ErrorCode::InvalidField,
                           QStringLiteral("working_days must be a non-empty array of ISO weekdays 1-7"),
                           field("working_days"));
    QSet<int> days;
    for (const auto &v : daysValue.toArray()) {
        const int d = v.toInt(0);
        if (!v.isDouble() || d < 1 || d > 7)
            return Error::make(ErrorCode::InvalidField,
                               QStringLiteral("working_days must hold ISO weekdays 1 (Monday) to 7 (Sunday)"),
                               field("working_days"));
        days.insert(d);
    }
    const QTime start = QTime::fromString(o.value(QStringLiteral("start")).toString(), QStringLiteral("HH:mm"));
    const QTime end = QTime::fromString(o.value(QStringLiteral("end")).toString(), QStringLiteral("HH:mm"));
    if (!start.isValid())
        return Error::make(ErrorCode::InvalidField, QStringLiteral("start must be HH:mm"), field("start"));
    if (!end.isValid() || end <= start)
        return Error::make(ErrorCode::InvalidField, QStringLiteral("end must be HH:mm and later than start"),
                           field("end"));
    QSet<QDate> holidays;
    const QJsonValue hv = o.value(QStringLiteral("holidays"));
    if (!hv.isUndefined() && !hv.isNull() && !hv.isArray())
        return Error::make(ErrorCode::InvalidField, QStringLiteral("holidays must be an array of yyyy-MM-dd dates"),
                           field("holidays"));
    for (const auto &v : hv.toArray()) {
        const QDate d = QDate::fromString(v.toString(), Qt::ISODate);
        if (!d.isValid())
            return Error::make(ErrorCode::InvalidField,
                               QStringLiteral("holidays must be an array of yyyy-MM-dd dates"), field("holidays"));
        holidays.insert(d);
    }
    return BusinessCalendar(zone, days, start, end, holidays);
}

} // namespace Vigil
