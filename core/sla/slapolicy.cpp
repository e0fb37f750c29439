#include "slapolicy.h"

#include "common/json.h"
#include "tickets/workflow.h"

namespace Vigil {

QJsonObject SlaPolicy::toJson() const
{
    QJsonObject t;
    for (int i = 0; i < 5; ++i) {
        t.insert(priorityNames().at(i),
                 QJsonObject{{QStringLiteral("first_response_minutes"), targets.at(i).firstResponseMinutes},
                             {QStringLiteral("resolution_minutes"), targets.at(i).resolutionMinutes}});
    }
    return QJsonObject{{QStringLiteral("targets"), t}, {QStringLiteral("business_hours"), calendar.toJson()}};
}

Result<SlaPolicy> SlaPolicy::fromJson(const QJsonObject &o)
{
    SlaPolicy p;
    if (auto known = Json::onlyKnown(o, {QStringLiteral("targets"), QStringLiteral("business_hours"),
                                         QStringLiteral("version"), QStringLiteral("id"),
                                         QStringLiteral("updated_at"), QStringLiteral("created_at")});
        !known)
        return known.error();
    const QJsonValue tv = o.value(QStringLiteral("targets"));
    if (!tv.isUndefined()) {
        if (!tv.isObject())
            return Error::make(ErrorCode::InvalidField, QStringLiteral("targets must be an object keyed P1-P5"),
                               QStringLiteral("targets"));
        const QJsonObject t = tv.toObject();
        for (auto it = t.begin(); it != t.end(); ++it) {
            const auto prio = priorityFromString(it.key());
            const QString base = QStringLiteral("targets.") + it.key();
            if (!prio)
                return Error::make(ErrorCode::InvalidField, QStringLiteral("targets are keyed P1 to P5"), base);
            if (!it.value().isObject())
                return Error::make(ErrorCode::InvalidField, QStringLiteral("%1 must be an object").arg(base), base);
            const QJsonObject v = it.value().toObject();
            auto &target = p.targets.at(static_cast<int>(*prio) - 1);
            const int year = 366 * 24 * 60;
            auto fr = Json::integer(v, QStringLiteral("first_response_minutes"), false,
                                    target.firstResponseMinutes, 1, year);
            if (!fr) {
                Error e = fr.error();
                e.field = base + u'.' + e.field;
                return e;
            }
            auto res = Json::integer(v, QStringLiteral("resolution_minutes"), false, target.resolutionMinutes, 1,
                                     year);
            if (!res) {
                Error e = res.error();
                e.field = base + u'.' + e.field;
                return e;
            }
            target = {static_cast<int>(fr.value()), static_cast<int>(res.value())};
        }
    }
    const QJsonValue bh = o.value(QStringLiteral("business_hours"));
    if (!bh.isUndefined() && !bh.isNull()) {
        if (!bh.isObject())
            return Error::make(ErrorCode::InvalidField, QStringLiteral("business_hours must be an object"),
                               QStringLiteral("business_hours"));
        auto cal = BusinessCalendar::fromJson(bh.toObject());
        if (!cal)
            return cal.error();
        p.calendar = cal.value();
    }
    return p;
}

QJsonObject SlaClock::toJson() const
{
    return QJsonObject{
        {QStringLiteral("target_minutes"), targetSeconds / 60},
        {QStringLiteral("target_at"), Json::timeOrNull(targetAt)},
        {QStringLiteral("remaining_seconds"), remainingSeconds},
        {QStringLiteral("breached"), breached},
        {QStringLiteral("paused"), paused},
        {QStringLiteral("stopped_at"), Json::timeOrNull(stoppedAt)},
    };
}

QJsonObject TicketSla::toJson() const
{
    return QJsonObject{{QStringLiteral("first_response"), firstResponse.toJson()},
                       {QStringLiteral("resolution"), resolution.toJson()}};
}

SlaClock computeClock(const QList<Interval> &active, qint64 targetSeconds, const QDateTime &stop,
                      const BusinessCalendar &cal, const QDateTime &now)
{
    SlaClock c;
    c.targetSeconds = targetSeconds;
    const bool stopped = stop.isValid() && stop <= now;
    const QDateTime until = stopped ? stop : now;
    // The clock lives until it stops: clip the active intervals there.
    QList<Interval> ivs;
    for (const Interval &iv : active) {
        if (stop.isValid() && iv.start >= stop)
            continue;
        Interval x = iv;
        if (stop.isValid() && (!x.end.isValid() || x.end > stop))
            x.end = stop;
        ivs.append(x);
    }
    qint64 used = 0;
    bool running = false;
    for (const Interval &iv : std::as_const(ivs)) {
        const QDateTime end = iv.end.isValid() ? std::min(iv.end, until) : until;
        used += cal.workingSecondsBetween(iv.start, end);
        if (iv.start <= now && (!iv.end.isValid() || now < iv.end))
            running = true;
    }
    // The deadline: walk the active time until the target is used up.
    qint64 left = targetSeconds;
    for (const Interval &iv : std::as_const(ivs)) {
        if (!iv.end.isValid()) {
            c.targetAt = cal.addWorkingSeconds(iv.start, left);
            break;
        }
        const qint64 avail = cal.workingSecondsBetween(iv.start, iv.end);
        if (left <= avail) {
            c.targetAt = cal.addWorkingSeconds(iv.start, left);
            break;
        }
        left -= avail;
    }
    if (!c.targetAt.isValid() && stopped)
        c.targetAt = cal.addWorkingSeconds(stop, left); // the deadline it had when it stopped
    c.remainingSeconds = targetSeconds - used;
    if (stopped) {
        c.stoppedAt = stop;
        c.breached = used > targetSeconds;
        return c;
    }
    c.paused = !running;
    // Past the deadline is breached even while the calendar is closed (remaining stays 0 until it reopens).
    c.breached = c.remainingSeconds < 0 || (c.targetAt.isValid() && now >= c.targetAt);
    if (c.paused && !c.breached)
        c.targetAt = {}; // the deadline moves while the clock is paused
    return c;
}

TicketSla computeSla(const Ticket &t, const SlaPolicy &policy, const QDateTime &now)
{
    // Intervals in which the ticket is actively worked: not waiting for the customer, not done.
    QList<Interval> active;
    QDateTime firstDone;
    const auto &h = t.statusHistory;
    for (qsizetype i = 0; i < h.size(); ++i) {
        const StatusChange &c = h.at(i);
        const QDateTime end = i + 1 < h.size() ? h.at(i + 1).at : QDateTime();
        if (Workflow::isDone(c.status) && !firstDone.isValid())
            firstDone = c.at;
        if (c.status == TicketStatus::WaitingForCustomer || Workflow::isDone(c.status))
            continue;
        if (end.isValid() && end <= c.at)
            continue;
        if (!active.isEmpty() && active.last().end == c.at)
            active.last().end = end; // merge adjacent active stretches
        else
            active.append({c.at, end});
    }
    const SlaTarget &target = policy.target(t.priority);
    TicketSla sla;
    QDateTime frStop = t.firstResponseAt;
    if (firstDone.isValid() && (!frStop.isValid() || firstDone < frStop))
        frStop = firstDone;
    sla.firstResponse = computeClock(active, qint64(target.firstResponseMinutes) * 60, frStop, policy.calendar, now);
    const QDateTime resStop = Workflow::isDone(t.status) && !h.isEmpty() ? h.last().at : QDateTime();
    sla.resolution = computeClock(active, qint64(target.resolutionMinutes) * 60, resStop, policy.calendar, now);
    return sla;
}

} // namespace Vigil
