#include "common/json.h"
#include "tickets/ticket.h"

#include <QJsonDocument>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Vigil;

class TestCodecs : public QObject
{
    Q_OBJECT
private slots:
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

QTEST_GUILESS_MAIN(TestCodecs)
#include "tst_codecs.moc"
