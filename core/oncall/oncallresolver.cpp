#include "oncallresolver.h"

#include "common/json.h"

#include <algorithm>

namespace Vigil {

namespace {

using Span = std::pair<QDateTime, QDateTime>;

/// Nominal length of one shift in seconds; only used to guess a shift index, which is then corrected.
qint64 nominalSeconds(const ScheduleLayer &l)
{
    switch (l.rotationType) {
    case RotationType::Hourly: return 3600;
    case RotationType::Daily: return 86400;
    case RotationType::Weekly: return 7 * 86400;
    case RotationType::Custom: return qint64(std::max(l.shiftLengthHours, 1)) * 3600;
    }
    return 86400;
}

QDateTime asUtc(const QDateTime &t)
{
    // Qt::UTC spec, not a QTimeZone: results compare and print alike whatever spec the caller used.
    return t.isValid() ? QDateTime::fromMSecsSinceEpoch(t.toMSecsSinceEpoch(), Qt::UTC) : QDateTime();
}

/// Sorts, merges overlapping or touching spans and clips them to [from, to).
QList<Span> normalized(QList<Span> spans, const QDateTime &from, const QDateTime &to)
{
    std::sort(spans.begin(), spans.end());
    QList<Span> out;
    for (auto [s, e] : spans) {
        s = std::max(s, from);
        e = std::min(e, to);
        if (s >= e)
            continue;
        if (!out.isEmpty() && s <= out.last().second)
            out.last().second = std::max(out.last().second, e);
        else
            out.append({s, e});
    }
    return out;
}

} // namespace

QJsonObject OnCallAnswer::toJson() const
{
    const auto idOrNull = [](const QString &id) {
        return id.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(id);
    };
    return QJsonObject{
        {QStringLiteral("user_id"), idOrNull(userId)},
        {QStringLiteral("until"), Json::timeOrNull(until)},
        {QStringLiteral("next_user_id"), idOrNull(nextUserId)},
    };
}

OnCallResolver::OnCallResolver(Schedule schedule) : m_schedule(std::move(schedule)) {}

QDateTime OnCallResolver::wallToUtc(const QDateTime &wall, const QTimeZone &zone)
{
    if (!wall.isValid() || !zone.isValid())
        return {};
    // QDateTime(date, time, zone) is not used: Qt 6.4 answers invalid inside a gap and the second occurrence of a
    // repeated time, while the rules want the end of the gap and the first occurrence.
    const QDateTime naive = wall.timeSpec() == Qt::UTC ? wall : QDateTime(wall.date(), wall.time(), Qt::UTC);
    // The offsets in force a day either side; no zone changes its offset twice within two days.
    const int a = zone.offsetFromUtc(naive.addDays(-1));
    const int b = zone.offsetFromUtc(naive.addDays(1));
    const int high = std::max(a, b);
    const int low = std::min(a, b);
    // The larger offset gives the earlier instant: when both readings are real (fall back), it is the first one.
    const QDateTime early = naive.addSecs(-high);
    if (zone.offsetFromUtc(early) == high)
        return early;
    const QDateTime late = naive.addSecs(-low);
    if (zone.offsetFromUtc(late) == low)
        return late;
    // Neither reading is real: the wall time was skipped. The first instant after the gap is the transition,
    // which lies between the two readings.
    const QTimeZone::OffsetData t = zone.nextTransition(early);
    if (!t.atUtc.isValid() || t.atUtc > late)
        return late;
    return asUtc(t.atUtc);
}

QDateTime OnCallResolver::utcToWall(const QDateTime &utc, const QTimeZone &zone)
{
    if (!utc.isValid())
        return {};
    return QDateTime::fromMSecsSinceEpoch(utc.toMSecsSinceEpoch() + qint64(zone.offsetFromUtc(utc)) * 1000, Qt::UTC);
}

QDateTime OnCallResolver::boundary(const ScheduleLayer &l, qint64 k) const
{
    QDateTime wall;
    switch (l.rotationType) {
    case RotationType::Hourly: wall = l.start.addSecs(k * 3600); break;
    case RotationType::Daily: wall = l.start.addDays(k); break;
    case RotationType::Weekly: wall = l.start.addDays(7 * k); break;
    case RotationType::Custom: wall = l.start.addSecs(k * 3600 * l.shiftLengthHours); break;
    }
    return wallToUtc(wall, m_schedule.timeZone);
}

QList<std::pair<QDateTime, QDateTime>> OnCallResolver::coverage(const ScheduleLayer &l, const QDateTime &from,
                                                                const QDateTime &to) const
{
    const QTimeZone &zone = m_schedule.timeZone;
    // A window may start a day (daily) or a week (weekly) before the local date of `from` and still reach it.
    const QDate first = utcToWall(from, zone).date().addDays(-1);
    const QDate last = utcToWall(to, zone).date();
    QList<Span> spans;
    for (const Restriction &r : l.restrictions) {
        if (r.type == Restriction::Type::Daily) {
            const bool overnight = r.endTime <= r.startTime;
            for (QDate d = first; d <= last; d = d.addDays(1)) {
                const QDateTime ws(d, r.startTime, Qt::UTC);
                const QDateTime we(overnight ? d.addDays(1) : d, r.endTime, Qt::UTC);
                spans.append({wallToUtc(ws, zone), wallToUtc(we, zone)});
            }
        } else {
            // Minutes from Monday 00:00; an end at or before the start wraps into the next week.
            const qint64 s = qint64(r.startDay - 1) * 1440 + r.startTime.msecsSinceStartOfDay() / 60000;
            qint64 e = qint64(r.endDay - 1) * 1440 + r.endTime.msecsSinceStartOfDay() / 60000;
            if (e <= s)
                e += 7 * 1440;
            for (QDate monday = first.addDays(-(first.dayOfWeek() - 1) - 7); monday <= last;
                 monday = monday.addDays(7)) {
                const QDateTime weekStart(monday, QTime(0, 0), Qt::UTC);
                spans.append({wallToUtc(weekStart.addSecs(s * 60), zone), wallToUtc(weekStart.addSecs(e * 60), zone)});
            }
        }
    }
    return normalized(std::move(spans), from, to);
}

QList<Shift> OnCallResolver::layerShifts(int layer, const QDateTime &fromIn, const QDateTime &toIn) const
{
    if (layer < 0 || layer >= m_schedule.layers.size() || !fromIn.isValid() || !toIn.isValid())
        return {};
    const ScheduleLayer &l = m_schedule.layers.at(layer);
    if (l.participants.isEmpty() || !l.start.isValid() || !m_schedule.timeZone.isValid())
        return {};
    const QTimeZone &zone = m_schedule.timeZone;
    const QDateTime startUtc = wallToUtc(l.start, zone);
    QDateTime lo = std::max(asUtc(fromIn), startUtc);
    QDateTime hi = asUtc(toIn);
    if (l.end.isValid())
        hi = std::min(hi, wallToUtc(l.end, zone));
    if (lo >= hi)
        return {};

    // Guess the shift holding `lo` from wall-clock distance, then correct it on real instants.
    qint64 k = std::max<qint64>(0, l.start.secsTo(utcToWall(lo, zone)) / nominalSeconds(l));
    while (k > 0 && boundary(l, k) > lo)
        --k;
    while (boundary(l, k + 1) <= lo)
        ++k;

    const qint64 n = l.participants.size();
    QList<Shift> raw;
    for (QDateTime b = boundary(l, k); b < hi; ++k) {
        const QDateTime next = boundary(l, k + 1);
        const QDateTime s = std::max(b, lo);
        const QDateTime e = std::min(next, hi);
        // An empty shift (two boundaries on one instant, rule 4) is skipped; k still advances past it.
        if (s < e)
            raw.append({l.participants.at(k % n), s, e});
        b = next;
    }
    if (l.restrictions.isEmpty())
        return raw;

    const QList<Span> windows = coverage(l, lo, hi);
    QList<Shift> out;
    qsizetype j = 0;
    for (const Shift &shift : raw) {
        while (j < windows.size() && windows.at(j).second <= shift.start)
            ++j;
        for (qsizetype m = j; m < windows.size() && windows.at(m).first < shift.end; ++m) {
            const QDateTime s = std::max(shift.start, windows.at(m).first);
            const QDateTime e = std::min(shift.end, windows.at(m).second);
            if (s < e)
                out.append({shift.userId, s, e});
        }
    }
    return out;
}

QList<Shift> OnCallResolver::timeline(const QDateTime &fromIn, const QDateTime &toIn) const
{
    const QDateTime from = asUtc(fromIn);
    const QDateTime to = asUtc(toIn);
    if (!from.isValid() || !to.isValid() || from >= to)
        return {};

    QList<QDateTime> points{from, to};
    QList<QList<Shift>> layers;
    for (int i = 0; i < m_schedule.layers.size(); ++i) {
        layers.append(layerShifts(i, from, to));
        for (const Shift &s : layers.last())
            points << s.start << s.end;
    }
    QList<ScheduleOverride> overrides;
    for (const ScheduleOverride &ov : m_schedule.overrides) {
        if (ov.start < to && from < ov.end) {
            overrides.append({ov.userId, std::max(asUtc(ov.start), from), std::min(asUtc(ov.end), to), ov.id});
            points << overrides.last().start << overrides.last().end;
        }
    }
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());

    // Every point where anything starts or ends is in `points`, so each [a, b) between two neighbours is held by
    // one override, layer shift or nobody throughout.
    QList<qsizetype> next(layers.size(), 0);
    QList<Shift> out;
    for (qsizetype p = 0; p + 1 < points.size(); ++p) {
        const QDateTime &a = points.at(p);
        const QDateTime &b = points.at(p + 1);
        QString user;
        for (qsizetype o = overrides.size() - 1; o >= 0 && user.isEmpty(); --o) {
            if (overrides.at(o).start <= a && a < overrides.at(o).end)
                user = overrides.at(o).userId;
        }
        for (qsizetype i = layers.size() - 1; i >= 0 && user.isEmpty(); --i) {
            const QList<Shift> &shifts = layers.at(i);
            qsizetype &j = next[i];
            while (j < shifts.size() && shifts.at(j).end <= a)
                ++j;
            if (j < shifts.size() && shifts.at(j).start <= a)
                user = shifts.at(j).userId;
        }
        if (!out.isEmpty() && out.last().userId == user && out.last().end == a)
            out.last().end = b;
        else
            out.append({user, a, b});
    }
    return out;
}

QList<Shift> OnCallResolver::finalShifts(const QDateTime &from, const QDateTime &to) const
{
    QList<Shift> out = timeline(from, to);
    out.removeIf([](const Shift &s) { return s.userId.isEmpty(); });
    return out;
}

QList<Gap> OnCallResolver::gaps(const QDateTime &from, const QDateTime &to) const
{
    QList<Gap> out;
    for (const Shift &s : timeline(from, to)) {
        if (s.userId.isEmpty())
            out.append({s.start, s.end});
    }
    return out;
}

OnCallAnswer OnCallResolver::onCallAt(const QDateTime &atIn, int lookAheadDays) const
{
    const QDateTime at = asUtc(atIn);
    if (!at.isValid())
        return {};
    // Look a week ahead first and widen: most answers change within days, a lone participant never does.
    for (qint64 days = std::min(7, lookAheadDays);; days = std::min<qint64>(days * 2, lookAheadDays)) {
        const QList<Shift> t = timeline(at, at.addDays(days));
        if (t.size() >= 2)
            return {t.at(0).userId, t.at(1).start, t.at(1).userId};
        if (days >= lookAheadDays)
            return {t.isEmpty() ? QString() : t.at(0).userId, {}, {}};
    }
}

} // namespace Vigil
