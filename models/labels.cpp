#include "labels.h"

#include <QCoreApplication>
#include <QLocale>

#include <cstdlib>

namespace Vigil::Labels {

QString status(TicketStatus s)
{
    switch (s) {
    case TicketStatus::Open: return QCoreApplication::translate("Labels", "Open");
    case TicketStatus::InProgress: return QCoreApplication::translate("Labels", "In progress");
    case TicketStatus::WaitingForCustomer: return QCoreApplication::translate("Labels", "Waiting for customer");
    case TicketStatus::Resolved: return QCoreApplication::translate("Labels", "Resolved");
    case TicketStatus::Closed: return QCoreApplication::translate("Labels", "Closed");
    }
    return {};
}

QString alertStatus(AlertStatus s)
{
    switch (s) {
    //: Status of an alert: nobody has acknowledged it yet.
    case AlertStatus::Open: return QCoreApplication::translate("Labels", "Open", "alert");
    case AlertStatus::Acknowledged: return QCoreApplication::translate("Labels", "Acknowledged");
    case AlertStatus::Closed: return QCoreApplication::translate("Labels", "Closed", "alert");
    }
    return {};
}

QString type(TicketType t)
{
    switch (t) {
    case TicketType::Incident: return QCoreApplication::translate("Labels", "Incident");
    case TicketType::ServiceRequest: return QCoreApplication::translate("Labels", "Service request");
    case TicketType::Question: return QCoreApplication::translate("Labels", "Question");
    case TicketType::Change: return QCoreApplication::translate("Labels", "Change");
    }
    return {};
}

QString priority(Priority p) { return toString(p); }

QString shiftTime(const QDateTime &utc, const QTimeZone &zone)
{
    //: Date format of on-call times (Qt QDateTime format: ddd = short day name, d = day, MMM = short month name).
    const QString format = QCoreApplication::translate("Labels", "ddd d MMM HH:mm");
    return QLocale().toString(utc.toTimeZone(zone), format);
}

QString shiftTimeWithZone(const QDateTime &utc, const QTimeZone &zone)
{
    const QDateTime local = utc.toTimeZone(zone);
    QString abbreviation = zone.abbreviation(local);
    if (abbreviation.isEmpty() || abbreviation.startsWith(u'+') || abbreviation.startsWith(u'-'))
        abbreviation = QStringLiteral("UTC") + local.timeZoneAbbreviation().remove(QStringLiteral("UTC"));
    return shiftTime(utc, zone) + u' ' + (abbreviation == u"UTC" ? QStringLiteral("UTC") : abbreviation);
}

QString zone(const QTimeZone &zone, const QDateTime &at)
{
    const int offset = zone.offsetFromUtc(at);
    const QString sign = offset < 0 ? QStringLiteral("-") : QStringLiteral("+");
    const int minutes = std::abs(offset) / 60;
    return QStringLiteral("%1 (UTC%2%3:%4)")
        .arg(QString::fromUtf8(zone.id()), sign)
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QString rotationType(RotationType t)
{
    switch (t) {
    case RotationType::Hourly: return QCoreApplication::translate("Labels", "Hourly");
    case RotationType::Daily: return QCoreApplication::translate("Labels", "Daily");
    case RotationType::Weekly: return QCoreApplication::translate("Labels", "Weekly");
    case RotationType::Custom: return QCoreApplication::translate("Labels", "Every N hours");
    }
    return {};
}

QString weekday(int isoDay) { return QLocale().dayName(isoDay, QLocale::ShortFormat); }

QString duration(qint64 seconds)
{
    const qint64 s = seconds < 0 ? -seconds : seconds;
    const qint64 days = s / 86400;
    const qint64 hours = (s % 86400) / 3600;
    const qint64 minutes = (s % 3600) / 60;
    //: Durations: d = days, h = hours, m = minutes, s = seconds.
    if (days > 0)
        return QCoreApplication::translate("Labels", "%1d %2h").arg(days).arg(hours);
    if (hours > 0)
        return QCoreApplication::translate("Labels", "%1h %2m").arg(hours).arg(minutes, 2, 10, QLatin1Char('0'));
    if (minutes > 0)
        return QCoreApplication::translate("Labels", "%1m").arg(minutes);
    return QCoreApplication::translate("Labels", "%1s").arg(s);
}

QString field(const QString &name)
{
    if (name == u"summary")
        return QCoreApplication::translate("Labels", "Summary");
    if (name == u"description")
        return QCoreApplication::translate("Labels", "Description");
    if (name == u"type")
        return QCoreApplication::translate("Labels", "Type");
    if (name == u"priority")
        return QCoreApplication::translate("Labels", "Priority");
    if (name == u"status")
        return QCoreApplication::translate("Labels", "Status");
    if (name == u"requester_name")
        return QCoreApplication::translate("Labels", "Requester");
    if (name == u"requester_email")
        return QCoreApplication::translate("Labels", "Requester e-mail");
    if (name == u"assignee_id")
        return QCoreApplication::translate("Labels", "Assignee");
    if (name == u"team_id")
        return QCoreApplication::translate("Labels", "Team");
    if (name == u"service_id")
        return QCoreApplication::translate("Labels", "Service");
    if (name == u"name")
        return QCoreApplication::translate("Labels", "Name");
    if (name == u"time_zone")
        return QCoreApplication::translate("Labels", "Time zone");
    if (name == u"layers")
        return QCoreApplication::translate("Labels", "Layers");
    return name;
}

QString error(const QString &code, const QString &fallback)
{
    if (code == u"missing_field")
        return QCoreApplication::translate("Labels", "A required field is empty.");
    if (code == u"invalid_field")
        return QCoreApplication::translate("Labels", "A field has an invalid value.");
    if (code == u"invalid_transition")
        return QCoreApplication::translate("Labels", "The workflow does not allow this status change.");
    if (code == u"forbidden")
        return QCoreApplication::translate("Labels", "You are not allowed to do this.");
    if (code == u"not_found")
        return QCoreApplication::translate("Labels", "The ticket no longer exists on the server.");
    if (code == u"unauthorized")
        return QCoreApplication::translate("Labels", "The server did not accept the access token.");
    return fallback.isEmpty() ? QCoreApplication::translate("Labels", "The server refused the change.") : fallback;
}

} // namespace Vigil::Labels
