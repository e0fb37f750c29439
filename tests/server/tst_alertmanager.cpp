// A real Prometheus Alertmanager 0.25 (Debian's prometheus-alertmanager) pointed at a real vigild on 127.0.0.1:
// an alert posted to Alertmanager's API reaches vigild through its webhook receiver, pages the on-call user, and
// its resolution closes it; a second route uses Alertmanager's opsgenie_configs with api_url pointed at vigild.
#include "vigildprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Vigil::Testing;
using namespace Qt::StringLiterals;

namespace {

QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }
QByteArray json(const QJsonArray &a) { return QJsonDocument(a).toJson(QJsonDocument::Compact); }

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class tst_Alertmanager final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void webhookReceiverOpensPagesAndCloses();
    void opsgenieReceiverOpensAndCloses();

private:
    /// Posts alerts to Alertmanager's API v2 (a resolved one has endsAt in the past).
    int postToAlertmanager(const QString &alertname, const QString &via, bool resolved);
    QJsonObject alertOn(const QString &serviceId);
    QJsonArray log(const QString &alertId);

    VigildProcess m_vigild;
    QTemporaryDir m_dir;
    QProcess m_am;
    quint16 m_amPort = 0;
    QString m_hookService;
    QString m_ogService;
};

void tst_Alertmanager::initTestCase()
{
    const QString binary = QStandardPaths::findExecutable(u"prometheus-alertmanager"_s);
    QVERIFY2(!binary.isEmpty(), "prometheus-alertmanager is not installed (scripts/deps.sh test installs it)");
    QVERIFY2(m_vigild.start(), qPrintable(m_vigild.lastError()));
    // The agent is on call around the clock; the policy pages that schedule at once.
    const QJsonObject layer{{u"name"_s, u"24/7"_s}, {u"participants"_s, QJsonArray{m_vigild.userId(u"agent"_s)}},
                            {u"rotation_type"_s, u"weekly"_s}, {u"start"_s, u"2026-01-05T09:00:00"_s}};
    Reply r = m_vigild.as(u"manager"_s, "POST", u"/api/v1/schedules"_s,
                          json(QJsonObject{{u"name"_s, u"Storage on-call"_s}, {u"time_zone"_s, u"Asia/Seoul"_s},
                                           {u"layers"_s, QJsonArray{layer}}}));
    QCOMPARE(r.status, 201);
    const QJsonObject rule{{u"delay_minutes"_s, 0},
                           {u"targets"_s, QJsonArray{QJsonObject{{u"type"_s, u"schedule"_s}, {u"id"_s, r.json().value(u"id")}}}}};
    r = m_vigild.as(u"manager"_s, "POST", u"/api/v1/escalation_policies"_s,
                    json(QJsonObject{{u"name"_s, u"Storage"_s}, {u"rules"_s, QJsonArray{rule}}}));
    QCOMPARE(r.status, 201);
    const QString policy = r.json().value(u"id").toString();
    QString keys[2];
    QString *services[2] = {&m_hookService, &m_ogService};
    const char *types[2] = {"alertmanager", "opsgenie"};
    for (int i = 0; i < 2; ++i) {
        r = m_vigild.as(u"manager"_s, "POST", u"/api/v1/services"_s,
                        json(QJsonObject{{u"name"_s, QString(u"Storage "_s + QString::fromLatin1(types[i]))},
                                         {u"escalation_policy_id"_s, policy}}));
        QCOMPARE(r.status, 201);
        *services[i] = r.json().value(u"id").toString();
        r = m_vigild.as(u"manager"_s, "POST", u"/api/v1/services/%1/integrations"_s.arg(*services[i]),
                        json(QJsonObject{{u"type"_s, QString::fromLatin1(types[i])}}));
        QCOMPARE(r.status, 201);
        keys[i] = r.json().value(u"key").toString();
    }
    // Alertmanager: via=webhook → vigild's webhook URL; via=opsgenie → opsgenie_configs with api_url = vigild.
    const QString base = u"http://127.0.0.1:%1"_s.arg(m_vigild.port());
    const QString config = uR"(route:
  receiver: hook
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - matchers: ['via="opsgenie"']
      receiver: og
receivers:
  - name: hook
    webhook_configs: [{url: '%1/integrations/alertmanager/%2', send_resolved: true}]
  - name: og
    opsgenie_configs: [{api_url: '%1/', api_key: '%3', send_resolved: true, priority: 'P2'}]
)"_s.arg(base, keys[0], keys[1]);
    QFile f(m_dir.filePath(u"am.yml"_s));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(config.toUtf8());
    f.close();
    m_amPort = freePort();
    m_am.setProcessChannelMode(QProcess::MergedChannels);
    m_am.start(binary, {u"--config.file="_s + f.fileName(), u"--storage.path="_s + m_dir.filePath(u"data"_s),
                        u"--web.listen-address=127.0.0.1:%1"_s.arg(m_amPort), u"--cluster.listen-address="_s});
    QVERIFY(m_am.waitForStarted(10'000));
    QTRY_VERIFY2_WITH_TIMEOUT(m_vigild.request("GET", u"http://127.0.0.1:%1/-/ready"_s.arg(m_amPort)).status == 200,
                              qPrintable(QString::fromUtf8(m_am.readAll())), 15'000);
}

void tst_Alertmanager::cleanupTestCase()
{
    m_am.terminate();
    m_am.waitForFinished(5000);
    m_vigild.stop();
}

int tst_Alertmanager::postToAlertmanager(const QString &alertname, const QString &via, bool resolved)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonObject alert{{u"labels"_s, QJsonObject{{u"alertname"_s, alertname}, {u"via"_s, via}, {u"severity"_s, u"critical"_s},
                                               {u"instance"_s, u"nas-01:9100"_s}}},
                      {u"annotations"_s, QJsonObject{{u"summary"_s, u"NAS 볼륨 사용량 97%"_s}, {u"description"_s, u"/vol1 여유 공간 부족"_s}}},
                      {u"startsAt"_s, now.addSecs(-60).toString(Qt::ISODate)}};
    if (resolved)
        alert.insert(u"endsAt"_s, now.addSecs(-1).toString(Qt::ISODate));
    return m_vigild.request("POST", u"http://127.0.0.1:%1/api/v2/alerts"_s.arg(m_amPort), json(QJsonArray{alert}), {},
                            {{"content-type", "application/json"}}).status;
}

QJsonObject tst_Alertmanager::alertOn(const QString &serviceId)
{
    const QJsonArray items = m_vigild.as(u"viewer"_s, "GET", u"/api/v1/alerts?service_id=%1"_s.arg(serviceId))
                                 .json().value(u"items").toArray();
    return items.isEmpty() ? QJsonObject{} : items.first().toObject();
}

QJsonArray tst_Alertmanager::log(const QString &alertId)
{
    return m_vigild.as(u"viewer"_s, "GET", u"/api/v1/alerts/%1/log"_s.arg(alertId)).json().value(u"items").toArray();
}

void tst_Alertmanager::webhookReceiverOpensPagesAndCloses()
{
    // When an alert is posted to Alertmanager
    QCOMPARE(postToAlertmanager(u"NasVolumeFull"_s, u"webhook"_s, false), 200);
    // Then Alertmanager's webhook opens it in vigild, with its summary, and the on-call agent is paged
    QTRY_VERIFY_WITH_TIMEOUT(!alertOn(m_hookService).isEmpty(), 15'000);
    const QJsonObject alert = alertOn(m_hookService);
    QCOMPARE(alert.value(u"message").toString(), u"NAS 볼륨 사용량 97%"_s);
    QCOMPARE(alert.value(u"priority").toString(), u"P1"_s);
    QCOMPARE(alert.value(u"integration_type").toString(), u"alertmanager"_s);
    const QString id = alert.value(u"id").toString();
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(log(id).cbegin(), log(id).cend(), [&](const QJsonValue &e) {
                                 return e.toObject().value(u"type").toString() == u"notified"
                                     && e.toObject().value(u"details").toObject().value(u"user_id").toString()
                                            == m_vigild.userId(u"agent"_s);
                             }),
                             5000);
    // When it resolves in Alertmanager, the resolved webhook closes it
    QCOMPARE(postToAlertmanager(u"NasVolumeFull"_s, u"webhook"_s, true), 200);
    QTRY_COMPARE_WITH_TIMEOUT(alertOn(m_hookService).value(u"status").toString(), u"closed"_s, 20'000);
    QCOMPARE(m_vigild.as(u"viewer"_s, "GET", u"/api/v1/alerts?service_id=%1"_s.arg(m_hookService))
                 .json().value(u"items").toArray().size(),
             1);
}

void tst_Alertmanager::opsgenieReceiverOpensAndCloses()
{
    QCOMPARE(postToAlertmanager(u"NasVolumeFullOg"_s, u"opsgenie"_s, false), 200);
    QTRY_VERIFY_WITH_TIMEOUT(!alertOn(m_ogService).isEmpty(), 15'000);
    const QJsonObject alert = alertOn(m_ogService);
    QCOMPARE(alert.value(u"integration_type").toString(), u"opsgenie"_s);
    QCOMPARE(alert.value(u"priority").toString(), u"P2"_s); // the receiver's priority
    QVERIFY2(alert.value(u"message").toString().contains(u"NasVolumeFullOg"_s), qPrintable(alert.value(u"message").toString()));
    QCOMPARE(alert.value(u"alias").toString().size(), 64); // Alertmanager's alias: SHA-256 of the group key
    QCOMPARE(postToAlertmanager(u"NasVolumeFullOg"_s, u"opsgenie"_s, true), 200);
    QTRY_COMPARE_WITH_TIMEOUT(alertOn(m_ogService).value(u"status").toString(), u"closed"_s, 20'000);
}

QTEST_GUILESS_MAIN(tst_Alertmanager)
#include "tst_alertmanager.moc"
