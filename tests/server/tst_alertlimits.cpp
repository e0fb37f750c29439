// The limits of what an alert carries (docs/API.md "Limits"): people's requests beyond them are refused with a 400
// naming the field; monitoring tools' events are kept, cut to fit; snoozes end within 30 days. In-process, on a real
// SQLite file, with the clock still.
#include "inprocessvigild.h"

#include <QJsonArray>
#include <QTest>

using namespace Vigil;
using namespace Qt::StringLiterals;

namespace {

const QDateTime T0(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC);

QJsonArray manyTags(int count, int length)
{
    QJsonArray tags;
    for (int i = 0; i < count; ++i)
        tags.append(QString(u"t%1-"_s.arg(i)).leftJustified(length, u'x'));
    return tags;
}

QJsonObject bigDetails(qsizetype bytes)
{
    return QJsonObject{{u"log"_s, QString(bytes, u'a')}};
}

} // namespace

class tst_AlertLimits final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void peopleAreToldTheLimit_data();
    void peopleAreToldTheLimit();
    void toolsAreCutToFit();
    void anAlertmanagerNotificationHasAtMost1000Alerts();
    void snoozesEndWithin30Days();

private:
    std::unique_ptr<Testing::InProcessVigild> m_vigild;
    QString m_service;
};

void tst_AlertLimits::init()
{
    m_vigild = std::make_unique<Testing::InProcessVigild>(T0);
    QVERIFY(m_vigild->ok());
    QVERIFY(m_vigild->seedUsers({u"m"_s}, u"manager"_s, u"m"_s));
    const HttpResponse r = m_vigild->call("POST", u"/api/v1/services"_s, {{u"name"_s, u"Database"_s}});
    QCOMPARE(r.status, 201);
    m_service = QJsonDocument::fromJson(r.body).object().value(u"id").toString();
}

void tst_AlertLimits::peopleAreToldTheLimit_data()
{
    QTest::addColumn<QJsonObject>("extra");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    QTest::addRow("50 tags of 200") << QJsonObject{{u"tags"_s, manyTags(50, 200)}} << 201 << QString();
    QTest::addRow("51 tags") << QJsonObject{{u"tags"_s, manyTags(51, 10)}} << 400 << u"tags"_s;
    QTest::addRow("a tag of 201") << QJsonObject{{u"tags"_s, manyTags(3, 201)}} << 400 << u"tags[0]"_s;
    QTest::addRow("a tag that is a number") << QJsonObject{{u"tags"_s, QJsonArray{u"a"_s, 5}}} << 400 << u"tags[1]"_s;
    QTest::addRow("details of 16 KiB") << QJsonObject{{u"details"_s, bigDetails(16 * 1024 - 12)}} << 201 << QString();
    QTest::addRow("details over 16 KiB") << QJsonObject{{u"details"_s, bigDetails(16 * 1024)}} << 400 << u"details"_s;
}

void tst_AlertLimits::peopleAreToldTheLimit()
{
    QFETCH(QJsonObject, extra);
    QFETCH(int, status);
    QFETCH(QString, field);
    QJsonObject body{{u"service_id"_s, m_service}, {u"message"_s, u"Disk full"_s}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    const HttpResponse r = m_vigild->call("POST", u"/api/v1/alerts"_s, body);
    QVERIFY2(r.status == status, r.body.left(300).constData());
    if (status == 201)
        return;
    const QJsonObject error = QJsonDocument::fromJson(r.body).object().value(u"error").toObject();
    QCOMPARE(error.value(u"code").toString(), u"invalid_field"_s);
    QCOMPARE(error.value(u"field").toString(), field);
    // Nothing was kept.
    QCOMPARE(m_vigild->store->count(Kind::Alert), 0);
}

void tst_AlertLimits::toolsAreCutToFit()
{
    // Given an Alertmanager integration, and an alert with 60 labels and an annotation of 20 KiB
    Store &store = *m_vigild->store;
    Result<QString> key = QString();
    QVERIFY(store.write([&]() -> Status {
        key = store.secrets().createIntegration(m_service, u"alertmanager"_s, u"am"_s);
        return key ? Status(Ok{}) : Status(key.error());
    }).ok());
    QJsonObject labels{{u"alertname"_s, u"DiskFull"_s}};
    for (int i = 0; i < 59; ++i)
        labels.insert(u"label%1"_s.arg(i, 2, 10, QLatin1Char('0')), QString(250, u'v'));
    const QJsonObject am{{u"status"_s, u"firing"_s}, {u"labels"_s, labels},
                         {u"annotations"_s, QJsonObject{{u"summary"_s, u"Disk full"_s}, {u"description"_s, QString(20 * 1024, u'd')}}},
                         {u"startsAt"_s, u"2026-12-01T08:59:00Z"_s}, {u"fingerprint"_s, u"f1"_s}};
    HttpRequest req;
    req.method = u"POST"_s;
    req.path = u"/integrations/alertmanager/"_s + key.value();
    req.body = QJsonDocument(QJsonObject{{u"version"_s, u"4"_s}, {u"status"_s, u"firing"_s}, {u"alerts"_s, QJsonArray{am}}})
                   .toJson(QJsonDocument::Compact);
    req.headers.insert("content-type", "application/json");

    // When it is sent
    const HttpResponse r = m_vigild->http.call(req);

    // Then it is kept, with 50 tags of at most 200 characters and its details replaced by their size
    QVERIFY2(r.status == 200, r.body.constData());
    const auto stored = store.first(Kind::Alert, u"alias = ?"_s, {u"f1"_s}, {});
    QVERIFY(stored);
    const QJsonArray tags = stored->value(u"tags").toArray();
    QCOMPARE(tags.size(), 50);
    for (const auto &t : tags)
        QVERIFY(t.toString().size() <= 200);
    QCOMPARE(stored->value(u"details").toObject().value(u"truncated").toBool(), true);
    QVERIFY(stored->value(u"details").toObject().value(u"bytes").toInteger() > 16 * 1024);
    // The description keeps its own, larger limit.
    QCOMPARE(stored->value(u"description").toString().size(), 20 * 1024);
}

void tst_AlertLimits::anAlertmanagerNotificationHasAtMost1000Alerts()
{
    Store &store = *m_vigild->store;
    Result<QString> key = QString();
    QVERIFY(store.write([&]() -> Status {
        key = store.secrets().createIntegration(m_service, u"alertmanager"_s, u"am"_s);
        return key ? Status(Ok{}) : Status(key.error());
    }).ok());
    const auto send = [&](int count) {
        QJsonArray alerts;
        for (int i = 0; i < count; ++i)
            alerts.append(QJsonObject{{u"status"_s, u"firing"_s}, {u"labels"_s, QJsonObject{{u"alertname"_s, u"A"_s}}},
                                      {u"fingerprint"_s, u"n%1-%2"_s.arg(count).arg(i)}});
        HttpRequest req;
        req.method = u"POST"_s;
        req.path = u"/integrations/alertmanager/"_s + key.value();
        req.body = QJsonDocument(QJsonObject{{u"version"_s, u"4"_s}, {u"alerts"_s, alerts}}).toJson(QJsonDocument::Compact);
        req.headers.insert("content-type", "application/json");
        return m_vigild->http.call(req);
    };
    const HttpResponse tooMany = send(1001);
    QCOMPARE(tooMany.status, 400);
    QCOMPARE(QJsonDocument::fromJson(tooMany.body).object().value(u"error").toObject().value(u"field").toString(), u"alerts"_s);
    QCOMPARE(store.count(Kind::Alert), 0);
    const HttpResponse most = send(1000);
    QVERIFY2(most.status == 200, most.body.constData());
    QCOMPARE(store.count(Kind::Alert), 1000);
}

void tst_AlertLimits::snoozesEndWithin30Days()
{
    HttpResponse r = m_vigild->call("POST", u"/api/v1/alerts"_s, {{u"service_id"_s, m_service}, {u"message"_s, u"Disk full"_s}});
    QCOMPARE(r.status, 201);
    const QString snooze = u"/api/v1/alerts/%1/snooze"_s.arg(QJsonDocument::fromJson(r.body).object().value(u"id").toString());
    r = m_vigild->call("POST", snooze, {{u"until"_s, Json::formatTime(T0.addDays(30).addSecs(1))}});
    QCOMPARE(r.status, 400);
    QCOMPARE(QJsonDocument::fromJson(r.body).object().value(u"error").toObject().value(u"field").toString(), u"until"_s);
    r = m_vigild->call("POST", snooze, {{u"until"_s, Json::formatTime(T0.addDays(30))}});
    QVERIFY2(r.status == 200, r.body.constData());
}

QTEST_GUILESS_MAIN(tst_AlertLimits)
#include "tst_alertlimits.moc"
