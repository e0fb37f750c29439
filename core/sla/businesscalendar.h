#pragma once

#include "common/result.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QSet>
#include <QTime>
#include <QTimeZone>

namespace Vigil {

/// Working time: days of the week and hours of the day in one IANA time zone, minus holidays (local dates).
/// Disabled means every second counts (24/7). Working hours are [start, end) in local wall time on each working
/// day; a DST change inside the window shortens or lengthens that day's working time by the real elapsed time.
class BusinessCalendar
{
public:
    BusinessCalendar() = default; // 24/7
    BusinessCalendar(QTimeZone zone, QSet<int> workingDays, QTime start, QTime end, QSet<QDate> holidays);

    [[nodiscard]] bool enabled() const { return m_enabled; }
    [[nodiscard]] const QTimeZone &zone() const { return m_zone; }

    /// Working seconds in [from, to); 0 when to <= from.
    [[nodiscard]] qint64 workingSecondsBetween(const QDateTime &from, const QDateTime &to) const;
    /// The instant at which `seconds` working seconds have passed after `from` (from itself when seconds <= 0 and
    /// from is working time, or the start of the next working period when seconds == 0 and it is not).
    [[nodiscard]] QDateTime addWorkingSeconds(const QDateTime &from, qint64 seconds) const;

    [[nodiscard]] QJsonObject toJson() const;
    /// Validates: time_zone known, working_days 1–7, start < end ("HH:mm"), holidays "yyyy-MM-dd".
    [[nodiscard]] static Result<BusinessCalendar> fromJson(const QJsonObject &o);

private:
    /// The working window of a local date as UTC instants; invalid pair if the date is not a working day.
    [[nodiscard]] std::pair<QDateTime, QDateTime> window(QDate localDate) const;

    bool m_enabled = false;
    QTimeZone m_zone = QTimeZone::utc();
    QSet<int> m_days;
    QTime m_start;
    QTime m_end;
    QSet<QDate> m_holidays;
};

} // namespace Vigil
