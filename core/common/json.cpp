#include "json.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QTimeZone>
#include <QRandomGenerator>
#include <QUuid>

#include <cmath>
#include <mutex>

namespace Vigil::Json {

QString formatTime(const QDateTime &t)
{
    if (!t.isValid())
        return {};
    // Always with milliseconds: fixed width keeps text order equal to time order (the store sorts on it).
    // Written digit by digit: QDateTime::toString parses its format on every call, and every stored document
    // carries several times.
    const qint64 ms = t.toMSecsSinceEpoch();
    constexpr qint64 MsPerDay = 86'400'000;
    const qint64 days = ms >= 0 ? ms / MsPerDay : -((-ms + MsPerDay - 1) / MsPerDay);
    const qint64 msOfDay = ms - days * MsPerDay;
    int year = 0, month = 0, day = 0;
    QDate::fromJulianDay(2'440'588 + days).getDate(&year, &month, &day); // 2440588: 1970-01-01
    if (year < 0 || year > 9999)
        return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
    char16_t buf[24];
    const auto put = [&buf](int at, qint64 value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            buf[at + i] = char16_t(u'0' + value % 10);
    };
    put(0, year, 4);
    buf[4] = u'-';
    put(5, month, 2);
    buf[7] = u'-';
    put(8, day, 2);
    buf[10] = u'T';
    put(11, msOfDay / 3'600'000, 2);
    buf[13] = u':';
    put(14, msOfDay / 60'000 % 60, 2);
    buf[16] = u':';
    put(17, msOfDay / 1000 % 60, 2);
    buf[19] = u'.';
    put(20, msOfDay % 1000, 3);
    buf[23] = u'Z';
    return QString(reinterpret_cast<const QChar *>(buf), 24);
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
    t = t.toUTC();
    // RFC 3339 has four-digit years: an offset may carry a time at the edge of the range out of it
    // ("0001-01-01T00:00:00+19:00" is in year 0), and such a time could not be written back.
    if (t.date().year() < 1 || t.date().year() > 9999)
        return {};
    return t;
}

QString newId()
{
    // A version 7 UUID (RFC 9562): 48 bits of Unix time in milliseconds, then 74 bits that are random for the first
    // id of a millisecond and count up within it (§6.2, method 2, "monotonic random"). Ids made one after the other
    // sort together, so a table's primary-key index grows at its end instead of at a random leaf; and two items
    // made in the same millisecond sort in the order they were made, which lists ordered by (time, id) rely on —
    // comments and log entries written in one request would otherwise come back in random order.
    static std::mutex lock;
    static quint64 lastMs = 0;
    static quint64 high = 0; // the 12 bits after the version nibble
    static quint64 low = 0;  // the 62 bits after the variant
    constexpr quint64 LowMask = (quint64(1) << 62) - 1;
    constexpr quint64 HighMask = (quint64(1) << 12) - 1;

    quint64 ms = quint64(QDateTime::currentMSecsSinceEpoch());
    quint64 a = 0;
    quint64 b = 0;
    {
        const std::lock_guard guard(lock);
        if (ms > lastMs) {
            // A new millisecond: random bits again, with the counter's top bit clear so that it has room to count.
            const quint64 r = QRandomGenerator::global()->generate64();
            high = (r >> 53) & (HighMask >> 1);
            low = QRandomGenerator::global()->generate64() & LowMask;
            lastMs = ms;
        } else {
            // The same millisecond, or the wall clock stepped back: count on from the last id, by a random step
            // so that the next id of a millisecond cannot be guessed from the last. Past the counter's end, the
            // id borrows the next millisecond (the RFC's advice), which keeps the order.
            low += 1 + (QRandomGenerator::global()->generate() & 0xFFFF);
            if (low > LowMask) {
                low &= LowMask;
                if (++high > HighMask) {
                    high = 0;
                    ++lastMs;
                }
            }
            ms = lastMs;
        }
        a = high;
        b = low;
    }
    quint8 bytes[16];
    for (int i = 0; i < 6; ++i)
        bytes[i] = quint8(ms >> (8 * (5 - i)));
    bytes[6] = quint8(0x70 | (a >> 8)); // version 7
    bytes[7] = quint8(a);
    bytes[8] = quint8(0x80 | (b >> 56)); // variant 10
    for (int i = 9; i < 16; ++i)
        bytes[i] = quint8(b >> (8 * (15 - i)));
    return QUuid::fromRfc4122(QByteArrayView(reinterpret_cast<const char *>(bytes), 16)).toString(QUuid::WithoutBraces);
}

QString oneLine(QString text, int max)
{
    text.replace(u'\r', u' ').replace(u'\n', u' ');
    text = text.trimmed();
    return text.size() > max ? text.left(max - 1) + u'…' : text;
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

std::optional<qint64> inInt64Range(double d)
{
    // 2^63 is exactly representable; every double below it (and at or above -2^63) converts without overflow.
    constexpr double Limit = 9223372036854775808.0;
    if (!std::isfinite(d) || d >= Limit || d < -Limit)
        return std::nullopt;
    return static_cast<qint64>(d);
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
    if (!v.isDouble())
        return Error::make(ErrorCode::InvalidField,
                           QStringLiteral("%1 must be an integer, not %2").arg(key, typeName(v)), key);
    const double d = v.toDouble();
    if (!std::isfinite(d) || std::trunc(d) != d)
        return Error::make(ErrorCode::InvalidField, QStringLiteral("%1 must be an integer").arg(key), key);
    // Compared as doubles before any conversion: casting a double outside qint64's range (1e300) is undefined.
    const auto i = inInt64Range(d);
    if (!i || *i < min || *i > max)
        return Error::make(ErrorCode::InvalidField,
                           QStringLiteral("%1 must be between %2 and %3").arg(key).arg(min).arg(max), key);
    return *i;
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
