#pragma once

#include "businesscalendar.h"
#include "tickets/ticket.h"

#include <array>

namespace Vigil {

struct SlaTarget
{
    int firstResponseMinutes = 0;
    int resolutionMinutes = 0;
    friend bool operator==(const SlaTarget &, const SlaTarget &) = default;
};

/// Per-priority targets and the calendar they are counted in. One policy per server.
struct SlaPolicy
{
    std::array<SlaTarget, 5> targets{{{15, 4 * 60}, {60, 8 * 60}, {4 * 60, 3 * 24 * 60},
                                      {8 * 60, 5 * 24 * 60}, {24 * 60, 10 * 24 * 60}}};
    BusinessCalendar calendar; // 24/7 unless configured

    [[nodiscard]] const SlaTarget &target(Priority p) const { return targets.at(static_cast<int>(p) - 1); }
    [[nodiscard]] QJsonObject toJson() const;
    /// Validates every member; errors name the field ("targets.P1.first_response_minutes").
    [[nodiscard]] static Result<SlaPolicy> fromJson(const QJsonObject &o);
};

/// The state of one SLA clock at an instant.
struct SlaClock
{
    qint64 targetSeconds = 0;
    QDateTime targetAt;      // when the clock reaches its target; invalid while paused (the deadline moves)
    qint64 remainingSeconds = 0; // working seconds left; negative once breached
    bool breached = false;
    bool paused = false;
    QDateTime stoppedAt;     // when the clock stopped (met or ticket done); invalid while running
    [[nodiscard]] QJsonObject toJson() const;
    friend bool operator==(const SlaClock &, const SlaClock &) = default;
};

struct TicketSla
{
    SlaClock firstResponse;
    SlaClock resolution;
    [[nodiscard]] QJsonObject toJson() const;
};

/// Computes both clocks of a ticket at `now` (UTC) from its status history, first response and priority.
/// Time-to-first-response runs from creation until first_response_at (or until the ticket is first resolved or
/// closed); time-to-resolution runs until the ticket is resolved or closed, and resumes on reopen. Both pause while
/// waiting_for_customer. Only working time of the policy's calendar counts.
[[nodiscard]] TicketSla computeSla(const Ticket &t, const SlaPolicy &policy, const QDateTime &now);

/// Lower-level: a clock that counts working seconds over `active` intervals (each [start, end), end invalid =
/// open-ended), started at `start`, stopped at `stop` (invalid = still running) against `targetSeconds`.
struct Interval
{
    QDateTime start;
    QDateTime end;
};
[[nodiscard]] SlaClock computeClock(const QList<Interval> &active, qint64 targetSeconds, const QDateTime &stop,
                                    const BusinessCalendar &cal, const QDateTime &now);

} // namespace Vigil
