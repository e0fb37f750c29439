#pragma once

#include "oncall/oncallresolver.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include <memory>

namespace Vigil {

/// A VCALENDAR of on-call shifts (RFC 5545), written with libical: each schedule's VTIMEZONE once (its history
/// before `from` left out), and one VEVENT per shift with the wall times of the schedule's zone, a UID stable per
/// schedule, user and start (a refreshed feed or a re-imported file updates events instead of duplicating them),
/// and X-VIGIL-USER-ID / X-VIGIL-SCHEDULE-ID. Used by vigild's feeds and by the console's "My shifts" export.
class ShiftCalendar
{
public:
    explicit ShiftCalendar(const QDateTime &from);
    ~ShiftCalendar();
    ShiftCalendar(const ShiftCalendar &) = delete;
    ShiftCalendar &operator=(const ShiftCalendar &) = delete;

    /// The calendar's name as calendar apps show it (X-WR-CALNAME).
    void setName(const QString &name);
    /// Adds the zone's VTIMEZONE even when no shift uses it (UTC and zones libical does not know add nothing).
    void addZone(const QTimeZone &zone);
    void addShift(const Schedule &schedule, const Shift &shift, const QString &summary);
    /// The calendar as text (CRLF line ends, folded lines).
    [[nodiscard]] QByteArray text() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Vigil
