// The Settings dialogs (escalation policies, services and integrations, my notifications) against the real vigild:
// saves go straight to the server and come back into the cache through the change feed.

#include "common/clock.h"
#include "mainwindow.h"
#include "settingsdialogs.h"
#include "sync/localcache.h"
#include "sync/syncengine.h"
#include "vigildprocess.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Vigil;
using Vigil::Testing::VigildProcess;
using Vigil::Testing::toJson;

class tst_SettingsDialogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_server = std::make_unique<VigildProcess>();
        QVERIFY2(m_server->start(), qPrintable(m_server->lastError()));
        const auto team = m_server->as(QStringLiteral("manager"), "POST", QStringLiteral("/api/v1/teams"),
                                       toJson({{QStringLiteral("name"), QStringLiteral("Network Ops")}}));
        QCOMPARE(team.status, 201);
        m_teamId = team.json().value(QStringLiteral("id")).toString();
        const auto service = m_server->as(QStringLiteral("manager"), "POST", QStringLiteral("/api/v1/services"),
                                          toJson({{QStringLiteral("name"), QStringLiteral("Core network")},
                                                  {QStringLiteral("team_id"), m_teamId}}));
        QCOMPARE(service.status, 201);
        m_serviceId = service.json().value(QStringLiteral("id")).toString();

        m_cache = std::make_unique<LocalCache>(m_clock);
        QVERIFY(m_cache->open(m_dir.filePath(QStringLiteral("manager.sqlite"))).ok());
        m_engine = std::make_unique<SyncEngine>(*m_cache, m_clock);
        m_engine->setServer(m_server->url(QString()), QString::fromLatin1(m_server->token(QStringLiteral("manager"))));
        m_engine->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_engine->isOnline(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_cache->services().contains(m_serviceId), 10000);
        QTRY_VERIFY(!m_cache->currentUserId().isEmpty());
        QTRY_VERIFY(m_cache->users().contains(m_cache->currentUserId()));
    }

    void cleanupTestCase()
    {
        m_engine.reset();
        m_cache.reset();
    }

    void shouldEnableTheEditorsForManagersOnly()
    {
        // Given a manager's console and one without a manager
        MainWindow manager(*m_cache, m_engine.get(), m_clock);
        LocalCache empty(m_clock);
        QVERIFY(empty.open(m_dir.filePath(QStringLiteral("empty.sqlite"))).ok());
        MainWindow other(empty, nullptr, m_clock);
        // Then the manager may edit services and policies, the other sees why not; both edit their notifications
        QVERIFY(manager.servicesAction()->isEnabled());
        QVERIFY(manager.policiesAction()->isEnabled());
        QVERIFY(!other.servicesAction()->isEnabled());
        QVERIFY(!other.policiesAction()->isEnabled());
        QVERIFY(other.policiesAction()->toolTip().contains(u"Only managers"));
        QVERIFY(other.notificationsAction()->isEnabled());
    }

    void shouldCreateAPolicyThatArrivesInTheCache()
    {
        // Given the policy editor on a new policy
        EscalationPolicyEditorDialog dialog(*m_cache, m_engine.get());
        dialog.editPolicy({});
        dialog.nameEdit()->setText(QStringLiteral("Infrastructure escalation"));
        // When rule 1 pages the manager, rule 2 (after 15 min) the team, and the rules are swapped and set
        QCOMPARE(dialog.ruleList()->count(), 1);
        dialog.targetTypeCombo()->setCurrentIndex(dialog.targetTypeCombo()->findData(QStringLiteral("user")));
        dialog.targetCombo()->setCurrentIndex(dialog.targetCombo()->findData(m_cache->currentUserId()));
        dialog.addTarget();
        dialog.addRule();
        dialog.delayEdit()->setValue(5);
        dialog.targetTypeCombo()->setCurrentIndex(dialog.targetTypeCombo()->findData(QStringLiteral("team")));
        dialog.targetCombo()->setCurrentIndex(dialog.targetCombo()->findData(m_teamId));
        dialog.addTarget();
        dialog.moveRule(-1); // the team first
        QCOMPARE(dialog.ruleList()->currentRow(), 0);
        dialog.delayEdit()->setValue(0);
        dialog.ruleList()->setCurrentRow(1);
        dialog.delayEdit()->setValue(15);
        dialog.repeatEdit()->setValue(1);
        dialog.accept();
        // Then the dialog closes and the policy arrives through the change feed
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
        QJsonObject policy;
        QTRY_VERIFY_WITH_TIMEOUT(!(policy = policyNamed(QStringLiteral("Infrastructure escalation"))).isEmpty(), 5000);
        const QJsonArray rules = policy.value(QStringLiteral("rules")).toArray();
        QCOMPARE(rules.size(), 2);
        QCOMPARE(rules.at(0)[QStringLiteral("delay_minutes")].toInt(), 0);
        QCOMPARE(rules.at(0)[QStringLiteral("targets")][0][QStringLiteral("type")].toString(), QStringLiteral("team"));
        QCOMPARE(rules.at(1)[QStringLiteral("delay_minutes")].toInt(), 15);
        QCOMPARE(rules.at(1)[QStringLiteral("targets")][0][QStringLiteral("id")].toString(), m_cache->currentUserId());
        QCOMPARE(policy.value(QStringLiteral("repeat")).toInt(), 1);
        m_policyId = policy.value(QStringLiteral("id")).toString();
    }

    void shouldNameTheRuleWithoutTargets()
    {
        // Given a policy whose second rule has no target
        EscalationPolicyEditorDialog dialog(*m_cache, m_engine.get());
        dialog.editPolicy(m_policyId);
        QCOMPARE(dialog.ruleList()->count(), 2);
        dialog.addRule();
        dialog.accept();
        // Then the server's answer names rule 3 and the dialog stays open
        QTRY_VERIFY_WITH_TIMEOUT(dialog.errorLabel()->isVisibleTo(&dialog), 10000);
        QVERIFY2(dialog.errorLabel()->text().contains(u"Rule 3"), qPrintable(dialog.errorLabel()->text()));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void shouldSayWhenSomeoneElseChangedThePolicy()
    {
        // Given the editor open on the policy
        EscalationPolicyEditorDialog dialog(*m_cache, m_engine.get());
        dialog.editPolicy(m_policyId);
        // When someone else changes it before I save
        const auto other = m_server->as(QStringLiteral("manager"), "PATCH",
                                        QStringLiteral("/api/v1/escalation_policies/%1").arg(m_policyId),
                                        toJson({{QStringLiteral("repeat_delay_minutes"), 20}}));
        QCOMPARE(other.status, 200);
        dialog.repeatEdit()->setValue(2);
        dialog.accept();
        // Then my save is refused with If-Match (412) and the dialog says so and stays open
        QTRY_VERIFY_WITH_TIMEOUT(dialog.errorLabel()->isVisibleTo(&dialog), 10000);
        QVERIFY2(dialog.errorLabel()->text().startsWith(u"Someone else changed this policy"),
                 qPrintable(dialog.errorLabel()->text()));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QTRY_COMPARE(m_cache->escalationPolicies().value(m_policyId).value(QStringLiteral("repeat_delay_minutes")).toInt(), 20);
        QCOMPARE(m_cache->escalationPolicies().value(m_policyId).value(QStringLiteral("repeat")).toInt(), 1);
    }

    void shouldSetAServicesPolicyAndAddAMaintenanceWindow()
    {
        QVERIFY(!m_policyId.isEmpty());
        // Given the service editor on "Core network"
        ServiceEditorDialog dialog(*m_cache, m_engine.get(), m_clock, QTimeZone("Asia/Seoul"));
        dialog.editService(m_serviceId);
        QCOMPARE(dialog.nameEdit()->text(), QStringLiteral("Core network"));
        // When it follows the new policy and gets a window 2026-12-06 00:00–04:00 Seoul time
        dialog.policyCombo()->setCurrentIndex(dialog.policyCombo()->findData(m_policyId));
        dialog.addWindow(QDateTime(QDate(2026, 12, 5), QTime(15, 0), Qt::UTC),
                         QDateTime(QDate(2026, 12, 5), QTime(19, 0), Qt::UTC), QStringLiteral("Firmware upgrade"));
        dialog.accept();
        // Then the cache has the server's service with both
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            m_cache->services().value(m_serviceId).value(QStringLiteral("escalation_policy_id")).toString(), m_policyId,
            5000);
        const QJsonArray windows = m_cache->services().value(m_serviceId).value(QStringLiteral("maintenance_windows")).toArray();
        QCOMPARE(windows.size(), 1);
        QCOMPARE(windows.at(0)[QStringLiteral("start")].toString(), QStringLiteral("2026-12-05T15:00:00.000Z"));
        QCOMPARE(windows.at(0)[QStringLiteral("end")].toString(), QStringLiteral("2026-12-05T19:00:00.000Z"));
        QCOMPARE(windows.at(0)[QStringLiteral("reason")].toString(), QStringLiteral("Firmware upgrade"));
    }

    void shouldShowAnIntegrationKeyOnce()
    {
        // Given the service editor with the service's integrations loaded
        ServiceEditorDialog dialog(*m_cache, m_engine.get(), m_clock, QTimeZone("Asia/Seoul"));
        QSignalSpy loaded(&dialog, &ServiceEditorDialog::integrationsLoaded);
        dialog.editService(m_serviceId);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
        const int before = dialog.integrationTable()->rowCount();
        // When an Alertmanager integration is created
        dialog.integrationTypeCombo()->setCurrentIndex(dialog.integrationTypeCombo()->findData(QStringLiteral("alertmanager")));
        dialog.integrationNameEdit()->setText(QStringLiteral("Prometheus (prod)"));
        dialog.createIntegration();
        // Then its key and the URL to configure are shown, read-only
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.keyEdit()->text().isEmpty(), 10000);
        const QString key = dialog.keyEdit()->text();
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{32}$")).match(key).hasMatch());
        QVERIFY(dialog.keyEdit()->isReadOnly());
        QVERIFY(dialog.pathEdit()->text().endsWith(QStringLiteral("/integrations/alertmanager/") + key));
        // And the list afterwards has it, without the key
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, 10000);
        QCOMPARE(dialog.integrationTable()->rowCount(), before + 1);
        for (int r = 0; r < dialog.integrationTable()->rowCount(); ++r) {
            for (int c = 0; c < dialog.integrationTable()->columnCount(); ++c)
                QVERIFY(!dialog.integrationTable()->item(r, c)->text().contains(key));
        }
        QCOMPARE(dialog.integrationTable()->item(before, 0)->text(), QStringLiteral("Prometheus (prod)"));
        // And opening the service again shows no key
        ServiceEditorDialog again(*m_cache, m_engine.get(), m_clock, QTimeZone("Asia/Seoul"));
        again.editService(m_serviceId);
        QVERIFY(again.keyEdit()->text().isEmpty());
        // When it is revoked after confirming
        QString asked;
        dialog.setConfirmer([&asked](const QString &question) {
            asked = question;
            return true;
        });
        dialog.integrationTable()->setCurrentCell(before, 0);
        dialog.revokeIntegration();
        QVERIFY(asked.contains(u"Prometheus (prod)"));
        // Then the list shows it revoked
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 3, 10000);
        QVERIFY(!dialog.integrationTable()->item(before, 3)->text().isEmpty());
    }

    void shouldSaveNotificationSettingsAndReadThemBack()
    {
        // Given my notification settings, loaded (empty)
        NotificationSettingsDialog dialog(m_engine.get());
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isLoaded(), 10000);
        QCOMPARE(dialog.methodTable()->rowCount(), 0);
        // When I add e-mail and SMS, and rules: e-mail at once, SMS after 5 minutes
        dialog.addMethod(QStringLiteral("email"), QStringLiteral("manager@example.com"), QStringLiteral("Work mail"));
        dialog.addMethod(QStringLiteral("sms"), QStringLiteral("+821012345678"));
        dialog.addRule(0, dialog.methodId(0));
        dialog.addRule(5, dialog.methodId(1));
        dialog.accept();
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
        // Then a new dialog reads them back
        NotificationSettingsDialog again(m_engine.get());
        QTRY_VERIFY_WITH_TIMEOUT(again.isLoaded(), 10000);
        QCOMPARE(again.methodTable()->rowCount(), 2);
        QCOMPARE(again.methodTable()->item(0, 1)->text(), QStringLiteral("manager@example.com"));
        QCOMPARE(again.methodTable()->item(0, 2)->text(), QStringLiteral("Work mail"));
        QCOMPARE(again.methodTable()->item(1, 1)->text(), QStringLiteral("+821012345678"));
        const QJsonObject settings = again.edited();
        const QJsonArray rules = settings.value(QStringLiteral("notification_rules")).toArray();
        QCOMPARE(rules.size(), 2);
        QCOMPARE(rules.at(1)[QStringLiteral("after_minutes")].toInt(), 5);
        QCOMPARE(rules.at(1)[QStringLiteral("contact_method_id")].toString(), again.methodId(1));
        QCOMPARE(rules.at(0)[QStringLiteral("contact_method_id")].toString(), again.methodId(0));
    }

    void shouldNameTheAddressOfAnInvalidSmsNumber()
    {
        // Given my settings
        NotificationSettingsDialog dialog(m_engine.get());
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isLoaded(), 10000);
        // When I add an SMS number in national form
        const int row = dialog.addMethod(QStringLiteral("sms"), QStringLiteral("010-1234-5678"));
        dialog.accept();
        // Then the message names that contact method's address and the dialog stays open
        QTRY_VERIFY_WITH_TIMEOUT(dialog.errorLabel()->isVisibleTo(&dialog), 10000);
        const QString text = dialog.errorLabel()->text();
        QVERIFY2(text.contains(QStringLiteral("Contact method %1").arg(row + 1)), qPrintable(text));
        QVERIFY2(text.contains(u"+821012345678"), qPrintable(text));
        QCOMPARE(dialog.methodTable()->currentRow(), row);
        QCOMPARE(dialog.methodTable()->currentColumn(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void shouldSayOfflineWithoutAServer()
    {
        ServiceEditorDialog dialog(*m_cache, nullptr, m_clock, QTimeZone("Asia/Seoul"));
        dialog.editService(m_serviceId);
        dialog.accept();
        QVERIFY(dialog.errorLabel()->text().startsWith(u"You are offline"));
        NotificationSettingsDialog notifications(nullptr);
        QVERIFY(notifications.errorLabel()->text().contains(u"your notifications need the server"));
    }

private:
    QJsonObject policyNamed(const QString &name) const
    {
        for (const auto &p : m_cache->escalationPolicies()) {
            if (p.value(QStringLiteral("name")).toString() == name)
                return p;
        }
        return {};
    }

    QTemporaryDir m_dir;
    FakeClock m_clock{QDateTime(QDate(2026, 12, 1), QTime(0, 0), Qt::UTC)};
    std::unique_ptr<VigildProcess> m_server;
    std::unique_ptr<LocalCache> m_cache;
    std::unique_ptr<SyncEngine> m_engine;
    QString m_teamId;
    QString m_serviceId;
    QString m_policyId;
};

QTEST_MAIN(tst_SettingsDialogs)
#include "tst_settingsdialogs.moc"
