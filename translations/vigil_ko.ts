<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>Credentials</name>
    <message>
        <source>No keychain service is available, so the token is kept in the settings file of this user account.</source>
        <translation>사용할 수 있는 키체인 서비스가 없어 토큰을 이 사용자 계정의 설정 파일에 보관합니다.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Open</source>
        <translation>열림</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <source>Waiting for customer</source>
        <translation>고객 응답 대기</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>해결됨</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>종료됨</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>장애</translation>
    </message>
    <message>
        <source>Service request</source>
        <translation>서비스 요청</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>문의</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>변경</translation>
    </message>
    <message>
        <source>%1d %2h</source>
        <extracomment>Durations: d = days, h = hours, m = minutes, s = seconds.</extracomment>
        <translation>%1일 %2시간</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation>%1시간 %2분</translation>
    </message>
    <message>
        <source>%1m</source>
        <translation>%1분</translation>
    </message>
    <message>
        <source>%1s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <source>A required field is empty.</source>
        <translation>필수 항목이 비어 있습니다.</translation>
    </message>
    <message>
        <source>A field has an invalid value.</source>
        <translation>올바르지 않은 값이 입력된 항목이 있습니다.</translation>
    </message>
    <message>
        <source>The workflow does not allow this status change.</source>
        <translation>워크플로에서 허용하지 않는 상태 변경입니다.</translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation>이 작업을 할 권한이 없습니다.</translation>
    </message>
    <message>
        <source>The ticket no longer exists on the server.</source>
        <translation>서버에 더 이상 없는 티켓입니다.</translation>
    </message>
    <message>
        <source>The server did not accept the access token.</source>
        <translation>서버가 액세스 토큰을 거부했습니다.</translation>
    </message>
    <message>
        <source>The server refused the change.</source>
        <translation>서버가 변경을 거부했습니다.</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Requester</source>
        <translation>요청자</translation>
    </message>
    <message>
        <source>Requester e-mail</source>
        <translation>요청자 이메일</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>담당자</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>팀</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>서비스</translation>
    </message>
    <message>
        <source>ddd d MMM HH:mm</source>
        <extracomment>Date format of on-call times (Qt QDateTime format: ddd = short day name, d = day, MMM = short month name).</extracomment>
        <translation>M월 d일 (ddd) HH:mm</translation>
    </message>
    <message>
        <source>Hourly</source>
        <translation>매시간</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>매일</translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation>매주</translation>
    </message>
    <message>
        <source>Every N hours</source>
        <translation>N시간마다</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>시간대</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>레이어</translation>
    </message>
    <message>
        <source>Open</source>
        <comment>alert</comment>
        <extracomment>Status of an alert: nobody has acknowledged it yet.</extracomment>
        <translation>열림</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>확인됨</translation>
    </message>
    <message>
        <source>Closed</source>
        <comment>alert</comment>
        <translation>종료됨</translation>
    </message>
</context>
<context>
    <name>Vigil::AlertDetailView</name>
    <message>
        <source>&amp;Acknowledge</source>
        <translation>확인(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>종료(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Snooze…</source>
        <translation>다시 알림(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Note…</source>
        <translation>메모(&amp;N)…</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>Acknowledge: stops the escalation (A)</source>
        <translation>확인: 에스컬레이션을 멈춥니다 (A)</translation>
    </message>
    <message>
        <source>Close the alert (C)</source>
        <translation>알림을 종료합니다 (C)</translation>
    </message>
    <message>
        <source>Page nobody until a later time (S)</source>
        <translation>정한 시각까지 아무도 호출하지 않습니다 (S)</translation>
    </message>
    <message>
        <source>Add a note to the log (N)</source>
        <translation>기록에 메모를 남깁니다 (N)</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>세부 정보</translation>
    </message>
    <message>
        <source>Log: who was paged when, and how</source>
        <translation>기록: 언제 누가 어떤 방법으로 호출되었는지</translation>
    </message>
    <message>
        <source>No alert selected</source>
        <translation>선택한 알림이 없습니다</translation>
    </message>
    <message numerus="yes">
        <source>seen %n time(s)</source>
        <translation>
            <numerusform>%n회 발생</numerusform>
        </translation>
    </message>
    <message>
        <source>opened %1 ago</source>
        <translation>%1 전에 열림</translation>
    </message>
    <message>
        <source>owner %1</source>
        <translation>담당자 %1</translation>
    </message>
    <message>
        <source>acknowledged by %1</source>
        <translation>%1 님이 확인함</translation>
    </message>
    <message>
        <source>snoozed until %1</source>
        <translation>%1에 다시 알림</translation>
    </message>
    <message>
        <source>source %1</source>
        <translation>출처 %1</translation>
    </message>
    <message>
        <source>in maintenance</source>
        <translation>유지 보수 중</translation>
    </message>
    <message>
        <source>not yet sent to the server</source>
        <translation>아직 서버로 보내지 않음</translation>
    </message>
    <message>
        <source>(no description)</source>
        <translation>(설명 없음)</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>태그: %1</translation>
    </message>
</context>
<context>
    <name>Vigil::AlertLogModel</name>
    <message>
        <source>Received</source>
        <translation>수신</translation>
    </message>
    <message>
        <source>Seen again</source>
        <translation>다시 발생</translation>
    </message>
    <message>
        <source>Paged</source>
        <translation>호출</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>전달됨</translation>
    </message>
    <message>
        <source>Delivery failed</source>
        <translation>전달 실패</translation>
    </message>
    <message>
        <source>Nobody on call</source>
        <translation>온콜 담당자 없음</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>에스컬레이션</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>확인</translation>
    </message>
    <message>
        <source>Unacknowledged</source>
        <translation>확인 취소</translation>
    </message>
    <message>
        <source>Snoozed</source>
        <translation>다시 알림 설정</translation>
    </message>
    <message>
        <source>Snooze ended</source>
        <translation>다시 알림 종료</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>담당자 지정</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>다시 열림</translation>
    </message>
    <message>
        <source>In maintenance</source>
        <translation>유지 보수 중</translation>
    </message>
    <message>
        <source>Escalation ended</source>
        <translation>에스컬레이션 끝</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>하트비트</translation>
    </message>
    <message>
        <source>Vigil</source>
        <extracomment>Who did something in an alert&apos;s log when no person did: the server itself.</extracomment>
        <translation>Vigil</translation>
    </message>
    <message>
        <source>Not yet sent to the server</source>
        <translation>아직 서버로 보내지 않음</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>콘솔</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation>웹훅</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>A channel and where the page went: &quot;E-mail (kim@example.com)&quot;.</extracomment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Paged as the new owner</source>
        <translation>새 담당자로 호출</translation>
    </message>
    <message>
        <source>%1 (%2 ms)</source>
        <extracomment>A delivery&apos;s outcome and how long it took: &quot;SMTP 250 OK (120 ms)&quot;.</extracomment>
        <translation>%1 (%2ms)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>이벤트</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>대상</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>메시지</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Maintenance ended</source>
        <translation>유지 보수 종료</translation>
    </message>
</context>
<context>
    <name>Vigil::AlertNoteDialog</name>
    <message>
        <source>Add a note</source>
        <translation>메모 추가</translation>
    </message>
    <message>
        <source>&amp;Note (everyone who sees the alert reads it in its log):</source>
        <translation>메모(&amp;N) (이 알림을 보는 모든 사람이 기록에서 읽을 수 있습니다):</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>메모 추가</translation>
    </message>
</context>
<context>
    <name>Vigil::AlertTableModel</name>
    <message>
        <source>No policy</source>
        <translation>정책 없음</translation>
    </message>
    <message>
        <source>Rule %1 of %2</source>
        <extracomment>Escalation level of an alert: the rule of its policy that fired last, e.g. &quot;Rule 2 of 3&quot;.</extracomment>
        <translation>규칙 %1/%2</translation>
    </message>
    <message>
        <source>Rule %1</source>
        <translation>규칙 %1</translation>
    </message>
    <message>
        <source>%1, pass %2</source>
        <extracomment>%1 is &quot;Rule 2 of 3&quot;; a pass is one run through every rule of the policy.</extracomment>
        <translation>%1, %2회차</translation>
    </message>
    <message>
        <source>now</source>
        <translation>지금</translation>
    </message>
    <message>
        <source>Next in %1</source>
        <translation>다음: %1 후</translation>
    </message>
    <message>
        <source>%1 · next in %2</source>
        <translation>%1 · 다음: %2 후</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>유지 보수</translation>
    </message>
    <message>
        <source>Not escalated</source>
        <translation>에스컬레이션 없음</translation>
    </message>
    <message>
        <source>Not yet sent to the server</source>
        <translation>아직 서버로 보내지 않음</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1에 열림</translation>
    </message>
    <message numerus="yes">
        <source>Seen %n time(s)</source>
        <translation>
            <numerusform>%n회 발생</numerusform>
        </translation>
    </message>
    <message>
        <source>Next escalation at %1</source>
        <translation>다음 에스컬레이션: %1</translation>
    </message>
    <message>
        <source>%1, snoozed until %2</source>
        <extracomment>An alert&apos;s status and until when it is snoozed: &quot;Open, snoozed until 10:00&quot;.</extracomment>
        <translation>%1, %2에 다시 알림</translation>
    </message>
    <message>
        <source>×%1</source>
        <extracomment>The number of times an alert was seen (de-duplicated), shown as a badge: &quot;×12&quot;.</extracomment>
        <translation>×%1</translation>
    </message>
    <message>
        <source>Pri.</source>
        <extracomment>Column header: alert priority (P1…P5).</extracomment>
        <translation>우선</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>메시지</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>서비스</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Count</source>
        <extracomment>Column header: how many times the alert was seen.</extracomment>
        <translation>횟수</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>경과</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>담당자</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>에스컬레이션</translation>
    </message>
</context>
<context>
    <name>Vigil::AlertToast</name>
    <message>
        <source>Acknowledge</source>
        <translation>확인</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>보기</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Acknowledged: %1</source>
        <translation>확인함: %1</translation>
    </message>
    <message>
        <source>New %1 alert — %2</source>
        <extracomment>Title of the in-app notice of a new alert: &quot;New P1 alert — Database&quot;.</extracomment>
        <translation>새 %1 알림 — %2</translation>
    </message>
</context>
<context>
    <name>Vigil::AlertsPane</name>
    <message>
        <source>&amp;Mine</source>
        <translation>내 알림(&amp;M)</translation>
    </message>
    <message>
        <source>My &amp;team</source>
        <translation>내 팀(&amp;T)</translation>
    </message>
    <message>
        <source>Open and acknowledged</source>
        <translation>열림 및 확인됨</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열림</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>확인됨</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>종료됨</translation>
    </message>
    <message>
        <source>Alerts I own or was paged for</source>
        <translation>내가 담당하거나 호출받은 알림</translation>
    </message>
    <message>
        <source>Alerts of the teams I am a member of</source>
        <translation>내가 속한 팀의 알림</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>모든 우선순위</translation>
    </message>
    <message>
        <source>Search message, alias, source, tags… (Ctrl+F)</source>
        <translation>메시지, 별칭, 출처, 태그 검색… (Ctrl+F)</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>상태(&amp;T):</translation>
    </message>
    <message>
        <source>Se&amp;rvice:</source>
        <translation>서비스(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>우선순위(&amp;P):</translation>
    </message>
    <message>
        <source>A acknowledge · C close · S snooze · N note · Enter open</source>
        <translation>A 확인 · C 종료 · S 다시 알림 · N 메모 · Enter 열기</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>모든 서비스</translation>
    </message>
    <message numerus="yes">
        <source>Acknowledged %n alert(s).</source>
        <translation>
            <numerusform>알림 %n건을 확인했습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) were not open and stay as they are.</source>
        <translation>
            <numerusform>알림 %n건은 열림 상태가 아니어서 그대로 둡니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Closed %n alert(s).</source>
        <translation>
            <numerusform>알림 %n건을 종료했습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>These alerts are closed already.</source>
        <translation>이미 종료된 알림입니다.</translation>
    </message>
    <message>
        <source>Closed alerts cannot be snoozed.</source>
        <translation>종료된 알림에는 다시 알림을 설정할 수 없습니다.</translation>
    </message>
    <message numerus="yes">
        <source>Snoozed %n alert(s) until %1.</source>
        <translation>
            <numerusform>알림 %n건을 %1에 다시 알리도록 설정했습니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Vigil::CommentModel</name>
    <message>
        <source>Unknown user</source>
        <translation>알 수 없는 사용자</translation>
    </message>
    <message>
        <source>Not yet sent to the server</source>
        <translation>아직 서버로 보내지 않음</translation>
    </message>
    <message>
        <source>Public reply, visible to the requester</source>
        <translation>공개 답변(요청자에게 표시됨)</translation>
    </message>
    <message>
        <source>Internal note, agents only</source>
        <translation>내부 메모(상담원만 볼 수 있음)</translation>
    </message>
</context>
<context>
    <name>Vigil::ConflictDialog</name>
    <message>
        <source>Edit conflict</source>
        <translation>편집 충돌</translation>
    </message>
    <message>
        <source>Someone changed %1 on the server after you edited it. Which version should be kept?</source>
        <translation>내가 편집한 뒤 다른 사람이 서버에서 %1을(를) 변경했습니다. 어느 쪽을 유지할까요?</translation>
    </message>
    <message>
        <source>&lt;b&gt;Field&lt;/b&gt;</source>
        <translation>&lt;b&gt;항목&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Mine&lt;/b&gt;</source>
        <translation>&lt;b&gt;내 변경&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Theirs&lt;/b&gt;</source>
        <translation>&lt;b&gt;서버의 변경&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Comments are never lost: they are sent either way.</source>
        <translation>댓글은 사라지지 않으며 어느 쪽을 선택해도 전송됩니다.</translation>
    </message>
    <message>
        <source>Keep &amp;mine</source>
        <translation>내 변경 유지(&amp;M)</translation>
    </message>
    <message>
        <source>Take &amp;theirs</source>
        <translation>서버 변경 적용(&amp;T)</translation>
    </message>
    <message>
        <source>Overrides are kept either way: they are saved on their own.</source>
        <translation>대체 근무는 따로 저장되므로 어느 쪽을 선택해도 유지됩니다.</translation>
    </message>
</context>
<context>
    <name>Vigil::ConnectionDialog</name>
    <message>
        <source>Connect to a Vigil server</source>
        <translation>Vigil 서버에 연결</translation>
    </message>
    <message>
        <source>vgl_…</source>
        <translation>vgl_…</translation>
    </message>
    <message>
        <source>&amp;Server URL:</source>
        <translation>서버 URL(&amp;S):</translation>
    </message>
    <message>
        <source>Access &amp;token:</source>
        <translation>액세스 토큰(&amp;T):</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>연결</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address with http:// or https://, for example http://127.0.0.1:8080.</source>
        <translation>서버 주소를 http:// 또는 https://로 시작하도록 입력하세요. 예: http://127.0.0.1:8080</translation>
    </message>
    <message>
        <source>Enter an access token. An administrator creates one with: vigild token create NAME</source>
        <translation>액세스 토큰을 입력하세요. 관리자가 다음 명령으로 만들 수 있습니다: vigild token create NAME</translation>
    </message>
</context>
<context>
    <name>Vigil::EscalationPolicyEditorDialog</name>
    <message>
        <source>Escalation policies</source>
        <translation>에스컬레이션 정책</translation>
    </message>
    <message>
        <source>Policies:</source>
        <translation>정책:</translation>
    </message>
    <message>
        <source>&amp;New policy</source>
        <translation>새 정책(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>팀(&amp;T):</translation>
    </message>
    <message>
        <source>(no team)</source>
        <translation>(팀 없음)</translation>
    </message>
    <message>
        <source>Rules (in order; each one pages its targets after its delay)</source>
        <translation>규칙 (순서대로; 각 규칙은 지연 시간이 지나면 대상을 호출합니다)</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>규칙 추가</translation>
    </message>
    <message>
        <source>Remove rule</source>
        <translation>규칙 삭제</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>위로 이동</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>아래로 이동</translation>
    </message>
    <message>
        <source> min</source>
        <translation>분</translation>
    </message>
    <message>
        <source>&amp;Delay:</source>
        <translation>지연(&amp;D):</translation>
    </message>
    <message>
        <source>Targets:</source>
        <translation>대상:</translation>
    </message>
    <message>
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>스케줄</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>팀</translation>
    </message>
    <message>
        <source>Add target</source>
        <translation>대상 추가</translation>
    </message>
    <message>
        <source>Remove target</source>
        <translation>대상 삭제</translation>
    </message>
    <message>
        <source> time(s)</source>
        <translation>회</translation>
    </message>
    <message>
        <source>&amp;Repeat the policy:</source>
        <translation>정책 반복(&amp;R):</translation>
    </message>
    <message>
        <source>Repeat &amp;after:</source>
        <translation>반복 간격(&amp;A):</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>사용자: %1</translation>
    </message>
    <message>
        <source>Schedule: %1</source>
        <translation>스케줄: %1</translation>
    </message>
    <message>
        <source>Team: %1</source>
        <translation>팀: %1</translation>
    </message>
    <message numerus="yes">
        <source>Rule %1: after %2 min, %n target(s)</source>
        <extracomment>%1 rule number, %2 minutes, %n number of targets</extracomment>
        <translation>
            <numerusform>규칙 %1: %2분 후, 대상 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>The policy needs a name.</source>
        <translation>정책 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>You are offline: changes to escalation policies need the server.</source>
        <translation>오프라인 상태입니다: 에스컬레이션 정책을 변경하려면 서버에 연결되어 있어야 합니다.</translation>
    </message>
    <message>
        <source>Someone else changed this policy meanwhile. Close the editor and open the policy again to see their version.</source>
        <translation>그사이 다른 사람이 이 정책을 변경했습니다. 편집기를 닫고 정책을 다시 열어 변경된 내용을 확인하세요.</translation>
    </message>
    <message>
        <source>Another policy is already called “%1”. Choose another name.</source>
        <translation>“%1”(이)라는 정책이 이미 있습니다. 다른 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>Name: enter one line of 1 to 200 characters.</source>
        <translation>이름: 1~200자의 한 줄로 입력하세요.</translation>
    </message>
    <message>
        <source>Team: choose a team from the list.</source>
        <translation>팀: 목록에서 팀을 선택하세요.</translation>
    </message>
    <message>
        <source>Rules: a policy has 1 to 20 rules.</source>
        <translation>규칙: 정책에는 규칙이 1~20개 있어야 합니다.</translation>
    </message>
    <message>
        <source>Rule %1: the delay must be 0 to 1440 minutes.</source>
        <translation>규칙 %1: 지연 시간은 0~1440분이어야 합니다.</translation>
    </message>
    <message>
        <source>Rule %1, target %2: choose a user, schedule or team that exists.</source>
        <translation>규칙 %1, 대상 %2: 존재하는 사용자, 스케줄 또는 팀을 선택하세요.</translation>
    </message>
    <message>
        <source>Rule %1: add 1 to 10 targets.</source>
        <translation>규칙 %1: 대상을 1~10개 추가하세요.</translation>
    </message>
    <message>
        <source>Repeat: 0 to 10 times.</source>
        <translation>반복: 0~10회로 설정하세요.</translation>
    </message>
    <message>
        <source>Repeat after: 1 to 1440 minutes.</source>
        <translation>반복 간격: 1~1440분으로 설정하세요.</translation>
    </message>
    <message>
        <source>De&amp;lete policy…</source>
        <translation>정책 삭제(&amp;L)…</translation>
    </message>
    <message>
        <source>Deletes the policy on the server; refused while a service follows it.</source>
        <translation>서버에서 정책을 삭제합니다. 이 정책을 따르는 서비스가 있으면 삭제할 수 없습니다.</translation>
    </message>
    <message>
        <source>The new policy has changes that are not saved. Save it?</source>
        <translation>새 정책에 저장하지 않은 변경 사항이 있습니다. 저장할까요?</translation>
    </message>
    <message>
        <source>The policy “%1” has changes that are not saved. Save them?</source>
        <translation>정책 “%1”에 저장하지 않은 변경 사항이 있습니다. 저장할까요?</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
        <source>Escalation policies — new policy[*]</source>
        <extracomment>[*] is where Qt shows * while there are unsaved changes</extracomment>
        <translation>에스컬레이션 정책 — 새 정책[*]</translation>
    </message>
    <message>
        <source>Escalation policies — %1[*]</source>
        <translation>에스컬레이션 정책 — %1[*]</translation>
    </message>
    <message>
        <source>Delete escalation policy</source>
        <translation>에스컬레이션 정책 삭제</translation>
    </message>
    <message>
        <source>Delete the escalation policy “%1”? This cannot be undone.</source>
        <translation>에스컬레이션 정책 “%1”을(를) 삭제할까요? 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>“%1” was not deleted: a service still follows it. Choose another policy for that service first. The server said: %2</source>
        <extracomment>%1 policy name, %2 the server&apos;s reason (in English), e.g. &quot;service Core network follows this policy&quot;</extracomment>
        <translation>“%1”은(는) 삭제되지 않았습니다. 이 정책을 따르는 서비스가 아직 있습니다. 먼저 그 서비스에 다른 정책을 지정하세요. 서버 메시지: %2</translation>
    </message>
</context>
<context>
    <name>Vigil::MainWindow</name>
    <message>
        <source>Vigil — Service desk</source>
        <translation>Vigil — 서비스 데스크</translation>
    </message>
    <message>
        <source>&amp;Tickets</source>
        <translation>티켓(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;New ticket…</source>
        <translation>새 티켓(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Assign selected…</source>
        <translation>선택 항목 담당자 지정(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Change status of selected…</source>
        <translation>선택 항목 상태 변경(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>검색(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>새로 고침(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>T&amp;ickets</source>
        <translation>티켓(&amp;I)</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>티켓</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● 온라인</translation>
    </message>
    <message>
        <source>○ Offline</source>
        <translation>○ 오프라인</translation>
    </message>
    <message>
        <source>All changes sent</source>
        <translation>모든 변경 사항 전송됨</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting to be sent</source>
        <translation>
            <numerusform>전송 대기 중인 변경 %n건</numerusform>
        </translation>
    </message>
    <message>
        <source>C&amp;onnection…</source>
        <translation>연결 설정(&amp;O)…</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Receiving changes from the server… (revision %1)</source>
        <translation>서버에서 변경 사항을 받는 중… (리비전 %1)</translation>
    </message>
    <message>
        <source>On-&amp;call</source>
        <translation>온콜(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Alerts</source>
        <translation>알림(&amp;A)</translation>
    </message>
    <message>
        <source>New %1 alert — %2</source>
        <translation>새 %1 알림 — %2</translation>
    </message>
    <message>
        <source>&amp;Wallboard (NOC screen)</source>
        <translation>상황판(&amp;W) (NOC 화면)</translation>
    </message>
    <message>
        <source>&amp;Services…</source>
        <translation>서비스(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Escalation policies…</source>
        <translation>에스컬레이션 정책(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;My notifications…</source>
        <translation>내 통보 설정(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>설정(&amp;S)</translation>
    </message>
    <message>
        <source>Your notification settings were saved.</source>
        <translation>통보 설정을 저장했습니다.</translation>
    </message>
    <message>
        <source>Only managers can edit services and escalation policies.</source>
        <translation>서비스와 에스컬레이션 정책은 관리자만 편집할 수 있습니다.</translation>
    </message>
    <message>
        <source>Sound for new &amp;pages</source>
        <translation>새 호출 알림음(&amp;P)</translation>
    </message>
    <message>
        <source>Play a chime when a new P1 or P2 alert pages you or your team.</source>
        <translation>새 P1 또는 P2 알림이 나 또는 내 팀을 호출하면 알림음을 울립니다.</translation>
    </message>
</context>
<context>
    <name>Vigil::MyShiftsModel</name>
    <message>
        <source>%1 (now)</source>
        <translation>%1 (현재)</translation>
    </message>
    <message>
        <source>on call now</source>
        <translation>현재 온콜 중</translation>
    </message>
    <message>
        <source>%1 – %2
In the schedule&apos;s zone: %3 – %4</source>
        <translation>%1 – %2
스케줄 시간대 기준: %3 – %4</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>스케줄</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>근무 시간</translation>
    </message>
    <message>
        <source>My on-call shifts</source>
        <translation>내 온콜 근무</translation>
    </message>
    <message>
        <source>On call: %1</source>
        <translation>온콜: %1</translation>
    </message>
</context>
<context>
    <name>Vigil::NewTicketDialog</name>
    <message>
        <source>New ticket</source>
        <translation>새 티켓</translation>
    </message>
    <message>
        <source>One line that says what is wrong</source>
        <translation>무엇이 문제인지 한 줄로 적어 주세요</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>미지정</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>만들기</translation>
    </message>
    <message>
        <source>&amp;Summary:</source>
        <translation>요약(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>설명(&amp;D):</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>유형(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>우선순위(&amp;P):</translation>
    </message>
    <message>
        <source>Requester &amp;name:</source>
        <translation>요청자 이름(&amp;N):</translation>
    </message>
    <message>
        <source>Requester &amp;e-mail:</source>
        <translation>요청자 이메일(&amp;E):</translation>
    </message>
    <message>
        <source>&amp;Assignee:</source>
        <translation>담당자(&amp;A):</translation>
    </message>
    <message>
        <source>A summary is required.</source>
        <translation>요약을 입력해야 합니다.</translation>
    </message>
    <message>
        <source>The requester&apos;s e-mail address does not look right.</source>
        <translation>요청자 이메일 주소가 올바르지 않은 것 같습니다.</translation>
    </message>
</context>
<context>
    <name>Vigil::NotificationSettingsDialog</name>
    <message>
        <source>My notifications</source>
        <translation>내 통보 설정</translation>
    </message>
    <message>
        <source>Contact methods</source>
        <translation>연락 수단</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>라벨</translation>
    </message>
    <message>
        <source>Add contact method</source>
        <translation>연락 수단 추가</translation>
    </message>
    <message>
        <source>Remove contact method</source>
        <translation>연락 수단 삭제</translation>
    </message>
    <message>
        <source>Rules (without rules, the first contact method is used at once)</source>
        <translation>규칙 (규칙이 없으면 첫 번째 연락 수단으로 즉시 통보합니다)</translation>
    </message>
    <message>
        <source>After</source>
        <translation>경과 시간</translation>
    </message>
    <message>
        <source>Contact method</source>
        <translation>연락 수단</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>규칙 추가</translation>
    </message>
    <message>
        <source>Remove rule</source>
        <translation>규칙 삭제</translation>
    </message>
    <message>
        <source>How you are told when you are paged. Only you see these settings.</source>
        <translation>호출되었을 때 통보받는 방법입니다. 이 설정은 본인만 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>You are offline: changes to your notifications need the server.</source>
        <translation>오프라인 상태입니다: 통보 설정을 변경하려면 서버에 연결되어 있어야 합니다.</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>이메일</translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation>웹훅</translation>
    </message>
    <message>
        <source>Slack</source>
        <translation>Slack</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source> min</source>
        <translation>분</translation>
    </message>
    <message>
        <source>%1. %2: %3</source>
        <extracomment>a contact method in a rule&apos;s list: &quot;1. SMS: +821012345678&quot;</extracomment>
        <translation>%1. %2: %3</translation>
    </message>
    <message>
        <source>Contact method %1: choose e-mail, webhook, Slack or SMS.</source>
        <translation>연락 수단 %1: 이메일, 웹훅, Slack, SMS 중에서 선택하세요.</translation>
    </message>
    <message>
        <source>Contact method %1: the label is one line.</source>
        <translation>연락 수단 %1: 라벨은 한 줄로 입력하세요.</translation>
    </message>
    <message>
        <source>Contact method %1: enter the address as a phone number in international form, such as +821012345678.</source>
        <translation>연락 수단 %1: 주소에 국제 형식의 전화번호를 입력하세요. 예: +821012345678</translation>
    </message>
    <message>
        <source>Contact method %1: enter the address as an e-mail address.</source>
        <translation>연락 수단 %1: 주소에 이메일 주소를 입력하세요.</translation>
    </message>
    <message>
        <source>Contact method %1: enter the address as an http or https URL.</source>
        <translation>연락 수단 %1: 주소에 http 또는 https URL을 입력하세요.</translation>
    </message>
    <message>
        <source>Rule %1: the delay must be 0 to 1440 minutes.</source>
        <translation>규칙 %1: 지연 시간은 0~1440분이어야 합니다.</translation>
    </message>
    <message>
        <source>Rule %1: choose one of the contact methods.</source>
        <translation>규칙 %1: 연락 수단 중 하나를 선택하세요.</translation>
    </message>
</context>
<context>
    <name>Vigil::OnCallBoardModel</name>
    <message>
        <source>Nobody — gap</source>
        <translation>담당자 없음 — 공백</translation>
    </message>
    <message>
        <source>no change in the next 2 months</source>
        <translation>향후 2개월간 변경 없음</translation>
    </message>
    <message>
        <source>%1 (in %2)</source>
        <translation>%1 (%2 후)</translation>
    </message>
    <message>
        <source>Handoff at %1
In the schedule&apos;s zone: %2</source>
        <translation>교대 시각: %1
스케줄 시간대 기준: %2</translation>
    </message>
    <message>
        <source>Time zone: %1</source>
        <translation>시간대: %1</translation>
    </message>
    <message>
        <source>Double-click to write an e-mail</source>
        <translation>두 번 클릭하면 이메일을 작성합니다</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>스케줄</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>팀</translation>
    </message>
    <message>
        <source>On call now</source>
        <translation>현재 온콜</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>교대 시각</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>다음 온콜</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>연락처</translation>
    </message>
</context>
<context>
    <name>Vigil::OnCallPane</name>
    <message>
        <source>On call now</source>
        <translation>현재 온콜</translation>
    </message>
    <message>
        <source>My shifts (next 30 days)</source>
        <translation>내 근무 (향후 30일)</translation>
    </message>
    <message>
        <source>E&amp;xport to calendar (.ics)…</source>
        <translation>캘린더로 내보내기(.ics)(&amp;X)…</translation>
    </message>
    <message>
        <source>Save these shifts as an iCalendar file for Outlook, Google Calendar or Apple Calendar</source>
        <translation>이 근무 목록을 Outlook, Google 캘린더 또는 Apple 캘린더에서 쓸 수 있는 iCalendar 파일로 저장합니다</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>로테이션</translation>
    </message>
    <message>
        <source>&amp;Schedule:</source>
        <translation>스케줄(&amp;S):</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>일</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>주</translation>
    </message>
    <message>
        <source>2 weeks</source>
        <translation>2주</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <source>Earlier</source>
        <translation>이전</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>다음</translation>
    </message>
    <message>
        <source>Times in:</source>
        <translation>시간 기준:</translation>
    </message>
    <message>
        <source>My zone (%1)</source>
        <translation>내 시간대 (%1)</translation>
    </message>
    <message>
        <source>The schedule&apos;s zone</source>
        <translation>스케줄 시간대</translation>
    </message>
    <message>
        <source>Add &amp;override…</source>
        <translation>대체 근무 추가(&amp;O)…</translation>
    </message>
    <message>
        <source>Or drag across the final schedule row</source>
        <translation>또는 최종 스케줄 행에서 시간 구간을 끌어 지정하세요</translation>
    </message>
    <message>
        <source>&amp;Edit schedule…</source>
        <translation>스케줄 편집(&amp;E)…</translation>
    </message>
    <message>
        <source>Drag across the final schedule to cover that time; right-click an override to remove it. Red hatching: nobody is on call.</source>
        <translation>최종 스케줄에서 시간 구간을 끌면 그 시간에 대체 근무를 추가합니다. 대체 근무를 삭제하려면 마우스 오른쪽 버튼으로 클릭하세요. 빨간 빗금: 온콜 담당자 없음.</translation>
    </message>
    <message>
        <source>Only managers can edit schedules; anyone can add overrides.</source>
        <translation>스케줄은 관리자만 편집할 수 있습니다. 대체 근무는 누구나 추가할 수 있습니다.</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Override added: %1 covers %2 – %3</source>
        <translation>대체 근무를 추가했습니다: %1 (%2 – %3)</translation>
    </message>
    <message>
        <source>Override removed</source>
        <translation>대체 근무를 삭제했습니다</translation>
    </message>
    <message>
        <source>Schedule “%1” saved</source>
        <translation>스케줄 “%1”을(를) 저장했습니다</translation>
    </message>
    <message>
        <source>Export shifts</source>
        <translation>근무 내보내기</translation>
    </message>
    <message>
        <source>You have no on-call shifts in the next 30 days.</source>
        <translation>향후 30일 동안 예정된 온콜 근무가 없습니다.</translation>
    </message>
    <message>
        <source>Export my shifts</source>
        <translation>내 근무 내보내기</translation>
    </message>
    <message>
        <source>iCalendar files (*.ics)</source>
        <translation>iCalendar 파일 (*.ics)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 파일을 쓸 수 없습니다: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n shift(s) exported to %1</source>
        <translation>
            <numerusform>근무 %n건을 %1(으)로 내보냈습니다</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Vigil::OverrideDialog</name>
    <message>
        <source>Override — %1</source>
        <translation>대체 근무 — %1</translation>
    </message>
    <message>
        <source>Who covers this time? They replace whoever is on call, in every layer.</source>
        <translation>이 시간은 누가 대신 맡을까요? 지정한 사람이 모든 레이어에서 기존 온콜 담당자를 대신합니다.</translation>
    </message>
    <message>
        <source>%1 (me)</source>
        <translation>%1 (나)</translation>
    </message>
    <message>
        <source>&amp;Covered by:</source>
        <translation>대체 근무자(&amp;C):</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>시작(&amp;F):</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>종료(&amp;T):</translation>
    </message>
    <message>
        <source>Add &amp;override</source>
        <translation>대체 근무 추가(&amp;O)</translation>
    </message>
    <message>
        <source>Times are in %1.</source>
        <translation>시간은 %1 기준입니다.</translation>
    </message>
    <message>
        <source>In the schedule&apos;s zone (%1): %2 – %3.</source>
        <translation>스케줄 시간대(%1) 기준: %2 – %3.</translation>
    </message>
    <message>
        <source>Length: %1.</source>
        <translation>기간: %1.</translation>
    </message>
    <message>
        <source>Choose who covers the time.</source>
        <translation>대체 근무자를 선택하세요.</translation>
    </message>
    <message>
        <source>The end must be after the start.</source>
        <translation>종료 시각은 시작 시각보다 뒤여야 합니다.</translation>
    </message>
    <message>
        <source>%1 already has an override that overlaps this time.</source>
        <translation>%1에게 이미 이 시간과 겹치는 대체 근무가 있습니다.</translation>
    </message>
</context>
<context>
    <name>Vigil::QueueModel</name>
    <message>
        <source>All open</source>
        <translation>열린 티켓 전체</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>미지정</translation>
    </message>
    <message>
        <source>Assigned to me</source>
        <translation>나에게 배정됨</translation>
    </message>
    <message>
        <source>SLA breaching within 1 h</source>
        <translation>1시간 안에 SLA 위반 예정</translation>
    </message>
    <message>
        <source>SLA breached</source>
        <translation>SLA 위반</translation>
    </message>
    <message>
        <source>Waiting for customer</source>
        <translation>고객 응답 대기</translation>
    </message>
    <message>
        <source>Resolved in the last 7 days</source>
        <translation>최근 7일간 해결됨</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>Queue name and its number of tickets, e.g. &quot;Unassigned (12)&quot;.</extracomment>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>티켓 %n건</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Vigil::ScheduleEditorDialog</name>
    <message>
        <source>Ends</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>Edit schedule — %1</source>
        <translation>스케줄 편집 — %1</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <source>(no team)</source>
        <translation>(팀 없음)</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>팀(&amp;T):</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>시간대(&amp;Z):</translation>
    </message>
    <message>
        <source>Layers (the lowest first; a higher layer wins where it has coverage)</source>
        <translation>레이어 (가장 낮은 레이어부터 나열, 담당자가 있는 시간에는 상위 레이어가 우선)</translation>
    </message>
    <message>
        <source>Add layer</source>
        <translation>레이어 추가</translation>
    </message>
    <message>
        <source>Remove layer</source>
        <translation>레이어 삭제</translation>
    </message>
    <message>
        <source>Selected layer</source>
        <translation>선택한 레이어</translation>
    </message>
    <message>
        <source>Layer name:</source>
        <translation>레이어 이름:</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 시간</translation>
    </message>
    <message>
        <source>Shift length:</source>
        <translation>교대 주기:</translation>
    </message>
    <message>
        <source>Rotation starts:</source>
        <translation>로테이션 시작:</translation>
    </message>
    <message>
        <source>Start and end are wall times in the schedule&apos;s zone.</source>
        <translation>시작과 종료는 스케줄 시간대의 현지 시각입니다.</translation>
    </message>
    <message>
        <source>Drag to change the order of the rotation</source>
        <translation>끌어서 로테이션 순서를 바꿀 수 있습니다</translation>
    </message>
    <message>
        <source>Participants
(in turn; drag to reorder):</source>
        <translation>참여자
(차례대로 근무, 끌어서 순서 변경):</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>추가</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>From day</source>
        <translation>시작 요일</translation>
    </message>
    <message>
        <source>From</source>
        <translation>시작 시각</translation>
    </message>
    <message>
        <source>To day</source>
        <translation>종료 요일</translation>
    </message>
    <message>
        <source>To</source>
        <translation>종료 시각</translation>
    </message>
    <message>
        <source>Restrictions
(none: all the time):</source>
        <translation>근무 시간 제한
(없음: 항상 근무):</translation>
    </message>
    <message>
        <source>Add daily window</source>
        <translation>매일 반복 구간 추가</translation>
    </message>
    <message>
        <source>Add weekly window</source>
        <translation>매주 반복 구간 추가</translation>
    </message>
    <message>
        <source>Remove window</source>
        <translation>구간 삭제</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>레이어 %1</translation>
    </message>
    <message>
        <source>Layer %1 · %2</source>
        <translation>레이어 %1 · %2</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>매일</translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation>매주</translation>
    </message>
    <message>
        <source>The schedule needs a name.</source>
        <translation>스케줄 이름을 입력해야 합니다.</translation>
    </message>
    <message>
        <source>“%1” is not a time zone. Choose one from the list, such as Asia/Seoul.</source>
        <translation>“%1”은(는) 올바른 시간대가 아닙니다. Asia/Seoul처럼 목록에 있는 시간대를 선택하세요.</translation>
    </message>
    <message>
        <source>Layer %1 needs at least one participant.</source>
        <translation>레이어 %1에 참여자가 한 명 이상 있어야 합니다.</translation>
    </message>
    <message>
        <source>Layer %1 must end after it starts.</source>
        <translation>레이어 %1의 종료 시각은 시작 시각보다 뒤여야 합니다.</translation>
    </message>
    <message>
        <source>Layer %1: enter the shift length in whole hours (1 or more).</source>
        <translation>레이어 %1: 교대 주기를 1 이상의 정수 시간으로 입력하세요.</translation>
    </message>
    <message>
        <source>Layer %1, window %2: check its days and times.</source>
        <translation>레이어 %1, 구간 %2: 요일과 시각을 확인하세요.</translation>
    </message>
    <message>
        <source>Layer %1: %2</source>
        <translation>레이어 %1: %2</translation>
    </message>
</context>
<context>
    <name>Vigil::ServiceEditorDialog</name>
    <message>
        <source>Create &amp;integration</source>
        <translation>연동 만들기(&amp;I)</translation>
    </message>
    <message>
        <source>Re&amp;voke…</source>
        <translation>폐기(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>복사(&amp;C)</translation>
    </message>
    <message>
        <source>Revoke integration</source>
        <translation>연동 폐기</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>서비스</translation>
    </message>
    <message>
        <source>&amp;Service:</source>
        <translation>서비스(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>팀(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Escalation policy:</source>
        <translation>에스컬레이션 정책(&amp;E):</translation>
    </message>
    <message>
        <source>(no team)</source>
        <translation>(팀 없음)</translation>
    </message>
    <message>
        <source>(none: alerts page nobody)</source>
        <translation>(없음: 알림이 아무도 호출하지 않음)</translation>
    </message>
    <message>
        <source>(new service)</source>
        <translation>(새 서비스)</translation>
    </message>
    <message>
        <source>Maintenance windows (new alerts page nobody); times in %1</source>
        <translation>유지 보수 구간 (새 알림이 아무도 호출하지 않음); 시각은 %1 기준</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>End</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>Add window</source>
        <translation>구간 추가</translation>
    </message>
    <message>
        <source>Remove window</source>
        <translation>구간 삭제</translation>
    </message>
    <message>
        <source>Integrations (keys through which monitoring tools send alerts)</source>
        <translation>연동 (모니터링 도구가 알림을 보낼 때 쓰는 키)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>생성</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>폐기</translation>
    </message>
    <message>
        <source>Prometheus Alertmanager</source>
        <translation>Prometheus Alertmanager</translation>
    </message>
    <message>
        <source>PagerDuty Events API v2</source>
        <translation>PagerDuty Events API v2</translation>
    </message>
    <message>
        <source>Opsgenie Alert API</source>
        <translation>Opsgenie Alert API</translation>
    </message>
    <message>
        <source>Name (optional)</source>
        <translation>이름 (선택)</translation>
    </message>
    <message>
        <source>Shown once, when an integration is created</source>
        <translation>연동을 만들 때 한 번만 표시됩니다</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>키:</translation>
    </message>
    <message>
        <source>Send to:</source>
        <translation>보낼 주소:</translation>
    </message>
    <message>
        <source>The service needs a name.</source>
        <translation>서비스 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>You are offline: changes to services need the server.</source>
        <translation>오프라인 상태입니다: 서비스를 변경하려면 서버에 연결되어 있어야 합니다.</translation>
    </message>
    <message>
        <source>Someone else changed this service meanwhile. Close the editor and open the service again to see their version.</source>
        <translation>그사이 다른 사람이 이 서비스를 변경했습니다. 편집기를 닫고 서비스를 다시 열어 변경된 내용을 확인하세요.</translation>
    </message>
    <message>
        <source>Another service is already called “%1”. Choose another name.</source>
        <translation>“%1”(이)라는 서비스가 이미 있습니다. 다른 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>Name: enter one line of 1 to 200 characters.</source>
        <translation>이름: 1~200자의 한 줄로 입력하세요.</translation>
    </message>
    <message>
        <source>Team: choose a team from the list.</source>
        <translation>팀: 목록에서 팀을 선택하세요.</translation>
    </message>
    <message>
        <source>Escalation policy: choose a policy from the list.</source>
        <translation>에스컬레이션 정책: 목록에서 정책을 선택하세요.</translation>
    </message>
    <message>
        <source>Maintenance window %1: the reason is one line of at most 200 characters.</source>
        <translation>유지 보수 구간 %1: 사유는 200자 이하의 한 줄로 입력하세요.</translation>
    </message>
    <message>
        <source>Maintenance window %1: the end must be after the start.</source>
        <translation>유지 보수 구간 %1: 종료 시각은 시작 시각보다 뒤여야 합니다.</translation>
    </message>
    <message>
        <source>Only managers can edit services.</source>
        <translation>서비스는 관리자만 편집할 수 있습니다.</translation>
    </message>
    <message>
        <source>Integration: choose a type and a name of one line.</source>
        <translation>연동: 유형을 선택하고 이름은 한 줄로 입력하세요.</translation>
    </message>
    <message>
        <source>This integration is already revoked.</source>
        <translation>이 연동은 이미 폐기되었습니다.</translation>
    </message>
    <message>
        <source>Revoke “%1”? Its key stops working at once; the tool that uses it can no longer send alerts.</source>
        <translation>“%1”을(를) 폐기할까요? 키가 즉시 무효가 되어 이 키를 쓰는 도구는 더 이상 알림을 보낼 수 없습니다.</translation>
    </message>
    <message>
        <source>&amp;Delete service…</source>
        <translation>서비스 삭제(&amp;D)…</translation>
    </message>
    <message>
        <source>Deletes the service on the server; refused while alerts or tickets refer to it.</source>
        <translation>서버에서 서비스를 삭제합니다. 이 서비스를 가리키는 알림이나 티켓이 있으면 삭제할 수 없습니다.</translation>
    </message>
    <message>
        <source>The new service has changes that are not saved. Save it?</source>
        <translation>새 서비스에 저장하지 않은 변경 사항이 있습니다. 저장할까요?</translation>
    </message>
    <message>
        <source>The service “%1” has changes that are not saved. Save them?</source>
        <translation>서비스 “%1”에 저장하지 않은 변경 사항이 있습니다. 저장할까요?</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
        <source>Services — new service[*]</source>
        <extracomment>[*] is where Qt shows * while there are unsaved changes</extracomment>
        <translation>서비스 — 새 서비스[*]</translation>
    </message>
    <message>
        <source>Services — %1[*]</source>
        <translation>서비스 — %1[*]</translation>
    </message>
    <message>
        <source>Delete service</source>
        <translation>서비스 삭제</translation>
    </message>
    <message>
        <source>Delete the service “%1”? This cannot be undone.</source>
        <translation>서비스 “%1”을(를) 삭제할까요? 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>“%1” was not deleted: alerts or tickets still refer to it. The server said: %2</source>
        <extracomment>%1 service name, %2 the server&apos;s reason (in English)</extracomment>
        <translation>“%1”은(는) 삭제되지 않았습니다. 이 서비스를 가리키는 알림이나 티켓이 아직 있습니다. 서버 메시지: %2</translation>
    </message>
</context>
<context>
    <name>Vigil::SnoozeDialog</name>
    <message numerus="yes">
        <source>Snooze %n alert(s)</source>
        <translation>
            <numerusform>알림 %n건 다시 알림 설정</numerusform>
        </translation>
    </message>
    <message>
        <source>Nobody is paged again until the snooze ends. Snooze for:</source>
        <translation>다시 알림 시각까지 아무도 다시 호출되지 않습니다. 다시 알림까지:</translation>
    </message>
    <message>
        <source>&amp;15 minutes</source>
        <translation>15분(&amp;1)</translation>
    </message>
    <message>
        <source>&amp;1 hour</source>
        <translation>1시간(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;4 hours</source>
        <translation>4시간(&amp;4)</translation>
    </message>
    <message>
        <source>&amp;Until:</source>
        <translation>시각 지정(&amp;U):</translation>
    </message>
    <message>
        <source>&amp;Snooze until then</source>
        <translation>이 시각에 다시 알림(&amp;S)</translation>
    </message>
</context>
<context>
    <name>Vigil::TicketDetailPane</name>
    <message>
        <source>Internal note</source>
        <translation>내부 메모</translation>
    </message>
    <message>
        <source>sending…</source>
        <translation>전송 중…</translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation>변경(&amp;M)</translation>
    </message>
    <message>
        <source>A&amp;ssign</source>
        <translation>지정(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Internal note (agents only)</source>
        <translation>내부 메모(상담원만 보기)(&amp;I)</translation>
    </message>
    <message>
        <source>Sen&amp;d</source>
        <translation>보내기(&amp;D)</translation>
    </message>
    <message>
        <source>Write a reply… (Ctrl+Enter sends)</source>
        <translation>답변을 입력하세요… (Ctrl+Enter로 보내기)</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>상태:</translation>
    </message>
    <message>
        <source>Assignee:</source>
        <translation>담당자:</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>대화</translation>
    </message>
    <message>
        <source>No ticket selected</source>
        <translation>선택한 티켓이 없습니다</translation>
    </message>
    <message>
        <source>(new)</source>
        <translation>(새 티켓)</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>미지정</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · requested by %4 · assigned to %5</source>
        <translation>%1 · %2 · %3 · 요청자 %4 · 담당자 %5</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>%1 (me)</source>
        <translation>%1 (나)</translation>
    </message>
    <message>
        <source>Move to…</source>
        <translation>변경할 상태 선택…</translation>
    </message>
</context>
<context>
    <name>Vigil::TicketTableModel</name>
    <message>
        <source>Not yet sent to the server</source>
        <translation>아직 서버로 보내지 않음</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>기한 %1</translation>
    </message>
    <message>
        <source>(new)</source>
        <extracomment>Shown instead of the key of a ticket the server has not numbered yet.</extracomment>
        <translation>(새 티켓)</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>미지정</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>충족</translation>
    </message>
    <message>
        <source>Paused, %1 left</source>
        <translation>일시 중지, %1 남음</translation>
    </message>
    <message>
        <source>Breached</source>
        <translation>위반</translation>
    </message>
    <message>
        <source>Breached %1 ago</source>
        <translation>%1 전 위반</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <source>Requester</source>
        <translation>요청자</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>담당자</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>SLA remaining</source>
        <translation>SLA 남은 시간</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>수정 시각</translation>
    </message>
</context>
<context>
    <name>Vigil::TicketsPane</name>
    <message>
        <source>Search key, summary, requester, assignee… (Ctrl+F)</source>
        <translation>키, 요약, 요청자, 담당자 검색… (Ctrl+F)</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>미지정</translation>
    </message>
    <message>
        <source>Assign tickets</source>
        <translation>티켓 담당자 지정</translation>
    </message>
    <message numerus="yes">
        <source>Assign %n ticket(s) to:</source>
        <translation>
            <numerusform>티켓 %n건의 담당자:</numerusform>
        </translation>
    </message>
    <message>
        <source>Change status</source>
        <translation>상태 변경</translation>
    </message>
    <message numerus="yes">
        <source>Move %n ticket(s) to:</source>
        <translation>
            <numerusform>티켓 %n건을 다음 상태로 변경:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) could not move: the workflow does not allow it.</source>
        <translation>
            <numerusform>티켓 %n건은 워크플로에서 허용하지 않아 상태를 바꾸지 못했습니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Vigil::TimelineModel</name>
    <message>
        <source>Layer %1</source>
        <translation>레이어 %1</translation>
    </message>
    <message>
        <source>Layer %1 · %2</source>
        <translation>레이어 %1 · %2</translation>
    </message>
    <message>
        <source>Overrides</source>
        <translation>대체 근무</translation>
    </message>
    <message>
        <source>Final schedule</source>
        <translation>최종 스케줄</translation>
    </message>
    <message>
        <source>This layer&apos;s own shifts, cut to its restrictions</source>
        <translation>이 레이어 자체의 근무 (근무 시간 제한 적용)</translation>
    </message>
    <message>
        <source>Someone covers for whoever is on call</source>
        <translation>온콜 담당자 대신 다른 사람이 근무하는 시간</translation>
    </message>
    <message>
        <source>Who is really on call: overrides, else the highest layer with coverage. Drag across this row to create an override.</source>
        <translation>실제 온콜 담당자: 대체 근무가 있으면 대체 근무자, 없으면 담당자가 있는 가장 높은 레이어입니다. 이 행에서 시간 구간을 끌면 대체 근무를 만듭니다.</translation>
    </message>
    <message>
        <source>Nobody on call</source>
        <translation>온콜 담당자 없음</translation>
    </message>
    <message>
        <source>Nobody on call (gap)</source>
        <translation>온콜 담당자 없음 (공백)</translation>
    </message>
    <message>
        <source>%1
%2 – %3 (%4)</source>
        <translation>%1
%2 – %3 (%4)</translation>
    </message>
    <message>
        <source>Schedule&apos;s zone: %1 – %2</source>
        <translation>스케줄 시간대: %1 – %2</translation>
    </message>
    <message>
        <source>Not yet confirmed by the server</source>
        <translation>아직 서버에서 확인되지 않음</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>타임라인</translation>
    </message>
</context>
<context>
    <name>Vigil::TimelineView</name>
    <message>
        <source>On-call timeline</source>
        <translation>온콜 타임라인</translation>
    </message>
    <message>
        <source>ddd d MMM</source>
        <extracomment>Day heading of the on-call timeline (Qt date format).</extracomment>
        <translation>M월 d일 (ddd)</translation>
    </message>
    <message>
        <source>Choose a schedule to see its rotation</source>
        <translation>스케줄을 선택하면 로테이션이 표시됩니다</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Remove override of %1</source>
        <translation>%1의 대체 근무 삭제</translation>
    </message>
</context>
<context>
    <name>Vigil::TrayStatus</name>
    <message numerus="yes">
        <source>Vigil — %n unacknowledged page(s)</source>
        <translation>
            <numerusform>Vigil — 확인하지 않은 호출 %n건</numerusform>
        </translation>
    </message>
    <message>
        <source>Vigil — online</source>
        <translation>Vigil — 온라인</translation>
    </message>
    <message>
        <source>Vigil — offline</source>
        <translation>Vigil — 오프라인</translation>
    </message>
</context>
<context>
    <name>Vigil::Wallboard</name>
    <message>
        <source>Vigil — Wallboard</source>
        <translation>Vigil — 상황판</translation>
    </message>
    <message>
        <source>Open alerts</source>
        <translation>진행 중인 알림</translation>
    </message>
    <message>
        <source>On call now</source>
        <translation>현재 온콜</translation>
    </message>
    <message>
        <source>All clear</source>
        <translation>이상 없음</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Vigil operations console</source>
        <translation>Vigil 운영 콘솔</translation>
    </message>
    <message>
        <source>Server URL, e.g. http://127.0.0.1:8080.</source>
        <translation>서버 URL (예: http://127.0.0.1:8080)</translation>
    </message>
    <message>
        <source>Read the access token from this file.</source>
        <translation>이 파일에서 액세스 토큰을 읽습니다.</translation>
    </message>
    <message>
        <source>Interface language: en or ko.</source>
        <translation>화면 언어: en 또는 ko</translation>
    </message>
    <message>
        <source>Vigil</source>
        <translation>Vigil</translation>
    </message>
    <message>
        <source>Cannot read the token file %1.</source>
        <translation>토큰 파일 %1을(를) 읽을 수 없습니다.</translation>
    </message>
    <message>
        <source>Cannot open the local cache: %1</source>
        <translation>로컬 캐시를 열 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Vigil restarts to open %1.</source>
        <translation>%1 서버를 열기 위해 Vigil을 다시 시작합니다.</translation>
    </message>
</context>
</TS>
