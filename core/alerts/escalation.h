#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace Vigil {

/// Who a rule pages: a user, whoever is on call in a schedule at that instant, or a team (the on-call people of the
/// team's schedules). Wire shape: {"type":"user|schedule|team","id":"…"}.
struct EscalationTarget
{
    enum class Type { User, Schedule, Team };
    Type type = Type::User;
    QString id;

    [[nodiscard]] QJsonObject toJson() const;
    friend bool operator==(const EscalationTarget &, const EscalationTarget &) = default;
};

[[nodiscard]] QString toString(EscalationTarget::Type t);
[[nodiscard]] std::optional<EscalationTarget::Type> escalationTargetTypeFromString(const QString &s);

/// One rule: page `targets`, `delayMinutes` after the previous rule fired (rule 0: after the alert opened).
struct EscalationRule
{
    int delayMinutes = 0;
    QList<EscalationTarget> targets;

    [[nodiscard]] QJsonObject toJson() const;
    friend bool operator==(const EscalationRule &, const EscalationRule &) = default;
};

/// An escalation policy. Wire shape (DESIGN.md §2 plus the entity members):
/// {"id","version","created_at","updated_at","name","team_id"|null,"rules":[{"delay_minutes","targets":[…]}],
///  "repeat":N,"repeat_delay_minutes":M}
/// After the last rule the policy starts over from rule 0, `repeatDelayMinutes` after the last rule fired, `repeat`
/// more times; then it stops (the alert stays open, nobody is paged again until someone acts).
struct EscalationPolicy
{
    QString id;
    qint64 version = 0;
    QDateTime createdAt;
    QDateTime updatedAt;
    QString name;
    QString teamId;
    QList<EscalationRule> rules;
    int repeat = 0;
    int repeatDelayMinutes = 30;

    [[nodiscard]] QJsonObject toJson() const;
    /// Decodes and validates: name 1–200 characters, 1–20 rules, each with 1–10 targets of a known type and an id,
    /// delay_minutes 0–1440 (rule 0 included), repeat 0–10, repeat_delay_minutes 1–1440. Errors name the field,
    /// e.g. "rules[1].targets[0].type", "rules[2].delay_minutes", "repeat".
    [[nodiscard]] static Result<EscalationPolicy> fromJson(const QJsonObject &o);
    friend bool operator==(const EscalationPolicy &, const EscalationPolicy &) = default;
};

/// A point in an escalation: rule `rule` of pass `cycle` (0 = the first pass, 1… = repeats), due at `dueAt` (UTC).
struct EscalationStep
{
    int cycle = 0;
    int rule = 0;
    QDateTime dueAt;
    friend bool operator==(const EscalationStep &, const EscalationStep &) = default;
};

/// The escalation rules of DESIGN.md §5 as pure functions (no clock, no I/O):
/// - the first step is rule 0 of pass 0, due `rules[0].delayMinutes` after the alert opened;
/// - after rule i fired at T, rule i+1 is due at T + rules[i+1].delayMinutes; when rule i paged nobody (every
///   target resolved to a gap), rule i+1 is due at T at once;
/// - after the last rule of pass c fired at T, rule 0 of pass c+1 is due at T + repeatDelayMinutes while
///   c < repeat (at T at once when the last rule paged nobody); after the last pass there is no next step.
/// A policy without rules has no steps.
namespace Escalation {
[[nodiscard]] std::optional<EscalationStep> first(const EscalationPolicy &policy, const QDateTime &openedAt);
[[nodiscard]] std::optional<EscalationStep> next(const EscalationPolicy &policy, const EscalationStep &fired,
                                                 const QDateTime &firedAt, bool pagedSomeone);

/// Looks up who is on call: for a schedule id, the user on call at the instant (empty: a gap or no such schedule);
/// for a team id, the users on call in the team's schedules at the instant (empty: none).
struct Directory
{
    std::function<QString(const QString &scheduleId, const QDateTime &at)> onCall;
    std::function<QStringList(const QString &teamId, const QDateTime &at)> teamOnCall;
};

/// Who a rule pages at `at`: each target resolved, in order, without duplicates. `unresolved` (if given) receives
/// the targets that resolved to nobody.
[[nodiscard]] QStringList resolve(const EscalationRule &rule, const QDateTime &at, const Directory &directory,
                                  QList<EscalationTarget> *unresolved = nullptr);
} // namespace Escalation

} // namespace Vigil
