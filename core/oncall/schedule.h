#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTime>
#include <QTimeZone>

#include <optional>

namespace Vigil {

/// How long one shift of a layer lasts: one wall-clock hour, one calendar day, one calendar week, or
/// `shift_length_hours` wall-clock hours.
enum class RotationType { Hourly, Daily, Weekly, Custom };

[[nodiscard]] QString toString(RotationType t);
[[nodiscard]] std::optional<RotationType> rotationTypeFromString(const QString &s);
[[nodiscard]] const QStringList &rotationTypeNames();

/// When a layer has coverage, in the schedule's local wall time.
/// Daily: every day from startTime to endTime; endTime <= startTime crosses midnight (equal: the whole day).
/// Weekly: from (startDay, startTime) to the next (endDay, endTime); it may wrap the week end
/// (Fri 18:00 → Mon 09:00); an end equal to the start covers the whole week. Days are ISO (Monday = 1).
struct Restriction
{
    enum class Type { Daily, Weekly };
    Type type = Type::Daily;
    int startDay = 0; // 1–7, weekly only (0 for daily)
    QTime startTime;  // minutes precision
    int endDay = 0;   // 1–7, weekly only (0 for daily)
    QTime endTime;

    [[nodiscard]] QJsonObject toJson() const;
    friend bool operator==(const Restriction &, const Restriction &) = default;
};

/// One rotation. Shift k starts at the local wall time `start + k × length` and belongs to
/// participants[k mod n]; restrictions only cut out the time the layer has coverage, they never move handoffs.
struct ScheduleLayer
{
    QString name;
    QStringList participants; // user ids; a user may appear more than once
    RotationType rotationType = RotationType::Weekly;
    int shiftLengthHours = 0; // custom rotations only, >= 1
    /// Local wall times in the schedule's zone, without offset. They are carried as QDateTime with Qt::UTC spec
    /// only so that adding days or hours is plain calendar arithmetic; they are not UTC instants.
    QDateTime start;
    QDateTime end; // invalid: the layer never ends
    QList<Restriction> restrictions; // empty: coverage all the time

    [[nodiscard]] QJsonObject toJson() const;
    friend bool operator==(const ScheduleLayer &, const ScheduleLayer &) = default;
};

/// `userId` covers [start, end) (UTC instants), replacing whoever the layers put on call.
struct ScheduleOverride
{
    QString userId;
    QDateTime start; // UTC
    QDateTime end;   // UTC, > start
    /// Stable id so that one override can be removed without rewriting the schedule; empty when not assigned
    /// (then left out of the JSON). Unique within a schedule. Last, so that {user, start, end} still initialises.
    QString id;

    [[nodiscard]] QJsonObject toJson() const;
    friend bool operator==(const ScheduleOverride &, const ScheduleOverride &) = default;
};

/// An on-call schedule: a time zone, ordered layers (layers[0] is the bottom one; a later layer wins where it has
/// coverage) and overrides (which win over every layer). Wire shape: DESIGN.md §2 "Schedule".
struct Schedule
{
    QString id;
    qint64 version = 0; // 0: not stored yet (version, created_at and updated_at are then left out of the JSON)
    QDateTime createdAt;
    QDateTime updatedAt;
    QString name;
    QString teamId; // empty: no team
    QTimeZone timeZone; // IANA zone the layers' wall times are read in
    QList<ScheduleLayer> layers;
    QList<ScheduleOverride> overrides;

    [[nodiscard]] QJsonObject toJson() const;
    /// Decodes and validates (see validateSchedule()). Errors name the field, e.g. "layers[1].participants",
    /// "layers[0].restrictions[2].start_day", "overrides[3].end"; code missing_field or invalid_field.
    [[nodiscard]] static Result<Schedule> fromJson(const QJsonObject &o);
    friend bool operator==(const Schedule &, const Schedule &) = default;
};

/// Checks the rules a decoded or hand-built schedule must satisfy: a valid zone, non-empty participants,
/// custom rotations with shift_length_hours >= 1 (and no length on the others), end after start, restriction
/// days 1–7 and valid times, override user set and end > start, no two overrides of one user overlapping, override ids unique.
/// The first error found is returned, with its field.
/// At most this many overrides per schedule: every request that adds one validates them all, and a schedule keeps
/// its past overrides until someone removes them.
inline constexpr qsizetype MaxOverrides = 1000;
[[nodiscard]] Status validateSchedule(const Schedule &s);

/// "2026-12-01T09:00:00" (no offset) → wall time carried with Qt::UTC spec; invalid on any other shape.
[[nodiscard]] QDateTime parseWallTime(const QString &s);
[[nodiscard]] QString formatWallTime(const QDateTime &wall);

} // namespace Vigil
