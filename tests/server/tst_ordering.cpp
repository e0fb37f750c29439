// Order within one millisecond: items made one after the other in the same millisecond come back in the order they
// were made. The API runs in-process on a real SQLite file with a clock that never moves, so every item carries the
// same created_at and only the ids can order them.
#include "inprocessvigild.h"

#include <QJsonArray>
#include <QTest>

using namespace Vigil;
using namespace Qt::StringLiterals;

class tst_Ordering final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void commentsOfOneMillisecondKeepTheirOrder_data();
    void commentsOfOneMillisecondKeepTheirOrder();

private:
    const QDateTime m_frozen{QDate(2026, 12, 1), QTime(9, 0, 0, 123), Qt::UTC};
    std::unique_ptr<Testing::InProcessVigild> m_vigild;
};

void tst_Ordering::init()
{
    m_vigild = std::make_unique<Testing::InProcessVigild>(m_frozen);
    QVERIFY(m_vigild->ok());
    QVERIFY(m_vigild->seedUsers({u"agent"_s}, u"agent"_s, u"agent"_s));
}

void tst_Ordering::commentsOfOneMillisecondKeepTheirOrder_data()
{
    QTest::addColumn<int>("count");
    // Each row is a fresh database; many rows make a random order (the bug) all but certain to show.
    for (int round = 1; round <= 5; ++round)
        QTest::addRow("round %d: 200 comments", round) << 200;
    QTest::addRow("2 comments") << 2;
}

void tst_Ordering::commentsOfOneMillisecondKeepTheirOrder()
{
    QFETCH(int, count);
    const HttpResponse created = m_vigild->call("POST", u"/api/v1/tickets"_s, {{u"summary"_s, u"VPN drops"_s}});
    QCOMPARE(created.status, 201);
    const QString ticket = QJsonDocument::fromJson(created.body).object().value(u"id"_s).toString();
    QVERIFY(!ticket.isEmpty());
    for (int i = 0; i < count; ++i) {
        const HttpResponse r = m_vigild->call("POST", u"/api/v1/tickets/%1/comments"_s.arg(ticket),
                                    {{u"body"_s, QString::number(i)}, {u"public"_s, true}});
        QCOMPARE(r.status, 201);
    }
    const HttpResponse listed = m_vigild->call("GET", u"/api/v1/tickets/%1/comments"_s.arg(ticket));
    QCOMPARE(listed.status, 200);
    const QJsonArray items = QJsonDocument::fromJson(listed.body).object().value(u"items"_s).toArray();
    QCOMPARE(items.size(), count);
    for (int i = 0; i < count; ++i) {
        const QJsonObject c = items.at(i).toObject();
        // The clock never moved: only the id can have put these in order.
        QCOMPARE(c.value(u"created_at"_s).toString(), Json::formatTime(m_frozen));
        QCOMPARE(c.value(u"body"_s).toString(), QString::number(i));
    }
}

QTEST_GUILESS_MAIN(tst_Ordering)
#include "tst_ordering.moc"
