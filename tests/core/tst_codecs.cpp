#include "alerts/alert.h"
#include "common/json.h"
#include "tickets/ticket.h"

#include <QJsonDocument>
#include <QSet>
#include <QTest>
#include <QThread>
#include <QTimeZone>
#include <QUuid>

#include <limits>

using namespace Vigil;

class tst_Codecs final : public QObject
{
    Q_OBJECT
private slots:
    void timesAreFormattedAsRfc3339Utc_data()
    {
        QTest::addColumn<QDateTime>("time");
        QTest::addColumn<QString>("text");
        const QTimeZone seoul("Asia/Seoul");
        const QTimeZone newYork("America/New_York");
        QTest::addRow("epoch") << QDateTime::fromMSecsSinceEpoch(0, Qt::UTC) << QStringLiteral("1970-01-01T00:00:00.000Z");
        QTest::addRow("before 1970") << QDateTime::fromMSecsSinceEpoch(-1, Qt::UTC) << QStringLiteral("1969-12-31T23:59:59.999Z");
        QTest::addRow("leap day, Seoul") << QDateTime(QDate(2028, 2, 29), QTime(8, 5, 9, 7), seoul) << QStringLiteral("2028-02-28T23:05:09.007Z");
        QTest::addRow("New York, DST ends") << QDateTime(QDate(2026, 11, 1), QTime(0, 30), newYork).addSecs(2 * 3600) << QStringLiteral("2026-11-01T06:30:00.000Z");
        QTest::addRow("end of a year") << QDateTime(QDate(2026, 12, 31), QTime(23, 59, 59, 999), Qt::UTC) << QStringLiteral("2026-12-31T23:59:59.999Z");
        QTest::addRow("year 1") << QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC) << QStringLiteral("0001-01-01T00:00:00.000Z");
        QTest::addRow("year 9999") << QDateTime(QDate(9999, 12, 31), QTime(12, 0), Qt::UTC) << QStringLiteral("9999-12-31T12:00:00.000Z");
    }
    void timesAreFormattedAsRfc3339Utc()
    {
        QFETCH(QDateTime, time);
        QFETCH(QString, text);
        QCOMPARE(Json::formatTime(time), text);
        QCOMPARE(Json::formatTime(time), time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")));
        QCOMPARE(Json::parseTime(text), time);
    }
    void timesFormatLikeQtOverManyInstants()
    {
        // Every day over 400 years at a varying time of day, against Qt's own formatter.
        const qint64 start = QDateTime(QDate(1800, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        for (qint64 i = 0; i < 146'100; ++i) {
            const QDateTime t = QDateTime::fromMSecsSinceEpoch(start + i * 86'400'000 + (i * 7'919'321) % 86'400'000, Qt::UTC);
            const QString expected = t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
            if (Json::formatTime(t) != expected)
                QFAIL(qPrintable(QStringLiteral("%1 formatted as %2").arg(expected, Json::formatTime(t))));
        }
        QCOMPARE(Json::formatTime(QDateTime()), QString());
    }
    void idsAreTimeOrderedUuids()
    {
        QSet<QString> seen;
        QString previous;
        for (int i = 0; i < 20'000; ++i) {
            const QString id = Json::newId();
            QVERIFY(!seen.contains(id));
            seen.insert(id);
            const QUuid uuid(id);
            QVERIFY(!uuid.isNull());
            QCOMPARE(uuid.toString(QUuid::WithoutBraces), id);
            QCOMPARE(id.at(14), QLatin1Char('7')); // the version nibble (Qt 6.4's QUuid::version() knows 1–5 only)
            QCOMPARE(uuid.variant(), QUuid::DCE);
        }
        // Ids sort in the order they were made, within a millisecond too (20,000 ids take a few milliseconds, so
        // most of them share one with their neighbours).
        QStringList made;
        for (int i = 0; i < 20'000; ++i)
            made.append(Json::newId());
        int sameMillisecond = 0;
        for (qsizetype i = 1; i < made.size(); ++i) {
            QVERIFY2(made.at(i - 1) < made.at(i), qPrintable(made.at(i - 1) + QStringLiteral(" !< ") + made.at(i)));
            if (made.at(i - 1).left(13) == made.at(i).left(13))
                ++sameMillisecond;
        }
        QVERIFY2(sameMillisecond > 1000, qPrintable(QString::number(sameMillisecond)));
        // Ids made in a later millisecond sort after.
        const QString first = Json::newId();
        QThread::msleep(3);
        const QString second = Json::newId();
        QVERIFY2(first < second, qPrintable(first + QStringLiteral(" !< ") + second));
        // The first 48 bits are the time.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 stamped = second.left(8).append(second.mid(9, 4)).toLongLong(nullptr, 16);
        QVERIFY(stamped <= now && stamped > now - 5000);
    }

    void aRepeatPatchesTheStoredAlert_data()
    {
        QTest::addColumn<QJsonObject>("stored");
        QTest::addColumn<QDateTime>("now");
        const QDateTime created(QDate(2026, 3, 29), QTime(0, 59, 59, 500), Qt::UTC);
        Alert first;
        first.id = Json::newId();
        first.version = 1;
        first.createdAt = first.updatedAt = first.lastSeenAt = created;
        first.serviceId = Json::newId();
        first.message = QStringLiteral("Disk almost full on db-1");
        first.alias = QStringLiteral("a3f9c2d1e0b4");
        first.tags = {QStringLiteral("alertname=DiskFull"), QStringLiteral("severity=critical")};
        first.details = QJsonObject{{QStringLiteral("labels"), QJsonObject{{QStringLiteral("instance"), QStringLiteral("db-1:9100")}}}};
        first.integrationType = QStringLiteral("alertmanager");
        first.policyId = Json::newId();
        first.escalationRule = 0;
        first.nextEscalationAt = created.addSecs(900);
        QTest::addRow("first repeat, across the Berlin DST change") << first.toJson() << created.addMSecs(1000);
        Alert acked = first;
        acked.version = 7;
        acked.count = 41;
        acked.status = AlertStatus::Acknowledged;
        acked.acknowledgedBy = Json::newId();
        acked.acknowledgedAt = created.addSecs(60);
        acked.ownerId = acked.acknowledgedBy;
        acked.nextEscalationAt = {};
        acked.description = QStringLiteral("사용률 97 %: 로그 회전을 확인하세요");
        QTest::addRow("acknowledged, 41 times, Korean description") << acked.toJson() << created.addDays(3);
        Alert snoozed = first;
        snoozed.version = 2;
        snoozed.count = 2;
        snoozed.snoozedUntil = created.addSecs(3600);
        snoozed.inMaintenance = true;
        QTest::addRow("snoozed, in maintenance, same millisecond") << snoozed.toJson() << created;
    }
    void aRepeatPatchesTheStoredAlert()
    {
        QFETCH(QJsonObject, stored);
        QFETCH(QDateTime, now);
        // What decoding, counting and re-encoding gives.
        auto decoded = Alert::fromJson(stored);
        QVERIFY(decoded);
        Alert expected = decoded.value();
        ++expected.count;
        ++expected.version;
        expected.lastSeenAt = now;
        expected.updatedAt = now;
        const QJsonObject patched = Alert::seenAgain(stored, now);
        QCOMPARE(patched, expected.toJson());
        QCOMPARE(patched.value(QStringLiteral("count")).toInteger(), stored.value(QStringLiteral("count")).toInteger() + 1);
        // The patched document decodes, and keeps everything else.
        auto again = Alert::fromJson(patched);
        QVERIFY(again);
        QCOMPARE(again->createdAt, decoded->createdAt);
        QVERIFY(again->status == decoded->status);
        QCOMPARE(again->details, decoded->details);
        // Repeat after repeat, from the last result (as the server's document cache does).
        QJsonObject many = stored;
        for (int i = 0; i < 100; ++i)
            many = Alert::seenAgain(many, now);
        expected.count = decoded->count + 100;
        expected.version = decoded->version + 100;
        QCOMPARE(many, expected.toJson());
    }
    void ticketRoundTrips()
    {
        Ticket t;
        t.id = QStringLiteral("5b1c0d6e-0000-4000-8000-000000000001");
        t.key = QStringLiteral("SD-42");
        t.version = 3;
        t.createdAt = QDateTime(QDate(2026, 11, 25), QTime(0, 30), Qt::UTC);
        t.updatedAt = t.createdAt.addSecs(3600);
        t.summary = QStringLiteral("VPN 접속이 끊깁니다");
        t.description = QStringLiteral("line 1\nline 2 \"quoted\"");
        t.type = TicketType::Incident;
        t.priority = Priority::P2;
        t.status = TicketStatus::InProgress;
        t.requesterName = QStringLiteral("홍길동");
        t.requesterEmail = QStringLiteral("gildong.hong@example.com");
        t.assigneeId = QStringLiteral("u1");
        t.firstResponseAt = t.createdAt.addMSecs(1500);
        t.statusHistory = {{TicketStatus::Open, t.createdAt}, {TicketStatus::InProgress, t.createdAt.addSecs(60)}};
        // Through text, as on the wire.
        const QByteArray wire = QJsonDocument(t.toJson()).toJson(QJsonDocument::Compact);
        const auto back = Ticket::fromJson(QJsonDocument::fromJson(wire).object());
        QVERIFY(back.ok());
        QCOMPARE(back.value(), t);
        QCOMPARE(back->keyNumber(), 42);
        QVERIFY(wire.contains("\"team_id\":null"));
        QVERIFY(wire.contains("\"first_response_at\":\"2026-11-25T00:30:01.500Z\""));
    }

    void ticketDecodeRejectsBadEnums_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addRow("status") << "status" << "pending";
        QTest::addRow("priority") << "priority" << "P0";
        QTest::addRow("type") << "type" << "bug";
    }
    void ticketDecodeRejectsBadEnums()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        Ticket t;
        t.id = QStringLiteral("x");
        t.createdAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
        QJsonObject o = t.toJson();
        o.insert(field, value);
        const auto r = Ticket::fromJson(o);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().field, field);
    }

    void commentRoundTrips()
    {
        TicketComment c{QStringLiteral("c1"), QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("내부 메모"),
                        false, 1, QDateTime(QDate(2026, 2, 1), QTime(8, 0), Qt::UTC),
                        QDateTime(QDate(2026, 2, 1), QTime(8, 0), Qt::UTC)};
        const auto back = TicketComment::fromJson(c.toJson());
        QVERIFY(back.ok());
        QCOMPARE(back.value(), c);
        QCOMPARE(c.toJson().value(QStringLiteral("public")).toBool(true), false);
    }

    void timesParse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime base(QDate(2026, 11, 25), QTime(9, 30), Qt::UTC);
        QTest::addRow("z") << "2026-11-25T09:30:00Z" << base;
        QTest::addRow("offset") << "2026-11-25T18:30:00+09:00" << base;
        QTest::addRow("millis") << "2026-11-25T09:30:00.250Z" << base.addMSecs(250);
        QTest::addRow("no-offset") << "2026-11-25T09:30:00" << QDateTime();
        QTest::addRow("garbage") << "yesterday" << QDateTime();
        // Found by fuzz_time: an offset can carry the first and last instants of the range out of it.
        QTest::addRow("before-year-1") << "0001-01-01T00:00+19:00" << QDateTime();
        QTest::addRow("after-year-9999") << "9999-12-31T23:00:00-02:00" << QDateTime();
        QTest::addRow("year-1") << "0001-01-01T10:00:00+09:00" << QDateTime(QDate(1, 1, 1), QTime(1, 0), Qt::UTC);
    }
    void timesParse()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        const QDateTime t = Json::parseTime(text);
        QCOMPARE(t.isValid(), expected.isValid());
        if (expected.isValid()) {
            QCOMPARE(t, expected);
            QCOMPARE(Json::parseTime(Json::formatTime(t)), t);
        }
    }

    void fieldReadersNameTheField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("code");
        QTest::addRow("missing") << QByteArray("{}") << "missing_field";
        QTest::addRow("null") << QByteArray(R"({"summary":null})") << "missing_field";
        QTest::addRow("number") << QByteArray(R"({"summary":5})") << "invalid_field";
        QTest::addRow("array") << QByteArray(R"({"summary":["a"]})") << "invalid_field";
    }
    void fieldReadersNameTheField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, code);
        const auto r = Json::string(QJsonDocument::fromJson(json).object(), QStringLiteral("summary"), true);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QCOMPARE(r.error().field, QStringLiteral("summary"));
    }

    void integersOutOfRangeNameTheirRange_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        const QString range = QStringLiteral("count must be between 0 and 100");
        QTest::addRow("1e300") << QByteArray(R"({"count":1e300})") << range;
        QTest::addRow("-1e300") << QByteArray(R"({"count":-1e300})") << range;
        QTest::addRow("2^63") << QByteArray(R"({"count":9223372036854775808})") << range;
        QTest::addRow("-2^63 - 2^11") << QByteArray(R"({"count":-9223372036854777856})") << range;
        QTest::addRow("101") << QByteArray(R"({"count":101})") << range;
        QTest::addRow("-1") << QByteArray(R"({"count":-1})") << range;
        QTest::addRow("a fraction") << QByteArray(R"({"count":1.5})") << QStringLiteral("count must be an integer");
        QTest::addRow("a string") << QByteArray(R"({"count":"5"})") << QStringLiteral("count must be an integer, not a string");
    }
    void integersOutOfRangeNameTheirRange()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const QJsonObject o = QJsonDocument::fromJson(json).object();
        QVERIFY(!o.isEmpty());
        const auto r = Json::integer(o, QStringLiteral("count"), true, 0, 0, 100);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("invalid_field"));
        QCOMPARE(r.error().field, QStringLiteral("count"));
        QCOMPARE(r.error().message, message);
        // In range, the same reader answers the number.
        QCOMPARE(Json::integer(QJsonObject{{QStringLiteral("count"), 42}}, QStringLiteral("count"), true, 0, 0, 100).value(), 42);
    }
    void int64RangeIsExact_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<bool>("fits");
        QTest::addRow("0") << 0.0 << true;
        QTest::addRow("-2^63") << -9223372036854775808.0 << true;
        QTest::addRow("2^63") << 9223372036854775808.0 << false;
        QTest::addRow("largest below 2^63") << 9223372036854774784.0 << true;
        QTest::addRow("1e300") << 1e300 << false;
        QTest::addRow("infinity") << std::numeric_limits<double>::infinity() << false;
        QTest::addRow("nan") << std::numeric_limits<double>::quiet_NaN() << false;
    }
    void int64RangeIsExact()
    {
        QFETCH(double, value);
        QFETCH(bool, fits);
        QCOMPARE(Json::inInt64Range(value).has_value(), fits);
        if (fits)
            QCOMPARE(double(*Json::inInt64Range(value)), value);
    }

    void parseObjectRejectsNonObjects_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("truncated") << QByteArray("{\"a\":");
        QTest::addRow("array") << QByteArray("[1,2]");
        QTest::addRow("empty") << QByteArray("");
        QTest::addRow("text") << QByteArray("hello");
    }
    void parseObjectRejectsNonObjects()
    {
        QFETCH(QByteArray, body);
        const auto r = Json::parseObject(body);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("invalid_json"));
    }
};

QTEST_GUILESS_MAIN(tst_Codecs)
#include "tst_codecs.moc"
