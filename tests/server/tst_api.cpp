// The REST API of a real vigild, endpoint by endpoint: shapes, values, paging, filters, idempotency, optimistic
// concurrency and the SLA clocks as the wire shows them.
#include "vigildprocess.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QUuid>

using namespace Vigil::Testing;
using namespace Qt::StringLiterals;

namespace {

QString uniqueTag()
{
    return QUuid::createUuid().toString(QUuid::Id128).left(12);
}

qint64 keyNumber(const QJsonObject &ticket)
{
    return ticket.value(u"key").toString().mid(3).toLongLong();
}

QStringList strings(const QJsonArray &a)
{
    QStringList out;
    for (const auto &v : a)
        out.append(v.toString());
    return out;
}

} // namespace

class tst_Api final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void healthz();
    void metrics();
    void me_data();
    void me();
    void users();
    void tokens();
    void teams();
    void services();
    void ticketCreateAndGet();
    void ticketPatch();
    void transitions_data();
    void transitions();
    void comments();
    void ticketListFilters_data();
    void ticketListFilters();
    void ticketListPaging();
    void slaPolicy();
    void firstResponseStopsClock();
    void waitingForCustomerPausesClocks();
    void idempotentReplay();
    void idempotencyKeyReuseConflicts();
    void staleIfMatch_data();
    void staleIfMatch();
    void invalidTransitionListsAllowed();

private:
    Reply as(const QString &role, const QByteArray &method, const QString &path, const QJsonObject &body = {},
             const Headers &headers = {})
    {
        return m_server.as(role, method, path, body.isEmpty() ? QByteArray() : toJson(body), headers);
    }
    QJsonObject newTicket(const QString &summary, const QJsonObject &extra = {})
    {
        QJsonObject f = extra;
        f.insert(u"summary"_s, summary);
        return m_server.createTicket(f);
    }
    qint64 openTicketsMetric();

    VigildProcess m_server;
    // Tickets of ticketListFilters, created once: tag → fixture
    QString m_filterTag;
    QString m_teamId;
};

void tst_Api::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
}

void tst_Api::cleanupTestCase()
{
    m_server.stop();
}

void tst_Api::healthz()
{
    const Reply r = m_server.request("GET", u"/healthz"_s);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-type"), "application/json");
    const QJsonObject o = r.json();
    QCOMPARE(o.value(u"status").toString(), u"ok"_s);
    QCOMPARE(o.value(u"version").toString(), QString::fromLatin1(VIGIL_VERSION));
    // Five users were added through the CLI; tokens are not entities.
    QVERIFY(o.value(u"rev").isDouble());
    QVERIFY(o.value(u"rev").toInteger() >= 5);

    const qint64 before = o.value(u"rev").toInteger();
    QVERIFY(!newTicket(u"healthz rev moves"_s).isEmpty());
    QCOMPARE(m_server.lastRev(), before + 1);
}

qint64 tst_Api::openTicketsMetric()
{
    const Reply r = m_server.request("GET", u"/metrics"_s);
    static const QRegularExpression re(u"^vigil_tickets\\{status=\"open\"\\} (\\d+)$"_s,
                                       QRegularExpression::MultilineOption);
    const auto m = re.match(QString::fromUtf8(r.body));
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

void tst_Api::metrics()
{
    const Reply r = m_server.request("GET", u"/metrics"_s);
    QCOMPARE(r.status, 200);
    QVERIFY2(r.header("content-type").startsWith("text/plain"), r.header("content-type").constData());
    const QString text = QString::fromUtf8(r.body);
    QVERIFY(text.contains(u"# TYPE vigil_change_rev gauge"_s));
    QVERIFY2(text.contains(u"\nvigil_change_rev %1\n"_s.arg(m_server.lastRev())), r.body.constData());
    for (const QString &st : {u"open"_s, u"in_progress"_s, u"waiting_for_customer"_s, u"resolved"_s, u"closed"_s})
        QVERIFY2(text.contains(u"vigil_tickets{status=\"%1\"} "_s.arg(st)), qPrintable(st));

    const qint64 open = openTicketsMetric();
    QVERIFY(open >= 0);
    QVERIFY(!newTicket(u"metrics one"_s).isEmpty());
    QVERIFY(!newTicket(u"metrics two"_s).isEmpty());
    QCOMPARE(openTicketsMetric(), open + 2);
}

void tst_Api::me_data()
{
    QTest::addColumn<QString>("role");
    for (const QString &role : VigildProcess::roles())
        QTest::addRow("%s", qPrintable(role)) << role;
}

void tst_Api::me()
{
    QFETCH(QString, role);
    const Reply r = as(role, "GET", u"/api/v1/me"_s);
    QCOMPARE(r.status, 200);
    const QJsonObject u = r.json();
    QCOMPARE(u.value(u"id").toString(), m_server.userId(role));
    QCOMPARE(u.value(u"role").toString(), role);
    QCOMPARE(u.value(u"email").toString(), role + u"@vigil.test"_s);
    QCOMPARE(u.value(u"name").toString(), role + u" user"_s);
    QCOMPARE(u.value(u"time_zone").toString(), u"UTC"_s);
    QCOMPARE(u.value(u"version").toInt(), 1);
    QVERIFY(u.value(u"created_at").toString().endsWith(u'Z'));
}

void tst_Api::users()
{
    const QString tag = uniqueTag();
    const Reply created = as(u"admin"_s, "POST", u"/api/v1/users"_s,
                             {{u"name"_s, QString(u"김민준 "_s + tag)}, {u"email"_s, u"Minjun.%1@Example.com"_s.arg(tag)},
                              {u"role"_s, u"agent"_s}, {u"time_zone"_s, u"Asia/Seoul"_s}});
    QCOMPARE(created.status, 201);
    const QJsonObject u = created.json();
    const QString id = u.value(u"id").toString();
    QVERIFY(!QUuid::fromString(id).isNull());
    QCOMPARE(u.value(u"name").toString(), u"김민준 "_s + tag);
    QCOMPARE(u.value(u"email").toString(), u"minjun.%1@example.com"_s.arg(tag.toLower())); // stored lower-case
    QCOMPARE(u.value(u"role").toString(), u"agent"_s);
    QCOMPARE(u.value(u"time_zone").toString(), u"Asia/Seoul"_s);
    QCOMPARE(u.value(u"version").toInt(), 1);
    QCOMPARE(u.value(u"created_at"), u.value(u"updated_at"));

    const Reply one = as(u"viewer"_s, "GET", u"/api/v1/users/"_s + id);
    QCOMPARE(one.status, 200);
    QCOMPARE(one.json(), u);

    const Reply dup = as(u"admin"_s, "POST", u"/api/v1/users"_s,
                         {{u"name"_s, u"other"_s}, {u"email"_s, u"minjun.%1@example.com"_s.arg(tag)}});
    QCOMPARE(dup.status, 409);
    QCOMPARE(dup.errorCode(), u"conflict"_s);
    QCOMPARE(dup.errorField(), u"email"_s);

    const Reply patched = as(u"admin"_s, "PATCH", u"/api/v1/users/"_s + id, {{u"role"_s, u"manager"_s}},
                             {{"If-Match", "\"1\""}});
    QCOMPARE(patched.status, 200);
    QCOMPARE(patched.json().value(u"role").toString(), u"manager"_s);
    QCOMPARE(patched.json().value(u"version").toInt(), 2);
    QCOMPARE(patched.json().value(u"created_at"), u.value(u"created_at"));
    QCOMPARE(patched.json().value(u"name"), u.value(u"name"));

    // The whole list, walked two at a time: every user once, sorted by name.
    QStringList names;
    QSet<QString> ids;
    QString cursor;
    int pages = 0;
    do {
        const Reply page = as(u"viewer"_s, "GET",
                              u"/api/v1/users?limit=2"_s + (cursor.isEmpty() ? QString() : u"&cursor="_s + cursor));
        QCOMPARE(page.status, 200);
        const QJsonArray items = page.json().value(u"items").toArray();
        QVERIFY(items.size() <= 2);
        for (const auto &v : items) {
            names.append(v.toObject().value(u"name").toString());
            ids.insert(v.toObject().value(u"id").toString());
        }
        const QJsonValue next = page.json().value(u"next_cursor");
        QVERIFY(next.isNull() || next.isString());
        cursor = next.toString();
        QVERIFY(++pages < 100);
    } while (!cursor.isEmpty());
    const Reply all = as(u"viewer"_s, "GET", u"/api/v1/users?limit=1000"_s);
    QCOMPARE(all.status, 200);
    QVERIFY(all.json().value(u"next_cursor").isNull());
    QCOMPARE(qsizetype(ids.size()), all.json().value(u"items").toArray().size());
    QCOMPARE(names.size(), ids.size());
    QVERIFY(ids.contains(id));
    for (const QString &role : VigildProcess::roles())
        QVERIFY(ids.contains(m_server.userId(role)));
    QStringList sorted = names;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(names, sorted);
}

void tst_Api::tokens()
{
    const QString tag = uniqueTag();
    const Reply user = as(u"admin"_s, "POST", u"/api/v1/users"_s,
                          {{u"name"_s, QString(u"Token Holder "_s + tag)}, {u"email"_s, u"th.%1@vigil.test"_s.arg(tag)},
                           {u"role"_s, u"viewer"_s}});
    QCOMPARE(user.status, 201);
    const QString userId = user.json().value(u"id").toString();
    const Reply tok = as(u"admin"_s, "POST", u"/api/v1/tokens"_s, {{u"user_id"_s, userId}, {u"name"_s, u"laptop"_s}});
    QCOMPARE(tok.status, 201);
    const QJsonObject t = tok.json();
    QCOMPARE(t.value(u"user_id").toString(), userId);
    QCOMPARE(t.value(u"name").toString(), u"laptop"_s);
    QVERIFY(!t.value(u"id").toString().isEmpty());
    const QString secret = t.value(u"token").toString();
    QVERIFY2(secret.startsWith(u"vgl_"_s) && secret.size() > 30, qPrintable(secret));

    const Reply me = m_server.request("GET", u"/api/v1/me"_s, {}, secret.toLatin1());
    QCOMPARE(me.status, 200);
    QCOMPARE(me.json().value(u"id").toString(), userId);
    QCOMPARE(me.json().value(u"role").toString(), u"viewer"_s);
    // The new user is a viewer: it can read but not write.
    QCOMPARE(m_server.request("POST", u"/api/v1/tickets"_s, R"({"summary":"no"})", secret.toLatin1()).status, 403);

    const Reply unknownUser = as(u"admin"_s, "POST", u"/api/v1/tokens"_s, {{u"user_id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)}});
    QCOMPARE(unknownUser.status, 400);
    QCOMPARE(unknownUser.errorField(), u"user_id"_s);
}

void tst_Api::teams()
{
    const QString name = u"Network "_s + uniqueTag();
    const Reply created = as(u"manager"_s, "POST", u"/api/v1/teams"_s,
                             {{u"name"_s, name}, {u"description"_s, u"routers and VPN"_s},
                              {u"member_ids"_s, QJsonArray{m_server.userId(u"agent"_s), m_server.userId(u"agent"_s)}}});
    QCOMPARE(created.status, 201);
    const QJsonObject team = created.json();
    const QString id = team.value(u"id").toString();
    QCOMPARE(team.value(u"name").toString(), name);
    QCOMPARE(team.value(u"description").toString(), u"routers and VPN"_s);
    QCOMPARE(team.value(u"member_ids").toArray(), QJsonArray{m_server.userId(u"agent"_s)}); // de-duplicated
    QCOMPARE(team.value(u"version").toInt(), 1);

    QCOMPARE(as(u"viewer"_s, "GET", u"/api/v1/teams/"_s + id).json(), team);
    const Reply list = as(u"viewer"_s, "GET", u"/api/v1/teams?limit=1000"_s);
    QCOMPARE(list.status, 200);
    QVERIFY(list.json().value(u"items").toArray().contains(team));

    const Reply dup = as(u"manager"_s, "POST", u"/api/v1/teams"_s, {{u"name"_s, name}});
    QCOMPARE(dup.status, 409);
    QCOMPARE(dup.errorField(), u"name"_s);

    const Reply patched = as(u"manager"_s, "PATCH", u"/api/v1/teams/"_s + id,
                             {{u"member_ids"_s, QJsonArray{m_server.userId(u"responder"_s), m_server.userId(u"agent"_s)}}});
    QCOMPARE(patched.status, 200);
    QCOMPARE(patched.json().value(u"version").toInt(), 2);
    QCOMPARE(patched.json().value(u"name").toString(), name);
    QCOMPARE(patched.json().value(u"member_ids").toArray().size(), 2);

    const qint64 rev = m_server.lastRev();
    const Reply del = as(u"manager"_s, "DELETE", u"/api/v1/teams/"_s + id);
    QCOMPARE(del.status, 204);
    QVERIFY(del.body.isEmpty());
    QCOMPARE(m_server.lastRev(), rev + 1);
    const Reply gone = as(u"viewer"_s, "GET", u"/api/v1/teams/"_s + id);
    QCOMPARE(gone.status, 404);
    QCOMPARE(gone.errorCode(), u"not_found"_s);
    const Reply again = as(u"manager"_s, "DELETE", u"/api/v1/teams/"_s + id);
    QCOMPARE(again.status, 404);
}

void tst_Api::services()
{
    const Reply team = as(u"manager"_s, "POST", u"/api/v1/teams"_s, {{u"name"_s, QString(u"Owners "_s + uniqueTag())}});
    QCOMPARE(team.status, 201);
    const QString teamId = team.json().value(u"id").toString();
    const QString name = u"VPN gateway "_s + uniqueTag();
    const Reply created = as(u"manager"_s, "POST", u"/api/v1/services"_s,
                             {{u"name"_s, name}, {u"description"_s, u"edge"_s}, {u"team_id"_s, teamId}});
    QCOMPARE(created.status, 201);
    const QJsonObject svc = created.json();
    const QString id = svc.value(u"id").toString();
    QCOMPARE(svc.value(u"team_id").toString(), teamId);
    QCOMPARE(svc.value(u"name").toString(), name);
    QCOMPARE(as(u"viewer"_s, "GET", u"/api/v1/services/"_s + id).json(), svc);
    QVERIFY(as(u"viewer"_s, "GET", u"/api/v1/services?limit=1000"_s).json().value(u"items").toArray().contains(svc));
    const Reply dup = as(u"manager"_s, "POST", u"/api/v1/services"_s, {{u"name"_s, name}});
    QCOMPARE(dup.status, 409);
    QCOMPARE(dup.errorField(), u"name"_s);

    // A team that owns a service cannot go.
    const Reply busy = as(u"manager"_s, "DELETE", u"/api/v1/teams/"_s + teamId);
    QCOMPARE(busy.status, 409);
    QCOMPARE(busy.errorCode(), u"conflict"_s);
    QCOMPARE(as(u"viewer"_s, "GET", u"/api/v1/teams/"_s + teamId).status, 200);

    const Reply cleared = as(u"manager"_s, "PATCH", u"/api/v1/services/"_s + id, {{u"team_id"_s, QJsonValue::Null}});
    QCOMPARE(cleared.status, 200);
    QVERIFY(cleared.json().value(u"team_id").isNull());
    QCOMPARE(cleared.json().value(u"version").toInt(), 2);
    QCOMPARE(as(u"manager"_s, "DELETE", u"/api/v1/teams/"_s + teamId).status, 204);

    // DELETE honours If-Match: a stale version is refused with the current one, a malformed one names the header.
    const Reply stale = as(u"manager"_s, "DELETE", u"/api/v1/services/"_s + id, {}, {{"If-Match", "\"1\""}});
    QCOMPARE(stale.status, 412);
    QCOMPARE(as(u"viewer"_s, "GET", u"/api/v1/services/"_s + id).status, 200);
    const Reply malformed = as(u"manager"_s, "DELETE", u"/api/v1/services/"_s + id, {}, {{"If-Match", "two"}});
    QCOMPARE(malformed.status, 400);
    QCOMPARE(malformed.errorField(), u"If-Match"_s);
    QCOMPARE(as(u"manager"_s, "DELETE", u"/api/v1/services/"_s + id, {}, {{"If-Match", "\"2\""}}).status, 204);
    QCOMPARE(as(u"viewer"_s, "GET", u"/api/v1/services/"_s + id).status, 404);
}

void tst_Api::ticketCreateAndGet()
{
    const Reply team = as(u"manager"_s, "POST", u"/api/v1/teams"_s, {{u"name"_s, QString(u"Desk "_s + uniqueTag())}});
    const Reply svc = as(u"manager"_s, "POST", u"/api/v1/services"_s, {{u"name"_s, QString(u"Mail "_s + uniqueTag())}});
    QCOMPARE(team.status, 201);
    QCOMPARE(svc.status, 201);
    const QJsonObject fields{{u"summary"_s, u"  VPN drops every 10 minutes  "_s},
                             {u"description"_s, u"Since this morning"_s},
                             {u"type"_s, u"incident"_s},
                             {u"priority"_s, u"P2"_s},
                             {u"requester_name"_s, u"Park Jiwoo"_s},
                             {u"requester_email"_s, u"jiwoo@example.com"_s},
                             {u"assignee_id"_s, m_server.userId(u"agent"_s)},
                             {u"team_id"_s, team.json().value(u"id")},
                             {u"service_id"_s, svc.json().value(u"id")}};
    const Reply r = as(u"agent"_s, "POST", u"/api/v1/tickets"_s, fields);
    QCOMPARE(r.status, 201);
    const QJsonObject t = r.json();
    QVERIFY(QRegularExpression(u"^SD-\\d+$"_s).match(t.value(u"key").toString()).hasMatch());
    QCOMPARE(t.value(u"summary").toString(), u"VPN drops every 10 minutes"_s); // trimmed
    for (const QString &k : {u"description"_s, u"type"_s, u"priority"_s, u"requester_name"_s, u"requester_email"_s,
                             u"assignee_id"_s, u"team_id"_s, u"service_id"_s})
        QCOMPARE(t.value(k), fields.value(k));
    QCOMPARE(t.value(u"status").toString(), u"open"_s);
    QCOMPARE(t.value(u"version").toInt(), 1);
    QVERIFY(t.value(u"first_response_at").isNull());
    QVERIFY(t.value(u"resolved_at").isNull());
    const QJsonArray history = t.value(u"status_history").toArray();
    QCOMPARE(history.size(), 1);
    QCOMPARE(history.at(0).toObject().value(u"status").toString(), u"open"_s);
    QCOMPARE(history.at(0).toObject().value(u"at"), t.value(u"created_at"));
    // Default policy: P2 answers within 60 minutes, resolves within 8 hours.
    const QJsonObject fr = t.value(u"sla").toObject().value(u"first_response").toObject();
    QCOMPARE(fr.value(u"target_minutes").toInt(), 60);
    QCOMPARE(t.value(u"sla").toObject().value(u"resolution").toObject().value(u"target_minutes").toInt(), 480);
    const QDateTime created = QDateTime::fromString(t.value(u"created_at").toString(), Qt::ISODateWithMs);
    QCOMPARE(QDateTime::fromString(fr.value(u"target_at").toString(), Qt::ISODateWithMs), created.addSecs(3600));
    QVERIFY(fr.value(u"remaining_seconds").toInteger() <= 3600 && fr.value(u"remaining_seconds").toInteger() > 3500);
    QCOMPARE(fr.value(u"breached").toBool(), false);
    QCOMPARE(fr.value(u"paused").toBool(), false);

    // Defaults.
    const QJsonObject plain = newTicket(u"defaults"_s);
    QCOMPARE(plain.value(u"type").toString(), u"service_request"_s);
    QCOMPARE(plain.value(u"priority").toString(), u"P3"_s);
    QVERIFY(plain.value(u"assignee_id").isNull());
    QCOMPARE(keyNumber(plain), keyNumber(t) + 1);

    // By id, by key, by lower-case key: the same ticket.
    const QString id = t.value(u"id").toString();
    const QString key = t.value(u"key").toString();
    for (const QString &ref : {id, key, key.toLower()}) {
        const Reply g = as(u"viewer"_s, "GET", u"/api/v1/tickets/"_s + ref);
        QCOMPARE(g.status, 200);
        QCOMPARE(g.json().value(u"id").toString(), id);
        QCOMPARE(g.json().value(u"version").toInt(), 1);
        QCOMPARE(g.json().value(u"summary"), t.value(u"summary"));
    }
    const Reply missing = as(u"viewer"_s, "GET", u"/api/v1/tickets/SD-999999"_s);
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.errorCode(), u"not_found"_s);
}

void tst_Api::ticketPatch()
{
    const QJsonObject t = newTicket(u"printer jams"_s, {{u"assignee_id"_s, m_server.userId(u"agent"_s)}});
    const QString path = u"/api/v1/tickets/"_s + t.value(u"id").toString();
    const Reply r = as(u"agent"_s, "PATCH", path, {{u"priority"_s, u"P1"_s}, {u"summary"_s, u"printer on fire"_s}},
                       {{"If-Match", "\"1\""}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"version").toInt(), 2);
    QCOMPARE(r.json().value(u"priority").toString(), u"P1"_s);
    QCOMPARE(r.json().value(u"summary").toString(), u"printer on fire"_s);
    QCOMPARE(r.json().value(u"key"), t.value(u"key"));
    QCOMPARE(r.json().value(u"created_at"), t.value(u"created_at"));
    QCOMPARE(r.json().value(u"sla").toObject().value(u"first_response").toObject().value(u"target_minutes").toInt(), 15);

    // null clears an id; If-Match as a bare number is accepted too.
    const Reply cleared = as(u"agent"_s, "PATCH", path, {{u"assignee_id"_s, QJsonValue::Null}}, {{"If-Match", "2"}});
    QCOMPARE(cleared.status, 200);
    QVERIFY(cleared.json().value(u"assignee_id").isNull());
    QCOMPARE(cleared.json().value(u"version").toInt(), 3);

    // A PATCH that changes nothing keeps the version.
    const qint64 rev = m_server.lastRev();
    const Reply same = as(u"agent"_s, "PATCH", path, {{u"priority"_s, u"P1"_s}});
    QCOMPARE(same.status, 200);
    QCOMPARE(same.json().value(u"version").toInt(), 3);
    QCOMPARE(m_server.lastRev(), rev);

    // Status moves only through transitions.
    const Reply status = as(u"agent"_s, "PATCH", path, {{u"status"_s, u"closed"_s}});
    QCOMPARE(status.status, 400);
    QCOMPARE(status.errorField(), u"status"_s);
    QCOMPARE(as(u"viewer"_s, "GET", path).json().value(u"status").toString(), u"open"_s);
}

void tst_Api::transitions_data()
{
    QTest::addColumn<QStringList>("path");     // statuses to walk through from open
    QTest::addColumn<QStringList>("allowed");  // allowed next statuses at the end
    QTest::addRow("open") << QStringList{} << QStringList{u"in_progress"_s, u"waiting_for_customer"_s, u"resolved"_s, u"closed"_s};
    QTest::addRow("in_progress") << QStringList{u"in_progress"_s}
                                 << QStringList{u"open"_s, u"waiting_for_customer"_s, u"resolved"_s};
    QTest::addRow("waiting") << QStringList{u"waiting_for_customer"_s} << QStringList{u"in_progress"_s, u"resolved"_s};
    QTest::addRow("resolved") << QStringList{u"in_progress"_s, u"resolved"_s} << QStringList{u"closed"_s, u"open"_s};
    QTest::addRow("closed") << QStringList{u"resolved"_s, u"closed"_s} << QStringList{u"open"_s};
    QTest::addRow("reopened") << QStringList{u"closed"_s, u"open"_s}
                              << QStringList{u"in_progress"_s, u"waiting_for_customer"_s, u"resolved"_s, u"closed"_s};
}

void tst_Api::transitions()
{
    QFETCH(QStringList, path);
    QFETCH(QStringList, allowed);
    const QJsonObject t = newTicket(u"walk the workflow"_s);
    const QString base = u"/api/v1/tickets/"_s + t.value(u"key").toString() + u"/transitions"_s;
    int version = 1;
    for (const QString &to : path) {
        const Reply r = as(u"agent"_s, "POST", base, {{u"to"_s, to}}, {{"If-Match", QByteArray::number(version)}});
        QCOMPARE(r.status, 200);
        ++version;
        QCOMPARE(r.json().value(u"status").toString(), to);
        QCOMPARE(r.json().value(u"version").toInt(), version);
        const bool done = to == u"resolved"_s || to == u"closed"_s;
        QCOMPARE(r.json().value(u"resolved_at").isString(), done);
    }
    const Reply g = as(u"viewer"_s, "GET", base);
    QCOMPARE(g.status, 200);
    QCOMPARE(g.json().value(u"status").toString(), path.isEmpty() ? u"open"_s : path.last());
    QCOMPARE(strings(g.json().value(u"allowed").toArray()), allowed);
    const QJsonArray history = as(u"viewer"_s, "GET", u"/api/v1/tickets/"_s + t.value(u"id").toString())
                                   .json().value(u"status_history").toArray();
    QCOMPARE(history.size(), path.size() + 1);
    for (qsizetype i = 0; i < path.size(); ++i)
        QCOMPARE(history.at(i + 1).toObject().value(u"status").toString(), path.at(i));
}

void tst_Api::comments()
{
    const QJsonObject t = newTicket(u"comment thread"_s);
    const QString base = u"/api/v1/tickets/"_s + t.value(u"id").toString() + u"/comments"_s;
    const Reply empty = as(u"viewer"_s, "GET", base);
    QCOMPARE(empty.status, 200);
    QCOMPARE(empty.json().value(u"items").toArray().size(), 0);
    QVERIFY(empty.json().value(u"next_cursor").isNull());

    const Reply first = as(u"agent"_s, "POST", base, {{u"body"_s, u"Looking into it"_s}, {u"public"_s, false}});
    QCOMPARE(first.status, 201);
    const QJsonObject c = first.json();
    QCOMPARE(c.value(u"ticket_id"), t.value(u"id"));
    QCOMPARE(c.value(u"author_id").toString(), m_server.userId(u"agent"_s));
    QCOMPARE(c.value(u"body").toString(), u"Looking into it"_s);
    QCOMPARE(c.value(u"public").toBool(), false);
    QCOMPARE(c.value(u"version").toInt(), 1);
    const Reply second = as(u"manager"_s, "POST", base, {{u"body"_s, u"두 번째"_s}});
    QCOMPARE(second.status, 201);
    QCOMPARE(second.json().value(u"public").toBool(), true); // default

    const Reply list = as(u"viewer"_s, "GET", u"/api/v1/tickets/"_s + t.value(u"key").toString() + u"/comments"_s);
    QCOMPARE(list.status, 200);
    const QJsonArray items = list.json().value(u"items").toArray();
    QCOMPARE(items.size(), 2);
    QCOMPARE(items.at(0).toObject(), c); // oldest first
    QCOMPARE(items.at(1).toObject(), second.json());

    QCOMPARE(as(u"agent"_s, "POST", u"/api/v1/tickets/SD-999999/comments"_s, {{u"body"_s, u"x"_s}}).status, 404);
}

void tst_Api::ticketListFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("summaries"); // expected, newest update first

    // The fixture, created in order a..f (see ticketListFilters): summary, priority, status, assignee, team
    //   a P1 open        agent   team
    //   b P2 in_progress agent   -
    //   c P1 resolved    -       team
    //   d P3 open        manager -
    //   e P3 waiting     -       -
    //   f P1 in_progress -       team
    QTest::addRow("all") << QString() << QStringList{u"f"_s, u"e"_s, u"d"_s, u"c"_s, u"b"_s, u"a"_s};
    QTest::addRow("status-open") << u"status=open"_s << QStringList{u"d"_s, u"a"_s};
    QTest::addRow("status-two") << u"status=open,in_progress"_s << QStringList{u"f"_s, u"d"_s, u"b"_s, u"a"_s};
    QTest::addRow("priority-P1") << u"priority=P1"_s << QStringList{u"f"_s, u"c"_s, u"a"_s};
    QTest::addRow("priority-status") << u"priority=P1&status=in_progress"_s << QStringList{u"f"_s};
    QTest::addRow("assignee-agent") << u"assignee_id=@agent"_s << QStringList{u"b"_s, u"a"_s};
    QTest::addRow("assignee-none") << u"assignee_id=none"_s << QStringList{u"f"_s, u"e"_s, u"c"_s};
    QTest::addRow("team") << u"team_id=@team"_s << QStringList{u"f"_s, u"c"_s, u"a"_s};
    QTest::addRow("team-none") << u"team_id=none"_s << QStringList{u"e"_s, u"d"_s, u"b"_s};
    QTest::addRow("nothing") << u"status=closed"_s << QStringList{};
}

void tst_Api::ticketListFilters()
{
    QFETCH(QString, query);
    QFETCH(QStringList, summaries);
    if (m_filterTag.isEmpty()) {
        m_filterTag = uniqueTag();
        const Reply team = as(u"manager"_s, "POST", u"/api/v1/teams"_s, {{u"name"_s, QString(u"Filters "_s + m_filterTag)}});
        QCOMPARE(team.status, 201);
        m_teamId = team.json().value(u"id").toString();
        const QString agent = m_server.userId(u"agent"_s);
        const QString manager = m_server.userId(u"manager"_s);
        struct Row { const char *name; const char *priority; QStringList moves; QString assignee; bool team; };
        const Row rows[] = {{"a", "P1", {}, agent, true},
                            {"b", "P2", {u"in_progress"_s}, agent, false},
                            {"c", "P1", {u"resolved"_s}, {}, true},
                            {"d", "P3", {}, manager, false},
                            {"e", "P3", {u"waiting_for_customer"_s}, {}, false},
                            {"f", "P1", {u"in_progress"_s}, {}, true}};
        for (const Row &row : rows) {
            QJsonObject f{{u"priority"_s, QString::fromLatin1(row.priority)},
                          {u"requester_name"_s, m_filterTag}};
            if (!row.assignee.isEmpty())
                f.insert(u"assignee_id"_s, row.assignee);
            if (row.team)
                f.insert(u"team_id"_s, m_teamId);
            const QJsonObject t = newTicket(QString::fromLatin1(row.name), f);
            QVERIFY(!t.isEmpty());
            for (const QString &to : row.moves)
                QCOMPARE(as(u"agent"_s, "POST", u"/api/v1/tickets/"_s + t.value(u"id").toString() + u"/transitions"_s,
                            {{u"to"_s, to}}).status, 200);
        }
    }
    query.replace(u"@agent"_s, m_server.userId(u"agent"_s)).replace(u"@team"_s, m_teamId);
    // q= matches key, summary and requester: the tag selects exactly this fixture.
    const Reply r = as(u"viewer"_s, "GET", u"/api/v1/tickets?q=%1&%2"_s.arg(m_filterTag.toUpper(), query));
    QCOMPARE(r.status, 200);
    QStringList got;
    for (const auto &v : r.json().value(u"items").toArray())
        got.append(v.toObject().value(u"summary").toString());
    QCOMPARE(got, summaries);
    QVERIFY(r.json().value(u"next_cursor").isNull());
}

void tst_Api::ticketListPaging()
{
    const QString tag = uniqueTag();
    QList<QString> created;
    for (int i = 0; i < 7; ++i) {
        const QJsonObject t = newTicket(u"page %1 %2"_s.arg(tag).arg(i));
        QVERIFY(!t.isEmpty());
        created.prepend(t.value(u"id").toString()); // newest first
    }
    // Touch the oldest: it becomes the newest update.
    QCOMPARE(as(u"agent"_s, "PATCH", u"/api/v1/tickets/"_s + created.last(), {{u"priority"_s, u"P4"_s}}).status, 200);
    created.move(created.size() - 1, 0);

    QStringList got;
    QString cursor;
    int pages = 0;
    do {
        const Reply r = as(u"viewer"_s, "GET", u"/api/v1/tickets?q=%1&limit=3%2"_s.arg(tag, cursor.isEmpty() ? QString() : u"&cursor="_s + cursor));
        QCOMPARE(r.status, 200);
        const QJsonArray items = r.json().value(u"items").toArray();
        ++pages;
        for (const auto &v : items)
            got.append(v.toObject().value(u"id").toString());
        cursor = r.json().value(u"next_cursor").toString();
        QCOMPARE(items.size(), cursor.isEmpty() ? 1 : 3);
    } while (!cursor.isEmpty() && pages < 10);
    QCOMPARE(pages, 3);
    QCOMPARE(got, QStringList(created));
}

void tst_Api::slaPolicy()
{
    const Reply before = as(u"viewer"_s, "GET", u"/api/v1/sla_policy"_s);
    QCOMPARE(before.status, 200);
    QVERIFY(before.json().value(u"targets").toObject().contains(u"P5"_s));

    const QJsonObject policy{
        {u"targets"_s, QJsonObject{{u"P1"_s, QJsonObject{{u"first_response_minutes"_s, 10}, {u"resolution_minutes"_s, 120}}},
                                   {u"P4"_s, QJsonObject{{u"first_response_minutes"_s, 600}, {u"resolution_minutes"_s, 9000}}}}}};
    const Reply put = as(u"manager"_s, "PUT", u"/api/v1/sla_policy"_s, policy);
    QCOMPARE(put.status, 200);
    const Reply after = as(u"viewer"_s, "GET", u"/api/v1/sla_policy"_s);
    QCOMPARE(after.status, 200);
    const QJsonObject targets = after.json().value(u"targets").toObject();
    QCOMPARE(targets.value(u"P1").toObject().value(u"first_response_minutes").toInt(), 10);
    QCOMPARE(targets.value(u"P1").toObject().value(u"resolution_minutes").toInt(), 120);
    QCOMPARE(targets.value(u"P4").toObject().value(u"resolution_minutes").toInt(), 9000);

    const QJsonObject t = newTicket(u"under the new policy"_s, {{u"priority"_s, u"P1"_s}});
    const QJsonObject sla = t.value(u"sla").toObject();
    QCOMPARE(sla.value(u"first_response").toObject().value(u"target_minutes").toInt(), 10);
    QCOMPARE(sla.value(u"resolution").toObject().value(u"target_minutes").toInt(), 120);

    const Reply bad = as(u"manager"_s, "PUT", u"/api/v1/sla_policy"_s,
                         {{u"targets"_s, QJsonObject{{u"P1"_s, QJsonObject{{u"first_response_minutes"_s, 0}}}}}});
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.errorCode(), u"invalid_field"_s);
    QCOMPARE(bad.errorField(), u"targets.P1.first_response_minutes"_s);
    // The policy is an entity with a version: a stale If-Match is refused with the current policy.
    const qint64 version = after.json().value(u"version").toInteger();
    QVERIFY(version >= 1);
    const Reply stale = as(u"manager"_s, "PUT", u"/api/v1/sla_policy"_s, policy,
                           {{"If-Match", '"' + QByteArray::number(version - 1) + '"'}});
    QCOMPARE(stale.status, 412);
    QCOMPARE(stale.json().value(u"current").toObject().value(u"version").toInteger(), version);
    // Put the defaults back for the other tests.
    QCOMPARE(as(u"manager"_s, "PUT", u"/api/v1/sla_policy"_s, before.json(),
                {{"If-Match", '"' + QByteArray::number(version) + '"'}}).status, 200);
    const QJsonObject restored = as(u"viewer"_s, "GET", u"/api/v1/sla_policy"_s).json();
    QCOMPARE(restored.value(u"targets"), before.json().value(u"targets"));
    QCOMPARE(restored.value(u"business_hours"), before.json().value(u"business_hours"));
    QCOMPARE(restored.value(u"version").toInteger(), version + 1);
}

void tst_Api::firstResponseStopsClock()
{
    // The agent is also the requester of one ticket: its own reply is no first response.
    const QJsonObject own = newTicket(u"own request"_s, {{u"requester_email"_s, u"AGENT@vigil.test"_s}});
    const QString ownBase = u"/api/v1/tickets/"_s + own.value(u"id").toString();
    QCOMPARE(as(u"agent"_s, "POST", ownBase + u"/comments"_s, {{u"body"_s, u"me again"_s}}).status, 201);
    QVERIFY(as(u"viewer"_s, "GET", ownBase).json().value(u"first_response_at").isNull());

    const QJsonObject t = newTicket(u"needs an answer"_s, {{u"requester_email"_s, u"customer@example.com"_s}});
    const QString base = u"/api/v1/tickets/"_s + t.value(u"id").toString();
    // An internal note is not a response.
    QCOMPARE(as(u"agent"_s, "POST", base + u"/comments"_s, {{u"body"_s, u"internal"_s}, {u"public"_s, false}}).status, 201);
    QJsonObject now = as(u"viewer"_s, "GET", base).json();
    QVERIFY(now.value(u"first_response_at").isNull());
    QVERIFY(now.value(u"sla").toObject().value(u"first_response").toObject().value(u"stopped_at").isNull());
    QCOMPARE(now.value(u"version").toInt(), 1);

    const Reply reply = as(u"agent"_s, "POST", base + u"/comments"_s, {{u"body"_s, u"We are on it"_s}});
    QCOMPARE(reply.status, 201);
    now = as(u"viewer"_s, "GET", base).json();
    QCOMPARE(now.value(u"first_response_at"), reply.json().value(u"created_at"));
    QCOMPARE(now.value(u"version").toInt(), 2);
    const QJsonObject fr = now.value(u"sla").toObject().value(u"first_response").toObject();
    QCOMPARE(fr.value(u"stopped_at"), reply.json().value(u"created_at"));
    QCOMPARE(fr.value(u"breached").toBool(), false);
    // The resolution clock keeps running.
    QVERIFY(now.value(u"sla").toObject().value(u"resolution").toObject().value(u"stopped_at").isNull());

    // A later public reply does not move the first response.
    QCOMPARE(as(u"manager"_s, "POST", base + u"/comments"_s, {{u"body"_s, u"more"_s}}).status, 201);
    QCOMPARE(as(u"viewer"_s, "GET", base).json().value(u"first_response_at"), reply.json().value(u"created_at"));
}

void tst_Api::waitingForCustomerPausesClocks()
{
    const QJsonObject t = newTicket(u"waiting on the customer"_s);
    const QString base = u"/api/v1/tickets/"_s + t.value(u"id").toString();
    const Reply r = as(u"agent"_s, "POST", base + u"/transitions"_s, {{u"to"_s, u"waiting_for_customer"_s}});
    QCOMPARE(r.status, 200);
    const QJsonObject sla = r.json().value(u"sla").toObject();
    QCOMPARE(sla.value(u"first_response").toObject().value(u"paused").toBool(), true);
    QCOMPARE(sla.value(u"resolution").toObject().value(u"paused").toBool(), true);
    QVERIFY(sla.value(u"resolution").toObject().value(u"target_at").isNull()); // the deadline moves while paused

    const Reply back = as(u"agent"_s, "POST", base + u"/transitions"_s, {{u"to"_s, u"in_progress"_s}});
    QCOMPARE(back.status, 200);
    const QJsonObject running = back.json().value(u"sla").toObject().value(u"resolution").toObject();
    QCOMPARE(running.value(u"paused").toBool(), false);
    QVERIFY(running.value(u"target_at").isString());
}

void tst_Api::idempotentReplay()
{
    const QByteArray key = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    const QByteArray body = toJson({{u"summary"_s, u"created once"_s}, {u"priority"_s, u"P2"_s}});
    const Reply first = m_server.as(u"agent"_s, "POST", u"/api/v1/tickets"_s, body, {{"Idempotency-Key", key}});
    QCOMPARE(first.status, 201);
    const qint64 rev = m_server.lastRev();
    const qint64 open = openTicketsMetric();

    for (int i = 0; i < 3; ++i) {
        const Reply again = m_server.as(u"agent"_s, "POST", u"/api/v1/tickets"_s, body, {{"Idempotency-Key", key}});
        QCOMPARE(again.status, first.status);
        QCOMPARE(again.body, first.body);
        QCOMPARE(again.header("idempotent-replayed"), "true");
    }
    QCOMPARE(m_server.lastRev(), rev);
    QCOMPARE(openTicketsMetric(), open);
    // The next ticket takes the next key: the replays burnt none.
    const QJsonObject next = newTicket(u"after the replays"_s);
    QCOMPARE(keyNumber(next), keyNumber(first.json()) + 1);

    // Another user may use the same key for their own request.
    const Reply other = m_server.as(u"manager"_s, "POST", u"/api/v1/tickets"_s, body, {{"Idempotency-Key", key}});
    QCOMPARE(other.status, 201);
    QCOMPARE(keyNumber(other.json()), keyNumber(next) + 1);

    // Comments honour the key too.
    const QString comments = u"/api/v1/tickets/"_s + next.value(u"id").toString() + u"/comments"_s;
    const QByteArray ck = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    const Reply c1 = m_server.as(u"agent"_s, "POST", comments, R"({"body":"once"})", {{"Idempotency-Key", ck}});
    const Reply c2 = m_server.as(u"agent"_s, "POST", comments, R"({"body":"once"})", {{"Idempotency-Key", ck}});
    QCOMPARE(c1.status, 201);
    QCOMPARE(c2.status, 201);
    QCOMPARE(c2.body, c1.body);
    QCOMPARE(as(u"viewer"_s, "GET", comments).json().value(u"items").toArray().size(), 1);
}

void tst_Api::idempotencyKeyReuseConflicts()
{
    const QByteArray key = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    const Reply first = m_server.as(u"agent"_s, "POST", u"/api/v1/tickets"_s, R"({"summary":"first body"})",
                                    {{"Idempotency-Key", key}});
    QCOMPARE(first.status, 201);
    const qint64 rev = m_server.lastRev();
    const Reply second = m_server.as(u"agent"_s, "POST", u"/api/v1/tickets"_s, R"({"summary":"another body"})",
                                     {{"Idempotency-Key", key}});
    QCOMPARE(second.status, 409);
    QCOMPARE(second.errorCode(), u"conflict"_s);
    QCOMPARE(second.errorField(), u"Idempotency-Key"_s);
    QCOMPARE(m_server.lastRev(), rev);
    // A failed request stores nothing: the key is still usable after a fix.
    const QByteArray k2 = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    QCOMPARE(m_server.as(u"agent"_s, "POST", u"/api/v1/tickets"_s, R"({"summary":""})", {{"Idempotency-Key", k2}}).status, 400);
    const Reply fixed = m_server.as(u"agent"_s, "POST", u"/api/v1/tickets"_s, R"({"summary":"fixed"})", {{"Idempotency-Key", k2}});
    QCOMPARE(fixed.status, 201);
    QCOMPARE(keyNumber(fixed.json()), keyNumber(first.json()) + 1);
}

void tst_Api::staleIfMatch_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QByteArray>("body");
    QTest::addRow("patch") << QByteArray("PATCH") << QString() << QByteArray(R"({"priority":"P5"})");
    QTest::addRow("transition") << QByteArray("POST") << u"/transitions"_s << QByteArray(R"({"to":"resolved"})");
}

void tst_Api::staleIfMatch()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, suffix);
    QFETCH(QByteArray, body);
    const QJsonObject t = newTicket(u"contended"_s);
    const QString path = u"/api/v1/tickets/"_s + t.value(u"id").toString();
    // Someone else edits first: version 2.
    QCOMPARE(as(u"manager"_s, "PATCH", path, {{u"summary"_s, u"edited elsewhere"_s}}, {{"If-Match", "\"1\""}}).status, 200);
    const qint64 rev = m_server.lastRev();

    const Reply r = m_server.as(u"agent"_s, method, path + suffix, body, {{"If-Match", "\"1\""}});
    QCOMPARE(r.status, 412);
    QCOMPARE(r.errorCode(), u"version_mismatch"_s);
    const QJsonObject current = r.json().value(u"current").toObject();
    QCOMPARE(current.value(u"id"), t.value(u"id"));
    QCOMPARE(current.value(u"version").toInt(), 2);
    QCOMPARE(current.value(u"summary").toString(), u"edited elsewhere"_s);
    QCOMPARE(current.value(u"status").toString(), u"open"_s);
    QCOMPARE(current.value(u"priority").toString(), u"P3"_s);
    QVERIFY(r.json().value(u"error").toObject().value(u"message").toString().contains(t.value(u"key").toString()));
    QCOMPARE(m_server.lastRev(), rev);

    // With the current version it goes through.
    const Reply ok = m_server.as(u"agent"_s, method, path + suffix, body, {{"If-Match", "\"2\""}});
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.json().value(u"version").toInt(), 3);
}

void tst_Api::invalidTransitionListsAllowed()
{
    const QJsonObject t = newTicket(u"wrong move"_s);
    const QString base = u"/api/v1/tickets/"_s + t.value(u"id").toString() + u"/transitions"_s;
    QCOMPARE(as(u"agent"_s, "POST", base, {{u"to"_s, u"waiting_for_customer"_s}}).status, 200);
    const qint64 rev = m_server.lastRev();
    const Reply r = as(u"agent"_s, "POST", base, {{u"to"_s, u"closed"_s}});
    QCOMPARE(r.status, 422);
    QCOMPARE(r.errorCode(), u"invalid_transition"_s);
    QCOMPARE(r.errorField(), u"to"_s);
    QCOMPARE(strings(r.json().value(u"allowed").toArray()), (QStringList{u"in_progress"_s, u"resolved"_s}));
    QCOMPARE(m_server.lastRev(), rev);
    QCOMPARE(as(u"viewer"_s, "GET", u"/api/v1/tickets/"_s + t.value(u"id").toString()).json().value(u"version").toInt(), 2);
}

QTEST_GUILESS_MAIN(tst_Api)
#include "tst_api.moc"
