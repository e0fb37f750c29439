// A user's contact methods and notification rules: GET/PUT /api/v1/me/notification_settings (and, for admins,
// /api/v1/users/<id>/notification_settings). Kept out of the user document so that addresses and webhook URLs are
// not sent to every console with the change feed.
#include "api.h"

#include "common/json.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace Vigil {

namespace {

QString s(const char *text) { return QString::fromUtf8(text); }

Error invalid(const QString &field, const QString &message) { return Error::make(ErrorCode::InvalidField, message, field); }

constexpr int MaxMethods = 10;
constexpr int MaxRules = 20;

} // namespace

Result<QJsonObject> validateNotificationSettings(const QJsonObject &body)
{
    if (auto st = Json::onlyKnown(body, {s("contact_methods"), s("notification_rules")}); !st)
        return st.error();
    const QJsonValue methodsValue = body.value(s("contact_methods"));
    if (!methodsValue.isUndefined() && !methodsValue.isArray())
        return invalid(s("contact_methods"), s("contact_methods must be an array"));
    const QJsonArray methodsIn = methodsValue.toArray();
    if (methodsIn.size() > MaxMethods)
        return invalid(s("contact_methods"), QStringLiteral("at most %1 contact methods").arg(MaxMethods));
    static const QRegularExpression email(QStringLiteral(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)"));
    static const QRegularExpression phone(QStringLiteral(R"(^\+[1-9][0-9]{6,14}$)"));
    QJsonArray methods;
    QSet<QString> ids;
    for (qsizetype i = 0; i < methodsIn.size(); ++i) {
        const QString field = QStringLiteral("contact_methods[%1]").arg(i);
        const QJsonObject m = methodsIn.at(i).toObject();
        if (auto st = Json::onlyKnown(m, {s("id"), s("type"), s("address"), s("label")}); !st)
            return invalid(field + u'.' + st.error().field, st.error().message);
        const QString type = m.value(s("type")).toString();
        const QString address = m.value(s("address")).toString().trimmed();
        if (type != u"email" && type != u"webhook" && type != u"slack" && type != u"sms")
            return invalid(field + s(".type"), s("type must be email, webhook, slack or sms"));
        if (address.isEmpty())
            return Error::make(ErrorCode::MissingField, s("address is required"), field + s(".address"));
        if (type == u"email" && !email.match(address).hasMatch())
            return invalid(field + s(".address"), s("address must be an e-mail address"));
        if (type == u"sms" && !phone.match(address).hasMatch())
            return invalid(field + s(".address"), s("address must be a phone number in international form, such as +821012345678"));
        if (type == u"webhook" || type == u"slack") {
            const QUrl url(address, QUrl::StrictMode);
            if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http") || url.host().isEmpty())
                return invalid(field + s(".address"), s("address must be an http or https URL"));
        }
        QString id = m.value(s("id")).toString();
        if (id.isEmpty())
            id = Json::newId();
        if (ids.contains(id))
            return invalid(field + s(".id"), s("contact method ids must be unique"));
        ids.insert(id);
        methods.append(QJsonObject{{s("id"), id}, {s("type"), type}, {s("address"), address},
                                   {s("label"), m.value(s("label")).toString().left(100)}});
    }
    const QJsonValue rulesValue = body.value(s("notification_rules"));
    if (!rulesValue.isUndefined() && !rulesValue.isArray())
        return invalid(s("notification_rules"), s("notification_rules must be an array"));
    const QJsonArray rulesIn = rulesValue.toArray();
    if (rulesIn.size() > MaxRules)
        return invalid(s("notification_rules"), QStringLiteral("at most %1 notification rules").arg(MaxRules));
    QJsonArray rules;
    for (qsizetype i = 0; i < rulesIn.size(); ++i) {
        const QString field = QStringLiteral("notification_rules[%1]").arg(i);
        const QJsonObject r = rulesIn.at(i).toObject();
        if (auto st = Json::onlyKnown(r, {s("after_minutes"), s("contact_method_id")}); !st)
            return invalid(field + u'.' + st.error().field, st.error().message);
        auto after = Json::integer(r, s("after_minutes"), false, 0, 0, 1440);
        if (!after)
            return invalid(field + s(".after_minutes"), after.error().message);
        const QString method = r.value(s("contact_method_id")).toString();
        if (!ids.contains(method))
            return invalid(field + s(".contact_method_id"), s("contact_method_id must name one of contact_methods"));
        rules.append(QJsonObject{{s("after_minutes"), after.value()}, {s("contact_method_id"), method}});
    }
    return QJsonObject{{s("contact_methods"), methods}, {s("notification_rules"), rules}};
}

void Api::registerNotificationRoutes(HttpServer &server)
{
    const auto read = [this](const QString &userId) {
        if (auto u = m_store.get(Kind::User, userId); !u)
            return HttpResponse::error(u.error());
        QJsonObject o = m_store.notificationSettings(userId);
        if (o.isEmpty())
            o = QJsonObject{{s("contact_methods"), QJsonArray{}}, {s("notification_rules"), QJsonArray{}}};
        return HttpResponse::json(200, o);
    };
    const auto write = [this](const QString &userId, const QJsonObject &body) -> Result<QJsonObject> {
        if (auto u = m_store.get(Kind::User, userId); !u)
            return u.error();
        auto settings = validateNotificationSettings(body);
        if (!settings)
            return settings.error();
        if (auto st = m_store.setNotificationSettings(userId, settings.value()); !st)
            return st.error();
        return settings.value();
    };
    server.route(s("GET"), s("/api/v1/me/notification_settings"), [this, read](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &p) { return read(p.userId); });
    });
    routeWrite(server, s("PUT"), s("/api/v1/me/notification_settings"), Role::Viewer, 200,
               [write](const HttpRequest &, const QJsonObject &body, const Principal &p) { return write(p.userId, body); });
    server.route(s("GET"), s("/api/v1/users/:id/notification_settings"), [this, read](const HttpRequest &req) {
        return guarded(req, Role::Admin, [&](const Principal &) { return read(req.args.at(0)); });
    });
    routeWrite(server, s("PUT"), s("/api/v1/users/:id/notification_settings"), Role::Admin, 200,
               [write](const HttpRequest &req, const QJsonObject &body, const Principal &) { return write(req.args.at(0), body); });
}

} // namespace Vigil
