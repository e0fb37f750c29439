// iCalendar feeds against a real vigild: feed tokens (create, replace, revoke), the schedule and my-shifts feeds
// parsed by an independent iCalendar library (Python's icalendar, via tests/server/ics_shifts.py) and compared with
// GET /api/v1/schedules/<id>/shifts over the same window, and the 401/404 answers.
#include "vigildprocess.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>
#include <QUuid>

using namespace Vigil::Testing;
using namespace Qt::StringLiterals;

class tst_Calendar final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void tokenAnswer();
    void scheduleFeed_data();
    void scheduleFeed();
    void myShiftsFeed();
    void unauthorized();
    void newTokenRevokesOld();
    void unknownSchedule();
    void onPostgres();

private:
    struct Window
    {
        QDateTime from;
        QDateTime to;
    };
    /// The feeds' window for today: 00:00Z 14 days back to 00:00Z 90 days ahead.
    [[nodiscard]] static Window windowOf(const QDate &today);
    /// Fetches a feed path (with ?feed_token=) and the window it covered; the day must not change meanwhile.
    Reply fetchFeed(const QString &path, Window *window);
    /// The final shifts of a schedule over a window (in two requests: /shifts answers at most 93 days), touching
    /// shifts of one user merged, gaps left out: "start end user_id" lines.
    QStringList apiShifts(const QString &scheduleId, const Window &w);
    /// A feed parsed by ics_shifts.py.
    [[nodiscard]] static QJsonObject parseIcs(const QByteArray &ics, QString *error);
    QString userName(const QString &id);
    QByteArray newFeedToken(const QString &role);

    VigildProcess m_server;
    QString m_seoulId;  // daily at 09:00 Seoul (00:00Z) between agent and responder
    QString m_nyId;     // weekly at 09:00 New York between agent and viewer, a manager override in the window
};

namespace {

QString timeText(const QDateTime &t)
{
    return t.toUTC().toString(u"yyyy-MM-ddTHH:mm:ssZ"_s);
}

QString pythonInterpreter()
{
    const QString configured = qEnvironmentVariable("VIGIL_TEST_PYTHON");
    if (!configured.isEmpty())
        return configured;
    // The Debian interpreter, which sees the python3-icalendar package.
    return QFileInfo::exists(u"/usr/bin/python3"_s) ? u"/usr/bin/python3"_s : u"python3"_s;
}

} // namespace

tst_Calendar::Window tst_Calendar::windowOf(const QDate &today)
{
    return {QDateTime(today.addDays(-14), QTime(0, 0), Qt::UTC),
            QDateTime(today.addDays(90), QTime(0, 0), Qt::UTC)};
}

void tst_Calendar::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
    const QString agent = m_server.userId(u"agent"_s);
    const QString responder = m_server.userId(u"responder"_s);
    const QString viewer = m_server.userId(u"viewer"_s);
    const QString manager = m_server.userId(u"manager"_s);

    const QJsonObject seoul{
        {u"name"_s, u"Seoul daily"_s},
        {u"time_zone"_s, u"Asia/Seoul"_s},
        {u"layers"_s, QJsonArray{QJsonObject{{u"name"_s, u"primary"_s},
                                             {u"participants"_s, QJsonArray{agent, responder}},
                                             {u"rotation_type"_s, u"daily"_s},
                                             {u"start"_s, u"2026-01-01T09:00:00"_s}}}}};
    Reply r = m_server.as(u"manager"_s, "POST", u"/api/v1/schedules"_s, toJson(seoul));
    QVERIFY2(r.status == 201, r.body.constData());
    m_seoulId = r.json().value(u"id").toString();

    // New York: weekly 09:00 handoffs (14:00Z in winter), and an override three days from now that cuts a shift.
    const QDate today = QDateTime::currentDateTimeUtc().date();
    const QJsonObject ny{
        {u"name"_s, u"New York weekly"_s},
        {u"time_zone"_s, u"America/New_York"_s},
        {u"layers"_s, QJsonArray{QJsonObject{{u"name"_s, u"primary"_s},
                                             {u"participants"_s, QJsonArray{agent, viewer}},
                                             {u"rotation_type"_s, u"weekly"_s},
                                             {u"start"_s, u"2026-01-05T09:00:00"_s}}}},
        {u"overrides"_s,
         QJsonArray{QJsonObject{{u"user_id"_s, manager},
                                {u"start"_s, timeText(QDateTime(today.addDays(3), QTime(15, 30), Qt::UTC))},
                                {u"end"_s, timeText(QDateTime(today.addDays(3), QTime(20, 0), Qt::UTC))}}}}};
    r = m_server.as(u"manager"_s, "POST", u"/api/v1/schedules"_s, toJson(ny));
    QVERIFY2(r.status == 201, r.body.constData());
    m_nyId = r.json().value(u"id").toString();
}

void tst_Calendar::cleanupTestCase()
{
    m_server.stop();
}

QByteArray tst_Calendar::newFeedToken(const QString &role)
{
    const Reply r = m_server.as(role, "POST", u"/api/v1/me/feed_token"_s);
    if (r.status != 201)
        qWarning() << "creating a feed token failed" << r.status << r.body;
    return r.json().value(u"feed_token").toString().toLatin1();
}

Reply tst_Calendar::fetchFeed(const QString &path, Window *window)
{
    Reply r;
    for (int attempt = 0; attempt < 2; ++attempt) {
        const QDate before = QDateTime::currentDateTimeUtc().date();
        r = m_server.request("GET", path);
        if (QDateTime::currentDateTimeUtc().date() == before) {
            *window = windowOf(before);
            return r;
        }
    }
    return r;
}

QStringList tst_Calendar::apiShifts(const QString &scheduleId, const Window &w)
{
    QList<std::tuple<QString, QString, QString>> shifts; // start, end, user
    const QDateTime mid = w.from.addDays(52);
    for (const auto &[from, to] : {std::pair{w.from, mid}, std::pair{mid, w.to}}) {
        const Reply r = m_server.as(u"viewer"_s, "GET",
                                    u"/api/v1/schedules/%1/shifts?from=%2&to=%3"_s.arg(scheduleId, timeText(from),
                                                                                        timeText(to)));
        if (r.status != 200) {
            qWarning() << "shifts failed" << r.status << r.body;
            return {};
        }
        for (const QJsonValue &v : r.json().value(u"shifts").toArray()) {
            const QJsonObject o = v.toObject();
            if (o.value(u"user_id").isNull())
                continue;
            const QString start = timeText(QDateTime::fromString(o.value(u"start").toString(), Qt::ISODateWithMs));
            const QString end = timeText(QDateTime::fromString(o.value(u"end").toString(), Qt::ISODateWithMs));
            const QString user = o.value(u"user_id").toString();
            if (!shifts.isEmpty() && std::get<1>(shifts.last()) == start && std::get<2>(shifts.last()) == user)
                std::get<1>(shifts.last()) = end; // the same shift across the two requests
            else
                shifts.append({start, end, user});
        }
    }
    QStringList out;
    for (const auto &[start, end, user] : shifts)
        out.append(start + u' ' + end + u' ' + user);
    return out;
}

QJsonObject tst_Calendar::parseIcs(const QByteArray &ics, QString *error)
{
    QProcess py;
    py.start(pythonInterpreter(), {QStringLiteral(VIGIL_ICS_SHIFTS_PY)});
    if (!py.waitForStarted(10'000)) {
        *error = u"cannot start %1: %2"_s.arg(pythonInterpreter(), py.errorString());
        return {};
    }
    py.write(ics);
    py.closeWriteChannel();
    if (!py.waitForFinished(30'000) || py.exitStatus() != QProcess::NormalExit || py.exitCode() != 0) {
        *error = u"ics_shifts.py failed (needs python3-icalendar): %1"_s.arg(QString::fromUtf8(py.readAllStandardError()));
        return {};
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(py.readAllStandardOutput(), &pe);
    if (!doc.isObject()) {
        *error = u"ics_shifts.py printed no JSON object: %1"_s.arg(pe.errorString());
        return {};
    }
    return doc.object();
}

QString tst_Calendar::userName(const QString &id)
{
    return m_server.as(u"viewer"_s, "GET", u"/api/v1/users/"_s + id).json().value(u"name").toString();
}

void tst_Calendar::tokenAnswer()
{
    // Any signed-in role may create one (viewer is the lowest)
    const Reply r = m_server.as(u"viewer"_s, "POST", u"/api/v1/me/feed_token"_s);
    QCOMPARE(r.status, 201);
    const QString token = r.json().value(u"feed_token").toString();
    QVERIFY(token.size() >= 40);
    QCOMPARE(r.json().value(u"schedule_url_template").toString(),
             u"/calendar/schedules/{id}.ics?feed_token="_s + token);
    QCOMPARE(r.json().value(u"my_shifts_url").toString(), u"/calendar/me.ics?feed_token="_s + token);
    // Without a bearer token there is none
    QCOMPARE(m_server.request("POST", u"/api/v1/me/feed_token"_s).status, 401);
    QCOMPARE(m_server.request("DELETE", u"/api/v1/me/feed_token"_s).status, 401);
}

void tst_Calendar::scheduleFeed_data()
{
    QTest::addColumn<QString>("which");
    QTest::addColumn<QString>("zone");
    QTest::newRow("seoul-daily") << u"seoul"_s << u"Asia/Seoul"_s;
    QTest::newRow("new-york-weekly-with-override") << u"ny"_s << u"America/New_York"_s;
}

void tst_Calendar::scheduleFeed()
{
    QFETCH(QString, which);
    QFETCH(QString, zone);
    const QString id = which == u"seoul"_s ? m_seoulId : m_nyId;
    const QByteArray token = newFeedToken(u"agent"_s);
    QVERIFY(!token.isEmpty());

    // When a calendar app fetches the schedule's feed
    Window w;
    const Reply r = fetchFeed(u"/calendar/schedules/%1.ics?feed_token=%2"_s.arg(id, QString::fromLatin1(token)), &w);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-type"), QByteArray("text/calendar; charset=utf-8"));
    QVERIFY(r.body.startsWith("BEGIN:VCALENDAR\r\n"));

    // Then an independent iCalendar parser reads it
    QString error;
    const QJsonObject cal = parseIcs(r.body, &error);
    QVERIFY2(!cal.isEmpty(), qPrintable(error));
    QCOMPARE(cal.value(u"version").toString(), u"2.0"_s);
    QVERIFY(!cal.value(u"prodid").toString().isEmpty());
    const QJsonArray zones = cal.value(u"timezones").toArray();
    QCOMPARE(zones.size(), 1);
    QVERIFY2(zones.at(0).toString().endsWith(zone), qPrintable(zones.at(0).toString()));

    // And its events, converted to UTC by the parser from the VTIMEZONE, are the API's final shifts
    QStringList fromFeed;
    QSet<QString> uids;
    QHash<QString, QString> names;
    for (const QJsonValue &v : cal.value(u"events").toArray()) {
        const QJsonObject ev = v.toObject();
        const QString user = ev.value(u"user_id").toString();
        fromFeed.append(ev.value(u"start").toString() + u' ' + ev.value(u"end").toString() + u' ' + user);
        QCOMPARE(ev.value(u"tzid").toString(), zones.at(0).toString());
        if (!names.contains(user))
            names.insert(user, userName(user));
        QCOMPARE(ev.value(u"summary").toString(), names.value(user) + u" on call"_s);
        QVERIFY(!ev.value(u"dtstamp").toString().isEmpty());
        uids.insert(ev.value(u"uid").toString());
    }
    const QStringList expected = apiShifts(id, w);
    QVERIFY(expected.size() >= 10);
    QCOMPARE(fromFeed, expected);
    QCOMPARE(uids.size(), fromFeed.size());
    if (which == u"seoul"_s) {
        // daily handoffs at 09:00 Seoul are 00:00Z, and the window starts and ends at 00:00Z: whole days
        for (const QString &line : fromFeed)
            QVERIFY2(line.section(u' ', 0, 0).endsWith(u"T00:00:00Z"_s), qPrintable(line));
        QVERIFY(r.body.contains(QByteArray(":" + w.from.addDays(1).toString(u"yyyyMMdd"_s).toLatin1() + "T090000\r\n")));
    } else {
        // the manager's override is in the feed, cut out of a 09:00 EST (14:00Z) weekly shift
        const QString manager = m_server.userId(u"manager"_s);
        QCOMPARE(fromFeed.filter(manager).size(), 1);
        QVERIFY(fromFeed.filter(manager).first().endsWith(u"T20:00:00Z "_s + manager));
        QVERIFY(r.body.contains("T090000\r\n"));
    }

    // And fetching it again gives the same UIDs (calendar apps update events in place)
    Window again;
    const Reply r2 = fetchFeed(u"/calendar/schedules/%1.ics?feed_token=%2"_s.arg(id, QString::fromLatin1(token)), &again);
    QCOMPARE(r2.status, 200);
    if (again.from == w.from)
        QCOMPARE(r2.body, r.body);
}

void tst_Calendar::myShiftsFeed()
{
    // Given the agent, on both rotations
    const QString agent = m_server.userId(u"agent"_s);
    const QByteArray token = newFeedToken(u"agent"_s);
    Window w;
    const Reply r = fetchFeed(u"/calendar/me.ics?feed_token="_s + QString::fromLatin1(token), &w);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-type"), QByteArray("text/calendar; charset=utf-8"));
    QString error;
    const QJsonObject cal = parseIcs(r.body, &error);
    QVERIFY2(!cal.isEmpty(), qPrintable(error));
    QCOMPARE(cal.value(u"timezones").toArray().size(), 2);

    // Then the feed holds exactly the agent's shifts of both schedules, each named after its schedule
    QStringList fromFeed;
    for (const QJsonValue &v : cal.value(u"events").toArray()) {
        const QJsonObject ev = v.toObject();
        QCOMPARE(ev.value(u"user_id").toString(), agent);
        fromFeed.append(ev.value(u"summary").toString() + u' ' + ev.value(u"start").toString() + u' '
                        + ev.value(u"end").toString());
    }
    QStringList expected;
    for (const auto &[id, name] : {std::pair{m_seoulId, u"Seoul daily"_s}, std::pair{m_nyId, u"New York weekly"_s}}) {
        for (const QString &line : apiShifts(id, w)) {
            if (line.section(u' ', 2, 2) == agent)
                expected.append(u"On call: "_s + name + u' ' + line.section(u' ', 0, 1));
        }
    }
    QVERIFY(expected.size() >= 40);
    fromFeed.sort();
    expected.sort();
    QCOMPARE(fromFeed, expected);

    // And someone on no rotation gets an empty calendar
    const Reply admin = m_server.request("GET", u"/calendar/me.ics?feed_token="_s + QString::fromLatin1(newFeedToken(u"admin"_s)));
    QCOMPARE(admin.status, 200);
    QVERIFY(admin.body.startsWith("BEGIN:VCALENDAR"));
    QVERIFY(!admin.body.contains("BEGIN:VEVENT"));
}

void tst_Calendar::unauthorized()
{
    const QString feed = u"/calendar/schedules/%1.ics"_s.arg(m_seoulId);
    // Without a feed token (a bearer token does not count: calendar apps send none)
    for (const QString &path : {feed, u"/calendar/me.ics"_s}) {
        const Reply none = m_server.request("GET", path);
        QCOMPARE(none.status, 401);
        QCOMPARE(none.errorCode(), u"unauthorized"_s);
        QVERIFY(none.header("content-type").startsWith("application/json"));
        QCOMPARE(m_server.request("GET", path, {}, m_server.token(u"admin"_s)).status, 401);
        QCOMPARE(m_server.request("GET", path + u"?feed_token=vglf_unknown"_s).errorCode(), u"unauthorized"_s);
    }
    // With a revoked one
    const QByteArray token = newFeedToken(u"responder"_s);
    const QString withToken = feed + u"?feed_token="_s + QString::fromLatin1(token);
    QCOMPARE(m_server.request("GET", withToken).status, 200);
    QCOMPARE(m_server.as(u"responder"_s, "DELETE", u"/api/v1/me/feed_token"_s).status, 204);
    const Reply revoked = m_server.request("GET", withToken);
    QCOMPARE(revoked.status, 401);
    QCOMPARE(revoked.errorCode(), u"unauthorized"_s);
    QCOMPARE(m_server.request("GET", u"/calendar/me.ics?feed_token="_s + QString::fromLatin1(token)).status, 401);
    // Revoking again is fine
    QCOMPARE(m_server.as(u"responder"_s, "DELETE", u"/api/v1/me/feed_token"_s).status, 204);
}

void tst_Calendar::newTokenRevokesOld()
{
    const QByteArray first = newFeedToken(u"manager"_s);
    const QByteArray second = newFeedToken(u"manager"_s);
    QVERIFY(!first.isEmpty());
    QVERIFY(first != second);
    QCOMPARE(m_server.request("GET", u"/calendar/me.ics?feed_token="_s + QString::fromLatin1(first)).status, 401);
    QCOMPARE(m_server.request("GET", u"/calendar/me.ics?feed_token="_s + QString::fromLatin1(second)).status, 200);
    // Another user's new token leaves this one alone
    (void)newFeedToken(u"viewer"_s);
    QCOMPARE(m_server.request("GET", u"/calendar/me.ics?feed_token="_s + QString::fromLatin1(second)).status, 200);
}

void tst_Calendar::unknownSchedule()
{
    const QString token = QString::fromLatin1(newFeedToken(u"viewer"_s));
    const QString unknown = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const Reply r = m_server.request("GET", u"/calendar/schedules/%1.ics?feed_token=%2"_s.arg(unknown, token));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorCode(), u"not_found"_s);
    // The feed is the .ics file: the bare id is no calendar
    QCOMPARE(m_server.request("GET", u"/calendar/schedules/%1?feed_token=%2"_s.arg(m_seoulId, token)).status, 404);
    // An unknown schedule with a bad token is 401 first: nothing is told about schedules without a valid token
    QCOMPARE(m_server.request("GET", u"/calendar/schedules/%1.ics?feed_token=x"_s.arg(unknown)).status, 401);
}

void tst_Calendar::onPostgres()
{
    // Migration 3 and the feed token statements on PostgreSQL.
    if (qEnvironmentVariableIsEmpty("VIGIL_TEST_PG_URL"))
        QSKIP("VIGIL_TEST_PG_URL is not set; scripts/test.sh starts a PostgreSQL cluster and sets it");
    QString error;
    const QString url = VigildProcess::createPostgresDatabase(u"vigil_calendar"_s, &error);
    QVERIFY2(!url.isEmpty(), qPrintable(error));
    VigildProcess pg;
    pg.setDatabase(url);
    QVERIFY2(pg.start(), qPrintable(pg.lastError()));
    const QString agent = pg.userId(u"agent"_s);
    const QByteArray body = R"({"name":"PG daily","time_zone":"Asia/Seoul","layers":[{"participants":[")"
        + agent.toLatin1() + R"("],"rotation_type":"daily","start":"2026-01-01T09:00:00"}]})";
    const Reply created = pg.as(u"manager"_s, "POST", u"/api/v1/schedules"_s, body);
    QVERIFY2(created.status == 201, created.body.constData());
    const Reply first = pg.as(u"agent"_s, "POST", u"/api/v1/me/feed_token"_s);
    QCOMPARE(first.status, 201);
    const Reply second = pg.as(u"agent"_s, "POST", u"/api/v1/me/feed_token"_s);
    QCOMPARE(second.status, 201);
    const QString oldPath = first.json().value(u"my_shifts_url").toString();
    const QString path = second.json().value(u"my_shifts_url").toString();
    QCOMPARE(pg.request("GET", oldPath).status, 401);
    const Reply feed = pg.request("GET", path);
    QCOMPARE(feed.status, 200);
    QVERIFY(feed.body.contains("SUMMARY:On call: PG daily"));
    const QString schedulePath = second.json().value(u"schedule_url_template").toString().replace(
        u"{id}"_s, created.json().value(u"id").toString());
    QCOMPARE(pg.request("GET", schedulePath).status, 200);
    QCOMPARE(pg.as(u"agent"_s, "DELETE", u"/api/v1/me/feed_token"_s).status, 204);
    QCOMPARE(pg.request("GET", path).status, 401);
    pg.stop();
}

QTEST_GUILESS_MAIN(tst_Calendar)
#include "tst_calendar.moc"
