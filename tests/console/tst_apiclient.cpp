// The console's typed REST client without a server: the paths it requests (written out by hand, as vigild routes
// them), the wire form of the notification settings, and what a call does when there is no sync engine. Requests
// against a real server are tested through the editors in tst_settingsdialogs.
#include "sync/apiclient.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace Vigil;

class tst_ApiClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shouldSpellEveryPathAsTheServerRoutesIt_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        const QString id = QStringLiteral("7f3c");
        const QString other = QStringLiteral("a1b2");
        QTest::addRow("changes") << ApiPath::changes() << QStringLiteral("/api/v1/changes");
        QTest::addRow("stream") << ApiPath::stream() << QStringLiteral("/api/v1/stream");
        QTest::addRow("me") << ApiPath::me() << QStringLiteral("/api/v1/me");
        QTest::addRow("tickets") << ApiPath::tickets() << QStringLiteral("/api/v1/tickets");
        QTest::addRow("ticket") << ApiPath::ticket(id) << QStringLiteral("/api/v1/tickets/7f3c");
        QTest::addRow("ticket-transitions") << ApiPath::ticketTransitions(id)
                                            << QStringLiteral("/api/v1/tickets/7f3c/transitions");
        QTest::addRow("ticket-comments") << ApiPath::ticketComments(id) << QStringLiteral("/api/v1/tickets/7f3c/comments");
        QTest::addRow("schedule") << ApiPath::schedule(id) << QStringLiteral("/api/v1/schedules/7f3c");
        QTest::addRow("schedule-overrides") << ApiPath::scheduleOverrides(id)
                                            << QStringLiteral("/api/v1/schedules/7f3c/overrides");
        QTest::addRow("schedule-override") << ApiPath::scheduleOverride(id, other)
                                           << QStringLiteral("/api/v1/schedules/7f3c/overrides/a1b2");
        QTest::addRow("alert") << ApiPath::alert(id) << QStringLiteral("/api/v1/alerts/7f3c");
        QTest::addRow("alert-acknowledge") << ApiPath::alertAction(id, QStringLiteral("acknowledge"))
                                           << QStringLiteral("/api/v1/alerts/7f3c/acknowledge");
        QTest::addRow("escalation-policies") << ApiPath::escalationPolicies()
                                             << QStringLiteral("/api/v1/escalation_policies");
        QTest::addRow("escalation-policy") << ApiPath::escalationPolicy(id)
                                           << QStringLiteral("/api/v1/escalation_policies/7f3c");
        QTest::addRow("services") << ApiPath::services() << QStringLiteral("/api/v1/services");
        QTest::addRow("service") << ApiPath::service(id) << QStringLiteral("/api/v1/services/7f3c");
        QTest::addRow("service-integrations") << ApiPath::serviceIntegrations(id)
                                              << QStringLiteral("/api/v1/services/7f3c/integrations");
        QTest::addRow("service-integration") << ApiPath::serviceIntegration(id, other)
                                             << QStringLiteral("/api/v1/services/7f3c/integrations/a1b2");
        QTest::addRow("notification-settings") << ApiPath::notificationSettings()
                                               << QStringLiteral("/api/v1/me/notification_settings");
    }

    void shouldSpellEveryPathAsTheServerRoutesIt()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        QCOMPARE(path, expected);
    }

    void shouldSendNotificationSettingsInTheirWireFormAndReadThemBack()
    {
        // Given settings with an e-mail at once and an SMS after 5 minutes
        NotificationSettings settings;
        settings.contactMethods = {{QStringLiteral("m1"), QStringLiteral("email"), QStringLiteral("kim@example.com"),
                                    QStringLiteral("Work mail")},
                                   {QStringLiteral("m2"), QStringLiteral("sms"), QStringLiteral("+821012345678"), {}}};
        settings.rules = {{0, QStringLiteral("m1")}, {5, QStringLiteral("m2")}};
        // When they are written as JSON
        const QJsonObject json = settings.toJson();
        // Then the members are those the server reads, in order
        const QJsonArray methods = json.value(QStringLiteral("contact_methods")).toArray();
        QCOMPARE(methods.size(), 2);
        QCOMPARE(methods.at(0).toObject(),
                 (QJsonObject{{QStringLiteral("id"), QStringLiteral("m1")},
                              {QStringLiteral("type"), QStringLiteral("email")},
                              {QStringLiteral("address"), QStringLiteral("kim@example.com")},
                              {QStringLiteral("label"), QStringLiteral("Work mail")}}));
        const QJsonArray rules = json.value(QStringLiteral("notification_rules")).toArray();
        QCOMPARE(rules.size(), 2);
        QCOMPARE(rules.at(1).toObject(), (QJsonObject{{QStringLiteral("after_minutes"), 5},
                                                      {QStringLiteral("contact_method_id"), QStringLiteral("m2")}}));
        // And reading them back gives the same settings
        QCOMPARE(NotificationSettings::fromJson(json), settings);
    }

    void shouldAnswerOfflineFromTheEventLoopWithoutAnEngine()
    {
        // Given a client without a sync engine
        const ApiClient api(nullptr);
        QVERIFY(!api.isOnline());
        QObject context;
        std::optional<ApiError> error;
        // When a service is deleted
        api.deleteService(QStringLiteral("s1"), 3, &context, [&](const ApiResult<Ok> &result) {
            QVERIFY(!result.ok());
            error = result.error();
        });
        // Then the answer is not given inside the call, but comes from the event loop, as offline
        QVERIFY(!error);
        QTRY_VERIFY(error.has_value());
        QVERIFY(error->offline());
    }

    void shouldDropTheAnswerWhenItsContextIsGone()
    {
        // Given a call whose context object goes away before the event loop runs
        const ApiClient api(nullptr);
        bool called = false;
        {
            QObject context;
            api.notificationSettings(&context, [&](const ApiResult<NotificationSettings> &) { called = true; });
        }
        // Then the answer never runs: the dialog that asked may be gone
        QTest::qWait(50);
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(tst_ApiClient)
#include "tst_apiclient.moc"
