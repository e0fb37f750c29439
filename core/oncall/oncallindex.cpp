#include "oncallindex.h"

#include <algorithm>
#include <utility>

namespace Vigil {

OnCallIndex::OnCallIndex(OnCallResolver resolver, const QDateTime &from, const QDateTime &to)
    : m_resolver(std::move(resolver))
{
    if (!from.isValid() || !to.isValid() || from >= to)
        return;
    m_fromMs = from.toMSecsSinceEpoch();
    m_toMs = to.toMSecsSinceEpoch();

    // finalShifts() leaves gaps out; every part of the window it does not cover is a gap.
    const auto append = [this](qint64 start, const QString &user) {
        // Touching shifts of one user are already merged by finalShifts(); this only guards the invariant that
        // neighbouring stretches differ, on which the answer's `until` depends.
        if (!m_users.empty() && m_users.back() == user)
            return;
        m_starts.push_back(start);
        m_users.push_back(user);
    };
    const QList<Shift> shifts = m_resolver.finalShifts(from, to);
    m_starts.reserve(size_t(shifts.size()) * 2 + 1);
    m_users.reserve(size_t(shifts.size()) * 2 + 1);
    qint64 cursor = m_fromMs;
    for (const Shift &s : shifts) {
        const qint64 start = s.start.toMSecsSinceEpoch();
        if (start > cursor)
            append(cursor, QString());
        append(start, s.userId);
        cursor = s.end.toMSecsSinceEpoch();
    }
    if (cursor < m_toMs)
        append(cursor, QString());
}

QDateTime OnCallIndex::from() const
{
    return m_starts.empty() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(m_fromMs, Qt::UTC);
}

QDateTime OnCallIndex::to() const
{
    return m_starts.empty() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(m_toMs, Qt::UTC);
}

qsizetype OnCallIndex::stretchAt(qint64 ms, int lookAheadDays) const
{
    if (m_starts.empty() || ms < m_fromMs || ms >= m_toMs)
        return -1;
    const auto it = std::upper_bound(m_starts.begin(), m_starts.end(), ms);
    const qsizetype i = qsizetype(it - m_starts.begin()) - 1;
    // The last stretch is cut by the window's end: what follows it is not known here.
    if (i + 1 >= qsizetype(m_starts.size()))
        return -1;
    // The resolver does not see a change at or beyond its look-ahead; let it answer those.
    if (m_starts[size_t(i) + 1] - ms >= qint64(lookAheadDays) * 86'400'000)
        return -1;
    return i;
}

bool OnCallIndex::covers(const QDateTime &at, int lookAheadDays) const
{
    return at.isValid() && stretchAt(at.toMSecsSinceEpoch(), lookAheadDays) >= 0;
}

OnCallAnswer OnCallIndex::onCallAt(const QDateTime &at, int lookAheadDays) const
{
    if (!at.isValid())
        return {};
    const qsizetype i = stretchAt(at.toMSecsSinceEpoch(), lookAheadDays);
    if (i < 0)
        return m_resolver.onCallAt(at, lookAheadDays);
    const size_t next = size_t(i) + 1;
    return {m_users[size_t(i)], QDateTime::fromMSecsSinceEpoch(m_starts[next], Qt::UTC), m_users[next]};
}

} // namespace Vigil
