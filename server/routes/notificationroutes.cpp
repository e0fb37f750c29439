// A user's contact methods and notification rules: GET/PUT /api/v1/me/notification_settings (and, for admins,
// /api/v1/users/<id>/notification_settings). Kept out of the user document so that addresses and webhook URLs are
// not sent to every console with the change feed.
#include "notificationroutes.h"

#include "routesupport.h"

#include "common/json.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace Vigil {

using namespace Qt::StringLiterals;
using namespace Routes;

namespace {

Error invalid(const QString &field, const QString &message) { return err(ErrorCode::InvalidField, message, field); }

constexpr int MaxMethods = 10;
constexpr int MaxRules = 20;

} // namespace

Result<QJsonObject> validateNotificationSettings(const QJsonObject &body)
{
    if (auto st = Json::onlyKnown(body, {u"contact_methods"_s, u"notification_rules"_s}); !st)
        return st.error();
    const QJsonValue methodsValue = body.value(u"contact_methods"_s);
    if (!methodsValue.isUndefined() && !methodsValue.isArray())
        return invalid(u"contact_methods"_s, u"contact_methods must be an array"_s);
    const QJsonArray methodsIn = methodsValue.toArray();
    if (methodsIn.size() > MaxMethods)
        return invalid(u"contact_methods"_s, QStringLiteral("at most %1 contact methods").arg(MaxMethods));
    static const QRegularExpression email(QStringLiteral(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)"));
    static const QRegularExpression phone(QStringLiteral(R"(^\+[1-9][0-9]{6,14}$)"));
    QJsonArray methods;
    QSet<QString> ids;
    for (qsizetype i = 0; i < methodsIn.size(); ++i) {
        const QString field = QStringLiteral("contact_methods[%1]").arg(i);
        const QJsonObject m = methodsIn.at(i).toObject();
        if (auto st = Json::onlyKnown(m, {u"id"_s, u"type"_s, u"address"_s, u"label"_s}); !st)
            return invalid(field + u'.' + st.error().field, st.error().message);
        const QString type = m.value(u"type"_s).toString();
        const QString address = m.value(u"address"_s).toString().trimmed();
        if (type != u"email" && type != u"webhook" && type != u"slack" && type != u"sms")
            return invalid(field + u".type"_s, u"type must be email, webhook, slack or sms"_s);
        if (address.isEmpty())
            return Error::make(ErrorCode::MissingField, u"address is required"_s, field + u".address"_s);
        if (type == u"email" && !email.match(address).hasMatch())
            return invalid(field + u".address"_s, u"address must be an e-mail address"_s);
        if (type == u"sms" && !phone.match(address).hasMatch())
            return invalid(field + u".address"_s, u"address must be a phone number in international form, such as +821012345678"_s);
        if (type == u"webhook" || type == u"slack") {
            const QUrl url(address, QUrl::StrictMode);
            if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http") || url.host().isEmpty())
                return invalid(field + u".address"_s, u"address must be an http or https URL"_s);
        }
        QString id = m.value(u"id"_s).toString();
        if (id.isEmpty())
            id = Json::newId();
        if (ids.contains(id))
            return invalid(field + u".id"_s, u"contact method ids must be unique"_s);
        ids.insert(id);
        methods.append(QJsonObject{{u"id"_s, id}, {u"type"_s, type}, {u"address"_s, address},
                                   {u"label"_s, m.value(u"label"_s).toString().left(100)}});
    }
    const QJsonValue rulesValue = body.value(u"notification_rules"_s);
    if (!rulesValue.isUndefined() && !rulesValue.isArray())
        return invalid(u"notification_rules"_s, u"notification_rules must be an array"_s);
    const QJsonArray rulesIn = rulesValue.toArray();
    if (rulesIn.size() > MaxRules)
        return invalid(u"notification_rules"_s, QStringLiteral("at most %1 notification rules").arg(MaxRules));
    QJsonArray rules;
    for (qsizetype i = 0; i < rulesIn.size(); ++i) {
        const QString field = QStringLiteral("notification_rules[%1]").arg(i);
        const QJsonObject r = rulesIn.at(i).toObject();
        if (auto st = Json::onlyKnown(r, {u"after_minutes"_s, u"contact_method_id"_s}); !st)
            return invalid(field + u'.' + st.error().field, st.error().message);
        auto after = Json::integer(r, u"after_minutes"_s, false, 0, 0, 1440);
        if (!after)
            return invalid(field + u".after_minutes"_s, after.error().message);
        const QString method = r.value(u"contact_method_id"_s).toString();
        if (!ids.contains(method))
            return invalid(field + u".contact_method_id"_s, u"contact_method_id must name one of contact_methods"_s);
        rules.append(QJsonObject{{u"after_minutes"_s, after.value()}, {u"contact_method_id"_s, method}});
    }
    return QJsonObject{{u"contact_methods"_s, methods}, {u"notification_rules"_s, rules}};
}

void NotificationRoutes::registerRoutes(HttpServer &server)
{
    const auto read = [this](const QString &userId) {
        if (auto u = m_store.get(Kind::User, userId); !u)
            return HttpResponse::error(u.error());
        QJsonObject o = m_store.secrets().notificationSettings(userId);
        if (o.isEmpty())
            o = QJsonObject{{u"contact_methods"_s, QJsonArray{}}, {u"notification_rules"_s, QJsonArray{}}};
        return HttpResponse::json(200, o);
    };
    const auto write = [this](const QString &userId, const QJsonObject &body) -> Result<QJsonObject> {
        if (auto u = m_store.get(Kind::User, userId); !u)
            return u.error();
        auto settings = validateNotificationSettings(body);
        if (!settings)
            return settings.error();
        if (auto st = m_store.secrets().setNotificationSettings(userId, settings.value()); !st)
            return st.error();
        return settings.value();
    };
    server.route(u"GET"_s, u"/api/v1/me/notification_settings"_s, [this, read](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &p) { return read(p.userId); });
    });
    routeWrite(server, u"PUT"_s, u"/api/v1/me/notification_settings"_s, Role::Viewer, 200,
               [write](const HttpRequest &, const QJsonObject &body, const Principal &p) { return write(p.userId, body); });
    server.route(u"GET"_s, u"/api/v1/users/:id/notification_settings"_s, [this, read](const HttpRequest &req) {
        return guarded(req, Role::Admin, [&](const Principal &) { return read(req.args.at(0)); });
    });
    routeWrite(server, u"PUT"_s, u"/api/v1/users/:id/notification_settings"_s, Role::Admin, 200,
               [write](const HttpRequest &req, const QJsonObject &body, const Principal &) { return write(req.args.at(0), body); });
}

} // namespace Vigil
