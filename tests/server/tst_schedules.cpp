// Schedules and on-call against a real vigild: CRUD, validation fields, concurrency, idempotency, overrides, the
// on-call answers at hand-picked instants, shifts and gaps, the all-schedules listing, roles and the change feed.
#include "vigildprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUuid>

using namespace Vigil::Testing;
using namespace Qt::StringLiterals;

class tst_Schedules final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void crud();
    void validation_data();
    void validation();
    void staleIfMatchIs412();
    void idempotentCreation();
    void overrides();
    void onCallAt_data();
    void onCallAt();
    void shiftsWithGapAndOverride();
    void onCallAcrossSchedules();
    void roleMatrix_data();
    void roleMatrix();
    void changesCarryScheduleEntity();
    void demoSchedulesAnswerAtOnce();
    void onPostgres();

private:
    /// Replaces @agent, @responder, @viewer, @manager, @admin (user ids), @team, @daily and @hours (ids).
    [[nodiscard]] QByteArray expand(QByteArray text) const;
    [[nodiscard]] QString expandPath(const QString &text) const;
    /// Creates a schedule as the manager; returns it (empty on failure).
    QJsonObject create(const QByteArray &json);

    VigildProcess m_server;
    QString m_teamId;
    QString m_dailyId; // "Seoul daily": agent, responder, viewer; daily at 09:00 Seoul (00:00Z) from 1 Dec 2026
    QString m_hoursId; // "Seoul business hours": agent, responder daily from 30 Nov 2026, 09:00–18:00 Seoul only
};

namespace {

const QByteArray dailyJson = R"({"name":"Seoul daily","team_id":"@team","time_zone":"Asia/Seoul","layers":[
    {"name":"primary","participants":["@agent","@responder","@viewer"],"rotation_type":"daily",
     "start":"2026-12-01T09:00:00","end":null,"restrictions":[]}]})";

const QByteArray hoursJson = R"({"name":"Seoul business hours","time_zone":"Asia/Seoul","layers":[
    {"name":"office","participants":["@agent","@responder"],"rotation_type":"daily","start":"2026-11-30T09:00:00",
     "restrictions":[{"type":"daily","start_time":"09:00","end_time":"18:00"}]}]})";

QJsonObject shift(const QString &user, const char *start, const char *end)
{
    return QJsonObject{{u"user_id"_s, user}, {u"start"_s, QString::fromLatin1(start)}, {u"end"_s, QString::fromLatin1(end)}};
}

} // namespace

void tst_Schedules::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
    const Reply team = m_server.as(u"manager"_s, "POST", u"/api/v1/teams"_s, R"({"name":"Infrastructure"})");
    QCOMPARE(team.status, 201);
    m_teamId = team.json().value(u"id").toString();
    m_dailyId = create(dailyJson).value(u"id").toString();
    QVERIFY(!m_dailyId.isEmpty());
    m_hoursId = create(hoursJson).value(u"id").toString();
    QVERIFY(!m_hoursId.isEmpty());
}

void tst_Schedules::cleanupTestCase()
{
    m_server.stop();
}

QByteArray tst_Schedules::expand(QByteArray text) const
{
    for (const QString &role : VigildProcess::roles())
        text.replace(QByteArray("@" + role.toLatin1()), m_server.userId(role).toLatin1());
    return text.replace("@team", m_teamId.toLatin1())
        .replace("@daily", m_dailyId.toLatin1())
        .replace("@hours", m_hoursId.toLatin1());
}

QString tst_Schedules::expandPath(const QString &text) const
{
    return QString::fromLatin1(expand(text.toLatin1()));
}

QJsonObject tst_Schedules::create(const QByteArray &json)
{
    const Reply r = m_server.as(u"manager"_s, "POST", u"/api/v1/schedules"_s, expand(json));
    if (r.status != 201)
        qWarning() << "creating a schedule failed" << r.status << r.body;
    return r.status == 201 ? r.json() : QJsonObject{};
}

void tst_Schedules::crud()
{
    // Given a new schedule
    const QJsonObject created = create(R"({"name":"CRUD","time_zone":"Europe/Berlin","layers":[],"overrides":[
        {"user_id":"@admin","start":"2026-12-24T17:00:00+01:00","end":"2026-12-26T08:00:00Z"}]})");
    QVERIFY(!created.isEmpty());
    const QString id = created.value(u"id").toString();
    QCOMPARE(created.value(u"version").toInt(), 1);
    QCOMPARE(created.value(u"team_id"), QJsonValue(QJsonValue::Null));
    QVERIFY(created.value(u"created_at").toString().endsWith(u'Z'));
    const QJsonObject ov = created.value(u"overrides").toArray().at(0).toObject();
    QVERIFY(!ov.value(u"id").toString().isEmpty()); // the server gives every override an id
    QCOMPARE(ov.value(u"start").toString(), u"2026-12-24T16:00:00.000Z"_s); // stored in UTC

    // Then GET answers it, and the list has it by name
    const Reply got = m_server.as(u"viewer"_s, "GET", u"/api/v1/schedules/"_s + id);
    QCOMPARE(got.status, 200);
    QCOMPARE(got.json(), created);
    const Reply list = m_server.as(u"viewer"_s, "GET", u"/api/v1/schedules?limit=1"_s);
    QCOMPARE(list.status, 200);
    QCOMPARE(list.json().value(u"items").toArray().at(0).toObject().value(u"name").toString(), u"CRUD"_s);
    QVERIFY(list.json().value(u"next_cursor").isString());

    // When PATCH changes the name and the zone, the rest is kept and the version goes up
    const Reply patched = m_server.as(u"manager"_s, "PATCH", u"/api/v1/schedules/"_s + id,
                                      R"({"name":"CRUD renamed","time_zone":"Europe/London"})", {{"If-Match", "\"1\""}});
    QCOMPARE(patched.status, 200);
    QCOMPARE(patched.json().value(u"version").toInt(), 2);
    QCOMPARE(patched.json().value(u"time_zone").toString(), u"Europe/London"_s);
    QCOMPARE(patched.json().value(u"overrides"), created.value(u"overrides"));
    QCOMPARE(patched.json().value(u"created_at"), created.value(u"created_at"));
    // A PATCH that changes nothing (the GET body sent back) makes no new version
    const Reply same = m_server.as(u"manager"_s, "PATCH", u"/api/v1/schedules/"_s + id, toJson(patched.json()));
    QCOMPARE(same.status, 200);
    QCOMPARE(same.json().value(u"version").toInt(), 2);

    // When it is deleted it is gone
    QCOMPARE(m_server.as(u"manager"_s, "DELETE", u"/api/v1/schedules/"_s + id).status, 204);
    QCOMPARE(m_server.as(u"viewer"_s, "GET", u"/api/v1/schedules/"_s + id).status, 404);
    QCOMPARE(m_server.as(u"manager"_s, "DELETE", u"/api/v1/schedules/"_s + id).status, 404);
}

void tst_Schedules::validation_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");

    const QString list = u"/api/v1/schedules"_s;
    const QString unknown = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QByteArray layer = R"({"participants":["@agent"],"rotation_type":"daily","start":"2026-12-01T09:00:00")";
    const auto sched = [&](const QByteArray &layers, const QByteArray &rest = {}) {
        return QByteArray(R"({"name":"v-)" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces)
                          + R"(","time_zone":"Asia/Seoul","layers":)" + layers + rest + "}");
    };
    const auto row = [](const char *name) { return &QTest::newRow(name); };
    const QByteArray post = "POST";

    *row("missing-name") << post << list << QByteArray(R"({"time_zone":"Asia/Seoul"})") << 400 << u"missing_field"_s << u"name"_s;
    *row("missing-time-zone") << post << list << QByteArray(R"({"name":"x"})") << 400 << u"missing_field"_s << u"time_zone"_s;
    *row("unknown-time-zone") << post << list << QByteArray(R"({"name":"x","time_zone":"Asia/Busan"})") << 400 << u"invalid_field"_s << u"time_zone"_s;
    *row("unknown-member") << post << list << QByteArray(R"({"name":"x","time_zone":"UTC","layer":[]})") << 400 << u"invalid_field"_s << u"layer"_s;
    *row("layers-not-array") << post << list << sched("{}") << 400 << u"invalid_field"_s << u"layers"_s;
    *row("second-layer-no-participants") << post << list << sched("[" + layer + "}," + R"({"participants":[],"rotation_type":"daily","start":"2026-12-01T09:00:00"}])") << 400 << u"invalid_field"_s << u"layers[1].participants"_s;
    *row("rotation-type") << post << list << sched(R"([{"participants":["@agent"],"rotation_type":"fortnightly","start":"2026-12-01T09:00:00"}])") << 400 << u"invalid_field"_s << u"layers[0].rotation_type"_s;
    *row("custom-without-length") << post << list << sched(R"([{"participants":["@agent"],"rotation_type":"custom","start":"2026-12-01T09:00:00"}])") << 400 << u"invalid_field"_s << u"layers[0].shift_length_hours"_s;
    *row("start-with-offset") << post << list << sched(R"([{"participants":["@agent"],"rotation_type":"daily","start":"2026-12-01T09:00:00Z"}])") << 400 << u"invalid_field"_s << u"layers[0].start"_s;
    *row("restriction-day-8") << post << list << sched("[" + layer + R"(,"restrictions":[{"type":"weekly","start_day":8,"start_time":"09:00","end_day":5,"end_time":"18:00"}]}])") << 400 << u"invalid_field"_s << u"layers[0].restrictions[0].start_day"_s;
    *row("participant-unknown") << post << list << sched("[" + layer + "}," + R"({"participants":["@agent",")" + unknown.toLatin1() + R"("],"rotation_type":"weekly","start":"2026-12-01T09:00:00"}])") << 400 << u"invalid_field"_s << u"layers[1].participants"_s;
    *row("override-user-unknown") << post << list << sched("[]", R"(,"overrides":[{"user_id":"nobody","start":"2026-12-01T00:00:00Z","end":"2026-12-02T00:00:00Z"}])") << 400 << u"invalid_field"_s << u"overrides[0].user_id"_s;
    *row("overrides-overlap") << post << list << sched("[]", R"(,"overrides":[{"user_id":"@agent","start":"2026-12-01T00:00:00Z","end":"2026-12-02T00:00:00Z"},{"user_id":"@agent","start":"2026-12-01T12:00:00Z","end":"2026-12-03T00:00:00Z"}])") << 400 << u"invalid_field"_s << u"overrides[1].start"_s;
    *row("team-unknown") << post << list << QByteArray(R"({"name":"x","time_zone":"UTC","team_id":"no-team"})") << 400 << u"invalid_field"_s << u"team_id"_s;
    *row("name-taken") << post << list << QByteArray(R"({"name":"Seoul daily","time_zone":"UTC"})") << 409 << u"conflict"_s << u"name"_s;
    *row("patch-rename-taken") << QByteArray("PATCH") << u"/api/v1/schedules/@hours"_s << QByteArray(R"({"name":"Seoul daily"})") << 409 << u"conflict"_s << u"name"_s;
    *row("patch-layer-participant-unknown") << QByteArray("PATCH") << u"/api/v1/schedules/@hours"_s << QByteArray(R"({"layers":[{"participants":["ghost"],"rotation_type":"daily","start":"2026-12-01T09:00:00"}]})") << 400 << u"invalid_field"_s << u"layers[0].participants"_s;
    *row("patch-unknown-schedule") << QByteArray("PATCH") << u"/api/v1/schedules/"_s + unknown << QByteArray(R"({"name":"y"})") << 404 << u"not_found"_s << QString();

    const QString overrides = u"/api/v1/schedules/@daily/overrides"_s;
    *row("override-missing-user") << post << overrides << QByteArray(R"({"start":"2026-12-01T00:00:00Z","end":"2026-12-01T02:00:00Z"})") << 400 << u"missing_field"_s << u"user_id"_s;
    *row("override-end-before-start") << post << overrides << QByteArray(R"({"user_id":"@agent","start":"2026-12-01T02:00:00Z","end":"2026-12-01T00:00:00Z"})") << 400 << u"invalid_field"_s << u"end"_s;
    *row("override-local-start") << post << overrides << QByteArray(R"({"user_id":"@agent","start":"2026-12-01T02:00:00","end":"2026-12-01T04:00:00Z"})") << 400 << u"invalid_field"_s << u"start"_s;
    *row("override-user-unknown") << post << overrides << QByteArray(R"({"user_id":"ghost","start":"2026-12-01T00:00:00Z","end":"2026-12-01T02:00:00Z"})") << 400 << u"invalid_field"_s << u"user_id"_s;
    *row("override-unknown-member") << post << overrides << QByteArray(R"({"user_id":"@agent","start":"2026-12-01T00:00:00Z","end":"2026-12-01T02:00:00Z","note":"x"})") << 400 << u"invalid_field"_s << u"note"_s;
    *row("override-unknown-schedule") << post << u"/api/v1/schedules/"_s + unknown + u"/overrides"_s << QByteArray(R"({"user_id":"@agent","start":"2026-12-01T00:00:00Z","end":"2026-12-01T02:00:00Z"})") << 404 << u"not_found"_s << QString();
    *row("override-delete-unknown") << QByteArray("DELETE") << u"/api/v1/schedules/@daily/overrides/"_s + unknown << QByteArray() << 404 << u"not_found"_s << QString();

    const QByteArray get = "GET";
    *row("oncall-bad-at") << get << u"/api/v1/schedules/@daily/oncall?at=tomorrow"_s << QByteArray() << 400 << u"invalid_query"_s << u"at"_s;
    *row("oncall-unknown-schedule") << get << u"/api/v1/schedules/"_s + unknown + u"/oncall"_s << QByteArray() << 404 << u"not_found"_s << QString();
    *row("all-oncall-bad-at") << get << u"/api/v1/oncall?at=2026-13-01T00:00:00Z"_s << QByteArray() << 400 << u"invalid_query"_s << u"at"_s;
    *row("shifts-missing-from") << get << u"/api/v1/schedules/@daily/shifts?to=2026-12-02T00:00:00Z"_s << QByteArray() << 400 << u"invalid_query"_s << u"from"_s;
    *row("shifts-missing-to") << get << u"/api/v1/schedules/@daily/shifts?from=2026-12-02T00:00:00Z"_s << QByteArray() << 400 << u"invalid_query"_s << u"to"_s;
    *row("shifts-bad-to") << get << u"/api/v1/schedules/@daily/shifts?from=2026-12-01T00:00:00Z&to=soon"_s << QByteArray() << 400 << u"invalid_query"_s << u"to"_s;
    *row("shifts-reversed") << get << u"/api/v1/schedules/@daily/shifts?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z"_s << QByteArray() << 400 << u"invalid_query"_s << u"to"_s;
    *row("shifts-empty-range") << get << u"/api/v1/schedules/@daily/shifts?from=2026-12-02T00:00:00Z&to=2026-12-02T00:00:00Z"_s << QByteArray() << 400 << u"invalid_query"_s << u"to"_s;
    *row("shifts-94-days") << get << u"/api/v1/schedules/@daily/shifts?from=2026-12-01T00:00:00Z&to=2027-03-05T00:00:00Z"_s << QByteArray() << 400 << u"invalid_query"_s << u"to"_s;
    *row("shifts-93-days") << get << u"/api/v1/schedules/@daily/shifts?from=2026-12-01T00:00:00Z&to=2027-03-04T00:00:00Z"_s << QByteArray() << 200 << QString() << QString();
}

void tst_Schedules::validation()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const QString role = method == "GET" ? u"viewer"_s : path.contains(u"/overrides"_s) ? u"agent"_s : u"manager"_s;
    const Reply r = m_server.as(role, method, expandPath(path), expand(body));
    QVERIFY2(r.status == status, r.body.constData());
    QCOMPARE(r.errorCode(), code);
    QCOMPARE(r.errorField(), field);
    if (!code.isEmpty())
        QVERIFY(!r.json().value(u"error").toObject().value(u"message").toString().isEmpty());
}

void tst_Schedules::staleIfMatchIs412()
{
    const QJsonObject s = create(R"({"name":"Concurrency","time_zone":"UTC"})");
    const QString path = u"/api/v1/schedules/"_s + s.value(u"id").toString();
    QCOMPARE(m_server.as(u"manager"_s, "PATCH", path, R"({"time_zone":"Asia/Seoul"})", {{"If-Match", "\"1\""}}).status, 200);
    // Another client still holding version 1
    const Reply stale = m_server.as(u"manager"_s, "PATCH", path, R"({"time_zone":"Asia/Tokyo"})", {{"If-Match", "\"1\""}});
    QCOMPARE(stale.status, 412);
    QCOMPARE(stale.errorCode(), u"version_mismatch"_s);
    QCOMPARE(stale.json().value(u"current").toObject().value(u"version").toInt(), 2);
    QCOMPARE(stale.json().value(u"current").toObject().value(u"time_zone").toString(), u"Asia/Seoul"_s);
    // The override sub-resource and DELETE honour If-Match too
    const QByteArray ov = expand(R"({"user_id":"@agent","start":"2026-12-01T00:00:00Z","end":"2026-12-01T01:00:00Z"})");
    QCOMPARE(m_server.as(u"agent"_s, "POST", path + u"/overrides"_s, ov, {{"If-Match", "\"1\""}}).status, 412);
    QCOMPARE(m_server.as(u"manager"_s, "DELETE", path, {}, {{"If-Match", "\"1\""}}).status, 412);
    QCOMPARE(m_server.as(u"manager"_s, "PATCH", path, R"({"name":"C"})", {{"If-Match", "two"}}).errorField(), u"If-Match"_s);
    QCOMPARE(m_server.as(u"manager"_s, "DELETE", path, {}, {{"If-Match", "\"2\""}}).status, 204);
}

void tst_Schedules::idempotentCreation()
{
    const Headers key{{"Idempotency-Key", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}};
    const QByteArray body = R"({"name":"Idempotent","time_zone":"UTC"})";
    const Reply first = m_server.as(u"manager"_s, "POST", u"/api/v1/schedules"_s, body, key);
    QCOMPARE(first.status, 201);
    const qint64 rev = m_server.lastRev();
    const Reply again = m_server.as(u"manager"_s, "POST", u"/api/v1/schedules"_s, body, key);
    QCOMPARE(again.status, 201);
    QCOMPARE(again.body, first.body);
    QCOMPARE(again.header("idempotent-replayed"), QByteArray("true"));
    QCOMPARE(m_server.lastRev(), rev);
    const Reply other = m_server.as(u"manager"_s, "POST", u"/api/v1/schedules"_s, R"({"name":"Other","time_zone":"UTC"})", key);
    QCOMPARE(other.status, 409);
    QCOMPARE(other.errorField(), u"Idempotency-Key"_s);

    // Adding an override is a creation too
    const QString path = u"/api/v1/schedules/"_s + first.json().value(u"id").toString() + u"/overrides"_s;
    const Headers ovKey{{"Idempotency-Key", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}};
    const QByteArray ov = expand(R"({"user_id":"@agent","start":"2026-12-01T00:00:00Z","end":"2026-12-01T01:00:00Z"})");
    const Reply added = m_server.as(u"agent"_s, "POST", path, ov, ovKey);
    QCOMPARE(added.status, 201);
    const Reply replayed = m_server.as(u"agent"_s, "POST", path, ov, ovKey);
    QCOMPARE(replayed.status, 201);
    QCOMPARE(replayed.body, added.body);
    const Reply s = m_server.as(u"viewer"_s, "GET", u"/api/v1/schedules/"_s + first.json().value(u"id").toString());
    QCOMPARE(s.json().value(u"overrides").toArray().size(), 1);
    QCOMPARE(s.json().value(u"version").toInt(), 2);
}

void tst_Schedules::overrides()
{
    const QJsonObject s = create(R"({"name":"Override target","time_zone":"Asia/Seoul","layers":[
        {"name":"l","participants":["@agent"],"rotation_type":"weekly","start":"2026-11-30T09:00:00"}]})");
    const QString path = u"/api/v1/schedules/"_s + s.value(u"id").toString();

    // When the responder covers 10:00–14:00 Seoul on 2 December
    const Reply added = m_server.as(u"agent"_s, "POST", path + u"/overrides"_s,
                                    expand(R"({"user_id":"@responder","start":"2026-12-02T01:00:00Z","end":"2026-12-02T14:00:00+09:00"})"));
    QCOMPARE(added.status, 201);
    const QJsonObject ov = added.json();
    const QString ovId = ov.value(u"id").toString();
    QVERIFY(!ovId.isEmpty());
    QCOMPARE(ov.value(u"user_id").toString(), m_server.userId(u"responder"_s));
    QCOMPARE(ov.value(u"start").toString(), u"2026-12-02T01:00:00.000Z"_s);
    QCOMPARE(ov.value(u"end").toString(), u"2026-12-02T05:00:00.000Z"_s);
    QCOMPARE(ov.value(u"schedule_id").toString(), s.value(u"id").toString());
    QCOMPARE(ov.value(u"schedule_version").toInt(), 2);
    // Then the schedule holds it and the responder is on call inside it
    QCOMPARE(m_server.as(u"viewer"_s, "GET", path).json().value(u"overrides").toArray().at(0).toObject().value(u"id").toString(), ovId);
    const QJsonObject during = m_server.as(u"viewer"_s, "GET", path + u"/oncall?at=2026-12-02T03:00:00Z"_s).json();
    QCOMPARE(during.value(u"user_id").toString(), m_server.userId(u"responder"_s));
    QCOMPARE(during.value(u"until").toString(), u"2026-12-02T05:00:00.000Z"_s);
    QCOMPARE(during.value(u"next_user_id").toString(), m_server.userId(u"agent"_s));

    // An overlapping override of the same user is refused; another user at the same time is allowed
    const Reply overlap = m_server.as(u"agent"_s, "POST", path + u"/overrides"_s,
                                      expand(R"({"user_id":"@responder","start":"2026-12-02T04:00:00Z","end":"2026-12-02T06:00:00Z"})"));
    QCOMPARE(overlap.status, 400);
    QCOMPARE(overlap.errorCode(), u"invalid_field"_s);
    QCOMPARE(overlap.errorField(), u"start"_s);
    const Reply touching = m_server.as(u"agent"_s, "POST", path + u"/overrides"_s,
                                       expand(R"({"user_id":"@responder","start":"2026-12-02T05:00:00Z","end":"2026-12-02T06:00:00Z"})"));
    QCOMPARE(touching.status, 201);
    QCOMPARE(touching.json().value(u"schedule_version").toInt(), 3);

    // When the first one is removed, only the second remains and the version goes up again
    QCOMPARE(m_server.as(u"agent"_s, "DELETE", path + u"/overrides/"_s + ovId, {}, {{"If-Match", "\"3\""}}).status, 204);
    const QJsonObject after = m_server.as(u"viewer"_s, "GET", path).json();
    QCOMPARE(after.value(u"version").toInt(), 4);
    QCOMPARE(after.value(u"overrides").toArray().size(), 1);
    QCOMPARE(after.value(u"overrides").toArray().at(0).toObject().value(u"id"), touching.json().value(u"id"));
    QCOMPARE(m_server.as(u"viewer"_s, "GET", path + u"/oncall?at=2026-12-02T03:00:00Z"_s).json().value(u"user_id").toString(),
             m_server.userId(u"agent"_s));
    QCOMPARE(m_server.as(u"agent"_s, "DELETE", path + u"/overrides/"_s + ovId).status, 404);
}

void tst_Schedules::onCallAt_data()
{
    QTest::addColumn<QString>("schedule"); // @daily or @hours
    QTest::addColumn<QString>("at");
    QTest::addColumn<QString>("user");     // a role, or "" for nobody
    QTest::addColumn<QString>("until");    // "" for null
    QTest::addColumn<QString>("next");     // a role, or "" for nobody

    // Seoul daily: agent, responder, viewer, handing over at 09:00 Seoul (00:00Z) from 1 December 2026.
    QTest::addRow("before-the-first-shift") << u"@daily"_s << u"2026-11-30T23:59:59Z"_s << QString() << u"2026-12-01T00:00:00.000Z"_s << u"agent"_s;
    QTest::addRow("first-shift-starts") << u"@daily"_s << u"2026-12-01T00:00:00Z"_s << u"agent"_s << u"2026-12-02T00:00:00.000Z"_s << u"responder"_s;
    QTest::addRow("first-shift-seoul-evening") << u"@daily"_s << u"2026-12-01T20:00:00+09:00"_s << u"agent"_s << u"2026-12-02T00:00:00.000Z"_s << u"responder"_s;
    QTest::addRow("second-day-seoul-morning") << u"@daily"_s << u"2026-12-02T09:00:00+09:00"_s << u"responder"_s << u"2026-12-03T00:00:00.000Z"_s << u"viewer"_s;
    QTest::addRow("third-day-last-second") << u"@daily"_s << u"2026-12-03T23:59:59Z"_s << u"viewer"_s << u"2026-12-04T00:00:00.000Z"_s << u"agent"_s;
    QTest::addRow("wraps-to-agent") << u"@daily"_s << u"2026-12-04T00:00:00Z"_s << u"agent"_s << u"2026-12-05T00:00:00.000Z"_s << u"responder"_s;
    // 00:30 on 1 January in Seoul is still 31 December's shift (day 30 from 1 December: agent).
    QTest::addRow("new-year-seoul") << u"@daily"_s << u"2027-01-01T00:30:00+09:00"_s << u"agent"_s << u"2027-01-01T00:00:00.000Z"_s << u"responder"_s;
    // Seoul business hours: agent on 30 Nov, responder on 1 Dec, … only 09:00–18:00 Seoul (00:00Z–09:00Z).
    QTest::addRow("office-hours") << u"@hours"_s << u"2026-12-01T10:00:00+09:00"_s << u"responder"_s << u"2026-12-01T09:00:00.000Z"_s << QString();
    QTest::addRow("after-hours-gap") << u"@hours"_s << u"2026-12-01T19:00:00+09:00"_s << QString() << u"2026-12-02T00:00:00.000Z"_s << u"agent"_s;
}

void tst_Schedules::onCallAt()
{
    QFETCH(QString, schedule);
    QFETCH(QString, at);
    QFETCH(QString, user);
    QFETCH(QString, until);
    QFETCH(QString, next);
    const QString query = QString::fromLatin1(QUrl::toPercentEncoding(at));
    const Reply r = m_server.as(u"viewer"_s, "GET", expandPath(u"/api/v1/schedules/"_s + schedule + u"/oncall?at="_s) + query);
    QVERIFY2(r.status == 200, r.body.constData());
    const QJsonObject o = r.json();
    const auto idOrNull = [&](const QString &role) {
        return role.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(m_server.userId(role));
    };
    QCOMPARE(o.value(u"user_id"), idOrNull(user));
    QCOMPARE(o.value(u"until"), until.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(until));
    QCOMPARE(o.value(u"next_user_id"), idOrNull(next));
    QCOMPARE(o.size(), 3);
}

void tst_Schedules::shiftsWithGapAndOverride()
{
    // Given the business-hours schedule with the manager covering 11:00–13:00 Seoul on 1 December
    const QJsonObject s = create(QByteArray(hoursJson).replace("Seoul business hours", "Shifts").replace(
        R"("layers")", R"("overrides":[{"user_id":"@manager","start":"2026-12-01T02:00:00Z","end":"2026-12-01T04:00:00Z"}],"layers")"));
    QVERIFY(!s.isEmpty());
    const Reply r = m_server.as(u"viewer"_s, "GET", u"/api/v1/schedules/"_s + s.value(u"id").toString()
                                                      + u"/shifts?from=2026-12-01T00:00:00Z&to=2026-12-02T03:00:00Z"_s);
    QVERIFY2(r.status == 200, r.body.constData());
    const QString agent = m_server.userId(u"agent"_s);
    const QString responder = m_server.userId(u"responder"_s);
    const QString manager = m_server.userId(u"manager"_s);
    const QJsonArray expectedShifts{shift(responder, "2026-12-01T00:00:00.000Z", "2026-12-01T02:00:00.000Z"),
                                    shift(manager, "2026-12-01T02:00:00.000Z", "2026-12-01T04:00:00.000Z"),
                                    shift(responder, "2026-12-01T04:00:00.000Z", "2026-12-01T09:00:00.000Z"),
                                    shift(agent, "2026-12-02T00:00:00.000Z", "2026-12-02T03:00:00.000Z")};
    QCOMPARE(r.json().value(u"shifts").toArray(), expectedShifts);
    const QJsonArray expectedGaps{QJsonObject{{u"start"_s, u"2026-12-01T09:00:00.000Z"_s}, {u"end"_s, u"2026-12-02T00:00:00.000Z"_s}}};
    QCOMPARE(r.json().value(u"gaps").toArray(), expectedGaps);
    // The layer's own shifts ignore the override
    const QJsonArray expectedLayer{shift(responder, "2026-12-01T00:00:00.000Z", "2026-12-01T09:00:00.000Z"),
                                   shift(agent, "2026-12-02T00:00:00.000Z", "2026-12-02T03:00:00.000Z")};
    const QJsonArray layers = r.json().value(u"layers").toArray();
    QCOMPARE(layers.size(), 1);
    QCOMPARE(layers.at(0).toObject().value(u"name").toString(), u"office"_s);
    QCOMPARE(layers.at(0).toObject().value(u"shifts").toArray(), expectedLayer);
}

void tst_Schedules::onCallAcrossSchedules()
{
    // A 24/7 schedule with one participant answers the same whatever the server's clock says.
    const QJsonObject always = create(R"({"name":"Always admin","team_id":"@team","time_zone":"UTC","layers":[
        {"name":"l","participants":["@admin"],"rotation_type":"weekly","start":"2026-01-05T00:00:00"}]})");
    const QString alwaysId = always.value(u"id").toString();
    const auto find = [](const QJsonArray &items, const QString &id) {
        for (const auto &v : items) {
            if (v.toObject().value(u"schedule_id").toString() == id)
                return v.toObject();
        }
        return QJsonObject{};
    };
    const Reply now = m_server.as(u"viewer"_s, "GET", u"/api/v1/oncall"_s);
    QCOMPARE(now.status, 200);
    QVERIFY(now.json().value(u"next_cursor").isNull());
    const QJsonObject a = find(now.json().value(u"items").toArray(), alwaysId);
    QCOMPARE(a, (QJsonObject{{u"schedule_id"_s, alwaysId}, {u"schedule_name"_s, u"Always admin"_s}, {u"team_id"_s, m_teamId},
                             {u"user_id"_s, m_server.userId(u"admin"_s)}, {u"until"_s, QJsonValue::Null},
                             {u"next_user_id"_s, QJsonValue::Null}}));

    // At a chosen instant every schedule answers, a gap with user_id null
    const Reply at = m_server.as(u"viewer"_s, "GET", u"/api/v1/oncall?at=2026-12-01T10:00:00Z"_s);
    QCOMPARE(at.status, 200);
    const QJsonArray items = at.json().value(u"items").toArray();
    const QJsonObject daily = find(items, m_dailyId);
    QCOMPARE(daily.value(u"schedule_name").toString(), u"Seoul daily"_s);
    QCOMPARE(daily.value(u"team_id").toString(), m_teamId);
    QCOMPARE(daily.value(u"user_id").toString(), m_server.userId(u"agent"_s));
    QCOMPARE(daily.value(u"until").toString(), u"2026-12-02T00:00:00.000Z"_s);
    QCOMPARE(daily.value(u"next_user_id").toString(), m_server.userId(u"responder"_s));
    const QJsonObject hours = find(items, m_hoursId);
    QVERIFY(hours.value(u"user_id").isNull());
    QCOMPARE(hours.value(u"team_id"), QJsonValue(QJsonValue::Null));
    // Sorted by schedule name
    QStringList names;
    for (const auto &v : items)
        names.append(v.toObject().value(u"schedule_name").toString());
    QStringList sorted = names;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(names, sorted);
    // A team filter keeps that team's schedules
    const Reply team = m_server.as(u"viewer"_s, "GET", u"/api/v1/oncall?team_id="_s + m_teamId);
    QStringList teamIds;
    for (const auto &v : team.json().value(u"items").toArray())
        teamIds.append(v.toObject().value(u"schedule_id").toString());
    teamIds.sort();
    QStringList expected{m_dailyId, alwaysId};
    expected.sort();
    QCOMPARE(teamIds, expected);
}

void tst_Schedules::roleMatrix_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("action");
    QTest::addColumn<int>("status");
    // Schedules: manager and admin. Overrides: agent and up. Reads: everyone.
    const QList<std::pair<const char *, QList<int>>> actions{
        // viewer, responder, agent, manager, admin
        {"create", {403, 403, 403, 201, 201}},     {"patch", {403, 403, 403, 200, 200}},
        {"delete", {403, 403, 403, 204, 204}},     {"add-override", {403, 403, 201, 201, 201}},
        {"remove-override", {403, 403, 204, 204, 204}}, {"read", {200, 200, 200, 200, 200}},
    };
    for (const auto &[action, statuses] : actions) {
        for (qsizetype i = 0; i < VigildProcess::roles().size(); ++i) {
            const QString role = VigildProcess::roles().at(i);
            QTest::addRow("%s-%s", action, qPrintable(role)) << role << QString::fromLatin1(action) << statuses.at(i);
        }
    }
}

void tst_Schedules::roleMatrix()
{
    QFETCH(QString, role);
    QFETCH(QString, action);
    QFETCH(int, status);
    // A fresh target per row, with one override to remove
    const QByteArray name = "matrix-" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    const QJsonObject target = create(R"({"name":")" + name + R"(","time_zone":"UTC","overrides":[
        {"user_id":"@agent","start":"2026-12-01T00:00:00Z","end":"2026-12-01T01:00:00Z"}]})");
    QVERIFY(!target.isEmpty());
    const QString path = u"/api/v1/schedules/"_s + target.value(u"id").toString();
    Reply r;
    if (action == u"create")
        r = m_server.as(role, "POST", u"/api/v1/schedules"_s, R"({"name":")" + name + R"(-new","time_zone":"UTC"})");
    else if (action == u"patch")
        r = m_server.as(role, "PATCH", path, R"({"time_zone":"Asia/Seoul"})");
    else if (action == u"delete")
        r = m_server.as(role, "DELETE", path);
    else if (action == u"add-override")
        r = m_server.as(role, "POST", path + u"/overrides"_s,
                        expand(R"({"user_id":"@viewer","start":"2026-12-01T00:00:00Z","end":"2026-12-01T01:00:00Z"})"));
    else if (action == u"remove-override")
        r = m_server.as(role, "DELETE", path + u"/overrides/"_s
                                            + target.value(u"overrides").toArray().at(0).toObject().value(u"id").toString());
    else
        r = m_server.as(role, "GET", path + u"/shifts?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z"_s);
    QVERIFY2(r.status == status, r.body.constData());
    if (status == 403) {
        QCOMPARE(r.errorCode(), u"forbidden"_s);
        QCOMPARE(m_server.as(u"viewer"_s, "GET", path).json().value(u"version").toInt(), 1); // nothing changed
    }
}

void tst_Schedules::changesCarryScheduleEntity()
{
    const qint64 since = m_server.lastRev();
    const QJsonObject s = create(R"({"name":"Feed","time_zone":"UTC"})");
    const QString path = u"/api/v1/schedules/"_s + s.value(u"id").toString();
    const Reply ov = m_server.as(u"agent"_s, "POST", path + u"/overrides"_s,
                                 expand(R"({"user_id":"@agent","start":"2026-12-01T00:00:00Z","end":"2026-12-01T01:00:00Z"})"));
    QCOMPARE(ov.status, 201);
    QCOMPARE(m_server.as(u"agent"_s, "DELETE", path + u"/overrides/"_s + ov.json().value(u"id").toString()).status, 204);
    QCOMPARE(m_server.as(u"manager"_s, "DELETE", path).status, 204);
    const Reply feed = m_server.as(u"viewer"_s, "GET", u"/api/v1/changes?since="_s + QString::number(since));
    QCOMPARE(feed.status, 200);
    const QJsonArray changes = feed.json().value(u"changes").toArray();
    QCOMPARE(changes.size(), 4);
    QStringList ops;
    QList<int> versions;
    for (const auto &v : changes) {
        const QJsonObject c = v.toObject();
        QCOMPARE(c.value(u"entity").toString(), u"schedule"_s);
        QCOMPARE(c.value(u"id").toString(), s.value(u"id").toString());
        ops.append(c.value(u"op").toString());
        versions.append(c.value(u"data").toObject().value(u"version").toInt());
    }
    QCOMPARE(ops, (QStringList{u"upsert"_s, u"upsert"_s, u"upsert"_s, u"delete"_s}));
    QCOMPARE(versions, (QList<int>{1, 2, 3, 0}));
    QCOMPARE(changes.at(1).toObject().value(u"data").toObject().value(u"overrides").toArray().size(), 1);
}

void tst_Schedules::demoSchedulesAnswerAtOnce()
{
    // Given a server started with --demo on an empty database
    VigildProcess demo;
    QVERIFY2(demo.start({u"--demo"_s}), qPrintable(demo.lastError()));
    QString coverId; // 이서연 covers the Service Desk from an hour ago for four hours
    for (const auto &v : demo.as(u"viewer"_s, "GET", u"/api/v1/users?limit=1000"_s).json().value(u"items").toArray()) {
        if (v.toObject().value(u"email").toString() == u"seoyeon.lee@example.com")
            coverId = v.toObject().value(u"id").toString();
    }
    QVERIFY(!coverId.isEmpty());

    // Then every schedule has someone on call now, and the override is in effect
    const Reply now = demo.as(u"viewer"_s, "GET", u"/api/v1/oncall"_s);
    QCOMPARE(now.status, 200);
    const QJsonArray items = now.json().value(u"items").toArray();
    QStringList names;
    for (const auto &v : items) {
        const QJsonObject o = v.toObject();
        names.append(o.value(u"schedule_name").toString());
        QVERIFY2(o.value(u"user_id").isString(), qPrintable(names.last()));
        QVERIFY(o.value(u"team_id").isString());
        if (names.last() == u"Service Desk on-call")
            QCOMPARE(o.value(u"user_id").toString(), coverId);
    }
    QCOMPARE(names, (QStringList{u"Applications on-call"_s, u"Follow the sun"_s, u"Infrastructure on-call"_s,
                                 u"Service Desk on-call"_s}));

    // And follow the sun leaves no gap over the next three days, its three layers taking turns; after that the New
    // York layer has ended and its hours are gaps
    const Reply list = demo.as(u"viewer"_s, "GET", u"/api/v1/schedules"_s);
    QString sunId;
    for (const auto &v : list.json().value(u"items").toArray()) {
        if (v.toObject().value(u"name").toString() == u"Follow the sun")
            sunId = v.toObject().value(u"id").toString();
    }
    const QString from = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    const QString to = QDateTime::currentDateTimeUtc().addDays(3).toString(Qt::ISODate);
    const Reply shifts = demo.as(u"viewer"_s, "GET", u"/api/v1/schedules/%1/shifts?from=%2&to=%3"_s.arg(sunId, from, to));
    QCOMPARE(shifts.status, 200);
    QCOMPARE(shifts.json().value(u"gaps").toArray().size(), 0);
    const QJsonArray layers = shifts.json().value(u"layers").toArray();
    QCOMPARE(layers.size(), 3);
    for (const auto &l : layers)
        QVERIFY(l.toObject().value(u"shifts").toArray().size() >= 3);
    const QString week = QDateTime::currentDateTimeUtc().addDays(7).toString(Qt::ISODate);
    const Reply later = demo.as(u"viewer"_s, "GET", u"/api/v1/schedules/%1/shifts?from=%2&to=%3"_s.arg(sunId, from, week));
    const QJsonArray gaps = later.json().value(u"gaps").toArray();
    QVERIFY(gaps.size() >= 2);
    // Each gap is (part of) the New York hours, 00:00–08:00 in Seoul = 15:00–23:00 UTC
    for (const auto &g : gaps) {
        const QDateTime start = QDateTime::fromString(g.toObject().value(u"start").toString(), Qt::ISODate);
        const QDateTime end = QDateTime::fromString(g.toObject().value(u"end").toString(), Qt::ISODate);
        QVERIFY2(start.toUTC().time() >= QTime(15, 0) && end.toUTC().time() <= QTime(23, 0) && start.secsTo(end) <= 8 * 3600,
                 qPrintable(g.toObject().value(u"start").toString()));
    }
    demo.stop();
}

void tst_Schedules::onPostgres()
{
    // The same routes over PostgreSQL (migration 2, the unique name, the team reference, the change log).
    if (qEnvironmentVariableIsEmpty("VIGIL_TEST_PG_URL"))
        QSKIP("VIGIL_TEST_PG_URL is not set; scripts/test.sh starts a PostgreSQL cluster and sets it");
    QString error;
    const QString url = VigildProcess::createPostgresDatabase(u"vigil_schedules"_s, &error);
    QVERIFY2(!url.isEmpty(), qPrintable(error));
    VigildProcess pg;
    pg.setDatabase(url);
    QVERIFY2(pg.start(), qPrintable(pg.lastError()));
    const qint64 since = pg.lastRev();
    const QString agent = pg.userId(u"agent"_s);
    const Reply team = pg.as(u"manager"_s, "POST", u"/api/v1/teams"_s, R"({"name":"Infra"})");
    QCOMPARE(team.status, 201);
    const QByteArray body = QByteArray(R"({"name":"PG daily","team_id":")") + team.json().value(u"id").toString().toLatin1()
        + R"(","time_zone":"Asia/Seoul","layers":[{"participants":[")" + agent.toLatin1()
        + R"("],"rotation_type":"daily","start":"2026-12-01T09:00:00"}]})";
    const Reply created = pg.as(u"manager"_s, "POST", u"/api/v1/schedules"_s, body);
    QVERIFY2(created.status == 201, created.body.constData());
    QCOMPARE(pg.as(u"manager"_s, "POST", u"/api/v1/schedules"_s, body).errorField(), u"name"_s);
    const QString path = u"/api/v1/schedules/"_s + created.json().value(u"id").toString();
    const Reply ov = pg.as(u"agent"_s, "POST", path + u"/overrides"_s,
                           R"({"user_id":")" + pg.userId(u"viewer"_s).toLatin1() + R"(","start":"2026-12-01T02:00:00Z","end":"2026-12-01T03:00:00Z"})");
    QCOMPARE(ov.status, 201);
    const QJsonObject at = pg.as(u"viewer"_s, "GET", path + u"/oncall?at=2026-12-01T02:30:00Z"_s).json();
    QCOMPARE(at.value(u"user_id").toString(), pg.userId(u"viewer"_s));
    QCOMPARE(at.value(u"next_user_id").toString(), agent);
    QCOMPARE(pg.as(u"viewer"_s, "GET", u"/api/v1/oncall?at=2026-12-01T05:00:00Z"_s).json().value(u"items").toArray()
                 .at(0).toObject().value(u"user_id").toString(), agent);
    // The team is still referenced by the schedule
    QCOMPARE(pg.as(u"manager"_s, "DELETE", u"/api/v1/teams/"_s + team.json().value(u"id").toString()).status, 409);
    QCOMPARE(pg.as(u"manager"_s, "DELETE", path).status, 204);
    const QJsonArray changes = pg.as(u"viewer"_s, "GET", u"/api/v1/changes?since="_s + QString::number(since)).json()
                                   .value(u"changes").toArray();
    QStringList entities;
    for (const auto &c : changes)
        entities.append(c.toObject().value(u"entity").toString());
    QCOMPARE(entities, (QStringList{u"team"_s, u"schedule"_s, u"schedule"_s, u"schedule"_s}));
    pg.stop();
}

QTEST_GUILESS_MAIN(tst_Schedules)
#include "tst_schedules.moc"
