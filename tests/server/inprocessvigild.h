#pragma once

// vigild's parts wired in-process as server/main.cpp wires them, over a real SQLite file and a fake clock, so that a
// test moves time by hand and drives the API through HttpServer::call() (no network, no sleeps).
#include "api.h"
#include "alerting/alertingservice.h"
#include "alerting/alertwriter.h"
#include "alerting/escalationengine.h"
#include "http/httpserver.h"

#include "common/clock.h"
#include "common/json.h"
#include "store/store.h"

#include <QJsonDocument>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace Vigil::Testing {

struct InProcessVigild
{
    QTemporaryDir dir;
    FakeClock clock;
    std::unique_ptr<Store> store;
    std::optional<AlertWriter> writer;
    std::optional<AlertingService> alerting;
    HttpServer http;
    std::optional<Api> api;
    /// Created, but not wired to the alerting service: a test that wants rule 0 paged in the ingest's own
    /// transaction calls wireEngine().
    std::optional<EscalationEngine> engine;
    QString token;

    explicit InProcessVigild(const QDateTime &start) : clock(start)
    {
        auto opened = Store::openSqlite(dir.filePath(QStringLiteral("v.db")), clock);
        if (!opened.ok())
            return;
        store = std::move(opened.value());
        writer.emplace(*store, clock);
        alerting.emplace(*store, *writer, clock);
        api.emplace(*store, clock, *alerting);
        api->registerRoutes(http);
        engine.emplace(*store, *writer, clock);
    }

    [[nodiscard]] bool ok() const { return store != nullptr; }

    void wireEngine() { alerting->setEscalationEngine(&*engine); }

    /// Users with these ids and role (time zone UTC), and a token of `tokenUser`, kept for call().
    [[nodiscard]] bool seedUsers(const QStringList &ids, const QString &role, const QString &tokenUser)
    {
        const QString now = Json::formatTime(clock.now());
        return store->write([&]() -> Status {
            for (const QString &id : ids) {
                const QJsonObject u{{QStringLiteral("id"), id},
                                    {QStringLiteral("version"), 1},
                                    {QStringLiteral("created_at"), now},
                                    {QStringLiteral("updated_at"), now},
                                    {QStringLiteral("name"), QString(QStringLiteral("User ") + id)},
                                    {QStringLiteral("email"), QString(id + QStringLiteral("@example.com"))},
                                    {QStringLiteral("role"), role},
                                    {QStringLiteral("time_zone"), QStringLiteral("UTC")}};
                if (auto st = store->put(Kind::User, u); !st)
                    return st;
            }
            auto created = store->secrets().createToken(tokenUser, QStringLiteral("test"));
            if (!created)
                return created.error();
            token = created.value();
            return Ok{};
        }).ok();
    }

    /// A request as the seeded token's user.
    HttpResponse call(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        HttpRequest req;
        req.method = QString::fromLatin1(method);
        req.path = path;
        req.body = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
        req.headers.insert("authorization", "Bearer " + token.toUtf8());
        if (!req.body.isEmpty())
            req.headers.insert("content-type", "application/json");
        return http.call(req);
    }
};

} // namespace Vigil::Testing
