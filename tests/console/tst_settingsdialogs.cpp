// The Settings dialogs (escalation policies, services and integrations, my notifications) against the real vigild:
// saves go straight to the server and come back into the cache through the change feed.

#include "common/clock.h"
#include "mainwindow.h"
#include "escalationpolicyeditor.h"
#include "notificationsettingsdialog.h"
#include "serviceeditor.h"
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
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Vigil;
using Vigil::Testing::VigildProcess;
using Vigil::Testing::toJson;

namespace {

/// Runs `work` on the next message box as soon as it is shown (looks for 2 s, then gives up).
template<typename F>
void whenMessageBoxOpens(F work, int attempts = 200)
{
    QTimer::singleShot(10, qApp, [work, attempts] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box) {
            if (attempts > 0)
                whenMessageBoxOpens(work, attempts - 1);
            return;
        }
        work(box);
    });
}

/// An unsaved-edits prompt that answers `answer` and records the names it was asked about.
UnsavedEditsPrompt answering(QMessageBox::StandardButton answer, QStringList *asked)
{
    return [answer, asked](const QString &name) {
        asked->append(name);
        return answer;
    };
}

QListWidgetItem *itemFor(QListWidget *list, const QString &id)
{
    for (int row = 0; row < list->count(); ++row) {
        if (list->item(row)->data(Qt::UserRole).toString() == id)
            return list->item(row);
    }
    return nullptr;
}

} // namespace

class tst_SettingsDialogs final : public QObject
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

    void shouldDeleteAPolicyNoServiceFollows()
    {
        // Given a policy no service follows, open in the editor
        const QString id = createPolicy(QStringLiteral("Spare escalation"));
        QVERIFY(!id.isEmpty());
        EscalationPolicyEditorDialog dialog(*m_cache, m_engine.get());
        QSignalSpy deleted(&dialog, &EscalationPolicyEditorDialog::policyDeleted);
        dialog.editPolicy(id);
        QVERIFY(dialog.deleteButton()->isEnabled());
        QVERIFY(itemFor(dialog.policyList(), id));
        // When I decline the confirmation, nothing is sent
        QStringList asked;
        dialog.setConfirmer([&asked](const QString &question) {
            asked.append(question);
            return false;
        });
        dialog.deletePolicy();
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.at(0).contains(u"“Spare escalation”"), qPrintable(asked.at(0)));
        QVERIFY(dialog.deleteButton()->isEnabled());
        QCOMPARE(dialog.policyId(), id);
        // When I confirm
        dialog.setConfirmer([&asked](const QString &question) {
            asked.append(question);
            return true;
        });
        dialog.deletePolicy();
        // Then it is gone on the server, from the list and from the cache, and the editor starts a new policy
        QTRY_COMPARE_WITH_TIMEOUT(deleted.count(), 1, 10000);
        QCOMPARE(deleted.at(0).at(0).toString(), id);
        QCOMPARE(asked.size(), 2);
        QVERIFY(!itemFor(dialog.policyList(), id));
        QVERIFY(dialog.policyId().isEmpty());
        QVERIFY(dialog.nameEdit()->text().isEmpty());
        QVERIFY(!dialog.deleteButton()->isEnabled());
        QVERIFY(!dialog.errorLabel()->isVisibleTo(&dialog));
        QCOMPARE(m_server->as(QStringLiteral("manager"), "GET", QStringLiteral("/api/v1/escalation_policies/%1").arg(id))
                     .status,
                 404);
        QTRY_VERIFY_WITH_TIMEOUT(!m_cache->escalationPolicies().contains(id), 5000);
        QVERIFY(!itemFor(dialog.policyList(), id)); // the list reloaded from the cache agrees
        QVERIFY(itemFor(dialog.policyList(), m_policyId));
    }

    void shouldRefuseToDeleteAPolicyAServiceFollowsAndKeepTheEdits()
    {
        // Given "Core network" follows the policy, which is open with an unsaved edit
        QCOMPARE(m_cache->services().value(m_serviceId).value(QStringLiteral("escalation_policy_id")).toString(),
                 m_policyId);
        EscalationPolicyEditorDialog dialog(*m_cache, m_engine.get());
        QSignalSpy deleted(&dialog, &EscalationPolicyEditorDialog::policyDeleted);
        dialog.editPolicy(m_policyId);
        dialog.repeatEdit()->setValue(3);
        QVERIFY(dialog.isDirty());
        dialog.setConfirmer([](const QString &) { return true; });
        // When I delete it
        dialog.deletePolicy();
        // Then the server refuses (409), the dialog says why in the server's words, and nothing is lost
        QTRY_VERIFY_WITH_TIMEOUT(dialog.errorLabel()->isVisibleTo(&dialog), 10000);
        const QString text = dialog.errorLabel()->text();
        QVERIFY2(text.startsWith(u"“Infrastructure escalation” was not deleted: a service still follows it."),
                 qPrintable(text));
        QVERIFY2(text.contains(u"service Core network follows this policy"), qPrintable(text));
        QCOMPARE(deleted.count(), 0);
        QCOMPARE(dialog.policyId(), m_policyId);
        QCOMPARE(dialog.repeatEdit()->value(), 3);
        QVERIFY(dialog.isDirty());
        QVERIFY(dialog.deleteButton()->isEnabled());
        QCOMPARE(dialog.policyList()->currentItem(), itemFor(dialog.policyList(), m_policyId));
        QCOMPARE(m_server->as(QStringLiteral("manager"), "GET",
                              QStringLiteral("/api/v1/escalation_policies/%1").arg(m_policyId))
                     .status,
                 200);
        QVERIFY(m_cache->escalationPolicies().contains(m_policyId));
    }

    void shouldDeleteAServiceNothingRefersTo()
    {
        // Given a service without alerts or tickets, open in the editor
        const auto created = m_server->as(QStringLiteral("manager"), "POST", QStringLiteral("/api/v1/services"),
                                          toJson({{QStringLiteral("name"), QStringLiteral("Staging network")}}));
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QTRY_VERIFY_WITH_TIMEOUT(m_cache->services().contains(id), 10000);
        ServiceEditorDialog dialog(*m_cache, m_engine.get(), m_clock, QTimeZone("Asia/Seoul"));
        QSignalSpy deleted(&dialog, &ServiceEditorDialog::serviceDeleted);
        dialog.editService(id);
        QVERIFY(dialog.serviceCombo()->findData(id) > 0);
        QVERIFY(dialog.deleteButton()->isEnabled());
        QString asked;
        dialog.setConfirmer([&asked](const QString &question) {
            asked = question;
            return true;
        });
        // When I delete it
        dialog.deleteService();
        // Then it is gone on the server, from the list and from the cache
        QVERIFY2(asked.contains(u"“Staging network”"), qPrintable(asked));
        QTRY_COMPARE_WITH_TIMEOUT(deleted.count(), 1, 10000);
        QCOMPARE(deleted.at(0).at(0).toString(), id);
        QCOMPARE(dialog.serviceCombo()->findData(id), -1);
        QVERIFY(dialog.serviceId().isEmpty());
        QCOMPARE(dialog.serviceCombo()->currentIndex(), 0); // (new service)
        QVERIFY(!dialog.deleteButton()->isEnabled());
        QCOMPARE(m_server->as(QStringLiteral("manager"), "GET", QStringLiteral("/api/v1/services/%1").arg(id)).status,
                 404);
        QTRY_VERIFY_WITH_TIMEOUT(!m_cache->services().contains(id), 5000);
        QCOMPARE(dialog.serviceCombo()->findData(id), -1);
        QVERIFY(dialog.serviceCombo()->findData(m_serviceId) > 0);
    }

    void shouldRefuseToDeleteAServiceWithAlerts()
    {
        // Given a service with an alert, open with an unsaved edit
        const auto created = m_server->as(QStringLiteral("manager"), "POST", QStringLiteral("/api/v1/services"),
                                          toJson({{QStringLiteral("name"), QStringLiteral("Edge network")}}));
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(QStringLiteral("id")).toString();
        const auto alert = m_server->as(QStringLiteral("manager"), "POST", QStringLiteral("/api/v1/alerts"),
                                        toJson({{QStringLiteral("service_id"), id},
                                                {QStringLiteral("message"), QStringLiteral("Edge router down")}}));
        QCOMPARE(alert.status, 201);
        QTRY_VERIFY_WITH_TIMEOUT(m_cache->services().contains(id), 10000);
        ServiceEditorDialog dialog(*m_cache, m_engine.get(), m_clock, QTimeZone("Asia/Seoul"));
        QSignalSpy deleted(&dialog, &ServiceEditorDialog::serviceDeleted);
        dialog.editService(id);
        dialog.nameEdit()->setText(QStringLiteral("Edge network (EU)"));
        dialog.setConfirmer([](const QString &) { return true; });
        // When I delete it
        dialog.deleteService();
        // Then the server refuses (409), the dialog says why, and the service and my edit stay
        QTRY_VERIFY_WITH_TIMEOUT(dialog.errorLabel()->isVisibleTo(&dialog), 10000);
        const QString text = dialog.errorLabel()->text();
        QVERIFY2(text.startsWith(u"“Edge network” was not deleted: alerts or tickets still refer to it."), qPrintable(text));
        QVERIFY2(text.contains(u"The server said: "), qPrintable(text));
        QCOMPARE(deleted.count(), 0);
        QCOMPARE(dialog.serviceId(), id);
        QCOMPARE(dialog.serviceCombo()->currentData().toString(), id);
        QCOMPARE(dialog.nameEdit()->text(), QStringLiteral("Edge network (EU)"));
        QVERIFY(dialog.isDirty());
        QCOMPARE(m_server->as(QStringLiteral("manager"), "GET", QStringLiteral("/api/v1/services/%1").arg(id)).status,
                 200);
        QVERIFY(m_cache->services().contains(id));
    }

    void shouldAskBeforeDroppingUnsavedPolicyEdits()
    {
        // Given two policies, the first open with an unsaved edit
        const QString other = createPolicy(QStringLiteral("Database escalation"));
        QVERIFY(!other.isEmpty());
        const int repeat = serverPolicy(m_policyId).value(QStringLiteral("repeat")).toInt();
        EscalationPolicyEditorDialog dialog(*m_cache, m_engine.get());
        dialog.editPolicy(m_policyId);
        QVERIFY(!dialog.isDirty());
        QVERIFY(!dialog.isWindowModified());
        dialog.repeatEdit()->setValue(repeat + 3);
        QVERIFY(dialog.isDirty());
        QVERIFY(dialog.isWindowModified());
        QStringList asked;

        // When I choose the other policy and answer Cancel
        dialog.setUnsavedEditsPrompt(answering(QMessageBox::Cancel, &asked));
        dialog.policyList()->setCurrentItem(itemFor(dialog.policyList(), other));
        // Then I am asked about the edited policy, and stay on it with my edit
        QCOMPARE(asked, QStringList{QStringLiteral("Infrastructure escalation")});
        QCOMPARE(dialog.policyId(), m_policyId);
        QCOMPARE(dialog.policyList()->currentItem(), itemFor(dialog.policyList(), m_policyId));
        QCOMPARE(dialog.nameEdit()->text(), QStringLiteral("Infrastructure escalation"));
        QCOMPARE(dialog.repeatEdit()->value(), repeat + 3);
        QVERIFY(dialog.isDirty());

        // When I choose it again and answer Discard
        dialog.setUnsavedEditsPrompt(answering(QMessageBox::Discard, &asked));
        dialog.policyList()->setCurrentItem(itemFor(dialog.policyList(), other));
        // Then the other policy is shown and the edit is gone, also on the server
        QCOMPARE(asked.size(), 2);
        QCOMPARE(dialog.policyId(), other);
        QCOMPARE(dialog.nameEdit()->text(), QStringLiteral("Database escalation"));
        QVERIFY(!dialog.isDirty());
        QCOMPARE(serverPolicy(m_policyId).value(QStringLiteral("repeat")).toInt(), repeat);

        // When I switch without edits, nobody asks
        dialog.policyList()->setCurrentItem(itemFor(dialog.policyList(), m_policyId));
        QCOMPARE(asked.size(), 2);
        QCOMPARE(dialog.policyId(), m_policyId);
        dialog.policyList()->setCurrentItem(itemFor(dialog.policyList(), other));
        QCOMPARE(dialog.policyId(), other);

        // When I edit the other policy, choose the first and answer Save
        dialog.repeatEdit()->setValue(2);
        dialog.setUnsavedEditsPrompt(answering(QMessageBox::Save, &asked));
        dialog.policyList()->setCurrentItem(itemFor(dialog.policyList(), m_policyId));
        QCOMPARE(asked.size(), 3);
        QCOMPARE(asked.at(2), QStringLiteral("Database escalation"));
        // Then my edit is saved and, once it is, the first policy is shown
        QTRY_COMPARE_WITH_TIMEOUT(dialog.policyId(), m_policyId, 10000);
        QCOMPARE(serverPolicy(other).value(QStringLiteral("repeat")).toInt(), 2);
        QCOMPARE(dialog.policyList()->currentItem(), itemFor(dialog.policyList(), m_policyId));
        QVERIFY(!dialog.isDirty());
        QCOMPARE(dialog.result(), int(QDialog::Rejected)); // saving to switch does not accept (close) the dialog
        QTRY_COMPARE_WITH_TIMEOUT(m_cache->escalationPolicies().value(other).value(QStringLiteral("repeat")).toInt(), 2,
                                  5000);

        // When I edit it and close: Cancel keeps the dialog open, Discard closes it without saving
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.repeatEdit()->setValue(repeat + 4);
        dialog.setUnsavedEditsPrompt(answering(QMessageBox::Cancel, &asked));
        dialog.reject();
        QCOMPARE(asked.size(), 4);
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.repeatEdit()->value(), repeat + 4);
        dialog.setUnsavedEditsPrompt(answering(QMessageBox::Discard, &asked));
        dialog.reject();
        QCOMPARE(asked.size(), 5);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(serverPolicy(m_policyId).value(QStringLiteral("repeat")).toInt(), repeat);
    }

    void shouldAskWithSaveDiscardAndCancelWhenClosingTheDialog()
    {
        // Given the policy editor with an unsaved edit and no prompt replaced
        EscalationPolicyEditorDialog dialog(*m_cache, m_engine.get());
        dialog.editPolicy(m_policyId);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.nameEdit()->setText(QStringLiteral("Infrastructure escalation (new)"));
        // When I close it, a message box asks; I answer Cancel
        QString text;
        QMessageBox::StandardButtons buttons;
        whenMessageBoxOpens([&text, &buttons](QMessageBox *box) {
            text = box->text();
            buttons = box->standardButtons();
            box->button(QMessageBox::Cancel)->click();
        });
        dialog.reject();
        // Then it offered Save, Discard and Cancel about the policy by name, and the dialog and my edit stay
        QCOMPARE(buttons, QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
        QVERIFY2(text.contains(u"“Infrastructure escalation”"), qPrintable(text));
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.nameEdit()->text(), QStringLiteral("Infrastructure escalation (new)"));
        // When the Delete confirmation is answered No, nothing is deleted
        whenMessageBoxOpens([&text](QMessageBox *box) {
            text = box->text();
            box->button(QMessageBox::No)->click();
        });
        dialog.deletePolicy();
        QVERIFY2(text.startsWith(u"Delete the escalation policy “Infrastructure escalation”?"), qPrintable(text));
        QCOMPARE(dialog.policyId(), m_policyId);
        QVERIFY(!dialog.errorLabel()->isVisibleTo(&dialog));
        QVERIFY(m_cache->escalationPolicies().contains(m_policyId));
    }

    void shouldAskBeforeDroppingUnsavedServiceEdits()
    {
        // Given "Core network" open with an unsaved maintenance window
        ServiceEditorDialog dialog(*m_cache, m_engine.get(), m_clock, QTimeZone("Asia/Seoul"));
        QSignalSpy loaded(&dialog, &ServiceEditorDialog::integrationsLoaded);
        dialog.editService(m_serviceId);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
        const int windows = dialog.windowTable()->rowCount();
        QVERIFY(!dialog.isDirty());
        dialog.addWindow(QDateTime(QDate(2026, 12, 12), QTime(15, 0), Qt::UTC),
                         QDateTime(QDate(2026, 12, 12), QTime(17, 0), Qt::UTC), QStringLiteral("Cabling"));
        QVERIFY(dialog.isDirty());
        QVERIFY(dialog.isWindowModified());
        QStringList asked;
        // When I choose "(new service)" and answer Cancel
        dialog.setUnsavedEditsPrompt(answering(QMessageBox::Cancel, &asked));
        dialog.serviceCombo()->setCurrentIndex(0);
        // Then I stay on the service with my window
        QCOMPARE(asked, QStringList{QStringLiteral("Core network")});
        QCOMPARE(dialog.serviceId(), m_serviceId);
        QCOMPARE(dialog.serviceCombo()->currentData().toString(), m_serviceId);
        QCOMPARE(dialog.windowTable()->rowCount(), windows + 1);
        // When I close the dialog and answer Save
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.setUnsavedEditsPrompt(answering(QMessageBox::Save, &asked));
        dialog.reject();
        // Then the window is saved and the dialog closes
        QCOMPARE(asked.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
        QVERIFY(!dialog.isVisible());
        const QJsonArray saved = m_server->as(QStringLiteral("manager"), "GET",
                                              QStringLiteral("/api/v1/services/%1").arg(m_serviceId))
                                     .json()
                                     .value(QStringLiteral("maintenance_windows"))
                                     .toArray();
        QCOMPARE(saved.size(), windows + 1);
        QCOMPARE(saved.last()[QStringLiteral("reason")].toString(), QStringLiteral("Cabling"));
        // When another edit is discarded on switching, nothing is saved and the new service is shown
        ServiceEditorDialog again(*m_cache, m_engine.get(), m_clock, QTimeZone("Asia/Seoul"));
        again.editService(m_serviceId);
        again.nameEdit()->setText(QStringLiteral("Core network (renamed)"));
        again.setUnsavedEditsPrompt(answering(QMessageBox::Discard, &asked));
        again.serviceCombo()->setCurrentIndex(0);
        QCOMPARE(asked.size(), 3);
        QVERIFY(again.serviceId().isEmpty());
        QVERIFY(again.nameEdit()->text().isEmpty());
        QVERIFY(!again.isDirty());
        QCOMPARE(m_server->as(QStringLiteral("manager"), "GET", QStringLiteral("/api/v1/services/%1").arg(m_serviceId))
                     .json()
                     .value(QStringLiteral("name"))
                     .toString(),
                 QStringLiteral("Core network"));
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
        const NotificationSettings settings = again.edited();
        const QList<NotificationRule> &rules = settings.rules;
        QCOMPARE(rules.size(), 2);
        QCOMPARE(rules.at(1).afterMinutes, 5);
        QCOMPARE(rules.at(1).contactMethodId, again.methodId(1));
        QCOMPARE(rules.at(0).contactMethodId, again.methodId(0));
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
    /// Creates a policy (one rule paging the team) on the server; returns its id once the cache has it.
    QString createPolicy(const QString &name)
    {
        const QJsonObject rule{{QStringLiteral("delay_minutes"), 0},
                               {QStringLiteral("targets"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("team")},
                                                                                  {QStringLiteral("id"), m_teamId}}}}};
        const auto created = m_server->as(QStringLiteral("manager"), "POST", QStringLiteral("/api/v1/escalation_policies"),
                                          toJson({{QStringLiteral("name"), name}, {QStringLiteral("rules"), QJsonArray{rule}}}));
        if (created.status != 201)
            return {};
        const QString id = created.json().value(QStringLiteral("id")).toString();
        if (!QTest::qWaitFor([&] { return m_cache->escalationPolicies().contains(id); }, 10000))
            return {};
        return id;
    }

    QJsonObject serverPolicy(const QString &id) const
    {
        return m_server->as(QStringLiteral("manager"), "GET", QStringLiteral("/api/v1/escalation_policies/%1").arg(id))
            .json();
    }

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
