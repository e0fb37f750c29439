#include "routesupport.h"

#include "common/json.h"

#include <QRegularExpression>

namespace Vigil::Routes {

using namespace Qt::StringLiterals;

namespace {

/// Parses If-Match: "3", 3 or W/"3". nullopt when absent; -1 when malformed.
std::optional<qint64> ifMatch(const HttpRequest &req)
{
    QByteArray v = req.header("if-match").trimmed();
    if (v.isEmpty())
        return std::nullopt;
    if (v.startsWith("W/"))
        v = v.mid(2);
    if (v.startsWith('"') && v.endsWith('"') && v.size() >= 2)
        v = v.mid(1, v.size() - 2);
    bool ok = false;
    const qint64 n = v.toLongLong(&ok);
    return ok ? n : -1;
}

} // namespace

Error err(const char *code, const QString &message, const QString &field)
{
    return Error::make(code, message, field);
}

Result<QJsonObject> requireJsonBody(const HttpRequest &req)
{
    const QByteArray ct = req.header("content-type").toLower();
    if (!req.body.isEmpty() && !ct.isEmpty() && !ct.startsWith("application/json"))
        return err(ErrorCode::UnsupportedMediaType,
                   QStringLiteral("Content-Type must be application/json, not %1").arg(QString::fromLatin1(ct)));
    if (req.body.trimmed().isEmpty())
        return err(ErrorCode::InvalidJson, u"a JSON object body is required"_s);
    return Json::parseObject(req.body);
}

Result<QJsonObject> optionalJsonBody(const HttpRequest &req)
{
    if (req.body.trimmed().isEmpty())
        return QJsonObject{};
    return Json::parseObject(req.body);
}

Status checkIfMatch(const HttpRequest &req, const QString &what, const QJsonObject &current)
{
    const auto im = ifMatch(req);
    if (!im)
        return Ok{};
    if (*im < 0)
        return err(ErrorCode::InvalidField, u"If-Match must be a quoted version such as \"3\""_s, u"If-Match"_s);
    const qint64 version = current.value(u"version"_s).toInteger();
    if (*im == version)
        return Ok{};
    // The 412 carries the entity as it is now, so that a client can merge and retry without another GET.
    Error e = err(ErrorCode::VersionMismatch, QStringLiteral("%1 is at version %2, not %3").arg(what).arg(version).arg(*im));
    e.extra.insert(u"current"_s, current);
    return e;
}

QJsonObject stamp(QJsonObject o, const QJsonObject &before, const QDateTime &now, const QString &id)
{
    o.insert(u"id"_s, id);
    if (before.isEmpty()) {
        o.insert(u"version"_s, 1);
        o.insert(u"created_at"_s, Json::formatTime(now));
    } else {
        o.insert(u"version"_s, before.value(u"version"_s).toInteger() + 1);
        o.insert(u"created_at"_s, before.value(u"created_at"_s));
    }
    o.insert(u"updated_at"_s, Json::formatTime(now));
    return o;
}

Result<int> limitParam(const HttpRequest &req, int def, int max)
{
    const QString v = req.queryValue(u"limit"_s);
    if (v.isEmpty())
        return def;
    bool ok = false;
    const int n = v.toInt(&ok);
    if (!ok || n < 1 || n > max)
        return err(ErrorCode::InvalidQuery, QStringLiteral("limit must be an integer from 1 to %1").arg(max), u"limit"_s);
    return n;
}

QString encodeCursor(const QString &a, const QString &b)
{
    return QString::fromLatin1((a + u'|' + b).toUtf8().toBase64(QByteArray::Base64UrlEncoding));
}

std::optional<std::pair<QString, QString>> decodeCursor(const QString &c)
{
    const QString raw = QString::fromUtf8(QByteArray::fromBase64(c.toLatin1(), QByteArray::Base64UrlEncoding));
    const auto bar = raw.indexOf(u'|');
    if (bar < 0)
        return std::nullopt;
    return std::pair{raw.left(bar), raw.mid(bar + 1)};
}

Status validateEmail(const QString &email, const QString &field, bool required)
{
    if (email.isEmpty())
        return required ? Status(err(ErrorCode::MissingField, QStringLiteral("%1 is required").arg(field), field))
                        : Status(Ok{});
    // Deliberately loose: one @, a dot in the domain, no spaces. Whether the address works is the mail server's
    // to say; a stricter pattern only turns away addresses that are valid.
    static const QRegularExpression re(u"^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"_s);
    if (!re.match(email).hasMatch() || email.size() > 254)
        return err(ErrorCode::InvalidField, QStringLiteral("%1 is not an e-mail address").arg(field), field);
    return Ok{};
}

QJsonArray toArray(const QList<QJsonObject> &items)
{
    QJsonArray a;
    for (const auto &o : items)
        a.append(o);
    return a;
}

HttpResponse onePage(const QJsonArray &items)
{
    return HttpResponse::json(200, QJsonObject{{u"items"_s, items}, {u"next_cursor"_s, QJsonValue::Null}});
}

HttpResponse noContent()
{
    return HttpResponse{204, {}, "application/json", {}};
}

QJsonObject alertLogEntryFor(QJsonObject entry, const QString &readerId, bool admin)
{
    const QString type = entry.value(u"type"_s).toString();
    if (type != u"delivered" && type != u"delivery_failed")
        return entry;
    const QJsonObject details = entry.value(u"details"_s).toObject();
    const QString owner = details.value(u"user_id"_s).toString();
    if (admin || (!readerId.isEmpty() && owner == readerId))
        return entry;
    QJsonObject kept;
    for (const QString &key : {u"user_id"_s, u"channel"_s, u"contact_method_id"_s, u"attempt"_s}) {
        if (details.contains(key))
            kept.insert(key, details.value(key));
    }
    const QString channel = details.value(u"channel"_s).toString();
    QString message;
    if (type == u"delivered")
        message = channel.isEmpty() ? u"Delivered"_s : u"Delivered by %1"_s.arg(channel);
    else
        message = channel.isEmpty() ? u"Delivery failed"_s : u"Delivery by %1 failed"_s.arg(channel);
    entry.insert(u"message"_s, message);
    entry.insert(u"details"_s, kept);
    return entry;
}

} // namespace Vigil::Routes
