#include "alerts/escalation.h"
#include "coretestsupport.h"

#include <QHash>
#include <QJsonDocument>
#include <QTest>

using namespace Vigil;
using Vigil::Testing::utc;

// Escalation policies: the codec, the step timeline and who a rule pages.
//
// Every expected timeline below is worked out by hand from the rules in escalation.h. Steps are written
// "cycle/rule MM-dd HH:mm" (UTC). Delays are absolute minutes between UTC instants, so a DST change in any zone
// (a schedule's or a user's) cannot move a step: 15 minutes after 01:50 EST on 14 March 2027 is 03:05 EDT, which is
// 06:50Z + 15 min = 07:05Z. There is therefore no DST row; only the schedules behind a target care about zones, and
// tst_oncall covers those.

namespace {

/// Test rows write lists of C strings; QT_NO_CAST_FROM_ASCII forbids QStringList{"…"}.
QStringList lines(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *item : items)
        out << QString::fromUtf8(item);
    return out;
}

QString describe(const EscalationStep &s)
{
    return QStringLiteral("%1/%2 %3").arg(s.cycle).arg(s.rule).arg(s.dueAt.toString(QStringLiteral("MM-dd HH:mm")));
}

/// A policy whose rules have the given delays (each rule pages user "u<i>"; the timeline does not look at targets).
EscalationPolicy policyWith(const QList<int> &delays, int repeat, int repeatDelayMinutes)
{
    EscalationPolicy p;
    p.name = QStringLiteral("timeline");
    for (qsizetype i = 0; i < delays.size(); ++i)
        p.rules.append({delays.at(i), {{EscalationTarget::Type::User, QStringLiteral("u%1").arg(i)}}});
    p.repeat = repeat;
    p.repeatDelayMinutes = repeatDelayMinutes;
    return p;
}

/// {"name":"P","rules":<rules><extra>}, `extra` starting with a comma when given.
QByteArray policyJson(const QByteArray &rules, const QByteArray &extra = {})
{
    return QByteArray(R"({"name":"P","rules":)") + rules + extra + "}";
}

const char *const kimRule = R"({"delay_minutes":0,"targets":[{"type":"user","id":"kim"}]})";

QByteArray repeated(const QByteArray &item, int n)
{
    QByteArray out = "[";
    for (int i = 0; i < n; ++i)
        out += (i ? "," : "") + item;
    return out + "]";
}

EscalationTarget target(const QString &text)
{
    const QString type = text.section(u':', 0, 0);
    const auto t = escalationTargetTypeFromString(type);
    Q_ASSERT_X(t, "target", qPrintable(text));
    return {*t, text.section(u':', 1)};
}

QString describe(const EscalationTarget &t)
{
    return toString(t.type) + u':' + t.id;
}

/// Who is on call, by hand: schedule → shifts [start, end) in UTC; anything not listed is a gap.
struct FakeShift
{
    const char *start;
    const char *end;
    const char *user;
};

const QHash<QString, QList<FakeShift>> &fakeSchedules()
{
    static const QHash<QString, QList<FakeShift>> table{
        // DB primary: Lee until noon, then a gap until 14:00, then Kim.
        {QStringLiteral("db-primary"),
         {{"2026-12-01T00:00:00", "2026-12-01T12:00:00", "lee"}, {"2026-12-01T14:00:00", "2026-12-02T00:00:00", "kim"}}},
        {QStringLiteral("web"), {{"2026-12-01T00:00:00", "2026-12-02T00:00:00", "ana"}}},
        // A second schedule where Ana is on call too (a team's two schedules may overlap in people).
        {QStringLiteral("web-backup"), {{"2026-12-01T00:00:00", "2026-12-02T00:00:00", "ana"}}},
        {QStringLiteral("night"), {{"2026-12-01T22:00:00", "2026-12-02T06:00:00", "max"}}},
    };
    return table;
}

const QHash<QString, QStringList> &fakeTeams()
{
    static const QHash<QString, QStringList> table{
        {QStringLiteral("t-db"), {QStringLiteral("db-primary"), QStringLiteral("web")}},
        {QStringLiteral("t-web"), {QStringLiteral("web"), QStringLiteral("web-backup")}},
        {QStringLiteral("t-night"), {QStringLiteral("night")}},
    };
    return table;
}

QString fakeOnCall(const QString &scheduleId, const QDateTime &at)
{
    for (const FakeShift &s : fakeSchedules().value(scheduleId)) {
        if (utc(s.start) <= at && at < utc(s.end))
            return QString::fromUtf8(s.user);
    }
    return {};
}

Escalation::Directory fakeDirectory()
{
    Escalation::Directory d;
    d.onCall = fakeOnCall;
    d.teamOnCall = [](const QString &teamId, const QDateTime &at) {
        QStringList users;
        for (const QString &schedule : fakeTeams().value(teamId)) {
            const QString user = fakeOnCall(schedule, at);
            if (!user.isEmpty())
                users << user;
        }
        return users;
    };
    return d;
}

} // namespace

class tst_Escalation final : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("json");
        // Canonical form: what toJson() writes, byte for byte after compact serialisation (keys sorted).
        QTest::addRow("stored") << QByteArray(
            R"({"created_at":"2026-11-20T10:00:00.000Z","id":"p1","name":"DB escalation","repeat":2,)"
            R"("repeat_delay_minutes":30,"rules":[{"delay_minutes":0,"targets":[{"id":"kim","type":"user"}]},)"
            R"({"delay_minutes":15,"targets":[{"id":"db-primary","type":"schedule"},{"id":"t-db","type":"team"}]}],)"
            R"("team_id":"t1","updated_at":"2026-11-21T10:00:00.000Z","version":3})");
        // Version 0 (not stored yet): no id, version or times; team_id null.
        QTest::addRow("new") << QByteArray(
            R"({"name":"New","repeat":0,"repeat_delay_minutes":30,"rules":[{"delay_minutes":0,"targets":)"
            R"([{"id":"kim","type":"user"}]}],"team_id":null})");
        QTest::addRow("limits") << QByteArray(
            R"({"name":"Limits","repeat":10,"repeat_delay_minutes":1440,"rules":[{"delay_minutes":1440,"targets":)"
            R"([{"id":"s","type":"schedule"}]},{"delay_minutes":1,"targets":[{"id":"t","type":"team"}]}],)"
            R"("team_id":"t9"})");
    }
    void roundTrip()
    {
        QFETCH(QByteArray, json);
        const auto decoded = EscalationPolicy::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().field + QStringLiteral(": ") + decoded.error().message));
        QCOMPARE(QJsonDocument(decoded->toJson()).toJson(QJsonDocument::Compact), json);
        const auto again = EscalationPolicy::fromJson(decoded->toJson());
        QVERIFY(again.ok());
        QVERIFY(again.value() == decoded.value());
    }

    void decodedFields()
    {
        const auto p = EscalationPolicy::fromJson(QJsonDocument::fromJson(
            R"({"id":"p1","version":3,"created_at":"2026-11-20T10:00:00Z","updated_at":"2026-11-21T10:00:00Z",)"
            R"("name":"DB escalation","team_id":"t1","repeat":2,"repeat_delay_minutes":45,"rules":[)"
            R"({"delay_minutes":0,"targets":[{"type":"user","id":"kim"}]},)"
            R"({"delay_minutes":15,"targets":[{"type":"schedule","id":"db-primary"},{"type":"team","id":"t-db"}]}]})")
                                                      .object());
        QVERIFY(p.ok());
        EscalationPolicy expected;
        expected.id = QStringLiteral("p1");
        expected.version = 3;
        expected.createdAt = utc("2026-11-20T10:00:00");
        expected.updatedAt = utc("2026-11-21T10:00:00");
        expected.name = QStringLiteral("DB escalation");
        expected.teamId = QStringLiteral("t1");
        expected.repeat = 2;
        expected.repeatDelayMinutes = 45;
        expected.rules = {
            {0, {{EscalationTarget::Type::User, QStringLiteral("kim")}}},
            {15,
             {{EscalationTarget::Type::Schedule, QStringLiteral("db-primary")},
              {EscalationTarget::Type::Team, QStringLiteral("t-db")}}},
        };
        QCOMPARE(p->id, expected.id);
        QCOMPARE(p->createdAt, expected.createdAt);
        QCOMPARE(p->rules.size(), 2);
        QVERIFY(p.value() == expected);
    }

    void defaults()
    {
        // A new policy from a client: no entity members, only the required ones.
        const auto p = EscalationPolicy::fromJson(
            QJsonDocument::fromJson(R"({"name":"Minimal","rules":[{"targets":[{"type":"user","id":"kim"}]}]})")
                .object());
        QVERIFY(p.ok());
        QVERIFY(p->id.isEmpty());
        QCOMPARE(p->version, 0);
        QVERIFY(!p->createdAt.isValid());
        QVERIFY(p->teamId.isEmpty());
        QCOMPARE(p->repeat, 0);
        QCOMPARE(p->repeatDelayMinutes, 30);
        QCOMPARE(p->rules.at(0).delayMinutes, 0);
    }

    void targetTypeNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("type"); // -1: not a type
        QTest::addRow("user") << "user" << int(EscalationTarget::Type::User);
        QTest::addRow("schedule") << "schedule" << int(EscalationTarget::Type::Schedule);
        QTest::addRow("team") << "team" << int(EscalationTarget::Type::Team);
        QTest::addRow("capitalised") << "User" << -1;
        QTest::addRow("empty") << "" << -1;
    }
    void targetTypeNames()
    {
        QFETCH(QString, name);
        QFETCH(int, type);
        const auto t = escalationTargetTypeFromString(name);
        if (type < 0) {
            QVERIFY(!t);
            return;
        }
        QVERIFY(t);
        QCOMPARE(int(*t), type);
        QCOMPARE(toString(*t), name);
    }

    void validation_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        const QByteArray kim = kimRule;
        const QByteArray rules = "[" + kim + "]";
        const auto withTargets = [](const QByteArray &targets) -> QByteArray {
            return policyJson(R"([{"delay_minutes":0,"targets":)" + targets + "}]");
        };
        const QByteArray userTarget = R"({"type":"user","id":"kim"})";

        QTest::addRow("valid") << policyJson(rules) << "" << "";
        QTest::addRow("valid-full")
            << policyJson(rules, R"(,"team_id":"t1","repeat":3,"repeat_delay_minutes":10)") << "" << "";
        QTest::addRow("valid-null-team-and-defaults")
            << policyJson(rules, R"(,"team_id":null,"repeat":null,"repeat_delay_minutes":null)") << "" << "";
        // The store's members may be echoed back by a client; they are read, not refused.
        QTest::addRow("entity-members-tolerated")
            << policyJson(rules, R"(,"id":"p1","version":2,"created_at":"2026-11-20T10:00:00Z",)"
                                 R"("updated_at":"2026-11-21T10:00:00Z")")
            << "" << "";
        QTest::addRow("negative-version") << policyJson(rules, R"(,"version":-1)") << "invalid_field" << "version";

        QTest::addRow("missing-name") << QByteArray(R"({"rules":[)" + kim + "]}") << "missing_field" << "name";
        QTest::addRow("empty-name") << QByteArray(R"({"name":"","rules":[)" + kim + "]}") << "invalid_field"
                                    << "name";
        QTest::addRow("blank-name") << QByteArray(R"({"name":"   ","rules":[)" + kim + "]}") << "invalid_field"
                                    << "name";
        QTest::addRow("name-not-string") << QByteArray(R"({"name":7,"rules":[)" + kim + "]}") << "invalid_field"
                                         << "name";
        QTest::addRow("name-200") << QByteArray(R"({"name":")" + QByteArray(200, 'x') + R"(","rules":[)" + kim + "]}")
                                  << "" << "";
        QTest::addRow("name-201") << QByteArray(R"({"name":")" + QByteArray(201, 'x') + R"(","rules":[)" + kim + "]}")
                                  << "invalid_field" << "name";
        QTest::addRow("team-not-string") << policyJson(rules, R"(,"team_id":5)") << "invalid_field" << "team_id";

        QTest::addRow("missing-rules") << QByteArray(R"({"name":"P"})") << "missing_field" << "rules";
        QTest::addRow("rules-not-array") << policyJson("{}") << "invalid_field" << "rules";
        QTest::addRow("no-rules") << policyJson("[]") << "invalid_field" << "rules";
        QTest::addRow("20-rules") << policyJson(repeated(kim, 20)) << "" << "";
        QTest::addRow("21-rules") << policyJson(repeated(kim, 21)) << "invalid_field" << "rules";
        QTest::addRow("rule-not-object") << policyJson("[" + kim + ",3]") << "invalid_field" << "rules[1]";
        QTest::addRow("rule-unknown-member")
            << policyJson(R"([{"delay":5,"targets":[{"type":"user","id":"kim"}]}])") << "invalid_field"
            << "rules[0].delay";

        QTest::addRow("delay-1440-rule-0") << policyJson(R"([{"delay_minutes":1440,"targets":[)" + userTarget + "]}]")
                                           << "" << "";
        QTest::addRow("delay-negative")
            << policyJson("[" + kim + "," + kim + R"(,{"delay_minutes":-1,"targets":[)" + userTarget + "]}]")
            << "invalid_field" << "rules[2].delay_minutes";
        QTest::addRow("delay-1441") << policyJson("[" + kim + R"(,{"delay_minutes":1441,"targets":[)" + userTarget
                                                  + "]}]")
                                    << "invalid_field" << "rules[1].delay_minutes";
        QTest::addRow("delay-fraction") << policyJson(R"([{"delay_minutes":1.5,"targets":[)" + userTarget + "]}]")
                                        << "invalid_field" << "rules[0].delay_minutes";
        QTest::addRow("delay-string") << policyJson(R"([{"delay_minutes":"5","targets":[)" + userTarget + "]}]")
                                      << "invalid_field" << "rules[0].delay_minutes";

        QTest::addRow("missing-targets") << policyJson("[" + kim + R"(,{"delay_minutes":5}])") << "missing_field"
                                         << "rules[1].targets";
        QTest::addRow("targets-not-array") << withTargets(userTarget) << "invalid_field" << "rules[0].targets";
        QTest::addRow("no-targets") << withTargets("[]") << "invalid_field" << "rules[0].targets";
        QTest::addRow("10-targets") << withTargets(repeated(userTarget, 10)) << "" << "";
        QTest::addRow("11-targets") << withTargets(repeated(userTarget, 11)) << "invalid_field" << "rules[0].targets";
        QTest::addRow("target-not-object") << withTargets(R"(["kim"])") << "invalid_field" << "rules[0].targets[0]";
        QTest::addRow("target-unknown-type")
            << policyJson("[" + kim + R"(,{"delay_minutes":5,"targets":[{"type":"group","id":"g1"}]}])")
            << "invalid_field" << "rules[1].targets[0].type";
        QTest::addRow("target-type-not-string") << withTargets(R"([{"type":1,"id":"kim"}])") << "invalid_field"
                                                << "rules[0].targets[0].type";
        QTest::addRow("target-missing-type") << withTargets(R"([{"id":"kim"}])") << "missing_field"
                                             << "rules[0].targets[0].type";
        QTest::addRow("target-missing-id") << withTargets("[" + userTarget + R"(,{"type":"schedule"}])")
                                           << "missing_field" << "rules[0].targets[1].id";
        QTest::addRow("target-empty-id") << withTargets(R"([{"type":"team","id":""}])") << "invalid_field"
                                         << "rules[0].targets[0].id";
        QTest::addRow("target-unknown-member") << withTargets(R"([{"type":"user","id":"kim","name":"Kim"}])")
                                               << "invalid_field" << "rules[0].targets[0].name";

        QTest::addRow("repeat-10") << policyJson(rules, R"(,"repeat":10)") << "" << "";
        QTest::addRow("repeat-negative") << policyJson(rules, R"(,"repeat":-1)") << "invalid_field" << "repeat";
        QTest::addRow("repeat-11") << policyJson(rules, R"(,"repeat":11)") << "invalid_field" << "repeat";
        QTest::addRow("repeat-not-number") << policyJson(rules, R"(,"repeat":true)") << "invalid_field" << "repeat";
        QTest::addRow("repeat-delay-1") << policyJson(rules, R"(,"repeat_delay_minutes":1)") << "" << "";
        QTest::addRow("repeat-delay-0") << policyJson(rules, R"(,"repeat_delay_minutes":0)") << "invalid_field"
                                        << "repeat_delay_minutes";
        QTest::addRow("repeat-delay-1441") << policyJson(rules, R"(,"repeat_delay_minutes":1441)")
                                           << "invalid_field" << "repeat_delay_minutes";
        QTest::addRow("unknown-member") << policyJson(rules, R"(,"repeats":2)") << "invalid_field" << "repeats";
    }
    void validation()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, code);
        QFETCH(QString, field);
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        const auto p = EscalationPolicy::fromJson(doc.object());
        if (code.isEmpty()) {
            QVERIFY2(p.ok(), qPrintable(p.error().field + QStringLiteral(": ") + p.error().message));
            return;
        }
        QVERIFY(!p.ok());
        QCOMPARE(p.error().code, code);
        QCOMPARE(p.error().field, field);
        QVERIFY(!p.error().message.isEmpty());
    }

    void timeline_data()
    {
        QTest::addColumn<QList<int>>("delays"); // delay_minutes of each rule
        QTest::addColumn<int>("repeat");
        QTest::addColumn<int>("repeatDelay");
        QTest::addColumn<QDateTime>("openedAt");
        QTest::addColumn<QString>("paged"); // per fired step: y = paged someone, n = every target in a gap
        QTest::addColumn<QStringList>("expected");
        const QDateTime nine = utc("2026-12-01T09:00:00");

        QTest::addRow("rule-0-at-once-then-delays")
            << QList<int>{0, 15, 30} << 0 << 30 << nine << "yyy"
            << lines({"0/0 12-01 09:00", "0/1 12-01 09:15", "0/2 12-01 09:45"});
        QTest::addRow("repeats-after-repeat-delay")
            << QList<int>{0, 15} << 2 << 30 << nine << "yyyyyy"
            << lines({"0/0 12-01 09:00", "0/1 12-01 09:15", "1/0 12-01 09:45", "1/1 12-01 10:00", "2/0 12-01 10:30",
                      "2/1 12-01 10:45"});
        QTest::addRow("gap-at-rule-0-next-at-once")
            << QList<int>{0, 15, 10} << 0 << 30 << nine << "nyy"
            << lines({"0/0 12-01 09:00", "0/1 12-01 09:00", "0/2 12-01 09:10"});
        QTest::addRow("gap-in-the-middle")
            << QList<int>{0, 15, 10} << 0 << 30 << nine << "yny"
            << lines({"0/0 12-01 09:00", "0/1 12-01 09:15", "0/2 12-01 09:15"});
        // The last rule of a pass paged nobody: the repeat starts at once instead of after repeat_delay_minutes.
        QTest::addRow("gap-at-last-rule-repeat-at-once")
            << QList<int>{0, 15} << 1 << 30 << nine << "ynyy"
            << lines({"0/0 12-01 09:00", "0/1 12-01 09:15", "1/0 12-01 09:15", "1/1 12-01 09:30"});
        QTest::addRow("all-gaps")
            << QList<int>{5, 15} << 1 << 30 << nine << "nnnn"
            << lines({"0/0 12-01 09:05", "0/1 12-01 09:05", "1/0 12-01 09:05", "1/1 12-01 09:05"});
        // Rule 0's delay counts from the opening only; a repeat waits repeat_delay_minutes, not that plus rule 0's.
        QTest::addRow("rule-0-delayed")
            << QList<int>{5, 10} << 1 << 20 << nine << "yyyy"
            << lines({"0/0 12-01 09:05", "0/1 12-01 09:15", "1/0 12-01 09:35", "1/1 12-01 09:45"});
        QTest::addRow("one-rule-repeats")
            << QList<int>{0} << 3 << 10 << nine << "yyyy"
            << lines({"0/0 12-01 09:00", "1/0 12-01 09:10", "2/0 12-01 09:20", "3/0 12-01 09:30"});
        QTest::addRow("one-rule-repeat-0") << QList<int>{0} << 0 << 30 << nine << "y" << lines({"0/0 12-01 09:00"});
        QTest::addRow("zero-delays") << QList<int>{0, 0, 0} << 0 << 30 << nine << "yyy"
                                     << lines({"0/0 12-01 09:00", "0/1 12-01 09:00", "0/2 12-01 09:00"});
        QTest::addRow("across-midnight-and-month")
            << QList<int>{0, 1440} << 1 << 1440 << utc("2026-11-30T23:50:00") << "yyyy"
            << lines({"0/0 11-30 23:50", "0/1 12-01 23:50", "1/0 12-02 23:50", "1/1 12-03 23:50"});
        // Opened at 18:00 in Seoul (+09:00): the steps are in UTC.
        QTest::addRow("opened-with-offset")
            << QList<int>{0, 15} << 0 << 30 << QDateTime(QDate(2026, 12, 1), QTime(18, 0), Qt::OffsetFromUTC, 9 * 3600)
            << "yy" << lines({"0/0 12-01 09:00", "0/1 12-01 09:15"});
        // Refused by validation, but a policy built in code (or emptied in the store) must not crash the engine.
        QTest::addRow("no-rules") << QList<int>{} << 3 << 30 << nine << "" << QStringList();
    }
    void timeline()
    {
        QFETCH(QList<int>, delays);
        QFETCH(int, repeat);
        QFETCH(int, repeatDelay);
        QFETCH(QDateTime, openedAt);
        QFETCH(QString, paged);
        QFETCH(QStringList, expected);
        const EscalationPolicy policy = policyWith(delays, repeat, repeatDelay);
        QStringList steps;
        std::optional<EscalationStep> step = Escalation::first(policy, openedAt);
        while (step) {
            QCOMPARE(step->dueAt.timeSpec(), Qt::UTC);
            const qsizetype i = steps.size();
            steps << describe(*step);
            QVERIFY2(i < paged.size(), qPrintable(QStringLiteral("more steps than expected: ") + steps.join(u',')));
            // Each step fires on time.
            step = Escalation::next(policy, *step, step->dueAt, paged.at(i) == u'y');
        }
        QCOMPARE(steps, expected);
    }

    void nextCountsFromWhenItFired()
    {
        // A step sent late (vigild was down for 7 minutes) moves the rest of the escalation with it.
        const EscalationPolicy policy = policyWith({0, 15}, 1, 30);
        const auto second = Escalation::next(policy, {0, 0, utc("2026-12-01T09:00:00")}, utc("2026-12-01T09:07:00"),
                                             true);
        QVERIFY(second);
        QVERIFY(*second == (EscalationStep{0, 1, utc("2026-12-01T09:22:00")}));
        const auto repeat = Escalation::next(policy, *second, utc("2026-12-01T09:25:00"), true);
        QVERIFY(repeat);
        QVERIFY(*repeat == (EscalationStep{1, 0, utc("2026-12-01T09:55:00")}));
    }

    void noRules()
    {
        EscalationPolicy policy;
        policy.name = QStringLiteral("empty");
        policy.repeat = 2;
        QVERIFY(!EscalationPolicy::fromJson(policy.toJson()).ok());
        QVERIFY(!Escalation::first(policy, utc("2026-12-01T09:00:00")));
        QVERIFY(!Escalation::next(policy, {0, 0, utc("2026-12-01T09:00:00")}, utc("2026-12-01T09:00:00"), true));
        QVERIFY(!Escalation::next(policy, {0, 0, utc("2026-12-01T09:00:00")}, utc("2026-12-01T09:00:00"), false));
    }

    void ruleRemovedWhileEscalating()
    {
        // A step of rule 3 was pending when the policy lost rules: it counts as the end of a pass.
        const EscalationPolicy policy = policyWith({0, 15}, 1, 30);
        const auto n = Escalation::next(policy, {0, 3, utc("2026-12-01T09:00:00")}, utc("2026-12-01T09:00:00"), true);
        QVERIFY(n);
        QVERIFY(*n == (EscalationStep{1, 0, utc("2026-12-01T09:30:00")}));
        QVERIFY(!Escalation::next(policy, {1, 3, utc("2026-12-01T09:00:00")}, utc("2026-12-01T09:00:00"), true));
    }

    void resolve_data()
    {
        QTest::addColumn<QStringList>("targets"); // "type:id"
        QTest::addColumn<QDateTime>("at");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QStringList>("unresolved");
        const QDateTime ten = utc("2026-12-01T10:00:00");
        const QDateTime one = utc("2026-12-01T13:00:00"); // db-primary is in a gap 12:00–14:00

        QTest::addRow("users") << lines({"user:kim", "user:ana"}) << ten << lines({"kim", "ana"}) << QStringList();
        QTest::addRow("schedule-on-call") << lines({"schedule:db-primary"}) << ten << lines({"lee"}) << QStringList();
        QTest::addRow("schedule-later-shift")
            << lines({"schedule:db-primary"}) << utc("2026-12-01T14:00:00") << lines({"kim"}) << QStringList();
        QTest::addRow("schedule-in-gap")
            << lines({"schedule:db-primary"}) << one << QStringList() << lines({"schedule:db-primary"});
        QTest::addRow("schedule-at-end-of-shift")
            << lines({"schedule:db-primary"}) << utc("2026-12-01T12:00:00") << QStringList()
            << lines({"schedule:db-primary"});
        QTest::addRow("unknown-schedule") << lines({"schedule:nope"}) << ten << QStringList() << lines({"schedule:nope"});
        QTest::addRow("team-two-schedules") << lines({"team:t-db"}) << ten << lines({"lee", "ana"}) << QStringList();
        QTest::addRow("team-one-schedule-in-gap") << lines({"team:t-db"}) << one << lines({"ana"}) << QStringList();
        QTest::addRow("team-same-person-twice") << lines({"team:t-web"}) << ten << lines({"ana"}) << QStringList();
        QTest::addRow("team-all-gaps") << lines({"team:t-night"}) << ten << QStringList() << lines({"team:t-night"});
        QTest::addRow("unknown-team") << lines({"team:nope"}) << ten << QStringList() << lines({"team:nope"});
        QTest::addRow("order-kept") << lines({"schedule:web", "user:kim", "schedule:db-primary"}) << ten
                                    << lines({"ana", "kim", "lee"}) << QStringList();
        // ana (user), lee (schedule), ana again (team), lee again (user): each once, where first met.
        QTest::addRow("duplicates-removed-in-order")
            << lines({"user:ana", "schedule:db-primary", "team:t-db", "user:lee"}) << ten << lines({"ana", "lee"})
            << QStringList();
        QTest::addRow("some-targets-in-gaps")
            << lines({"schedule:night", "user:kim", "schedule:db-primary", "team:t-db"}) << one
            << lines({"kim", "ana"}) << lines({"schedule:night", "schedule:db-primary"});
        QTest::addRow("night-on-call") << lines({"schedule:night", "team:t-night"}) << utc("2026-12-01T23:00:00")
                                       << lines({"max"}) << QStringList();
    }
    void resolve()
    {
        QFETCH(QStringList, targets);
        QFETCH(QDateTime, at);
        QFETCH(QStringList, expected);
        QFETCH(QStringList, unresolved);
        EscalationRule rule;
        for (const QString &t : targets)
            rule.targets << target(t);
        QList<EscalationTarget> missed;
        QCOMPARE(Escalation::resolve(rule, at, fakeDirectory(), &missed), expected);
        QStringList missedText;
        for (const EscalationTarget &t : missed)
            missedText << describe(t);
        QCOMPARE(missedText, unresolved);
        // Without the out-parameter the answer is the same.
        QCOMPARE(Escalation::resolve(rule, at, fakeDirectory()), expected);
    }

    void resolveWithEmptyDirectory()
    {
        // A directory without lookups (e.g. a test double) resolves schedules and teams to nobody; users still page.
        EscalationRule rule;
        rule.targets = {target(QStringLiteral("schedule:db-primary")), target(QStringLiteral("user:kim")),
                        target(QStringLiteral("team:t-db"))};
        QList<EscalationTarget> missed;
        QCOMPARE(Escalation::resolve(rule, utc("2026-12-01T10:00:00"), {}, &missed), lines({"kim"}));
        QCOMPARE(missed.size(), 2);
        QCOMPARE(describe(missed.at(0)), QStringLiteral("schedule:db-primary"));
        QCOMPARE(describe(missed.at(1)), QStringLiteral("team:t-db"));
    }
};

QTEST_GUILESS_MAIN(tst_Escalation)
#include "tst_escalation.moc"
