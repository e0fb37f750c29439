<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Credentials</name>
    <message>
        <source>No keychain service is available, so the token is kept in the settings file of this user account.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1d %2h</source>
        <extracomment>Durations: d = days, h = hours, m = minutes, s = seconds.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A required field is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A field has an invalid value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workflow does not allow this status change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket no longer exists on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not accept the access token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requester</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requester e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ddd d MMM HH:mm</source>
        <extracomment>Date format of on-call times (Qt QDateTime format: ddd = short day name, d = day, MMM = short month name).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hourly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every N hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <comment>alert</comment>
        <extracomment>Status of an alert: nobody has acknowledged it yet.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <comment>alert</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::AlertDetailView</name>
    <message>
        <source>&amp;Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Snooze…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Note…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge: stops the escalation (A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the alert (C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page nobody until a later time (S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a note to the log (N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log: who was paged when, and how</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alert selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>seen %n time(s)</source>
        <translation>
            <numerusform>seen %n time</numerusform>
            <numerusform>seen %n times</numerusform>
        </translation>
    </message>
    <message>
        <source>opened %1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>owner %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acknowledged by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>snoozed until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>source %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not yet sent to the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no description)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::AlertLogModel</name>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seen again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody on call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unacknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snoozed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snooze ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalation ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vigil</source>
        <extracomment>Who did something in an alert&apos;s log when no person did: the server itself.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet sent to the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>A channel and where the page went: &quot;E-mail (kim@example.com)&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paged as the new owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 ms)</source>
        <extracomment>A delivery&apos;s outcome and how long it took: &quot;SMTP 250 OK (120 ms)&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maintenance ended</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::AlertNoteDialog</name>
    <message>
        <source>Add a note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Note (everyone who sees the alert reads it in its log):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::AlertTableModel</name>
    <message>
        <source>No policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule %1 of %2</source>
        <extracomment>Escalation level of an alert: the rule of its policy that fired last, e.g. &quot;Rule 2 of 3&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, pass %2</source>
        <extracomment>%1 is &quot;Rule 2 of 3&quot;; a pass is one run through every rule of the policy.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · next in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not escalated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet sent to the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Seen %n time(s)</source>
        <translation>
            <numerusform>Seen %n time</numerusform>
            <numerusform>Seen %n times</numerusform>
        </translation>
    </message>
    <message>
        <source>Next escalation at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, snoozed until %2</source>
        <extracomment>An alert&apos;s status and until when it is snoozed: &quot;Open, snoozed until 10:00&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>×%1</source>
        <extracomment>The number of times an alert was seen (de-duplicated), shown as a badge: &quot;×12&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pri.</source>
        <extracomment>Column header: alert priority (P1…P5).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <extracomment>Column header: how many times the alert was seen.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::AlertToast</name>
    <message>
        <source>Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New %1 alert — %2</source>
        <extracomment>Title of the in-app notice of a new alert: &quot;New P1 alert — Database&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::AlertsPane</name>
    <message>
        <source>&amp;Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My &amp;team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open and acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts I own or was paged for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts of the teams I am a member of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search message, alias, source, tags… (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se&amp;rvice:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A acknowledge · C close · S snooze · N note · Enter open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All services</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Acknowledged %n alert(s).</source>
        <translation>
            <numerusform>Acknowledged %n alert.</numerusform>
            <numerusform>Acknowledged %n alerts.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) were not open and stay as they are.</source>
        <translation>
            <numerusform>%n alert was not open and stays as it is.</numerusform>
            <numerusform>%n alerts were not open and stay as they are.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Closed %n alert(s).</source>
        <translation>
            <numerusform>Closed %n alert.</numerusform>
            <numerusform>Closed %n alerts.</numerusform>
        </translation>
    </message>
    <message>
        <source>These alerts are closed already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed alerts cannot be snoozed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Snoozed %n alert(s) until %1.</source>
        <translation>
            <numerusform>Snoozed %n alert until %1.</numerusform>
            <numerusform>Snoozed %n alerts until %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Vigil::CommentModel</name>
    <message>
        <source>Unknown user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet sent to the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public reply, visible to the requester</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal note, agents only</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::ConflictDialog</name>
    <message>
        <source>Edit conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone changed %1 on the server after you edited it. Which version should be kept?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Field&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Mine&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Theirs&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comments are never lost: they are sent either way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep &amp;mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take &amp;theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overrides are kept either way: they are saved on their own.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::ConnectionDialog</name>
    <message>
        <source>Connect to a Vigil server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vgl_…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Server URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access &amp;token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server&apos;s address with http:// or https://, for example http://127.0.0.1:8080.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an access token. An administrator creates one with: vigild token create NAME</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::EscalationPolicyEditorDialog</name>
    <message>
        <source>Escalation policies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policies:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no team)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules (in order; each one pages its targets after its delay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delay:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Targets:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> time(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Repeat the policy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat &amp;after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Rule %1: after %2 min, %n target(s)</source>
        <extracomment>%1 rule number, %2 minutes, %n number of targets</extracomment>
        <translation>
            <numerusform>Rule %1: after %2 min, %n target</numerusform>
            <numerusform>Rule %1: after %2 min, %n targets</numerusform>
        </translation>
    </message>
    <message>
        <source>The policy needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are offline: changes to escalation policies need the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone else changed this policy meanwhile. Close the editor and open the policy again to see their version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another policy is already called “%1”. Choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: enter one line of 1 to 200 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team: choose a team from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules: a policy has 1 to 20 rules.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule %1: the delay must be 0 to 1440 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule %1, target %2: choose a user, schedule or team that exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule %1: add 1 to 10 targets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat: 0 to 10 times.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat after: 1 to 1440 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De&amp;lete policy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deletes the policy on the server; refused while a service follows it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new policy has changes that are not saved. Save it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy “%1” has changes that are not saved. Save them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalation policies — new policy[*]</source>
        <extracomment>[*] is where Qt shows * while there are unsaved changes</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalation policies — %1[*]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete escalation policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the escalation policy “%1”? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” was not deleted: a service still follows it. Choose another policy for that service first. The server said: %2</source>
        <extracomment>%1 policy name, %2 the server&apos;s reason (in English), e.g. &quot;service Core network follows this policy&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::MainWindow</name>
    <message>
        <source>Vigil — Service desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New ticket…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Assign selected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Change status of selected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;ickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>○ Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All changes sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting to be sent</source>
        <translation>
            <numerusform>%n change waiting to be sent</numerusform>
            <numerusform>%n changes waiting to be sent</numerusform>
        </translation>
    </message>
    <message>
        <source>C&amp;onnection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receiving changes from the server… (revision %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On-&amp;call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New %1 alert — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Wallboard (NOC screen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Services…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Escalation policies…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;My notifications…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your notification settings were saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only managers can edit services and escalation policies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sound for new &amp;pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play a chime when a new P1 or P2 alert pages you or your team.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::MyShiftsModel</name>
    <message>
        <source>%1 (now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on call now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 – %2
In the schedule&apos;s zone: %3 – %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My on-call shifts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On call: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::NewTicketDialog</name>
    <message>
        <source>New ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One line that says what is wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Summary:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requester &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requester &amp;e-mail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Assignee:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A summary is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The requester&apos;s e-mail address does not look right.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::NotificationSettingsDialog</name>
    <message>
        <source>My notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact methods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add contact method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove contact method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules (without rules, the first contact method is used at once)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How you are told when you are paged. Only you see these settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are offline: changes to your notifications need the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. %2: %3</source>
        <extracomment>a contact method in a rule&apos;s list: &quot;1. SMS: +821012345678&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact method %1: choose e-mail, webhook, Slack or SMS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact method %1: the label is one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact method %1: enter the address as a phone number in international form, such as +821012345678.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact method %1: enter the address as an e-mail address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact method %1: enter the address as an http or https URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule %1: the delay must be 0 to 1440 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule %1: choose one of the contact methods.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::OnCallBoardModel</name>
    <message>
        <source>Nobody — gap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no change in the next 2 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (in %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handoff at %1
In the schedule&apos;s zone: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time zone: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click to write an e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On call now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::OnCallPane</name>
    <message>
        <source>On call now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My shifts (next 30 days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xport to calendar (.ics)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save these shifts as an iCalendar file for Outlook, Google Calendar or Apple Calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Schedule:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2 weeks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earlier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Times in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My zone (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schedule&apos;s zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;override…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or drag across the final schedule row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit schedule…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag across the final schedule to cover that time; right-click an override to remove it. Red hatching: nobody is on call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only managers can edit schedules; anyone can add overrides.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Override added: %1 covers %2 – %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Override removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule “%1” saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export shifts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have no on-call shifts in the next 30 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export my shifts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>iCalendar files (*.ics)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n shift(s) exported to %1</source>
        <translation>
            <numerusform>%n shift exported to %1</numerusform>
            <numerusform>%n shifts exported to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Vigil::OverrideDialog</name>
    <message>
        <source>Override — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who covers this time? They replace whoever is on call, in every layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (me)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Covered by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Times are in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the schedule&apos;s zone (%1): %2 – %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose who covers the time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The end must be after the start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already has an override that overlaps this time.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::QueueModel</name>
    <message>
        <source>All open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned to me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA breaching within 1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA breached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved in the last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>Queue name and its number of tickets, e.g. &quot;Unassigned (12)&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n ticket</numerusform>
            <numerusform>%n tickets</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Vigil::ScheduleEditorDialog</name>
    <message>
        <source>Ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit schedule — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no team)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers (the lowest first; a higher layer wins where it has coverage)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotation starts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start and end are wall times in the schedule&apos;s zone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag to change the order of the rotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Participants
(in turn; drag to reorder):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restrictions
(none: all the time):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add daily window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add weekly window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schedule needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a time zone. Choose one from the list, such as Asia/Seoul.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1 needs at least one participant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1 must end after it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1: enter the shift length in whole hours (1 or more).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1, window %2: check its days and times.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::ServiceEditorDialog</name>
    <message>
        <source>Create &amp;integration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;voke…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke integration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Service:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Escalation policy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no team)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none: alerts page nobody)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(new service)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maintenance windows (new alerts page nobody); times in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Integrations (keys through which monitoring tools send alerts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prometheus Alertmanager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PagerDuty Events API v2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opsgenie Alert API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown once, when an integration is created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are offline: changes to services need the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone else changed this service meanwhile. Close the editor and open the service again to see their version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another service is already called “%1”. Choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: enter one line of 1 to 200 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team: choose a team from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalation policy: choose a policy from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maintenance window %1: the reason is one line of at most 200 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maintenance window %1: the end must be after the start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only managers can edit services.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Integration: choose a type and a name of one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This integration is already revoked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke “%1”? Its key stops working at once; the tool that uses it can no longer send alerts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete service…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deletes the service on the server; refused while alerts or tickets refer to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new service has changes that are not saved. Save it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service “%1” has changes that are not saved. Save them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Services — new service[*]</source>
        <extracomment>[*] is where Qt shows * while there are unsaved changes</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Services — %1[*]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the service “%1”? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” was not deleted: alerts or tickets still refer to it. The server said: %2</source>
        <extracomment>%1 service name, %2 the server&apos;s reason (in English)</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::SnoozeDialog</name>
    <message numerus="yes">
        <source>Snooze %n alert(s)</source>
        <translation>
            <numerusform>Snooze %n alert</numerusform>
            <numerusform>Snooze %n alerts</numerusform>
        </translation>
    </message>
    <message>
        <source>Nobody is paged again until the snooze ends. Snooze for:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;15 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;1 hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;4 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Until:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Snooze until then</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::TicketDetailPane</name>
    <message>
        <source>Internal note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ssign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Internal note (agents only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sen&amp;d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a reply… (Ctrl+Enter sends)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assignee:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No ticket selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(new)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · requested by %4 · assigned to %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nobody</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (me)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::TicketTableModel</name>
    <message>
        <source>Not yet sent to the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(new)</source>
        <extracomment>Shown instead of the key of a ticket the server has not numbered yet.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused, %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breached %1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requester</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA remaining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::TicketsPane</name>
    <message>
        <source>Search key, summary, requester, assignee… (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Assign %n ticket(s) to:</source>
        <translation>
            <numerusform>Assign %n ticket to:</numerusform>
            <numerusform>Assign %n tickets to:</numerusform>
        </translation>
    </message>
    <message>
        <source>Change status</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Move %n ticket(s) to:</source>
        <translation>
            <numerusform>Move %n ticket to:</numerusform>
            <numerusform>Move %n tickets to:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) could not move: the workflow does not allow it.</source>
        <translation>
            <numerusform>%n ticket could not move: the workflow does not allow it.</numerusform>
            <numerusform>%n tickets could not move: the workflow does not allow it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Vigil::TimelineModel</name>
    <message>
        <source>Layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overrides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This layer&apos;s own shifts, cut to its restrictions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone covers for whoever is on call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who is really on call: overrides, else the highest layer with coverage. Drag across this row to create an override.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody on call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody on call (gap)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2 – %3 (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule&apos;s zone: %1 – %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet confirmed by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::TimelineView</name>
    <message>
        <source>On-call timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ddd d MMM</source>
        <extracomment>Day heading of the on-call timeline (Qt date format).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a schedule to see its rotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove override of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::TrayStatus</name>
    <message numerus="yes">
        <source>Vigil — %n unacknowledged page(s)</source>
        <translation>
            <numerusform>Vigil — %n unacknowledged page</numerusform>
            <numerusform>Vigil — %n unacknowledged pages</numerusform>
        </translation>
    </message>
    <message>
        <source>Vigil — online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vigil — offline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vigil::Wallboard</name>
    <message>
        <source>Vigil — Wallboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On call now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All clear</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Vigil operations console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server URL, e.g. http://127.0.0.1:8080.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the access token from this file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface language: en or ko.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vigil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the token file %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the local cache: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vigil restarts to open %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
