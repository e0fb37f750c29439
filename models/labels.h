#pragma once

#include "alerts/alert.h"
#include "oncall/schedule.h"
#include "tickets/ticket.h"

#include <QDateTime>
#include <QTimeZone>

namespace Vigil::Labels {

/// Translated names of domain values, for display only (the wire and the store keep the codes).
[[nodiscard]] QString status(TicketStatus s);
[[nodiscard]] QString type(TicketType t);
[[nodiscard]] QString alertStatus(AlertStatus s);
[[nodiscard]] QString priority(Priority p);
/// "2h 05m", "3d 4h", "45m", "30s" (absolute value of `seconds`).
[[nodiscard]] QString duration(qint64 seconds);
/// The translated name of a ticket field given by its wire name ("priority" → "Priority"); the wire name when unknown.
[[nodiscard]] QString field(const QString &wireName);
/// An instant as local time in `zone` for on-call displays: "Wed 26 Nov 09:00" (translated format).
[[nodiscard]] QString shiftTime(const QDateTime &utc, const QTimeZone &zone);
/// Like shiftTime(), with the zone's abbreviation or offset: "Wed 26 Nov 09:00 KST".
[[nodiscard]] QString shiftTimeWithZone(const QDateTime &utc, const QTimeZone &zone);
/// "Asia/Seoul (UTC+09:00)" at `at`.
[[nodiscard]] QString zone(const QTimeZone &zone, const QDateTime &at);
[[nodiscard]] QString rotationType(RotationType t);
/// Translated short day name ("Mon", "월"), ISO day 1 (Monday) to 7.
[[nodiscard]] QString weekday(int isoDay);
/// A translated sentence for an API or cache error code.
[[nodiscard]] QString error(const QString &code, const QString &fallback);

} // namespace Vigil::Labels
