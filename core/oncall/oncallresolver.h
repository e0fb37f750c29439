#pragma once

#include "oncall/schedule.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTimeZone>

#include <utility>

namespace Vigil {

/// One person on call over [start, end) (UTC instants).
struct Shift
{
    QString userId;
    QDateTime start;
    QDateTime end;
    friend bool operator==(const Shift &, const Shift &) = default;
};

/// A stretch of time [start, end) (UTC) with nobody on call.
struct Gap
{
    QDateTime start;
    QDateTime end;
    friend bool operator==(const Gap &, const Gap &) = default;
};

/// Who is on call at one instant. Wire shape: {"user_id","until","next_user_id"}.
struct OnCallAnswer
{
    QString userId;     // empty: nobody (a gap)
    QDateTime until;    // UTC; when someone else (or nobody) takes over; invalid: no change within the look-ahead
    QString nextUserId; // who is on call from `until` on; empty when that is a gap (or until is invalid)

    /// user_id and next_user_id are null when empty, until null when invalid.
    [[nodiscard]] QJsonObject toJson() const;
    friend bool operator==(const OnCallAnswer &, const OnCallAnswer &) = default;
};

/*
 * Wall-clock rules (also in docs/ONCALL.md)
 *
 * Handoffs happen at local wall-clock time in the schedule's zone and stay there across DST changes.
 * 1. Shift k of a layer starts at the local wall time start + k × length, computed in calendar arithmetic on the
 *    wall clock: daily and weekly add calendar days (1 or 7), hourly and custom add wall-clock hours (so hourly
 *    rotations stay aligned to the wall clock: 01:00, 02:00, …). Shift k belongs to participants[k mod n].
 * 2. A wall time skipped by a spring-forward gap happens at the first instant after the gap (02:30 on a day when
 *    02:00 jumps to 03:00 is taken as 03:00 new time).
 * 3. A wall time that occurs twice (fall back) happens at its first occurrence (the one in the old offset).
 * 4. Wall-time boundaries that map to the same instant collapse: the shift between them is empty and skipped, and
 *    its participant loses that turn; the next shift still goes to participants[(k + 1) mod n], so the rotation
 *    after the change is the same as if there had been no DST change.
 * 5. Restriction windows, the layer's start and its end are wall times too and follow rules 2–3.
 * 6. Final schedule: an override (a later one in the list wins if two of different users overlap), else the
 *    highest layer with coverage, else the next layer down; else a gap.
 */

/// Computes who is on call from a schedule. Pure: no clock, no I/O; every time in and out is a UTC instant.
/// The schedule is expected to be valid (validateSchedule()); an invalid one gives empty answers.
/// Thread-safety: const methods may be called from several threads at once.
class OnCallResolver
{
public:
    explicit OnCallResolver(Schedule schedule);

    [[nodiscard]] const Schedule &schedule() const { return m_schedule; }

    /// The layer's own shifts in [from, to), cut to its restrictions and its start/end, clipped to [from, to),
    /// oldest first. Consecutive shifts of one user are not merged (each handoff is kept); empty for a bad index.
    [[nodiscard]] QList<Shift> layerShifts(int layer, const QDateTime &from, const QDateTime &to) const;
    /// The final schedule in [from, to): overrides and layers combined, clipped to [from, to), with touching shifts
    /// of one user merged. Gaps are left out (see gaps()).
    [[nodiscard]] QList<Shift> finalShifts(const QDateTime &from, const QDateTime &to) const;
    /// The stretches of [from, to) where nobody is on call, merged, oldest first.
    [[nodiscard]] QList<Gap> gaps(const QDateTime &from, const QDateTime &to) const;
    /// Who is on call at `at`, until when, and who follows. Looks ahead at most `lookAheadDays`; when nothing
    /// changes in that time, until is invalid and nextUserId empty.
    [[nodiscard]] OnCallAnswer onCallAt(const QDateTime &at, int lookAheadDays = 732) const;

    /// A local wall time of `zone` (carried with Qt::UTC spec) as a UTC instant, following rules 2 and 3 above.
    [[nodiscard]] static QDateTime wallToUtc(const QDateTime &wall, const QTimeZone &zone);
    /// A UTC instant as the local wall time of `zone` (carried with Qt::UTC spec).
    [[nodiscard]] static QDateTime utcToWall(const QDateTime &utc, const QTimeZone &zone);

private:
    // The timeline itself is computed on milliseconds since the epoch (oncallresolver.cpp), with the zone's offsets
    // over the window read once; QDateTime only at the edges.
    Schedule m_schedule;
};

} // namespace Vigil
