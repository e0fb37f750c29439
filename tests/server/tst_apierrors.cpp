// Every way a request can be wrong, and who may do what: one table row per case, each against a real vigild.
#include "vigildprocess.h"

#include <QJsonArray>
#include <QTest>
#include <QUuid>

using namespace Vigil::Testing;
using namespace Qt::StringLiterals;

class tst_ApiErrors final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void errors_data();
    void errors();
    void roleMatrix_data();
    void roleMatrix();

private:
    QString expand(QString path) const;
    VigildProcess m_server;
    QString m_ticketId;
    QString m_ticketKey;
};

void tst_ApiErrors::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
    const QJsonObject t = m_server.createTicket({{u"summary"_s, u"target of the error table"_s}});
    QVERIFY(!t.isEmpty());
    m_ticketId = t.value(u"id").toString();
    m_ticketKey = t.value(u"key").toString();
}

void tst_ApiErrors::cleanupTestCase()
{
    m_server.stop();
}

QString tst_ApiErrors::expand(QString path) const
{
    return path.replace(u"@ticket"_s, m_ticketId)
        .replace(u"@key"_s, m_ticketKey)
        .replace(u"@user"_s, m_server.userId(u"viewer"_s));
}

void tst_ApiErrors::errors_data()
{
    QTest::addColumn<QString>("auth");      // a role, "" for no Authorization, "bad" for an unknown token
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");      // @ticket, @key, @user expand to existing entities
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QByteArray>("allow"); // expected Allow header for 405

    const QString agent = u"agent"_s;
    const QString admin = u"admin"_s;
    const QString manager = u"manager"_s;
    const auto row = [](const char *name) { return &QTest::newRow(name); };
    const Headers none;
    const QString tickets = u"/api/v1/tickets"_s;
    const QString comments = u"/api/v1/tickets/@ticket/comments"_s;
    const QString transitions = u"/api/v1/tickets/@ticket/transitions"_s;
    const QString unknownId = QUuid::createUuid().toString(QUuid::WithoutBraces);

    // Malformed and non-object JSON.
    *row("json-truncated") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":)") << none << 400 << u"invalid_json"_s << QString() << QByteArray();
    *row("json-garbage") << agent << QByteArray("POST") << tickets << QByteArray("summary=x") << none << 400 << u"invalid_json"_s << QString() << QByteArray();
    *row("json-array") << agent << QByteArray("POST") << tickets << QByteArray(R"([{"summary":"x"}])") << none << 400 << u"invalid_json"_s << QString() << QByteArray();
    *row("json-string") << agent << QByteArray("POST") << tickets << QByteArray(R"("x")") << none << 400 << u"invalid_json"_s << QString() << QByteArray();
    *row("json-null") << agent << QByteArray("POST") << tickets << QByteArray("null") << none << 400 << u"invalid_json"_s << QString() << QByteArray();
    *row("json-empty-body") << agent << QByteArray("POST") << tickets << QByteArray() << none << 400 << u"invalid_json"_s << QString() << QByteArray();
    *row("json-patch-array") << agent << QByteArray("PATCH") << u"/api/v1/tickets/@ticket"_s << QByteArray("[]") << none << 400 << u"invalid_json"_s << QString() << QByteArray();
    *row("json-comment-truncated") << agent << QByteArray("POST") << comments << QByteArray("{") << none << 400 << u"invalid_json"_s << QString() << QByteArray();
    *row("json-sla-array") << manager << QByteArray("PUT") << u"/api/v1/sla_policy"_s << QByteArray("[]") << none << 400 << u"invalid_json"_s << QString() << QByteArray();

    // Wrong types.
    *row("type-summary-number") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":5})") << none << 400 << u"invalid_field"_s << u"summary"_s << QByteArray();
    *row("type-priority-number") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":"x","priority":1})") << none << 400 << u"invalid_field"_s << u"priority"_s << QByteArray();
    *row("type-description-array") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":"x","description":[]})") << none << 400 << u"invalid_field"_s << u"description"_s << QByteArray();
    *row("type-assignee-number") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":"x","assignee_id":7})") << none << 400 << u"invalid_field"_s << u"assignee_id"_s << QByteArray();
    *row("type-comment-public-string") << agent << QByteArray("POST") << comments << QByteArray(R"({"body":"x","public":"yes"})") << none << 400 << u"invalid_field"_s << u"public"_s << QByteArray();
    *row("type-comment-body-object") << agent << QByteArray("POST") << comments << QByteArray(R"({"body":{}})") << none << 400 << u"invalid_field"_s << u"body"_s << QByteArray();
    *row("type-transition-to-bool") << agent << QByteArray("POST") << transitions << QByteArray(R"({"to":true})") << none << 400 << u"invalid_field"_s << u"to"_s << QByteArray();
    *row("type-team-members-string") << manager << QByteArray("POST") << u"/api/v1/teams"_s << QByteArray(R"({"name":"t1","member_ids":"x"})") << none << 400 << u"invalid_field"_s << u"member_ids"_s << QByteArray();
    *row("type-user-name-number") << admin << QByteArray("POST") << u"/api/v1/users"_s << QByteArray(R"({"name":1,"email":"n@x.io"})") << none << 400 << u"invalid_field"_s << u"name"_s << QByteArray();
    *row("type-sla-minutes-string") << manager << QByteArray("PUT") << u"/api/v1/sla_policy"_s << QByteArray(R"({"targets":{"P2":{"resolution_minutes":"8h"}}})") << none << 400 << u"invalid_field"_s << u"targets.P2.resolution_minutes"_s << QByteArray();

    // Invalid values.
    *row("value-summary-empty") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":"   "})") << none << 400 << u"invalid_field"_s << u"summary"_s << QByteArray();
    *row("value-summary-two-lines") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":"a\nb"})") << none << 400 << u"invalid_field"_s << u"summary"_s << QByteArray();
    *row("value-summary-201-chars") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":")" + QByteArray(201, 'x') + R"("})") << none << 400 << u"invalid_field"_s << u"summary"_s << QByteArray();
    *row("value-requester-email") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":"x","requester_email":"not-an-address"})") << none << 400 << u"invalid_field"_s << u"requester_email"_s << QByteArray();
    *row("value-assignee-unknown") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":"x","assignee_id":")" + unknownId.toLatin1() + R"("})") << none << 400 << u"invalid_field"_s << u"assignee_id"_s << QByteArray();
    *row("value-team-unknown") << agent << QByteArray("PATCH") << u"/api/v1/tickets/@ticket"_s << QByteArray(R"({"team_id":"nope"})") << none << 400 << u"invalid_field"_s << u"team_id"_s << QByteArray();
    *row("value-comment-empty") << agent << QByteArray("POST") << comments << QByteArray(R"({"body":"  "})") << none << 400 << u"invalid_field"_s << u"body"_s << QByteArray();
    *row("value-user-email") << admin << QByteArray("POST") << u"/api/v1/users"_s << QByteArray(R"({"name":"n","email":"n-at-x"})") << none << 400 << u"invalid_field"_s << u"email"_s << QByteArray();
    *row("value-user-time-zone") << admin << QByteArray("POST") << u"/api/v1/users"_s << QByteArray(R"({"name":"n","email":"tz@x.io","time_zone":"Mars/Olympus"})") << none << 400 << u"invalid_field"_s << u"time_zone"_s << QByteArray();
    *row("value-token-user-unknown") << admin << QByteArray("POST") << u"/api/v1/tokens"_s << QByteArray(R"({"user_id":"nope"})") << none << 400 << u"invalid_field"_s << u"user_id"_s << QByteArray();
    *row("value-sla-zero") << manager << QByteArray("PUT") << u"/api/v1/sla_policy"_s << QByteArray(R"({"targets":{"P1":{"first_response_minutes":0}}})") << none << 400 << u"invalid_field"_s << u"targets.P1.first_response_minutes"_s << QByteArray();

    // Missing required fields.
    *row("missing-summary") << agent << QByteArray("POST") << tickets << QByteArray("{}") << none << 400 << u"missing_field"_s << u"summary"_s << QByteArray();
    *row("missing-summary-null") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":null,"priority":"P1"})") << none << 400 << u"missing_field"_s << u"summary"_s << QByteArray();
    *row("missing-comment-body") << agent << QByteArray("POST") << comments << QByteArray(R"({"public":true})") << none << 400 << u"missing_field"_s << u"body"_s << QByteArray();
    *row("missing-transition-to") << agent << QByteArray("POST") << transitions << QByteArray("{}") << none << 400 << u"missing_field"_s << u"to"_s << QByteArray();
    *row("missing-user-email") << admin << QByteArray("POST") << u"/api/v1/users"_s << QByteArray(R"({"name":"n"})") << none << 400 << u"missing_field"_s << u"email"_s << QByteArray();
    *row("missing-user-name") << admin << QByteArray("POST") << u"/api/v1/users"_s << QByteArray(R"({"email":"mn@x.io"})") << none << 400 << u"missing_field"_s << u"name"_s << QByteArray();
    *row("missing-team-name") << manager << QByteArray("POST") << u"/api/v1/teams"_s << QByteArray(R"({"description":"d"})") << none << 400 << u"missing_field"_s << u"name"_s << QByteArray();
    *row("missing-service-name") << manager << QByteArray("POST") << u"/api/v1/services"_s << QByteArray("{}") << none << 400 << u"missing_field"_s << u"name"_s << QByteArray();
    *row("missing-token-user") << admin << QByteArray("POST") << u"/api/v1/tokens"_s << QByteArray(R"({"name":"x"})") << none << 400 << u"missing_field"_s << u"user_id"_s << QByteArray();

    // Unknown enum values.
    *row("enum-priority-P0") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":"x","priority":"P0"})") << none << 400 << u"invalid_field"_s << u"priority"_s << QByteArray();
    *row("enum-priority-lowercase") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":"x","priority":"p1"})") << none << 400 << u"invalid_field"_s << u"priority"_s << QByteArray();
    *row("enum-type") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":"x","type":"bug"})") << none << 400 << u"invalid_field"_s << u"type"_s << QByteArray();
    *row("enum-transition-to") << agent << QByteArray("POST") << transitions << QByteArray(R"({"to":"done"})") << none << 400 << u"invalid_field"_s << u"to"_s << QByteArray();
    *row("enum-user-role") << admin << QByteArray("POST") << u"/api/v1/users"_s << QByteArray(R"({"name":"n","email":"r@x.io","role":"root"})") << none << 400 << u"invalid_field"_s << u"role"_s << QByteArray();
    *row("enum-sla-priority") << manager << QByteArray("PUT") << u"/api/v1/sla_policy"_s << QByteArray(R"({"targets":{"P6":{}}})") << none << 400 << u"invalid_field"_s << u"targets.P6"_s << QByteArray();
    *row("enum-filter-status") << agent << QByteArray("GET") << u"/api/v1/tickets?status=open,bogus"_s << QByteArray() << none << 400 << u"invalid_query"_s << u"status"_s << QByteArray();
    *row("enum-filter-priority") << agent << QByteArray("GET") << u"/api/v1/tickets?priority=urgent"_s << QByteArray() << none << 400 << u"invalid_query"_s << u"priority"_s << QByteArray();

    // Unknown fields.
    *row("unknown-ticket-field") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":"x","prority":"P1"})") << none << 400 << u"invalid_field"_s << u"prority"_s << QByteArray();
    *row("unknown-patch-status") << agent << QByteArray("PATCH") << u"/api/v1/tickets/@ticket"_s << QByteArray(R"({"status":"closed"})") << none << 400 << u"invalid_field"_s << u"status"_s << QByteArray();
    *row("unknown-comment-field") << agent << QByteArray("POST") << comments << QByteArray(R"({"body":"x","internal":true})") << none << 400 << u"invalid_field"_s << u"internal"_s << QByteArray();
    *row("unknown-transition-field") << agent << QByteArray("POST") << transitions << QByteArray(R"({"to":"resolved","why":"x"})") << none << 400 << u"invalid_field"_s << u"why"_s << QByteArray();
    *row("unknown-team-field") << manager << QByteArray("POST") << u"/api/v1/teams"_s << QByteArray(R"({"name":"t2","colour":"red"})") << none << 400 << u"invalid_field"_s << u"colour"_s << QByteArray();
    *row("unknown-service-field") << manager << QByteArray("POST") << u"/api/v1/services"_s << QByteArray(R"({"name":"s2","owner":"x"})") << none << 400 << u"invalid_field"_s << u"owner"_s << QByteArray();
    *row("unknown-user-field-disabled-on-create") << admin << QByteArray("POST") << u"/api/v1/users"_s << QByteArray(R"({"name":"n","email":"d@x.io","disabled":true})") << none << 400 << u"invalid_field"_s << u"disabled"_s << QByteArray();
    *row("unknown-user-field") << admin << QByteArray("POST") << u"/api/v1/users"_s << QByteArray(R"({"name":"n","email":"u@x.io","admin":true})") << none << 400 << u"invalid_field"_s << u"admin"_s << QByteArray();
    *row("unknown-token-field") << admin << QByteArray("POST") << u"/api/v1/tokens"_s << QByteArray(R"({"user_id":"@user","scope":"all"})") << none << 400 << u"invalid_field"_s << u"scope"_s << QByteArray();
    *row("unknown-sla-field") << manager << QByteArray("PUT") << u"/api/v1/sla_policy"_s << QByteArray(R"({"target":{}})") << none << 400 << u"invalid_field"_s << u"target"_s << QByteArray();

    // Bad query parameters.
    *row("query-limit-0") << agent << QByteArray("GET") << u"/api/v1/tickets?limit=0"_s << QByteArray() << none << 400 << u"invalid_query"_s << u"limit"_s << QByteArray();
    *row("query-limit-1001") << agent << QByteArray("GET") << u"/api/v1/tickets?limit=1001"_s << QByteArray() << none << 400 << u"invalid_query"_s << u"limit"_s << QByteArray();
    *row("query-limit-text") << agent << QByteArray("GET") << u"/api/v1/users?limit=ten"_s << QByteArray() << none << 400 << u"invalid_query"_s << u"limit"_s << QByteArray();
    *row("query-cursor") << agent << QByteArray("GET") << u"/api/v1/tickets?cursor=garbage"_s << QByteArray() << none << 400 << u"invalid_query"_s << u"cursor"_s << QByteArray();
    *row("query-team-cursor") << agent << QByteArray("GET") << u"/api/v1/teams?cursor=%%%"_s << QByteArray() << none << 400 << u"invalid_query"_s << u"cursor"_s << QByteArray();
    *row("query-since-negative") << agent << QByteArray("GET") << u"/api/v1/changes?since=-1"_s << QByteArray() << none << 400 << u"invalid_query"_s << u"since"_s << QByteArray();
    *row("query-since-text") << agent << QByteArray("GET") << u"/api/v1/changes?since=latest"_s << QByteArray() << none << 400 << u"invalid_query"_s << u"since"_s << QByteArray();
    *row("query-changes-limit") << agent << QByteArray("GET") << u"/api/v1/changes?limit=5001"_s << QByteArray() << none << 400 << u"invalid_query"_s << u"limit"_s << QByteArray();
    *row("query-wait-61") << agent << QByteArray("GET") << u"/api/v1/changes?wait=61"_s << QByteArray() << none << 400 << u"invalid_query"_s << u"wait"_s << QByteArray();

    // Headers.
    *row("if-match-malformed") << agent << QByteArray("PATCH") << u"/api/v1/tickets/@ticket"_s << QByteArray(R"({"priority":"P2"})") << Headers{{"If-Match", "\"abc\""}} << 400 << u"invalid_field"_s << u"If-Match"_s << QByteArray();
    *row("idempotency-key-too-long") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":"x"})") << Headers{{"Idempotency-Key", QByteArray(201, 'k')}} << 400 << u"invalid_field"_s << u"Idempotency-Key"_s << QByteArray();
    *row("media-text-plain") << agent << QByteArray("POST") << tickets << QByteArray(R"({"summary":"x"})") << Headers{{"Content-Type", "text/plain"}} << 415 << u"unsupported_media_type"_s << QString() << QByteArray();
    *row("media-form") << agent << QByteArray("POST") << comments << QByteArray("body=x") << Headers{{"Content-Type", "application/x-www-form-urlencoded"}} << 415 << u"unsupported_media_type"_s << QString() << QByteArray();
    *row("media-xml-patch") << agent << QByteArray("PATCH") << u"/api/v1/tickets/@ticket"_s << QByteArray("<x/>") << Headers{{"Content-Type", "application/xml"}} << 415 << u"unsupported_media_type"_s << QString() << QByteArray();

    // Unknown routes and entities.
    *row("404-route") << agent << QByteArray("GET") << u"/api/v1/nope"_s << QByteArray() << none << 404 << u"not_found"_s << QString() << QByteArray();
    *row("404-route-unauthenticated") << QString() << QByteArray("GET") << u"/api/v1/nope"_s << QByteArray() << none << 404 << u"not_found"_s << QString() << QByteArray();
    *row("404-deep") << agent << QByteArray("GET") << u"/api/v1/tickets/@ticket/comments/x"_s << QByteArray() << none << 404 << u"not_found"_s << QString() << QByteArray();
    *row("404-version") << agent << QByteArray("GET") << u"/api/v2/tickets"_s << QByteArray() << none << 404 << u"not_found"_s << QString() << QByteArray();
    *row("404-root") << agent << QByteArray("GET") << u"/"_s << QByteArray() << none << 404 << u"not_found"_s << QString() << QByteArray();
    *row("404-ticket-key") << agent << QByteArray("GET") << u"/api/v1/tickets/SD-99999999"_s << QByteArray() << none << 404 << u"not_found"_s << QString() << QByteArray();
    *row("404-ticket-id") << agent << QByteArray("PATCH") << u"/api/v1/tickets/"_s + unknownId << QByteArray(R"({"priority":"P1"})") << none << 404 << u"not_found"_s << QString() << QByteArray();
    *row("404-transition") << agent << QByteArray("POST") << u"/api/v1/tickets/SD-99999999/transitions"_s << QByteArray(R"({"to":"resolved"})") << none << 404 << u"not_found"_s << QString() << QByteArray();
    *row("404-user") << agent << QByteArray("GET") << u"/api/v1/users/"_s + unknownId << QByteArray() << none << 404 << u"not_found"_s << QString() << QByteArray();
    *row("404-user-patch") << admin << QByteArray("PATCH") << u"/api/v1/users/"_s + unknownId << QByteArray(R"({"name":"x"})") << none << 404 << u"not_found"_s << QString() << QByteArray();
    *row("404-team") << agent << QByteArray("GET") << u"/api/v1/teams/"_s + unknownId << QByteArray() << none << 404 << u"not_found"_s << QString() << QByteArray();
    *row("404-token-delete") << admin << QByteArray("DELETE") << u"/api/v1/tokens/"_s + unknownId << QByteArray() << none << 404 << u"not_found"_s << QString() << QByteArray();
    *row("404-service-delete") << manager << QByteArray("DELETE") << u"/api/v1/services/"_s + unknownId << QByteArray() << none << 404 << u"not_found"_s << QString() << QByteArray();

    // Known routes, wrong methods.
    *row("405-tickets-put") << agent << QByteArray("PUT") << tickets << QByteArray("{}") << none << 405 << u"method_not_allowed"_s << QString() << QByteArray("GET, POST");
    *row("405-tickets-delete") << agent << QByteArray("DELETE") << tickets << QByteArray() << none << 405 << u"method_not_allowed"_s << QString() << QByteArray("GET, POST");
    *row("405-ticket-delete") << agent << QByteArray("DELETE") << u"/api/v1/tickets/@ticket"_s << QByteArray() << none << 405 << u"method_not_allowed"_s << QString() << QByteArray("GET, PATCH");
    *row("405-comments-put") << agent << QByteArray("PUT") << comments << QByteArray("{}") << none << 405 << u"method_not_allowed"_s << QString() << QByteArray("GET, POST");
    *row("405-transitions-patch") << agent << QByteArray("PATCH") << transitions << QByteArray("{}") << none << 405 << u"method_not_allowed"_s << QString() << QByteArray("GET, POST");
    *row("405-sla-post") << manager << QByteArray("POST") << u"/api/v1/sla_policy"_s << QByteArray("{}") << none << 405 << u"method_not_allowed"_s << QString() << QByteArray("GET, PUT");
    *row("405-me-post") << agent << QByteArray("POST") << u"/api/v1/me"_s << QByteArray("{}") << none << 405 << u"method_not_allowed"_s << QString() << QByteArray("GET");
    *row("405-users-delete") << admin << QByteArray("DELETE") << u"/api/v1/users/@user"_s << QByteArray() << none << 405 << u"method_not_allowed"_s << QString() << QByteArray("GET, PATCH");
    *row("405-tokens-put") << admin << QByteArray("PUT") << u"/api/v1/tokens"_s << QByteArray("{}") << none << 405 << u"method_not_allowed"_s << QString() << QByteArray("POST, GET");
    *row("405-token-get") << admin << QByteArray("GET") << u"/api/v1/tokens/"_s + unknownId << QByteArray() << none << 405 << u"method_not_allowed"_s << QString() << QByteArray("DELETE");
    *row("405-changes-post") << agent << QByteArray("POST") << u"/api/v1/changes"_s << QByteArray("{}") << none << 405 << u"method_not_allowed"_s << QString() << QByteArray("GET");
    *row("405-healthz-post") << QString() << QByteArray("POST") << u"/healthz"_s << QByteArray("{}") << none << 405 << u"method_not_allowed"_s << QString() << QByteArray("GET");

    // Authentication.
    *row("401-none-tickets") << QString() << QByteArray("GET") << tickets << QByteArray() << none << 401 << u"unauthorized"_s << QString() << QByteArray();
    *row("401-none-me") << QString() << QByteArray("GET") << u"/api/v1/me"_s << QByteArray() << none << 401 << u"unauthorized"_s << QString() << QByteArray();
    *row("401-none-create") << QString() << QByteArray("POST") << tickets << QByteArray(R"({"summary":"x"})") << none << 401 << u"unauthorized"_s << QString() << QByteArray();
    *row("401-none-changes") << QString() << QByteArray("GET") << u"/api/v1/changes"_s << QByteArray() << none << 401 << u"unauthorized"_s << QString() << QByteArray();
    *row("401-none-sla") << QString() << QByteArray("GET") << u"/api/v1/sla_policy"_s << QByteArray() << none << 401 << u"unauthorized"_s << QString() << QByteArray();
    *row("401-bad-token") << u"bad"_s << QByteArray("GET") << tickets << QByteArray() << none << 401 << u"unauthorized"_s << QString() << QByteArray();
    *row("401-bad-token-write") << u"bad"_s << QByteArray("POST") << u"/api/v1/users"_s << QByteArray(R"({"name":"n","email":"b@x.io"})") << none << 401 << u"unauthorized"_s << QString() << QByteArray();
    *row("401-basic-scheme") << QString() << QByteArray("GET") << tickets << QByteArray() << Headers{{"Authorization", "Basic YWRtaW46YWRtaW4="}} << 401 << u"unauthorized"_s << QString() << QByteArray();
    *row("401-empty-bearer") << QString() << QByteArray("GET") << tickets << QByteArray() << Headers{{"Authorization", "Bearer "}} << 401 << u"unauthorized"_s << QString() << QByteArray();
    *row("401-none-tokens") << QString() << QByteArray("GET") << u"/api/v1/tokens"_s << QByteArray() << none << 401 << u"unauthorized"_s << QString() << QByteArray();
    *row("401-none-token-delete") << QString() << QByteArray("DELETE") << u"/api/v1/tokens/"_s + unknownId << QByteArray() << none << 401 << u"unauthorized"_s << QString() << QByteArray();
    *row("401-bad-query-token") << QString() << QByteArray("GET") << u"/api/v1/me?access_token=vgl_nope"_s << QByteArray() << none << 401 << u"unauthorized"_s << QString() << QByteArray();
}

void tst_ApiErrors::errors()
{
    QFETCH(QString, auth);
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(Headers, headers);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, field);
    QFETCH(QByteArray, allow);

    const QByteArray token = auth.isEmpty() ? QByteArray() : auth == u"bad"_s ? QByteArray("vgl_notarealtoken") : m_server.token(auth);
    body.replace("@user", m_server.userId(u"viewer"_s).toLatin1());
    const qint64 rev = m_server.lastRev();
    const Reply r = m_server.request(method, expand(path), body, token, headers);
    QVERIFY2(r.networkError.isEmpty(), qPrintable(r.networkError));
    QCOMPARE(r.status, status);
    QCOMPARE(r.header("content-type"), "application/json");
    QCOMPARE(r.errorCode(), code);
    QCOMPARE(r.errorField(), field);
    QVERIFY(!r.json().value(u"error").toObject().value(u"message").toString().isEmpty());
    QCOMPARE(r.header("allow"), allow);
    // Nothing is half-written.
    QCOMPARE(m_server.lastRev(), rev);
}

namespace {
enum class Action { ReadTicket, CreateTicket, Comment, Transition, CreateTeam, PutSlaPolicy, CreateUser, CreateToken };
}

void tst_ApiErrors::roleMatrix_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<int>("action");
    QTest::addColumn<int>("status");

    struct Col { const char *name; Action action; int okStatus; const char *minRole; };
    const Col cols[] = {{"read-ticket", Action::ReadTicket, 200, "viewer"},
                        {"create-ticket", Action::CreateTicket, 201, "agent"},
                        {"comment", Action::Comment, 201, "agent"},
                        {"transition", Action::Transition, 200, "agent"},
                        {"create-team", Action::CreateTeam, 201, "manager"},
                        {"put-sla-policy", Action::PutSlaPolicy, 200, "manager"},
                        {"create-user", Action::CreateUser, 201, "admin"},
                        {"create-token", Action::CreateToken, 201, "admin"}};
    const QStringList &roles = VigildProcess::roles(); // lowest first
    for (const QString &role : roles) {
        for (const Col &c : cols) {
            const bool may = roles.indexOf(role) >= roles.indexOf(QString::fromLatin1(c.minRole));
            QTest::addRow("%s-%s", qPrintable(role), c.name) << role << int(c.action) << (may ? c.okStatus : 403);
        }
    }
}

void tst_ApiErrors::roleMatrix()
{
    QFETCH(QString, role);
    QFETCH(int, action);
    QFETCH(int, status);

    // A fresh ticket per row, made by the admin, so every transition starts from open.
    const Reply t = m_server.as(u"admin"_s, "POST", u"/api/v1/tickets"_s, R"({"summary":"role matrix"})");
    QCOMPARE(t.status, 201);
    const QString ticket = u"/api/v1/tickets/"_s + t.json().value(u"id").toString();
    const QString tag = QUuid::createUuid().toString(QUuid::Id128).left(10);
    const qint64 rev = m_server.lastRev();

    Reply r;
    switch (Action(action)) {
    case Action::ReadTicket: r = m_server.as(role, "GET", ticket); break;
    case Action::CreateTicket: r = m_server.as(role, "POST", u"/api/v1/tickets"_s, R"({"summary":"by role"})"); break;
    case Action::Comment: r = m_server.as(role, "POST", ticket + u"/comments"_s, R"({"body":"hello"})"); break;
    case Action::Transition: r = m_server.as(role, "POST", ticket + u"/transitions"_s, R"({"to":"in_progress"})"); break;
    case Action::CreateTeam:
        r = m_server.as(role, "POST", u"/api/v1/teams"_s, toJson({{u"name"_s, QString(u"team "_s + tag)}}));
        break;
    case Action::PutSlaPolicy:
        r = m_server.as(role, "PUT", u"/api/v1/sla_policy"_s, R"({"targets":{"P5":{"first_response_minutes":1440}}})");
        break;
    case Action::CreateUser:
        r = m_server.as(role, "POST", u"/api/v1/users"_s,
                        toJson({{u"name"_s, tag}, {u"email"_s, QString(tag + u"@vigil.test"_s)}}));
        break;
    case Action::CreateToken:
        r = m_server.as(role, "POST", u"/api/v1/tokens"_s, toJson({{u"user_id"_s, m_server.userId(u"viewer"_s)}}));
        break;
    }
    QCOMPARE(r.status, status);
    if (status == 403) {
        QCOMPARE(r.errorCode(), u"forbidden"_s);
        QVERIFY(r.json().value(u"error").toObject().value(u"message").toString().contains(role));
        QCOMPARE(m_server.lastRev(), rev);
        return;
    }
    switch (Action(action)) {
    case Action::ReadTicket:
        QCOMPARE(r.json().value(u"id"), t.json().value(u"id"));
        QCOMPARE(m_server.lastRev(), rev);
        break;
    case Action::CreateTicket:
        QCOMPARE(r.json().value(u"summary").toString(), u"by role"_s);
        QCOMPARE(m_server.lastRev(), rev + 1);
        break;
    case Action::Comment:
        QCOMPARE(r.json().value(u"author_id").toString(), m_server.userId(role));
        break;
    case Action::Transition:
        QCOMPARE(r.json().value(u"status").toString(), u"in_progress"_s);
        QCOMPARE(m_server.lastRev(), rev + 1);
        break;
    case Action::CreateTeam: QCOMPARE(r.json().value(u"name").toString(), QString(u"team "_s + tag)); break;
    case Action::PutSlaPolicy:
        QCOMPARE(r.json().value(u"targets").toObject().value(u"P5").toObject().value(u"first_response_minutes").toInt(), 1440);
        break;
    case Action::CreateUser: QCOMPARE(r.json().value(u"role").toString(), u"agent"_s); break;
    case Action::CreateToken: QVERIFY(r.json().value(u"token").toString().startsWith(u"vgl_"_s)); break;
    }
}

QTEST_GUILESS_MAIN(tst_ApiErrors)
#include "tst_apierrors.moc"
