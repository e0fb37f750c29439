// iCalendar (RFC 5545) output of on-call shifts, written with libical (kept out of the header).
#include "oncall/shiftcalendar.h"

#include <libical/ical.h>

#include <QSet>

#include <memory>

namespace Vigil {

namespace {

struct ComponentDeleter
{
    void operator()(icalcomponent *c) const { icalcomponent_free(c); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentDeleter>;

/// The UTC instant of `t`, whole seconds.
icaltimetype utcTime(const QDateTime &t)
{
    return icaltime_from_timet_with_zone(static_cast<time_t>(t.toSecsSinceEpoch()), 0,
                                         icaltimezone_get_utc_timezone());
}

/// The wall time of `t` in `zone`, carrying the zone (written with its TZID).
icaltimetype zonedTime(const QDateTime &t, icaltimezone *zone)
{
    icaltimetype tt = icaltime_from_timet_with_zone(static_cast<time_t>(t.toSecsSinceEpoch()), 0, zone);
    return icaltime_set_timezone(&tt, zone);
}

} // namespace

struct ShiftCalendar::Private
{
    /// `from`: the first instant the feed covers; VTIMEZONEs leave out the history before it.
    explicit Private(const QDateTime &from)
        : m_calendar(icalcomponent_new(ICAL_VCALENDAR_COMPONENT)), m_from(from)
    {
        icalcomponent_add_property(m_calendar.get(), icalproperty_new_prodid("-//Vigil//On-call schedules//EN"));
        icalcomponent_add_property(m_calendar.get(), icalproperty_new_version("2.0"));
        icalcomponent_add_property(m_calendar.get(), icalproperty_new_calscale("GREGORIAN"));
    }

    /// A feed name calendar apps show (X-WR-CALNAME).
    void setName(const QString &name)
    {
        icalproperty *p = icalproperty_new_x(name.toUtf8().constData());
        icalproperty_set_x_name(p, "X-WR-CALNAME");
        icalcomponent_add_property(m_calendar.get(), p);
    }

    /// libical's zone for an IANA name (built from its zone data), its VTIMEZONE added once; UTC when libical does
    /// not know the zone.
    icaltimezone *zone(const QString &ianaId)
    {
        const QByteArray id = ianaId.toUtf8();
        icaltimezone *z = icaltimezone_get_builtin_timezone(id.constData());
        if (!z || z == icaltimezone_get_utc_timezone())
            return icaltimezone_get_utc_timezone();
        if (!m_zones.contains(id)) {
            m_zones.insert(id);
            if (icalcomponent *vtimezone = icaltimezone_get_component(z)) {
                icalcomponent *copy = icalcomponent_new_clone(vtimezone);
                icaltimezone_truncate_vtimezone(copy, utcTime(m_from), icaltime_null_time(), 0);
                icalcomponent_add_component(m_calendar.get(), copy);
            }
        }
        return z;
    }

    void addShift(const Schedule &schedule, const Shift &shift, const QString &summary)
    {
        icaltimezone *z = zone(QString::fromUtf8(schedule.timeZone.id()));
        icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
        // Stable per schedule, user and start, so a refreshed feed updates events instead of duplicating them.
        const QString uid = QStringLiteral("%1-%2-%3@vigil")
                                .arg(schedule.id, shift.userId,
                                     shift.start.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")));
        icalcomponent_add_property(ev, icalproperty_new_uid(uid.toUtf8().constData()));
        icalcomponent_add_property(ev, icalproperty_new_dtstamp(utcTime(schedule.updatedAt.isValid()
                                                                             ? schedule.updatedAt
                                                                             : schedule.createdAt)));
        icalcomponent_set_dtstart(ev, zonedTime(shift.start, z));
        icalcomponent_set_dtend(ev, zonedTime(shift.end, z));
        icalcomponent_add_property(ev, icalproperty_new_summary(summary.toUtf8().constData()));
        icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
        icalproperty *user = icalproperty_new_x(shift.userId.toUtf8().constData());
        icalproperty_set_x_name(user, "X-VIGIL-USER-ID");
        icalcomponent_add_property(ev, user);
        icalproperty *sched = icalproperty_new_x(schedule.id.toUtf8().constData());
        icalproperty_set_x_name(sched, "X-VIGIL-SCHEDULE-ID");
        icalcomponent_add_property(ev, sched);
        icalcomponent_add_component(m_calendar.get(), ev);
    }

    [[nodiscard]] QByteArray text() const
    {
        char *out = icalcomponent_as_ical_string_r(m_calendar.get());
        const QByteArray bytes(out);
        icalmemory_free_buffer(out);
        return bytes;
    }

    ComponentPtr m_calendar;
    QDateTime m_from;
    QSet<QByteArray> m_zones;
};

ShiftCalendar::ShiftCalendar(const QDateTime &from) : d(std::make_unique<Private>(from)) {}

ShiftCalendar::~ShiftCalendar() = default;

void ShiftCalendar::setName(const QString &name) { d->setName(name); }

void ShiftCalendar::addZone(const QTimeZone &zone) { (void)d->zone(QString::fromUtf8(zone.id())); }

void ShiftCalendar::addShift(const Schedule &schedule, const Shift &shift, const QString &summary)
{
    d->addShift(schedule, shift, summary);
}

QByteArray ShiftCalendar::text() const { return d->text(); }

} // namespace Vigil
