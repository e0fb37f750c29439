// Fuzz target: vigild's request bodies, in-process over a real SQLite file: the three monitoring-tool formats
// (Alertmanager's webhook, PagerDuty Events v2, Opsgenie), native alerts, and the bodies of the main write routes
// (tickets, schedules, escalation policies, services, users, notification settings, the SLA policy, heartbeats).
// The first byte picks the route, the rest is the body. Whatever it is, vigild must answer (2xx or a 4xx with a
// JSON error naming the problem), never crash, trip a sanitizer or answer 500.
#include "api.h"
#include "alerting/alertingservice.h"
#include "alerting/alertwriter.h"
#include "alerting/escalationengine.h"
#include "http/httpserver.h"

#include "common/clock.h"
#include "common/json.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

using namespace Vigil;
using namespace Qt::StringLiterals;

namespace {

struct Target
{
    const char *method;
    const char *path; // {am}: the Alertmanager key; {svc}: the service id
    enum class Auth { Token, GenieKey, None } auth;
};

const Target Targets[] = {
    {"POST", "/integrations/alertmanager/{am}", Target::Auth::None},
    {"POST", "/v2/enqueue", Target::Auth::None},
    {"POST", "/v2/alerts", Target::Auth::GenieKey},
    {"POST", "/v2/alerts/db-disk/close?identifierType=alias", Target::Auth::GenieKey},
    {"POST", "/api/v1/alerts", Target::Auth::Token},
    {"POST", "/api/v1/tickets", Target::Auth::Token},
    {"POST", "/api/v1/schedules", Target::Auth::Token},
    {"POST", "/api/v1/escalation_policies", Target::Auth::Token},
    {"PATCH", "/api/v1/services/{svc}", Target::Auth::Token},
    {"POST", "/api/v1/users", Target::Auth::Token},
    {"PUT", "/api/v1/me/notification_settings", Target::Auth::Token},
    {"PUT", "/api/v1/sla_policy", Target::Auth::Token},
    {"POST", "/api/v1/heartbeats", Target::Auth::Token},
};

/// vigild's parts as server/main.cpp wires them, made once for the whole run.
struct Vigild
{
    QTemporaryDir dir;
    FakeClock clock{QDateTime(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC)};
    std::unique_ptr<Store> store;
    std::unique_ptr<AlertWriter> writer;
    std::unique_ptr<AlertingService> alerting;
    std::unique_ptr<EscalationEngine> engine;
    HttpServer http;
    std::unique_ptr<Api> api;
    QString token, service, amKey, pdKey, ogKey;
};

Vigild *vigild = nullptr;

void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_api set-up: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    vigild = new Vigild;
    auto opened = Store::openSqlite(vigild->dir.filePath(u"fuzz.db"_s), vigild->clock);
    if (!opened)
        fail("cannot open the store");
    vigild->store = std::move(opened.value());
    Store &store = *vigild->store;
    vigild->writer = std::make_unique<AlertWriter>(store, vigild->clock);
    vigild->alerting = std::make_unique<AlertingService>(store, *vigild->writer, vigild->clock);
    vigild->engine = std::make_unique<EscalationEngine>(store, *vigild->writer, vigild->clock);
    vigild->alerting->setEscalationEngine(vigild->engine.get());
    vigild->api = std::make_unique<Api>(store, vigild->clock, *vigild->alerting);
    vigild->api->registerRoutes(vigild->http);
    const QString now = Json::formatTime(vigild->clock.now());
    const Status seeded = store.write([&]() -> Status {
        const QJsonObject admin{{u"id"_s, u"admin"_s}, {u"version"_s, 1}, {u"created_at"_s, now}, {u"updated_at"_s, now},
                                {u"name"_s, u"Admin"_s}, {u"email"_s, u"admin@example.com"_s}, {u"role"_s, u"admin"_s},
                                {u"time_zone"_s, u"Asia/Seoul"_s}};
        if (auto st = store.put(Kind::User, admin); !st)
            return st;
        const QJsonObject service{{u"id"_s, u"svc"_s}, {u"version"_s, 1}, {u"created_at"_s, now}, {u"updated_at"_s, now},
                                  {u"name"_s, u"Database"_s}, {u"description"_s, QString()}, {u"team_id"_s, QJsonValue::Null},
                                  {u"escalation_policy_id"_s, QJsonValue::Null}, {u"maintenance_windows"_s, QJsonArray{}}};
        if (auto st = store.put(Kind::Service, service); !st)
            return st;
        auto token = store.secrets().createToken(u"admin"_s, u"fuzz"_s);
        auto am = store.secrets().createIntegration(u"svc"_s, u"alertmanager"_s, u"am"_s);
        auto pd = store.secrets().createIntegration(u"svc"_s, u"pagerduty"_s, u"pd"_s);
        auto og = store.secrets().createIntegration(u"svc"_s, u"opsgenie"_s, u"og"_s);
        for (const auto *r : {&token, &am, &pd, &og}) {
            if (!*r)
                return r->error();
        }
        vigild->token = token.value();
        vigild->amKey = am.value();
        vigild->pdKey = pd.value();
        vigild->ogKey = og.value();
        return Ok{};
    });
    if (!seeded)
        fail(qPrintable(seeded.error().message));
    vigild->service = u"svc"_s;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const Target &target = Targets[data[0] % std::size(Targets)];
    HttpRequest req;
    req.method = QString::fromLatin1(target.method);
    QString path = QString::fromLatin1(target.path).replace(u"{am}"_s, vigild->amKey).replace(u"{svc}"_s, vigild->service);
    const auto q = path.indexOf(u'?');
    if (q >= 0) {
        req.query = QUrlQuery(path.mid(q + 1));
        path.truncate(q);
    }
    req.path = path;
    req.body = QByteArray(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    // PagerDuty's key travels in the body: put the real one in, so that the fuzzer gets past the key check.
    if (req.path == u"/v2/enqueue") {
        QJsonDocument doc = QJsonDocument::fromJson(req.body);
        if (doc.isObject() && doc.object().value(u"routing_key"_s).isString()) {
            QJsonObject o = doc.object();
            o.insert(u"routing_key"_s, vigild->pdKey);
            req.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
        }
    }
    req.headers.insert("content-type", "application/json");
    if (target.auth == Target::Auth::Token)
        req.headers.insert("authorization", "Bearer " + vigild->token.toUtf8());
    else if (target.auth == Target::Auth::GenieKey)
        req.headers.insert("authorization", "GenieKey " + vigild->ogKey.toUtf8());
    const HttpResponse r = vigild->http.call(req);
    if (r.status >= 500) {
        std::fprintf(stderr, "%s %s answered %d: %s\n", target.method, qPrintable(req.path), r.status, r.body.constData());
        std::abort();
    }
    if (r.status >= 400 && !QJsonDocument::fromJson(r.body).isObject()) {
        std::fprintf(stderr, "%s %s answered %d without a JSON body\n", target.method, qPrintable(req.path), r.status);
        std::abort();
    }
    // Time moves, so that escalation steps fall due and fire like in a running server.
    vigild->clock.advanceSecs(7);
    vigild->engine->runDue();
    return 0;
}
