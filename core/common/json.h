#pragma once

#include <optional>

#include "result.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace Vigil::Json {

/// RFC 3339 UTC with a Z and milliseconds: 2026-11-25T09:30:00.000Z.
[[nodiscard]] QString formatTime(const QDateTime &t);
[[nodiscard]] QJsonValue timeOrNull(const QDateTime &t);
/// Parses RFC 3339 with Z or an offset; returns an invalid QDateTime on failure.
[[nodiscard]] QDateTime parseTime(const QString &s);
/// A new id: a version 7 UUID, time-ordered and monotonic within this process: an id sorts after every id made
/// before it (in the same millisecond too), so ordering by (time, id) follows creation. Thread-safe.
[[nodiscard]] QString newId();
/// Text for a one-line member (a message, a name): line breaks become spaces, and text longer than `max`
/// characters is cut to `max`, an ellipsis marking the cut.
[[nodiscard]] QString oneLine(QString text, int max);

/// Parse a request body: must be a JSON object.
[[nodiscard]] Result<QJsonObject> parseObject(const QByteArray &body);

/// Field readers for request validation. Each returns the value, or an Error naming the field.
/// `required` reports missing_field when absent (or null); otherwise absent gives `fallback`.
[[nodiscard]] Result<QString> string(const QJsonObject &o, const QString &key, bool required,
                                     const QString &fallback = {});
/// A string or null; absent gives nullopt wrapped as "not present" via the `present` flag.
struct OptionalString
{
    bool present = false;
    QString value; // empty when null
};
[[nodiscard]] Result<OptionalString> nullableString(const QJsonObject &o, const QString &key);
[[nodiscard]] Result<bool> boolean(const QJsonObject &o, const QString &key, bool fallback);
/// `d` as a qint64 when it is finite and within qint64's range (its fraction dropped), nullopt otherwise.
[[nodiscard]] std::optional<qint64> inInt64Range(double d);
[[nodiscard]] Result<qint64> integer(const QJsonObject &o, const QString &key, bool required, qint64 fallback,
                                     qint64 min, qint64 max);
/// A value that must be one of `allowed`.
[[nodiscard]] Result<QString> oneOf(const QJsonObject &o, const QString &key, const QStringList &allowed,
                                    bool required, const QString &fallback = {});
/// Rejects members not in `known` (catches typos such as "prority").
[[nodiscard]] Status onlyKnown(const QJsonObject &o, const QStringList &known);

} // namespace Vigil::Json
