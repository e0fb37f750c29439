#include "demo.h"

#include "routes/auth.h"
#include "common/json.h"
#include "oncall/oncallresolver.h"
#include "oncall/schedule.h"
#include "sla/slapolicy.h"
#include "store/store.h"
#include "tickets/workflow.h"

#include <QJsonArray>
#include <QRandomGenerator>

namespace Vigil {

namespace {

struct DemoUser
{
    const char *name;
    const char *email;
    const char *role;
    const char *tz;
    int team;
};

const DemoUser users[] = {
    {"김민준", "minjun.kim@example.com", "admin", "Asia/Seoul", 1},
    {"이서연", "seoyeon.lee@example.com", "manager", "Asia/Seoul", 0},
    {"박지훈", "jihoon.park@example.com", "agent", "Asia/Seoul", 0},
    {"최수아", "sua.choi@example.com", "agent", "Asia/Seoul", 0},
    {"정도윤", "doyoon.jung@example.com", "agent", "Asia/Seoul", 1},
    {"강하은", "haeun.kang@example.com", "agent", "Asia/Seoul", 2},
    {"윤서준", "seojun.yoon@example.com", "viewer", "Asia/Seoul", 2},
    {"Emily Carter", "emily.carter@example.com", "manager", "America/New_York", 2},
    {"James Miller", "james.miller@example.com", "agent", "Europe/London", 1},
    {"Sophie Turner", "sophie.turner@example.com", "agent", "Europe/Berlin", 0},
    {"Daniel Park", "daniel.park@example.com", "agent", "America/Los_Angeles", 2},
    {"Olivia Brown", "olivia.brown@example.com", "viewer", "Australia/Sydney", 1},
};

const char *teams[][2] = {
    {"Service Desk", "1차 지원: 사용자 문의, 계정, 단말 — first-line support"},
    {"Infrastructure", "네트워크, 서버, VPN, 메일 — networks, servers, VPN and mail"},
    {"Applications", "ERP, 그룹웨어, 사내 포털 — business applications"},
};

const char *services[][3] = {
    {"Email", "Exchange Online 메일", "1"},        {"VPN", "원격 접속 VPN (GlobalProtect)", "1"},
    {"ERP", "SAP ERP 회계·구매", "2"},             {"Groupware", "그룹웨어 결재·게시판", "2"},
    {"Intranet portal", "사내 포털", "2"},         {"Office Wi-Fi", "본사 및 지사 무선랜", "1"},
    {"Printers", "복합기 및 프린터", "0"},          {"Accounts & access", "계정, 비밀번호, 권한 신청", "0"},
};

struct Template
{
    const char *summary;
    const char *description;
    int service;
    TicketType type;
};

const Template templates[] = {
    {"VPN 접속이 10분마다 끊깁니다", "재택 근무 중 VPN이 10분 간격으로 끊어지고 다시 로그인해야 합니다.", 1, TicketType::Incident},
    {"VPN drops every few minutes from home", "Since this morning my VPN session disconnects every few minutes.", 1, TicketType::Incident},
    {"Outlook에서 메일 전송이 안 됩니다", "보낸 편지함에 메일이 계속 남아 있고 전송되지 않습니다.", 0, TicketType::Incident},
    {"Cannot send email with attachments over 10 MB", "Large attachments bounce with 552 message size exceeded.", 0, TicketType::Question},
    {"ERP 전표 승인 화면 오류", "전표 승인 버튼을 누르면 '권한 없음' 오류가 표시됩니다.", 2, TicketType::Incident},
    {"ERP month-end close is very slow", "Posting the month-end close takes more than 20 minutes per batch.", 2, TicketType::Incident},
    {"신규 입사자 계정 생성 요청", "12월 1일 입사자 3명의 AD 계정과 메일 계정 생성을 요청드립니다.", 7, TicketType::ServiceRequest},
    {"Password reset for shared mailbox", "The finance shared mailbox password expired.", 7, TicketType::ServiceRequest},
    {"3층 복합기 용지 걸림", "3층 복합기에서 계속 용지 걸림 메시지가 나옵니다.", 6, TicketType::Incident},
    {"Printer on 5th floor prints blank pages", "Every job on the 5F printer comes out blank.", 6, TicketType::Incident},
    {"회의실 Wi-Fi 신호가 약합니다", "대회의실에서 무선 연결이 자주 끊깁니다.", 5, TicketType::Incident},
    {"Guest Wi-Fi access for visitors next week", "We host 12 visitors from the Singapore office on Tuesday.", 5, TicketType::ServiceRequest},
    {"그룹웨어 결재 문서가 열리지 않습니다", "결재 대기 문서를 클릭하면 빈 화면만 보입니다.", 3, TicketType::Incident},
    {"Add approval step to purchase workflow", "Purchases over 5M KRW need a second approver.", 3, TicketType::Change},
    {"사내 포털 공지사항 게시 권한 요청", "인사팀 공지사항 게시판 작성 권한이 필요합니다.", 4, TicketType::ServiceRequest},
    {"Intranet search returns no results", "Searching for any policy document returns nothing.", 4, TicketType::Incident},
    {"노트북 교체 일정 문의", "노트북 교체 대상인지, 언제 교체되는지 알고 싶습니다.", 7, TicketType::Question},
    {"How do I set up MFA on a new phone?", "I changed phones and lost my authenticator.", 7, TicketType::Question},
    {"방화벽 포트 오픈 요청 (TCP 8443)", "신규 모니터링 서버에서 8443 포트 접근이 필요합니다.", 1, TicketType::Change},
    {"Certificate for erp.example.com expires in 14 days", "Renew before the 15th to avoid browser warnings.", 2, TicketType::Change},
};

const char *requesters[][2] = {
    {"홍길동", "gildong.hong@example.com"}, {"한지민", "jimin.han@example.com"}, {"오세훈", "sehoon.oh@example.com"},
    {"Laura Chen", "laura.chen@example.com"}, {"Mark Davis", "mark.davis@example.com"}, {"신유나", "yuna.shin@example.com"},
    {"Tom Wilson", "tom.wilson@example.com"}, {"배수지", "suzy.bae@example.com"},
};

const char *publicReplies[] = {
    "확인 중입니다. 잠시만 기다려 주세요.",
    "We are looking into this now.",
    "원격 지원으로 확인해 보겠습니다. 가능한 시간을 알려주세요.",
    "Could you send a screenshot of the error?",
    "조치 완료했습니다. 다시 시도해 보시고 결과 알려주세요.",
    "This should be fixed now — please confirm.",
};

const char *internalNotes[] = {
    "인프라팀 확인 필요 — 게이트웨이 로그에서 세션 타임아웃 확인됨.",
    "Same root cause as last week's ticket; vendor case opened.",
    "사용자 단말 드라이버 버전이 오래됨.",
    "Escalated to the ERP vendor, reference VND-2231.",
};

/// Weekday windows Mon–Fri from..to, as five weekly restrictions (one weekly window Mon 09:00 → Fri 18:00 would
/// also cover the nights in between).
QList<Restriction> weekdays(QTime from, QTime to)
{
    QList<Restriction> out;
    for (int day = 1; day <= 5; ++day)
        out.append(Restriction{Restriction::Type::Weekly, day, from, day, to});
    return out;
}

Restriction daily(QTime from, QTime to)
{
    return Restriction{Restriction::Type::Daily, 0, from, 0, to};
}

/// On-call schedules that give meaningful answers right after start: rotations that began three weeks ago on a
/// Monday, and overrides around now and in the coming days. `u` holds the user ids in the order of `users`.
Status seedSchedules(Store &store, const QDateTime &now, const QList<QString> &u, const QList<QString> &teamIds)
{
    const QTimeZone seoul("Asia/Seoul");
    const QDate today = OnCallResolver::utcToWall(now, seoul).date();
    const QDate monday = today.addDays(1 - today.dayOfWeek() - 21);
    const auto wall = [](QDate d, QTime t) { return QDateTime(d, t, Qt::UTC); };
    const auto seoulInstant = [&](int dayOffset, QTime t) {
        return OnCallResolver::wallToUtc(wall(today.addDays(dayOffset), t), seoul);
    };
    const QTime nine(9, 0);
    const QTime eighteen(18, 0);
    const auto layer = [&](const char *name, QStringList participants, RotationType type, QTime start,
                           QList<Restriction> restrictions) {
        ScheduleLayer l;
        l.name = QString::fromUtf8(name);
        l.participants = std::move(participants);
        l.rotationType = type;
        l.start = wall(monday, start);
        l.restrictions = std::move(restrictions);
        return l;
    };
    const auto cover = [&](const QString &user, const QDateTime &start, const QDateTime &end) {
        return ScheduleOverride{user, start, end, Json::newId()};
    };

    QList<Schedule> schedules;
    // Each team: a 24/7 weekly secondary at the bottom, and the Seoul business-hours primary above it (it wins
    // where it has coverage, Mon–Fri 09:00–18:00); nights and weekends fall through to the secondary.
    {
        Schedule s;
        s.name = QStringLiteral("Service Desk on-call");
        s.teamId = teamIds.at(0);
        s.layers = {layer("24/7 secondary", {u[9], u[2], u[3]}, RotationType::Weekly, nine, {}),
                    layer("Business hours", {u[2], u[3], u[1]}, RotationType::Daily, nine, weekdays(nine, eighteen))};
        // Someone is covering right now, and an evening tomorrow.
        s.overrides = {cover(u[1], now.addSecs(-3600), now.addSecs(3 * 3600)),
                       cover(u[3], seoulInstant(1, eighteen), seoulInstant(1, QTime(22, 0)))};
        schedules.append(s);
    }
    {
        Schedule s;
        s.name = QStringLiteral("Infrastructure on-call");
        s.teamId = teamIds.at(1);
        s.layers = {layer("24/7 secondary", {u[4], u[8], u[0]}, RotationType::Weekly, nine, {}),
                    layer("Business hours", {u[4], u[0]}, RotationType::Daily, nine, weekdays(nine, eighteen))};
        s.overrides = {cover(u[8], seoulInstant(2, QTime(0, 0)), seoulInstant(2, QTime(8, 0)))};
        schedules.append(s);
    }
    {
        Schedule s;
        s.name = QStringLiteral("Applications on-call");
        s.teamId = teamIds.at(2);
        s.layers = {layer("24/7 secondary", {u[10], u[7], u[5]}, RotationType::Weekly, nine, {}),
                    layer("Business hours", {u[5]}, RotationType::Weekly, nine, weekdays(nine, eighteen))};
        s.overrides = {cover(u[7], seoulInstant(1, nine), seoulInstant(1, QTime(12, 0)))};
        schedules.append(s);
    }
    {
        // Follow the sun in Seoul time (no DST there): Seoul works 08:00–16:00, Berlin 16:00–24:00 (08:00–16:00
        // CET), New York 00:00–08:00 (10:00–18:00 EST). Each layer hands over weekly at the start of its window.
        Schedule s;
        s.name = QStringLiteral("Follow the sun");
        s.teamId = teamIds.at(1);
        s.layers = {layer("Asia/Seoul", {u[4], u[2]}, RotationType::Weekly, QTime(8, 0), {daily(QTime(8, 0), QTime(16, 0))}),
                    layer("Europe/Berlin", {u[9], u[8]}, RotationType::Weekly, QTime(16, 0), {daily(QTime(16, 0), QTime(0, 0))}),
                    layer("America/New_York", {u[7], u[10]}, RotationType::Weekly, QTime(0, 0), {daily(QTime(0, 0), QTime(8, 0))})};
        s.overrides = {cover(u[9], seoulInstant(3, QTime(0, 0)), seoulInstant(3, QTime(8, 0)))};
        // The New York rotation ends in four days and nobody has taken it over yet: the gap the pane shows in red.
        s.layers[2].end = wall(today.addDays(4), QTime(0, 0));
        schedules.append(s);
    }
    for (Schedule &s : schedules) {
        s.timeZone = seoul;
        s.id = Json::newId();
        s.version = 1;
        s.createdAt = s.updatedAt = now;
        if (auto st = validateSchedule(s); !st)
            return st;
        if (auto st = store.put(Kind::Schedule, s.toJson()); !st)
            return st;
    }
    return Ok{};
}

} // namespace

Status seedDemo(Store &store, const Clock &clock, quint32 seed)
{
    if (store.count(Kind::Ticket) > 0) {
        // A demo database from a version without on-call schedules gets them (when its demo users and teams are there).
        if (store.count(Kind::Schedule) > 0)
            return Ok{};
        QList<QString> userIds;
        for (const DemoUser &u : users) {
            const auto rows = store.select(Kind::User, QStringLiteral("email = ?"), {QString::fromUtf8(u.email)}, {}, 1);
            if (rows.isEmpty())
                return Ok{};
            userIds.append(rows.first().value(QStringLiteral("id")).toString());
        }
        QList<QString> teamIds;
        for (const auto &team : teams) {
            const auto rows = store.select(Kind::Team, QStringLiteral("name = ?"), {QString::fromUtf8(team[0])}, {}, 1);
            if (rows.isEmpty())
                return Ok{};
            teamIds.append(rows.first().value(QStringLiteral("id")).toString());
        }
        return store.write([&]() -> Status { return seedSchedules(store, clock.now(), userIds, teamIds); });
    }
    QRandomGenerator rng(seed);
    const QDateTime now = clock.now();
    const auto stamp = [](QJsonObject o, const QDateTime &at) {
        o.insert(QStringLiteral("id"), Json::newId());
        o.insert(QStringLiteral("version"), 1);
        o.insert(QStringLiteral("created_at"), Json::formatTime(at));
        o.insert(QStringLiteral("updated_at"), Json::formatTime(at));
        return o;
    };
    const QDateTime setupAt = now.addDays(-90);
    return store.write([&]() -> Status {
        QList<QString> userIds;
        QList<QList<QString>> teamMembers(3);
        QList<QString> agentIds;
        for (const DemoUser &u : users) {
            const QJsonObject o = stamp(QJsonObject{{QStringLiteral("name"), QString::fromUtf8(u.name)},
                                                    {QStringLiteral("email"), QString::fromUtf8(u.email)},
                                                    {QStringLiteral("role"), QString::fromUtf8(u.role)},
                                                    {QStringLiteral("time_zone"), QString::fromUtf8(u.tz)}},
                                        setupAt);
            if (auto st = store.put(Kind::User, o); !st)
                return st;
            const QString id = o.value(QStringLiteral("id")).toString();
            userIds.append(id);
            teamMembers[u.team].append(id);
            if (roleFromString(QString::fromUtf8(u.role)).value_or(Role::Viewer) >= Role::Agent)
                agentIds.append(id);
        }
        QList<QString> teamIds;
        for (int i = 0; i < 3; ++i) {
            QJsonArray members;
            for (const auto &m : teamMembers.at(i))
                members.append(m);
            const QJsonObject o = stamp(QJsonObject{{QStringLiteral("name"), QString::fromUtf8(teams[i][0])},
                                                    {QStringLiteral("description"), QString::fromUtf8(teams[i][1])},
                                                    {QStringLiteral("member_ids"), members}},
                                        setupAt);
            if (auto st = store.put(Kind::Team, o); !st)
                return st;
            teamIds.append(o.value(QStringLiteral("id")).toString());
        }
        QList<QString> serviceIds;
        QList<int> serviceTeam;
        for (const auto &svc : services) {
            const int team = QByteArray(svc[2]).toInt();
            const QJsonObject o = stamp(QJsonObject{{QStringLiteral("name"), QString::fromUtf8(svc[0])},
                                                    {QStringLiteral("description"), QString::fromUtf8(svc[1])},
                                                    {QStringLiteral("team_id"), teamIds.at(team)}},
                                        setupAt);
            if (auto st = store.put(Kind::Service, o); !st)
                return st;
            serviceIds.append(o.value(QStringLiteral("id")).toString());
            serviceTeam.append(team);
        }
        // SLA on Seoul business hours, with public holidays.
        auto policy = SlaPolicy::fromJson(QJsonObject{
            {QStringLiteral("business_hours"),
             QJsonObject{{QStringLiteral("enabled"), true},
                         {QStringLiteral("time_zone"), QStringLiteral("Asia/Seoul")},
                         {QStringLiteral("working_days"), QJsonArray{1, 2, 3, 4, 5}},
                         {QStringLiteral("start"), QStringLiteral("09:00")},
                         {QStringLiteral("end"), QStringLiteral("18:00")},
                         {QStringLiteral("holidays"),
                          QJsonArray{QStringLiteral("2026-10-03"), QStringLiteral("2026-10-09"),
                                     QStringLiteral("2026-12-25"), QStringLiteral("2027-01-01"),
                                     QStringLiteral("2027-02-16"), QStringLiteral("2027-02-17"),
                                     QStringLiteral("2027-02-18")}}}}});
        if (!policy)
            return policy.error();
        QJsonObject policyJson = policy->toJson();
        policyJson.insert(QStringLiteral("id"), QStringLiteral("sla_policy"));
        policyJson.insert(QStringLiteral("version"), 1);
        policyJson.insert(QStringLiteral("created_at"), Json::formatTime(setupAt));
        policyJson.insert(QStringLiteral("updated_at"), Json::formatTime(setupAt));
        if (auto st = store.put(Kind::SlaPolicy, policyJson); !st)
            return st;

        // Tickets: created oldest first so keys grow with time.
        QList<QDateTime> created;
        for (int i = 0; i < 300; ++i)
            created.append(now.addSecs(-qint64(rng.bounded(60 * 24 * 3600))));
        std::sort(created.begin(), created.end());
        for (int i = 0; i < 300; ++i) {
            const Template &tpl = templates[rng.bounded(int(std::size(templates)))];
            const auto &req = requesters[rng.bounded(int(std::size(requesters)))];
            Ticket t;
            t.id = Json::newId();
            auto key = store.nextCounter(QStringLiteral("ticket_key"));
            if (!key)
                return key.error();
            t.key = QStringLiteral("SD-%1").arg(key.value());
            t.createdAt = created.at(i);
            t.summary = QString::fromUtf8(tpl.summary);
            t.description = QString::fromUtf8(tpl.description);
            t.type = tpl.type;
            // P1 rare, P3 most common.
            const int pr = rng.bounded(100);
            t.priority = pr < 5 ? Priority::P1 : pr < 20 ? Priority::P2 : pr < 65 ? Priority::P3 : pr < 90 ? Priority::P4 : Priority::P5;
            t.requesterName = QString::fromUtf8(req[0]);
            t.requesterEmail = QString::fromUtf8(req[1]);
            t.serviceId = serviceIds.at(tpl.service);
            t.teamId = teamIds.at(serviceTeam.at(tpl.service));
            t.statusHistory = {{TicketStatus::Open, t.createdAt}};
            const qint64 age = t.createdAt.secsTo(now);
            // How far along the ticket got: older tickets are more likely done.
            const int roll = rng.bounded(100);
            int stage = 0; // 0 open, 1 in progress, 2 waiting, 3 resolved, 4 closed
            if (age > 14 * 86400)
                stage = roll < 4 ? 1 : roll < 8 ? 2 : roll < 35 ? 3 : 4;
            else if (age > 2 * 86400)
                stage = roll < 15 ? 0 : roll < 45 ? 1 : roll < 60 ? 2 : roll < 85 ? 3 : 4;
            else
                stage = roll < 45 ? 0 : roll < 75 ? 1 : roll < 88 ? 2 : 3;
            if (stage > 0 || rng.bounded(3) == 0)
                t.assigneeId = agentIds.at(rng.bounded(int(agentIds.size())));
            QList<TicketComment> comments;
            QDateTime at = t.createdAt;
            const auto step = [&](qint64 maxSecs) {
                const qint64 room = std::max<qint64>(60, at.secsTo(now) / 3);
                at = at.addSecs(60 + rng.bounded(int(std::min<qint64>(maxSecs, room))));
                if (at > now)
                    at = now.addSecs(-30);
            };
            const auto comment = [&](const QString &author, const QString &body, bool isPublic) {
                TicketComment c;
                c.id = Json::newId();
                c.ticketId = t.id;
                c.authorId = author;
                c.body = body;
                c.isPublic = isPublic;
                c.version = 1;
                c.createdAt = c.updatedAt = at;
                comments.append(c);
            };
            const QString agent = t.assigneeId.isEmpty() ? agentIds.first() : t.assigneeId;
            if (stage >= 1) {
                step(4 * 3600);
                comment(agent, QString::fromUtf8(publicReplies[rng.bounded(int(std::size(publicReplies)))]), true);
                t.firstResponseAt = at;
                (void)Workflow::transition(t, TicketStatus::InProgress, at);
                if (rng.bounded(2) == 0) {
                    step(6 * 3600);
                    comment(agent, QString::fromUtf8(internalNotes[rng.bounded(int(std::size(internalNotes)))]), false);
                }
            }
            if (stage >= 2 && (stage == 2 || rng.bounded(3) == 0)) {
                step(8 * 3600);
                comment(agent, QString::fromUtf8(publicReplies[3]), true);
                (void)Workflow::transition(t, TicketStatus::WaitingForCustomer, at);
                if (stage > 2) {
                    step(24 * 3600);
                    (void)Workflow::transition(t, TicketStatus::InProgress, at);
                }
            }
            if (stage >= 3) {
                step(2 * 86400);
                comment(agent, QString::fromUtf8(publicReplies[4]), true);
                (void)Workflow::transition(t, TicketStatus::Resolved, at);
            }
            if (stage >= 4) {
                step(3 * 86400);
                (void)Workflow::transition(t, TicketStatus::Closed, at);
            }
            t.version = t.statusHistory.size() + (t.firstResponseAt.isValid() ? 1 : 0);
            t.updatedAt = at;
            if (auto st = store.put(Kind::Ticket, t.toJson()); !st)
                return st;
            for (const auto &c : comments) {
                if (auto st = store.put(Kind::TicketComment, c.toJson()); !st)
                    return st;
            }
        }
        return seedSchedules(store, now, userIds, teamIds);
    });
}

} // namespace Vigil
