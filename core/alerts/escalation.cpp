#include "escalation.h"

#include "common/json.h"

#include <QJsonArray>

#include <cmath>

namespace Vigil {

namespace {

// Validation ranges (see escalation.h). A day of delay is the most any rule or repeat may wait: a page that comes
// later than that is no longer an escalation.
constexpr int MaxNameLength = 200;
constexpr int MaxRules = 20;
constexpr int MaxTargets = 10;
constexpr int MaxDelayMinutes = 1440;
constexpr int MaxRepeat = 10;

Error invalid(const QString &field, const QString &message)
{
    return Error::make(ErrorCode::InvalidField, message, field);
}

Error missing(const QString &field)
{
    return Error::make(ErrorCode::MissingField, QStringLiteral("%1 is required").arg(field), field);
}

bool isAbsent(const QJsonValue &v)
{
    return v.isUndefined() || v.isNull();
}

QJsonValue stringOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

/// Json::onlyKnown, with the member named by its full path (e.g. "rules[0].delay").
Status onlyKnown(const QJsonObject &o, const QStringList &known, const QString &prefix)
{
    const Status s = Json::onlyKnown(o, known);
    if (s)
        return s;
    const QString field = prefix.isEmpty() ? s.error().field : prefix + u'.' + s.error().field;
    return invalid(field, QStringLiteral("unknown field %1").arg(field));
}

/// A whole number in [min, max]; absent (or null) gives `fallback`. Errors name `field`.
Result<int> boundedInt(const QJsonObject &o, const QString &key, const QString &field, int fallback, int min, int max)
{
    const QJsonValue v = o.value(key);
    if (isAbsent(v))
        return fallback;
    const double d = v.toDouble();
    if (!v.isDouble() || !std::isfinite(d) || std::trunc(d) != d)
        return invalid(field, QStringLiteral("%1 must be a whole number").arg(field));
    // Compared as a double, never cast first: a cast of a double out of range (1e300) is undefined.
    if (d < min || d > max)
        return invalid(field, QStringLiteral("%1 must be between %2 and %3").arg(field).arg(min).arg(max));
    return static_cast<int>(d);
}

Result<EscalationTarget> targetFromJson(const QJsonValue &v, const QString &field)
{
    if (!v.isObject())
        return invalid(field, QStringLiteral("%1 must be an object").arg(field));
    const QJsonObject o = v.toObject();
    const Status known = onlyKnown(o, {QStringLiteral("type"), QStringLiteral("id")}, field);
    if (!known)
        return known.error();
    EscalationTarget t;
    const QString typeField = field + QStringLiteral(".type");
    const QJsonValue type = o.value(QStringLiteral("type"));
    if (isAbsent(type))
        return missing(typeField);
    const auto parsed = escalationTargetTypeFromString(type.toString());
    if (!type.isString() || !parsed)
        return invalid(typeField, QStringLiteral("type must be user, schedule or team"));
    t.type = *parsed;
    const QString idField = field + QStringLiteral(".id");
    const QJsonValue id = o.value(QStringLiteral("id"));
    if (isAbsent(id))
        return missing(idField);
    if (!id.isString() || id.toString().isEmpty())
        return invalid(idField, QStringLiteral("id must be the id of a %1").arg(Vigil::toString(t.type)));
    t.id = id.toString();
    return t;
}

Result<EscalationRule> ruleFromJson(const QJsonValue &v, const QString &field)
{
    if (!v.isObject())
        return invalid(field, QStringLiteral("%1 must be an object").arg(field));
    const QJsonObject o = v.toObject();
    const Status known = onlyKnown(o, {QStringLiteral("delay_minutes"), QStringLiteral("targets")}, field);
    if (!known)
        return known.error();
    EscalationRule r;
    auto delay = boundedInt(o, QStringLiteral("delay_minutes"), field + QStringLiteral(".delay_minutes"), 0, 0,
                            MaxDelayMinutes);
    if (!delay)
        return delay.error();
    r.delayMinutes = delay.value();

    const QString tField = field + QStringLiteral(".targets");
    const QJsonValue targets = o.value(QStringLiteral("targets"));
    if (isAbsent(targets))
        return missing(tField);
    if (!targets.isArray())
        return invalid(tField, QStringLiteral("targets must be an array"));
    const QJsonArray targetArray = targets.toArray();
    if (targetArray.isEmpty() || targetArray.size() > MaxTargets)
        return invalid(tField, QStringLiteral("a rule needs 1 to %1 targets").arg(MaxTargets));
    for (qsizetype i = 0; i < targetArray.size(); ++i) {
        auto t = targetFromJson(targetArray.at(i), tField + QStringLiteral("[%1]").arg(i));
        if (!t)
            return t.error();
        r.targets.append(t.value());
    }
    return r;
}

/// The names of EscalationTarget::Type, in its order.
const QStringList &targetTypeNames()
{
    static const QStringList names{QStringLiteral("user"), QStringLiteral("schedule"), QStringLiteral("team")};
    return names;
}

} // namespace

QString toString(EscalationTarget::Type t)
{
    return targetTypeNames().at(static_cast<int>(t));
}

std::optional<EscalationTarget::Type> escalationTargetTypeFromString(const QString &s)
{
    const qsizetype i = targetTypeNames().indexOf(s);
    if (i < 0)
        return std::nullopt;
    return static_cast<EscalationTarget::Type>(i);
}

QJsonObject EscalationTarget::toJson() const
{
    return QJsonObject{
        {QStringLiteral("type"), Vigil::toString(type)},
        {QStringLiteral("id"), id},
    };
}

QJsonObject EscalationRule::toJson() const
{
    QJsonArray targetArray;
    for (const auto &t : targets)
        targetArray.append(t.toJson());
    return QJsonObject{
        {QStringLiteral("delay_minutes"), delayMinutes},
        {QStringLiteral("targets"), targetArray},
    };
}

QJsonObject EscalationPolicy::toJson() const
{
    QJsonArray ruleArray;
    for (const auto &r : rules)
        ruleArray.append(r.toJson());
    QJsonObject o{
        {QStringLiteral("name"), name},
        {QStringLiteral("team_id"), stringOrNull(teamId)},
        {QStringLiteral("rules"), ruleArray},
        {QStringLiteral("repeat"), repeat},
        {QStringLiteral("repeat_delay_minutes"), repeatDelayMinutes},
    };
    // Version 0: not stored yet, so there is no identity or history to write.
    if (version > 0) {
        o.insert(QStringLiteral("id"), id);
        o.insert(QStringLiteral("version"), version);
        o.insert(QStringLiteral("created_at"), Json::timeOrNull(createdAt));
        o.insert(QStringLiteral("updated_at"), Json::timeOrNull(updatedAt));
    }
    return o;
}

Result<EscalationPolicy> EscalationPolicy::fromJson(const QJsonObject &o)
{
    // The entity members are the store's; a client may echo them back (they are read, never required).
    const Status known = onlyKnown(o,
                                   {QStringLiteral("id"), QStringLiteral("version"), QStringLiteral("created_at"),
                                    QStringLiteral("updated_at"), QStringLiteral("name"), QStringLiteral("team_id"),
                                    QStringLiteral("rules"), QStringLiteral("repeat"),
                                    QStringLiteral("repeat_delay_minutes")},
                                   {});
    if (!known)
        return known.error();

    EscalationPolicy p;
    const QJsonValue id = o.value(QStringLiteral("id"));
    if (!isAbsent(id)) {
        if (!id.isString())
            return invalid(QStringLiteral("id"), QStringLiteral("id must be a string"));
        p.id = id.toString();
    }
    const QJsonValue version = o.value(QStringLiteral("version"));
    if (!isAbsent(version)) {
        if (!version.isDouble() || version.toInteger(-1) < 0)
            return invalid(QStringLiteral("version"), QStringLiteral("version must be a whole number"));
        p.version = version.toInteger();
        p.createdAt = Json::parseTime(o.value(QStringLiteral("created_at")).toString());
        p.updatedAt = Json::parseTime(o.value(QStringLiteral("updated_at")).toString());
    }

    auto name = Json::string(o, QStringLiteral("name"), true);
    if (!name)
        return name.error();
    p.name = name.value();
    if (p.name.trimmed().isEmpty() || p.name.size() > MaxNameLength)
        return invalid(QStringLiteral("name"), QStringLiteral("name must be 1 to %1 characters").arg(MaxNameLength));

    auto team = Json::nullableString(o, QStringLiteral("team_id"));
    if (!team)
        return team.error();
    p.teamId = team->value;

    const QJsonValue rules = o.value(QStringLiteral("rules"));
    if (isAbsent(rules))
        return missing(QStringLiteral("rules"));
    if (!rules.isArray())
        return invalid(QStringLiteral("rules"), QStringLiteral("rules must be an array"));
    const QJsonArray ruleArray = rules.toArray();
    if (ruleArray.isEmpty() || ruleArray.size() > MaxRules)
        return invalid(QStringLiteral("rules"), QStringLiteral("a policy needs 1 to %1 rules").arg(MaxRules));
    for (qsizetype i = 0; i < ruleArray.size(); ++i) {
        auto r = ruleFromJson(ruleArray.at(i), QStringLiteral("rules[%1]").arg(i));
        if (!r)
            return r.error();
        p.rules.append(r.value());
    }

    auto repeat = boundedInt(o, QStringLiteral("repeat"), QStringLiteral("repeat"), 0, 0, MaxRepeat);
    if (!repeat)
        return repeat.error();
    p.repeat = repeat.value();
    auto repeatDelay = boundedInt(o, QStringLiteral("repeat_delay_minutes"), QStringLiteral("repeat_delay_minutes"),
                                  30, 1, MaxDelayMinutes);
    if (!repeatDelay)
        return repeatDelay.error();
    p.repeatDelayMinutes = repeatDelay.value();
    return p;
}

namespace Escalation {

std::optional<EscalationStep> first(const EscalationPolicy &policy, const QDateTime &openedAt)
{
    if (policy.rules.isEmpty())
        return std::nullopt;
    return EscalationStep{0, 0, openedAt.toUTC().addSecs(qint64(policy.rules.at(0).delayMinutes) * 60)};
}

std::optional<EscalationStep> next(const EscalationPolicy &policy, const EscalationStep &fired,
                                   const QDateTime &firedAt, bool pagedSomeone)
{
    if (policy.rules.isEmpty() || fired.rule < 0 || fired.cycle < 0)
        return std::nullopt;
    const QDateTime at = firedAt.toUTC();
    // Nobody was paged (every target in a gap): waiting would only delay the first page, so go on at once.
    const auto after = [&](int minutes) { return pagedSomeone ? at.addSecs(qint64(minutes) * 60) : at; };
    // A rule index past the end (the policy lost rules while the alert escalated) counts as the end of the pass.
    if (fired.rule + 1 < policy.rules.size())
        return EscalationStep{fired.cycle, fired.rule + 1, after(policy.rules.at(fired.rule + 1).delayMinutes)};
    if (fired.cycle < policy.repeat)
        return EscalationStep{fired.cycle + 1, 0, after(policy.repeatDelayMinutes)};
    return std::nullopt;
}

QStringList resolve(const EscalationRule &rule, const QDateTime &at, const Directory &directory,
                    QList<EscalationTarget> *unresolved)
{
    QStringList users;
    for (const EscalationTarget &target : rule.targets) {
        QStringList found;
        switch (target.type) {
        case EscalationTarget::Type::User:
            found << target.id;
            break;
        case EscalationTarget::Type::Schedule:
            if (directory.onCall)
                found << directory.onCall(target.id, at);
            break;
        case EscalationTarget::Type::Team:
            if (directory.teamOnCall)
                found = directory.teamOnCall(target.id, at);
            break;
        }
        found.removeAll(QString());
        // A target whose people were all paged by an earlier target of the rule did resolve: it is not a gap.
        if (found.isEmpty() && unresolved)
            unresolved->append(target);
        for (const QString &user : std::as_const(found)) {
            if (!users.contains(user))
                users << user;
        }
    }
    return users;
}

} // namespace Escalation

} // namespace Vigil
