#include "json.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QTimeZone>
#include <QUuid>

namespace Vigil::Json {

QString formatTime(const QDateTime &t)
{
    if (!t.isValid())
        return {};
    // Always with milliseconds: fixed width keeps text order equal to time order (the store sorts on it).
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(formatTime(t)) : QJsonValue(QJsonValue::Null);
}

QDateTime parseTime(const QString &s)
{
    // Qt::ISODateWithMs accepts "Z" and "+09:00" offsets; a time without offset is rejected on purpose:
    // the wire carries UTC instants only.
    if (s.size() < 20)
        return {};
    const QChar last = s.back();
    const bool hasOffset = last == u'Z' || last == u'z' || s.at(s.size() - 6) == u'+' || s.at(s.size() - 6) == u'-';
    if (!hasOffset)
        return {};
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        return {};
    return t.toUTC();
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

Result<QJsonObject> parseObject(const QByteArray &body)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError)
        return Error::make(ErrorCode::InvalidJson,
                           QStringLiteral("malformed JSON at offset %1: %2").arg(err.offset).arg(err.errorString()));
    if (!doc.isObject())
        return Error::make(ErrorCode::InvalidJson, QStringLiteral("the body must be a JSON object"));
    return doc.object();
}

static QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    default: return QStringLiteral("undefined");
    }
}

Result<QString> string(const QJsonObject &o, const QString &key, bool required, const QString &fallback)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return Error::make(ErrorCode::MissingField, QStringLiteral("%1 is required").arg(key), key);
        return fallback;
    }
    if (!v.isString())
        return Error::make(ErrorCode::InvalidField,
                           QStringLiteral("%1 must be a string, not %2").arg(key, typeName(v)), key);
    return v.toString();
}

Result<OptionalString> nullableString(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return OptionalString{};
    if (v.isNull())
        return OptionalString{true, {}};
    if (!v.isString())
        return Error::make(ErrorCode::InvalidField,
                           QStringLiteral("%1 must be a string or null, not %2").arg(key, typeName(v)), key);
    return OptionalString{true, v.toString()};
}

Result<bool> boolean(const QJsonObject &o, const QString &key, bool fallback)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isBool())
        return Error::make(ErrorCode::InvalidField,
                           QStringLiteral("%1 must be true or false, not %2").arg(key, typeName(v)), key);
    return v.toBool();
}

Result<qint64> integer(const QJsonObject &o, const QString &key, bool required, qint64 fallback, qint64 min,
                       qint64 max)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return Error::make(ErrorCode::MissingField, QStringLiteral("%1 is required").arg(key), key);
        return fallback;
    }
    const double d = v.toDouble();
    if (!v.isDouble() || d != static_cast<double>(static_cast<qint64>(d)))
        return Error::make(ErrorCode::InvalidField,
                           QStringLiteral("%1 must be an integer, not %2").arg(key, typeName(v)), key);
    const auto i = static_cast<qint64>(d);
    if (i < min || i > max)
        return Error::make(ErrorCode::InvalidField,
                           QStringLiteral("%1 must be between %2 and %3").arg(key).arg(min).arg(max), key);
    return i;
}

Result<QString> oneOf(const QJsonObject &o, const QString &key, const QStringList &allowed, bool required,
                      const QString &fallback)
{
    auto s = string(o, key, required, fallback);
    if (!s)
        return s;
    if (!allowed.contains(s.value()))
        return Error::make(ErrorCode::InvalidField,
                           QStringLiteral("%1 must be one of %2").arg(key, allowed.join(QStringLiteral(", "))), key);
    return s;
}

Status onlyKnown(const QJsonObject &o, const QStringList &known)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key()))
            return Error::make(ErrorCode::InvalidField, QStringLiteral("unknown field %1").arg(it.key()), it.key());
    }
    return Ok{};
}

} // namespace Vigil::Json
