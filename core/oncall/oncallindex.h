#pragma once

#include "oncall/oncallresolver.h"

#include <QDateTime>
#include <QString>

#include <vector>

namespace Vigil {

/// Answers "who is on call at T" for one schedule by binary search over a precomputed window of its final
/// timeline, instead of resolving layers and overrides on every call.
///
/// Built once from OnCallResolver::finalShifts(from, to): the window [from, to) is cut into maximal stretches of
/// one user (or of nobody, a gap), and onCallAt() returns exactly what OnCallResolver::onCallAt() returns. Inside
/// the window the answer comes from the index; an instant outside the window, in the window's last stretch (whose
/// end lies at or after `to`, so the next change is unknown) or whose next change is beyond the look-ahead is
/// passed on to the resolver. Building costs one finalShifts() call; a look-up costs O(log n) in the number of
/// handoffs in the window. The index keeps its own copy of the schedule: rebuild it when the schedule changes.
/// Thread-safety: const methods may be called from several threads at once.
class OnCallIndex
{
public:
    /// Indexes [from, to) (UTC instants); an invalid or empty window indexes nothing (every look-up falls back).
    OnCallIndex(OnCallResolver resolver, const QDateTime &from, const QDateTime &to);

    /// Same answer as OnCallResolver::onCallAt(at, lookAheadDays).
    [[nodiscard]] OnCallAnswer onCallAt(const QDateTime &at, int lookAheadDays = 732) const;

    /// Whether onCallAt(at, lookAheadDays) is answered from the index (not by the resolver).
    [[nodiscard]] bool covers(const QDateTime &at, int lookAheadDays = 732) const;

    [[nodiscard]] const OnCallResolver &resolver() const { return m_resolver; }
    [[nodiscard]] QDateTime from() const;
    [[nodiscard]] QDateTime to() const;
    /// Number of stretches (shifts and gaps) in the window.
    [[nodiscard]] qsizetype size() const { return qsizetype(m_starts.size()); }

private:
    /// Index of the stretch answering `ms`, or -1 when the resolver must answer.
    [[nodiscard]] qsizetype stretchAt(qint64 ms, int lookAheadDays) const;

    OnCallResolver m_resolver;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    std::vector<qint64> m_starts; // ms since epoch (UTC), ascending; m_starts[0] == m_fromMs when not empty
    std::vector<QString> m_users; // who holds each stretch; empty: nobody (a gap)
};

} // namespace Vigil
