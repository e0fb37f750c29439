#include "oncallresolver.h"

#include "common/json.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace Vigil {

namespace {

// The timeline is computed on milliseconds since the epoch. kInvalid stands for an invalid QDateTime and orders
// like one (before every valid instant, equal to itself), so every comparison below reads as it would on QDateTime.
constexpr qint64 kInvalid = std::numeric_limits<qint64>::min();
constexpr qint64 kDayMs = 86'400'000;
constexpr qint64 kHourMs = 3'600'000;
// How far beyond [from, to) the zone's offsets are read up front: rotation boundaries past `to` (a week for weekly
// ones), restriction windows before `from` (up to two weeks for weekly ones) and a day either side of each.
constexpr qint64 kZoneMarginMs = 16 * kDayMs;

qint64 toMs(const QDateTime &t)
{
    return t.isValid() ? t.toMSecsSinceEpoch() : kInvalid;
}

QDateTime fromMs(qint64 ms)
{
    // Qt::UTC spec, not a QTimeZone: results compare and print alike whatever spec the caller used.
    return ms == kInvalid ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QDateTime asUtc(const QDateTime &t)
{
    return fromMs(toMs(t));
}

/// a + b for a margin b, kept inside (kInvalid, max].
qint64 saturatingAdd(qint64 a, qint64 b)
{
    constexpr qint64 lowest = std::numeric_limits<qint64>::min() + 1;
    constexpr qint64 highest = std::numeric_limits<qint64>::max();
    if (b < 0)
        return a < lowest - b ? lowest : a + b;
    return a > highest - b ? highest : a + b;
}

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/// A local wall time (carried as a QDateTime) as the milliseconds of the same date and time read as UTC.
qint64 wallMs(const QDateTime &wall)
{
    if (!wall.isValid())
        return kInvalid;
    return wall.timeSpec() == Qt::UTC ? wall.toMSecsSinceEpoch()
                                      : QDateTime(wall.date(), wall.time(), Qt::UTC).toMSecsSinceEpoch();
}

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

/// A zone's UTC offsets, read once for a window [lo, hi] (its transitions and the offset at lo) and looked up by
/// binary search; instants outside the window are asked of the zone. Answers exactly what QTimeZone answers.
class ZoneOffsets
{
public:
    ZoneOffsets(const QTimeZone &zone, qint64 lo, qint64 hi) : m_zone(zone), m_lo(lo), m_hi(hi)
    {
        m_offsetAtLo = zone.offsetFromUtc(fromMs(lo));
        const QTimeZone::OffsetDataList list = zone.transitions(fromMs(lo), fromMs(hi));
        m_at.reserve(size_t(list.size()));
        m_offset.reserve(size_t(list.size()));
        for (const QTimeZone::OffsetData &t : list) {
            m_at.push_back(t.atUtc.toMSecsSinceEpoch());
            m_offset.push_back(t.offsetFromUtc);
        }
    }

    /// QTimeZone::offsetFromUtc() at `utc`, in seconds.
    int offsetAt(qint64 utc) const
    {
        if (utc < m_lo || utc > m_hi)
            return m_zone.offsetFromUtc(fromMs(utc));
        const auto it = std::upper_bound(m_at.begin(), m_at.end(), utc);
        return it == m_at.begin() ? m_offsetAtLo : m_offset[size_t(it - m_at.begin()) - 1];
    }

    /// The first transition strictly after `utc` (QTimeZone::nextTransition()), kInvalid when there is none.
    qint64 nextTransition(qint64 utc) const
    {
        if (utc >= m_lo && utc < m_hi) {
            const auto it = std::upper_bound(m_at.begin(), m_at.end(), utc);
            if (it != m_at.end())
                return *it;
        }
        return toMs(m_zone.nextTransition(fromMs(utc)).atUtc);
    }

    /// OnCallResolver::wallToUtc() on milliseconds: `wall` is a wall time read as UTC (see wallMs()).
    qint64 wallToUtc(qint64 wall) const
    {
        if (wall == kInvalid)
            return kInvalid;
        // The same steps as OnCallResolver::wallToUtc(), which explains them.
        const int a = offsetAt(wall - kDayMs);
        const int b = offsetAt(wall + kDayMs);
        const int high = std::max(a, b);
        const int low = std::min(a, b);
        const qint64 early = wall - qint64(high) * 1000;
        if (offsetAt(early) == high)
            return early;
        const qint64 late = wall - qint64(low) * 1000;
        if (offsetAt(late) == low)
            return late;
        const qint64 t = nextTransition(early);
        if (t == kInvalid || t > late)
            return late;
        return t;
    }

    qint64 utcToWall(qint64 utc) const { return utc + qint64(offsetAt(utc)) * 1000; }

private:
    QTimeZone m_zone;
    qint64 m_lo;
    qint64 m_hi;
    int m_offsetAtLo = 0;
    std::vector<qint64> m_at;  // transition instants in [lo, hi], ascending
    std::vector<int> m_offset; // the offset from each transition on
};

ZoneOffsets zoneOffsetsFor(const QTimeZone &zone, qint64 from, qint64 to)
{
    return ZoneOffsets(zone, saturatingAdd(from, -kZoneMarginMs), saturatingAdd(to, kZoneMarginMs));
}

/// [start, end) held by `user` (nullptr: nobody); the user points into the schedule.
struct Segment
{
    qint64 start;
    qint64 end;
    const QString *user;
};

using Span = std::pair<qint64, qint64>;

/// Sorts, merges overlapping or touching spans and clips them to [from, to).
std::vector<Span> normalized(std::vector<Span> spans, qint64 from, qint64 to)
{
    std::sort(spans.begin(), spans.end());
    std::vector<Span> out;
    out.reserve(spans.size());
    for (auto [s, e] : spans) {
        s = std::max(s, from);
        e = std::min(e, to);
        if (s >= e)
            continue;
        if (!out.empty() && s <= out.back().second)
            out.back().second = std::max(out.back().second, e);
        else
            out.push_back({s, e});
    }
    return out;
}

/// Computes the instants of one layer's shift boundaries (rule 1) and its coverage.
class LayerClock
{
public:
    LayerClock(const ScheduleLayer &l, const ZoneOffsets &zone) : m_layer(l), m_zone(zone)
    {
        // Wall times carried with Qt::UTC spec (as documented) step by a fixed number of milliseconds; any other
        // spec keeps QDateTime's own calendar arithmetic.
        m_plain = l.start.timeSpec() == Qt::UTC;
        m_startWall = wallMs(l.start);
        switch (l.rotationType) {
        case RotationType::Hourly: m_stepMs = kHourMs; break;
        case RotationType::Daily: m_stepMs = kDayMs; break;
        case RotationType::Weekly: m_stepMs = 7 * kDayMs; break;
        case RotationType::Custom: m_stepMs = qint64(std::max(l.shiftLengthHours, 1)) * kHourMs; break; // 0 must not hang
        }
    }

    /// The nominal length of one shift (what the wall clock advances by, for wall times with Qt::UTC spec).
    qint64 stepMs() const { return m_stepMs; }

    /// The instant shift k starts.
    qint64 boundary(qint64 k) const
    {
        if (m_plain)
            return m_zone.wallToUtc(m_startWall + k * m_stepMs);
        const ScheduleLayer &l = m_layer;
        QDateTime wall;
        switch (l.rotationType) {
        case RotationType::Hourly: wall = l.start.addSecs(k * 3600); break;
        case RotationType::Daily: wall = l.start.addDays(k); break;
        case RotationType::Weekly: wall = l.start.addDays(7 * k); break;
        case RotationType::Custom: wall = l.start.addSecs(k * 3600 * std::max(l.shiftLengthHours, 1)); break;
        }
        return m_zone.wallToUtc(wallMs(wall));
    }

    /// The union of the layer's restriction windows over [from, to) as [start, end) pairs, merged and clipped.
    std::vector<Span> coverage(qint64 from, qint64 to) const
    {
        // Local dates as days since 1970-01-01. A window may start a day (daily) or a week (weekly) before the
        // local date of `from` and still reach it.
        const qint64 first = floorDiv(m_zone.utcToWall(from), kDayMs) - 1;
        const qint64 last = floorDiv(m_zone.utcToWall(to), kDayMs);
        std::vector<Span> spans;
        for (const Restriction &r : m_layer.restrictions) {
            if (r.type == Restriction::Type::Daily) {
                const bool overnight = r.endTime <= r.startTime;
                const qint64 startOfDay = r.startTime.msecsSinceStartOfDay();
                const qint64 endOfDay = r.endTime.msecsSinceStartOfDay();
                for (qint64 d = first; d <= last; ++d) {
                    spans.push_back({m_zone.wallToUtc(d * kDayMs + startOfDay),
                                     m_zone.wallToUtc((overnight ? d + 1 : d) * kDayMs + endOfDay)});
                }
            } else {
                // Minutes from Monday 00:00; an end at or before the start wraps into the next week.
                const qint64 s = qint64(r.startDay - 1) * 1440 + r.startTime.msecsSinceStartOfDay() / 60000;
                qint64 e = qint64(r.endDay - 1) * 1440 + r.endTime.msecsSinceStartOfDay() / 60000;
                if (e <= s)
                    e += 7 * 1440;
                // 1970-01-01 was a Thursday: day d is ISO weekday (d + 3) mod 7 + 1.
                const qint64 firstWeekday = (first + 3 - floorDiv(first + 3, 7) * 7) + 1;
                for (qint64 monday = first - (firstWeekday - 1) - 7; monday <= last; monday += 7) {
                    const qint64 weekStart = monday * kDayMs;
                    spans.push_back({m_zone.wallToUtc(weekStart + s * 60000), m_zone.wallToUtc(weekStart + e * 60000)});
                }
            }
        }
        return normalized(std::move(spans), from, to);
    }

private:
    const ScheduleLayer &m_layer;
    const ZoneOffsets &m_zone;
    bool m_plain = true;
    qint64 m_startWall = 0;
    qint64 m_stepMs = kDayMs;
};

/// The layer's own shifts in [from, to) (both valid), cut to its restrictions and its start/end, oldest first.
std::vector<Segment> layerSegments(const Schedule &schedule, const ScheduleLayer &l, const ZoneOffsets &zone,
                                   qint64 from, qint64 to)
{
    if (l.participants.isEmpty() || !l.start.isValid() || !schedule.timeZone.isValid())
        return {};
    const LayerClock clock(l, zone);
    const qint64 startUtc = zone.wallToUtc(wallMs(l.start));
    const qint64 lo = std::max(from, startUtc);
    qint64 hi = to;
    if (l.end.isValid())
        hi = std::min(hi, zone.wallToUtc(wallMs(l.end)));
    if (lo >= hi)
        return {};

    // Guess the shift holding `lo` from wall-clock distance, then correct it on real instants.
    qint64 k = std::max<qint64>(0, (zone.utcToWall(lo) - l.start.toMSecsSinceEpoch()) / 1000 / nominalSeconds(l));
    while (k > 0 && clock.boundary(k) > lo)
        --k;
    while (clock.boundary(k + 1) <= lo)
        ++k;

    const qint64 n = l.participants.size();
    std::vector<Segment> raw;
    if (clock.stepMs() > 0)
        raw.reserve(size_t(std::min<qint64>((hi - lo) / clock.stepMs() + 2, 1 << 20)));
    for (qint64 b = clock.boundary(k); b < hi; ++k) {
        const qint64 next = clock.boundary(k + 1);
        const qint64 s = std::max(b, lo);
        const qint64 e = std::min(next, hi);
        // An empty shift (two boundaries on one instant, rule 4) is skipped; k still advances past it.
        if (s < e)
            raw.push_back({s, e, &l.participants.at(k % n)});
        b = next;
    }
    if (l.restrictions.isEmpty())
        return raw;

    const std::vector<Span> windows = clock.coverage(lo, hi);
    std::vector<Segment> out;
    out.reserve(raw.size());
    size_t j = 0;
    for (const Segment &shift : raw) {
        while (j < windows.size() && windows[j].second <= shift.start)
            ++j;
        for (size_t m = j; m < windows.size() && windows[m].first < shift.end; ++m) {
            const qint64 s = std::max(shift.start, windows[m].first);
            const qint64 e = std::min(shift.end, windows[m].second);
            if (s < e)
                out.push_back({s, e, shift.user});
        }
    }
    return out;
}

bool sameUser(const QString *a, const QString *b)
{
    return a == b || (a && b && *a == *b);
}

/// The whole final timeline over [from, to): touching segments, gaps with a null user, merged.
std::vector<Segment> timeline(const Schedule &schedule, const QDateTime &fromIn, const QDateTime &toIn)
{
    const qint64 from = toMs(fromIn);
    const qint64 to = toMs(toIn);
    if (from == kInvalid || to == kInvalid || from >= to)
        return {};

    const ZoneOffsets zone = zoneOffsetsFor(schedule.timeZone, from, to);
    std::vector<qint64> points{from, to};
    std::vector<std::vector<Segment>> layers;
    layers.reserve(size_t(schedule.layers.size()));
    for (const ScheduleLayer &l : schedule.layers) {
        layers.push_back(layerSegments(schedule, l, zone, from, to));
        points.reserve(points.size() + 2 * layers.back().size());
        for (const Segment &s : layers.back()) {
            points.push_back(s.start);
            points.push_back(s.end);
        }
    }
    std::vector<Segment> overrides;
    for (const ScheduleOverride &ov : schedule.overrides) {
        const qint64 s = toMs(ov.start);
        const qint64 e = toMs(ov.end);
        if (s < to && from < e) {
            overrides.push_back({std::max(s, from), std::min(e, to), &ov.userId});
            points.push_back(overrides.back().start);
            points.push_back(overrides.back().end);
        }
    }
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());

    // Every point where anything starts or ends is in `points`, so each [a, b) between two neighbours is held by
    // one override, layer shift or nobody throughout.
    const auto empty = [](const QString *u) { return !u || u->isEmpty(); };
    std::vector<size_t> next(layers.size(), 0);
    std::vector<Segment> out;
    out.reserve(points.size());
    for (size_t p = 0; p + 1 < points.size(); ++p) {
        const qint64 a = points[p];
        const qint64 b = points[p + 1];
        const QString *user = nullptr;
        for (size_t o = overrides.size(); o-- > 0 && empty(user);) {
            if (overrides[o].start <= a && a < overrides[o].end)
                user = overrides[o].user;
        }
        for (size_t i = layers.size(); i-- > 0 && empty(user);) {
            const std::vector<Segment> &shifts = layers[i];
            size_t &j = next[i];
            while (j < shifts.size() && shifts[j].end <= a)
                ++j;
            if (j < shifts.size() && shifts[j].start <= a)
                user = shifts[j].user;
        }
        if (empty(user))
            user = nullptr;
        if (!out.empty() && sameUser(out.back().user, user) && out.back().end == a)
            out.back().end = b;
        else
            out.push_back({a, b, user});
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

QList<Shift> OnCallResolver::layerShifts(int layer, const QDateTime &from, const QDateTime &to) const
{
    if (layer < 0 || layer >= m_schedule.layers.size() || !from.isValid() || !to.isValid())
        return {};
    const qint64 lo = from.toMSecsSinceEpoch();
    const qint64 hi = to.toMSecsSinceEpoch();
    const ZoneOffsets zone = zoneOffsetsFor(m_schedule.timeZone, lo, hi);
    const std::vector<Segment> segments = layerSegments(m_schedule, m_schedule.layers.at(layer), zone, lo, hi);
    QList<Shift> out;
    out.reserve(qsizetype(segments.size()));
    for (const Segment &s : segments)
        out.append({*s.user, fromMs(s.start), fromMs(s.end)});
    return out;
}

QList<Shift> OnCallResolver::finalShifts(const QDateTime &from, const QDateTime &to) const
{
    const std::vector<Segment> t = timeline(m_schedule, from, to);
    QList<Shift> out;
    out.reserve(qsizetype(t.size()));
    for (const Segment &s : t) {
        if (s.user)
            out.append({*s.user, fromMs(s.start), fromMs(s.end)});
    }
    return out;
}

QList<Gap> OnCallResolver::gaps(const QDateTime &from, const QDateTime &to) const
{
    QList<Gap> out;
    for (const Segment &s : timeline(m_schedule, from, to)) {
        if (!s.user)
            out.append({fromMs(s.start), fromMs(s.end)});
    }
    return out;
}

OnCallAnswer OnCallResolver::onCallAt(const QDateTime &atIn, int lookAheadDays) const
{
    const QDateTime at = asUtc(atIn);
    if (!at.isValid())
        return {};
    const auto userOf = [](const Segment &s) { return s.user ? *s.user : QString(); };
    // Look a week ahead first and widen: most answers change within days, a lone participant never does.
    for (qint64 days = std::min(7, lookAheadDays);; days = std::min<qint64>(days * 2, lookAheadDays)) {
        const std::vector<Segment> t = timeline(m_schedule, at, at.addDays(days));
        if (t.size() >= 2)
            return {userOf(t[0]), fromMs(t[1].start), userOf(t[1])};
        if (days >= lookAheadDays)
            return {t.empty() ? QString() : userOf(t[0]), {}, {}};
    }
}

} // namespace Vigil
