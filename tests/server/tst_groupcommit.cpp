// The HTTP side of group commit, in-process on a loopback port: answers of grouped routes are held until their group
// ends; when the group's commit fails, every success becomes a 500 that says nothing was kept, while answers that
// were refusals stay as they were, in order.
#include "httpserver.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Vigil;
using namespace Qt::StringLiterals;

class tst_GroupCommit final : public QObject
{
    Q_OBJECT

private slots:
    void answersWaitForTheCommit_data();
    void answersWaitForTheCommit();
};

void tst_GroupCommit::answersWaitForTheCommit_data()
{
    QTest::addColumn<bool>("commits");
    QTest::addColumn<QList<int>>("statuses");
    QTest::addRow("committed") << true << QList<int>{201, 400, 201, 200};
    QTest::addRow("commit failed") << false << QList<int>{500, 400, 500, 200};
}

void tst_GroupCommit::answersWaitForTheCommit()
{
    QFETCH(bool, commits);
    QFETCH(QList<int>, statuses);

    HttpServer http;
    bool open = false; // a group the handlers joined and nobody has committed yet
    int flushes = 0;
    http.setCommitGroup([&] { return open; }, [&]() -> Status {
        open = false;
        ++flushes;
        const Status outcome = commits ? Status(Ok{}) : Status(Error::make(ErrorCode::Internal, u"disk I/O error"_s));
        http.groupEnded(outcome);
        return outcome;
    });
    http.routeGrouped(u"POST"_s, u"/ingest"_s, [&](const HttpRequest &req) {
        open = true;
        if (req.body.isEmpty())
            return HttpResponse::json(400, QJsonObject{{u"error"_s, QJsonObject{{u"code"_s, u"missing_field"_s}}}});
        return HttpResponse::json(201, QJsonObject{{u"got"_s, QString::fromUtf8(req.body)}});
    });
    http.route(u"GET"_s, u"/healthz"_s, [&](const HttpRequest &) {
        return HttpResponse::json(200, QJsonObject{{u"open"_s, open}});
    });
    QTcpServer tcp;
    QVERIFY(tcp.listen(QHostAddress::LocalHost, 0));
    http.bind(&tcp);

    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, tcp.serverPort());
    QVERIFY(s.waitForConnected(5000));
    const auto post = [](const QByteArray &body) -> QByteArray {
        return "POST /ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    };
    const QByteArray pipeline = post("1") + post({}) + post("2") + QByteArray("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    s.write(pipeline);

    QByteArray buffer;
    QList<int> seen;
    QList<QJsonObject> bodies;
    QVERIFY(QTest::qWaitFor([&] {
        buffer += s.readAll();
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                break;
            const QByteArray head = buffer.left(end);
            const qsizetype at = head.toLower().indexOf("content-length:");
            const qsizetype length = at < 0 ? 0 : head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toLongLong();
            if (buffer.size() < end + 4 + length)
                break;
            seen.append(head.mid(9, 3).toInt());
            bodies.append(QJsonDocument::fromJson(buffer.mid(end + 4, length)).object());
            buffer.remove(0, end + 4 + length);
        }
        return seen.size() == 4;
    }, 5000));
    QCOMPARE(seen, statuses);
    QVERIFY(flushes >= 1);
    QVERIFY(!open);
    // The plain route behind them ran on committed state: the group was flushed before it.
    QCOMPARE(bodies.at(3).value(u"open"_s).toBool(), false);
    if (commits) {
        QCOMPARE(bodies.at(0).value(u"got"_s).toString(), u"1"_s);
        QCOMPARE(bodies.at(2).value(u"got"_s).toString(), u"2"_s);
    } else {
        for (int i : {0, 2}) {
            const QJsonObject error = bodies.at(i).value(u"error"_s).toObject();
            QCOMPARE(error.value(u"code"_s).toString(), u"internal"_s);
            QVERIFY2(error.value(u"message"_s).toString().contains(u"nothing was kept"_s), qPrintable(error.value(u"message"_s).toString()));
            QVERIFY(error.value(u"message"_s).toString().contains(u"disk I/O error"_s));
        }
    }
    QCOMPARE(bodies.at(1).value(u"error"_s).toObject().value(u"code"_s).toString(), u"missing_field"_s);
}

QTEST_GUILESS_MAIN(tst_GroupCommit)
#include "tst_groupcommit.moc"
