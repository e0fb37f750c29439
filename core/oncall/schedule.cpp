#include "schedule.h"

#include "common/json.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>
#include <numeric>
#include <tuple>

namespace Vigil {

namespace {

Error invalid(const QString &field, const QString &message)
{
    return Error::make(ErrorCode::InvalidField, message, field);
}

Error missing(const QString &field)
{
    return Error::make(ErrorCode::MissingField, QStringLiteral("%1 is required").arg(field), field);
}

QString hhmm(QTime t)
{
    return t.isValid() ? t.toString(QStringLiteral("HH:mm")) : QString();
}

QJsonValue stringOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

bool isAbsent(const QJsonValue &v)
{
    return v.isUndefined() || v.isNull();
}

/// Reads an optional string member; on a wrong type returns an Error naming `field`.
Result<QString> optionalString(const QJsonObject &o, const QString &key, const QString &field)
{
    const QJsonValue v = o.value(key);
    if (isAbsent(v))
        return QString();
    if (!v.isString())
        return invalid(field, QStringLiteral("%1 must be a string").arg(field));
    return v.toString();
}

/// "HH:mm" only; an invalid QTime when the text has another shape (validation reports it with its field).
QTime parseHhmm(const QJsonValue &v)
{
    static const QRegularExpression re(QStringLiteral("^\\d\\d:\\d\\d$"));
    const QString s = v.toString();
    if (!re.match(s).hasMatch())
        return {};
    return QTime::fromString(s, QStringLiteral("HH:mm"));
}

Result<Restriction> restrictionFromJson(const QJsonValue &v, const QString &field)
{
    if (!v.isObject())
        return invalid(field, QStringLiteral("%1 must be an object").arg(field));
    const QJsonObject o = v.toObject();
    Restriction r;
    const QJsonValue type = o.value(QStringLiteral("type"));
    if (isAbsent(type))
        return missing(field + QStringLiteral(".type"));
    if (type.toString() == QLatin1String("daily"))
        r.type = Restriction::Type::Daily;
    else if (type.toString() == QLatin1String("weekly"))
        r.type = Restriction::Type::Weekly;
    else
        return invalid(field + QStringLiteral(".type"), QStringLiteral("type must be daily or weekly"));
    for (const auto &[key, day] : {std::pair{QStringLiteral("start_day"), &r.startDay},
                                   std::pair{QStringLiteral("end_day"), &r.endDay}}) {
        const QJsonValue d = o.value(key);
        const QString f = field + u'.' + key;
        if (r.type == Restriction::Type::Daily) {
            if (!isAbsent(d))
                return invalid(f, QStringLiteral("%1 is only for weekly restrictions").arg(key));
            continue;
        }
        if (isAbsent(d))
            return missing(f);
        if (!d.isDouble() || d.toDouble() != static_cast<double>(d.toInt()))
            return invalid(f, QStringLiteral("%1 must be an ISO weekday 1 (Monday) to 7 (Sunday)").arg(key));
        *day = d.toInt();
    }
    for (const auto &[key, time] : {std::pair{QStringLiteral("start_time"), &r.startTime},
                                    std::pair{QStringLiteral("end_time"), &r.endTime}}) {
        const QJsonValue t = o.value(key);
        if (isAbsent(t))
            return missing(field + u'.' + key);
        *time = parseHhmm(t);
        if (!time->isValid())
            return invalid(field + u'.' + key, QStringLiteral("%1 must be HH:mm").arg(key));
    }
    return r;
}

Result<ScheduleLayer> layerFromJson(const QJsonValue &v, const QString &field)
{
    if (!v.isObject())
        return invalid(field, QStringLiteral("%1 must be an object").arg(field));
    const QJsonObject o = v.toObject();
    ScheduleLayer l;
    auto name = optionalString(o, QStringLiteral("name"), field + QStringLiteral(".name"));
    if (!name)
        return name.error();
    l.name = name.value();

    const QString pField = field + QStringLiteral(".participants");
    const QJsonValue p = o.value(QStringLiteral("participants"));
    if (isAbsent(p))
        return missing(pField);
    if (!p.isArray())
        return invalid(pField, QStringLiteral("participants must be an array of user ids"));
    for (const auto &u : p.toArray()) {
        if (!u.isString() || u.toString().isEmpty())
            return invalid(pField, QStringLiteral("participants must be an array of user ids"));
        l.participants.append(u.toString());
    }

    const QString rField = field + QStringLiteral(".rotation_type");
    const QJsonValue rt = o.value(QStringLiteral("rotation_type"));
    if (isAbsent(rt))
        return missing(rField);
    const auto type = rotationTypeFromString(rt.toString());
    if (!rt.isString() || !type)
        return invalid(rField, QStringLiteral("rotation_type must be one of %1")
                                   .arg(rotationTypeNames().join(QStringLiteral(", "))));
    l.rotationType = *type;

    const QString lField = field + QStringLiteral(".shift_length_hours");
    const QJsonValue len = o.value(QStringLiteral("shift_length_hours"));
    if (!isAbsent(len)) {
        if (!len.isDouble() || len.toDouble() != static_cast<double>(len.toInt()))
            return invalid(lField, QStringLiteral("shift_length_hours must be a whole number of hours"));
        l.shiftLengthHours = len.toInt();
    }

    const QString sField = field + QStringLiteral(".start");
    const QJsonValue start = o.value(QStringLiteral("start"));
    if (isAbsent(start))
        return missing(sField);
    l.start = parseWallTime(start.toString());
    if (!start.isString() || !l.start.isValid())
        return invalid(sField, QStringLiteral("start must be a local time such as 2026-12-01T09:00:00, without offset"));
    const QJsonValue end = o.value(QStringLiteral("end"));
    if (!isAbsent(end)) {
        l.end = parseWallTime(end.toString());
        if (!end.isString() || !l.end.isValid())
            return invalid(field + QStringLiteral(".end"),
                           QStringLiteral("end must be null or a local time such as 2026-12-31T09:00:00"));
    }

    const QJsonValue rs = o.value(QStringLiteral("restrictions"));
    if (!isAbsent(rs) && !rs.isArray())
        return invalid(field + QStringLiteral(".restrictions"), QStringLiteral("restrictions must be an array"));
    const QJsonArray restrictions = rs.toArray();
    for (qsizetype i = 0; i < restrictions.size(); ++i) {
        auto r = restrictionFromJson(restrictions.at(i), field + QStringLiteral(".restrictions[%1]").arg(i));
        if (!r)
            return r.error();
        l.restrictions.append(r.value());
    }
    return l;
}

Result<ScheduleOverride> overrideFromJson(const QJsonValue &v, const QString &field)
{
    if (!v.isObject())
        return invalid(field, QStringLiteral("%1 must be an object").arg(field));
    const QJsonObject o = v.toObject();
    ScheduleOverride ov;
    auto id = optionalString(o, QStringLiteral("id"), field + QStringLiteral(".id"));
    if (!id)
        return id.error();
    ov.id = id.value();
    const QJsonValue user = o.value(QStringLiteral("user_id"));
    if (isAbsent(user))
        return missing(field + QStringLiteral(".user_id"));
    if (!user.isString() || user.toString().isEmpty())
        return invalid(field + QStringLiteral(".user_id"), QStringLiteral("user_id must be a user id"));
    ov.userId = user.toString();
    for (const auto &[key, time] : {std::pair{QStringLiteral("start"), &ov.start},
                                    std::pair{QStringLiteral("end"), &ov.end}}) {
        const QJsonValue t = o.value(key);
        if (isAbsent(t))
            return missing(field + u'.' + key);
        *time = Json::parseTime(t.toString());
        if (!time->isValid())
            return invalid(field + u'.' + key,
                           QStringLiteral("%1 must be an RFC 3339 time such as 2026-12-01T09:00:00Z").arg(key));
    }
    return ov;
}

} // namespace

QString toString(RotationType t)
{
    return rotationTypeNames().at(static_cast<int>(t));
}

std::optional<RotationType> rotationTypeFromString(const QString &s)
{
    const qsizetype i = rotationTypeNames().indexOf(s);
    if (i < 0)
        return std::nullopt;
    return static_cast<RotationType>(i);
}

const QStringList &rotationTypeNames()
{
    // Same order as RotationType.
    static const QStringList names{QStringLiteral("hourly"), QStringLiteral("daily"), QStringLiteral("weekly"),
                                   QStringLiteral("custom")};
    return names;
}

QDateTime parseWallTime(const QString &s)
{
    // Exactly yyyy-MM-ddTHH:mm:ss: an offset or a Z would say the value is an instant, which it is not.
    static const QRegularExpression re(QStringLiteral("^(\\d{4}-\\d\\d-\\d\\d)T(\\d\\d:\\d\\d:\\d\\d)$"));
    const auto m = re.match(s);
    if (!m.hasMatch())
        return {};
    // Date and time are parsed apart so that the machine's own zone (and its DST gaps) never gets involved.
    const QDate d = QDate::fromString(m.captured(1), Qt::ISODate);
    const QTime t = QTime::fromString(m.captured(2), QStringLiteral("HH:mm:ss"));
    if (!d.isValid() || !t.isValid())
        return {};
    return QDateTime(d, t, Qt::UTC);
}

QString formatWallTime(const QDateTime &wall)
{
    if (!wall.isValid())
        return {};
    return wall.date().toString(Qt::ISODate) + u'T' + wall.time().toString(QStringLiteral("HH:mm:ss"));
}

QJsonObject Restriction::toJson() const
{
    QJsonObject o{
        {QStringLiteral("type"), type == Type::Daily ? QStringLiteral("daily") : QStringLiteral("weekly")},
        {QStringLiteral("start_time"), hhmm(startTime)},
        {QStringLiteral("end_time"), hhmm(endTime)},
    };
    if (type == Type::Weekly) {
        o.insert(QStringLiteral("start_day"), startDay);
        o.insert(QStringLiteral("end_day"), endDay);
    }
    return o;
}

QJsonObject ScheduleLayer::toJson() const
{
    QJsonArray restrictionArray;
    for (const auto &r : restrictions)
        restrictionArray.append(r.toJson());
    QJsonObject o{
        {QStringLiteral("name"), name},
        {QStringLiteral("participants"), QJsonArray::fromStringList(participants)},
        {QStringLiteral("rotation_type"), Vigil::toString(rotationType)},
        {QStringLiteral("start"), formatWallTime(start)},
        {QStringLiteral("end"), end.isValid() ? QJsonValue(formatWallTime(end)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("restrictions"), restrictionArray},
    };
    if (rotationType == RotationType::Custom)
        o.insert(QStringLiteral("shift_length_hours"), shiftLengthHours);
    return o;
}

QJsonObject ScheduleOverride::toJson() const
{
    QJsonObject o{
        {QStringLiteral("user_id"), userId},
        {QStringLiteral("start"), Json::formatTime(start)},
        {QStringLiteral("end"), Json::formatTime(end)},
    };
    if (!id.isEmpty())
        o.insert(QStringLiteral("id"), id);
    return o;
}

QJsonObject Schedule::toJson() const
{
    QJsonArray layerArray;
    for (const auto &l : layers)
        layerArray.append(l.toJson());
    QJsonArray overrideArray;
    for (const auto &ov : overrides)
        overrideArray.append(ov.toJson());
    QJsonObject o{
        {QStringLiteral("id"), stringOrNull(id)},
        {QStringLiteral("name"), name},
        {QStringLiteral("team_id"), stringOrNull(teamId)},
        {QStringLiteral("time_zone"), QString::fromUtf8(timeZone.id())},
        {QStringLiteral("layers"), layerArray},
        {QStringLiteral("overrides"), overrideArray},
    };
    if (version > 0) {
        o.insert(QStringLiteral("version"), version);
        o.insert(QStringLiteral("created_at"), Json::timeOrNull(createdAt));
        o.insert(QStringLiteral("updated_at"), Json::timeOrNull(updatedAt));
    }
    return o;
}

Result<Schedule> Schedule::fromJson(const QJsonObject &o)
{
    Schedule s;
    auto id = optionalString(o, QStringLiteral("id"), QStringLiteral("id"));
    if (!id)
        return id.error();
    s.id = id.value();
    const QJsonValue version = o.value(QStringLiteral("version"));
    if (!isAbsent(version)) {
        if (!version.isDouble() || version.toInteger(-1) < 0)
            return invalid(QStringLiteral("version"), QStringLiteral("version must be a whole number"));
        s.version = version.toInteger();
        s.createdAt = Json::parseTime(o.value(QStringLiteral("created_at")).toString());
        s.updatedAt = Json::parseTime(o.value(QStringLiteral("updated_at")).toString());
    }
    auto name = Json::string(o, QStringLiteral("name"), true);
    if (!name)
        return name.error();
    s.name = name.value();
    if (s.name.trimmed().isEmpty())
        return invalid(QStringLiteral("name"), QStringLiteral("name must not be empty"));
    auto team = optionalString(o, QStringLiteral("team_id"), QStringLiteral("team_id"));
    if (!team)
        return team.error();
    s.teamId = team.value();

    auto zone = Json::string(o, QStringLiteral("time_zone"), true);
    if (!zone)
        return zone.error();
    s.timeZone = QTimeZone(zone.value().toUtf8());
    if (zone.value().isEmpty() || !s.timeZone.isValid())
        return invalid(QStringLiteral("time_zone"),
                       QStringLiteral("time_zone must be an IANA time zone such as Asia/Seoul"));

    const QJsonValue layers = o.value(QStringLiteral("layers"));
    if (!isAbsent(layers) && !layers.isArray())
        return invalid(QStringLiteral("layers"), QStringLiteral("layers must be an array"));
    const QJsonArray layerArray = layers.toArray();
    for (qsizetype i = 0; i < layerArray.size(); ++i) {
        auto l = layerFromJson(layerArray.at(i), QStringLiteral("layers[%1]").arg(i));
        if (!l)
            return l.error();
        s.layers.append(l.value());
    }

    const QJsonValue overrides = o.value(QStringLiteral("overrides"));
    if (!isAbsent(overrides) && !overrides.isArray())
        return invalid(QStringLiteral("overrides"), QStringLiteral("overrides must be an array"));
    const QJsonArray overrideArray = overrides.toArray();
    for (qsizetype i = 0; i < overrideArray.size(); ++i) {
        auto ov = overrideFromJson(overrideArray.at(i), QStringLiteral("overrides[%1]").arg(i));
        if (!ov)
            return ov.error();
        s.overrides.append(ov.value());
    }

    const Status valid = validateSchedule(s);
    if (!valid)
        return valid.error();
    return s;
}

Status validateSchedule(const Schedule &s)
{
    if (!s.timeZone.isValid())
        return invalid(QStringLiteral("time_zone"),
                       QStringLiteral("time_zone must be an IANA time zone such as Asia/Seoul"));
    for (qsizetype i = 0; i < s.layers.size(); ++i) {
        const ScheduleLayer &l = s.layers.at(i);
        const QString field = QStringLiteral("layers[%1]").arg(i);
        if (l.participants.isEmpty())
            return invalid(field + QStringLiteral(".participants"), QStringLiteral("a layer needs at least one participant"));
        for (const QString &u : l.participants) {
            if (u.isEmpty())
                return invalid(field + QStringLiteral(".participants"), QStringLiteral("participants must be user ids"));
        }
        if (l.rotationType == RotationType::Custom) {
            // One year is plenty for a shift and keeps k × length far from overflow.
            if (l.shiftLengthHours < 1 || l.shiftLengthHours > 24 * 366)
                return invalid(field + QStringLiteral(".shift_length_hours"),
                               QStringLiteral("a custom rotation needs shift_length_hours between 1 and 8784"));
        } else if (l.shiftLengthHours != 0) {
            return invalid(field + QStringLiteral(".shift_length_hours"),
                           QStringLiteral("shift_length_hours is only for custom rotations"));
        }
        if (!l.start.isValid())
            return missing(field + QStringLiteral(".start"));
        if (l.end.isValid() && l.end <= l.start)
            return invalid(field + QStringLiteral(".end"), QStringLiteral("end must be later than start"));
        for (qsizetype j = 0; j < l.restrictions.size(); ++j) {
            const Restriction &r = l.restrictions.at(j);
            const QString rField = field + QStringLiteral(".restrictions[%1]").arg(j);
            if (r.type == Restriction::Type::Weekly) {
                if (r.startDay < 1 || r.startDay > 7)
                    return invalid(rField + QStringLiteral(".start_day"),
                                   QStringLiteral("start_day must be an ISO weekday 1 (Monday) to 7 (Sunday)"));
                if (r.endDay < 1 || r.endDay > 7)
                    return invalid(rField + QStringLiteral(".end_day"),
                                   QStringLiteral("end_day must be an ISO weekday 1 (Monday) to 7 (Sunday)"));
            } else if (r.startDay != 0 || r.endDay != 0) {
                return invalid(rField + (r.startDay != 0 ? QStringLiteral(".start_day") : QStringLiteral(".end_day")),
                               QStringLiteral("days are only for weekly restrictions"));
            }
            // Whole minutes: windows are defined to the minute on the wire.
            if (!r.startTime.isValid() || r.startTime.second() != 0 || r.startTime.msec() != 0)
                return invalid(rField + QStringLiteral(".start_time"), QStringLiteral("start_time must be HH:mm"));
            if (!r.endTime.isValid() || r.endTime.second() != 0 || r.endTime.msec() != 0)
                return invalid(rField + QStringLiteral(".end_time"), QStringLiteral("end_time must be HH:mm"));
        }
    }
    if (s.overrides.size() > MaxOverrides)
        return invalid(QStringLiteral("overrides"),
                       QStringLiteral("a schedule has at most %1 overrides; remove past ones").arg(MaxOverrides));
    QHash<QString, qsizetype> ids;
    ids.reserve(s.overrides.size());
    for (qsizetype i = 0; i < s.overrides.size(); ++i) {
        const ScheduleOverride &ov = s.overrides.at(i);
        const QString field = QStringLiteral("overrides[%1]").arg(i);
        if (ov.userId.isEmpty())
            return missing(field + QStringLiteral(".user_id"));
        if (!ov.start.isValid())
            return missing(field + QStringLiteral(".start"));
        if (!ov.end.isValid())
            return missing(field + QStringLiteral(".end"));
        if (ov.end <= ov.start)
            return invalid(field + QStringLiteral(".end"), QStringLiteral("end must be later than start"));
        if (!ov.id.isEmpty()) {
            const auto it = ids.constFind(ov.id);
            if (it != ids.cend())
                return invalid(field + QStringLiteral(".id"), QStringLiteral("overrides[%1] has the same id").arg(*it));
            ids.insert(ov.id, i);
        }
    }
    // Overlaps of one user's overrides, in O(n log n): by user, then start, each override is checked against the
    // one of that user that ends last so far. (Every request that adds an override validates them all.)
    QList<qsizetype> order(s.overrides.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) {
        const ScheduleOverride &x = s.overrides.at(a);
        const ScheduleOverride &y = s.overrides.at(b);
        return std::tie(x.userId, x.start, a) < std::tie(y.userId, y.start, b);
    });
    qsizetype latest = -1; // the override of the current user that ends last so far
    for (const qsizetype i : std::as_const(order)) {
        const ScheduleOverride &ov = s.overrides.at(i);
        if (latest >= 0 && s.overrides.at(latest).userId == ov.userId && ov.start < s.overrides.at(latest).end) {
            // Named as a request would read it: the later one in the list overlaps the earlier one.
            const qsizetype later = std::max(i, latest);
            const qsizetype earlier = std::min(i, latest);
            return invalid(QStringLiteral("overrides[%1].start").arg(later),
                           QStringLiteral("this override overlaps overrides[%1] of the same user").arg(earlier));
        }
        if (latest < 0 || s.overrides.at(latest).userId != ov.userId || ov.end > s.overrides.at(latest).end)
            latest = i;
    }
    return Ok{};
}

} // namespace Vigil
