// Notification channels against real receivers on 127.0.0.1: the tests' webhook receiver (tests/support; it
// records each request and answers as told: a status, or nothing at all), and a real SMTP server, Python's aiosmtpd
// (Debian python3-aiosmtpd), whose own e-mail parser decodes what arrived (RFC 2047 subject, base64 body).
#include "channels/notifier.h"
#include "common/clock.h"
#include "httpreceiver.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <optional>

using namespace Vigil;
using Vigil::Testing::HttpReceiver;
using Vigil::Testing::ReceivedRequest;
using namespace Qt::StringLiterals;

namespace {

QString pythonInterpreter()
{
    const QString configured = qEnvironmentVariable("VIGIL_TEST_PYTHON");
    if (!configured.isEmpty())
        return configured;
    // The Debian interpreter, which sees the python3-aiosmtpd package.
    return QFileInfo::exists(u"/usr/bin/python3"_s) ? u"/usr/bin/python3"_s : u"python3"_s;
}

/// aiosmtpd on a free loopback port. Recipients starting with "reject" get 550, "busy" get 451. With a
/// certificate it offers STARTTLS and, once under TLS, AUTH PLAIN/LOGIN for vigil / s3cret. Prints one JSON line
/// per accepted message, parsed by Python's email package.
constexpr char smtpSinkScript[] = R"py(
import asyncio, base64, email, email.policy, json, ssl, sys
from aiosmtpd.smtp import SMTP, AuthResult

class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith('reject'):
            return '550 5.1.1 No such user here'
        if address.startswith('busy'):
            return '451 4.3.0 Mailbox busy, try again later'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        print(json.dumps({
            'mail_from': envelope.mail_from, 'rcpt_tos': envelope.rcpt_tos,
            'subject': str(msg['subject']), 'from': str(msg['from']), 'to': str(msg['to']),
            'content_type': msg.get_content_type(), 'body': msg.get_content(),
            'raw': base64.b64encode(raw).decode(), 'tls': session.ssl is not None,
            'login': getattr(session, 'vigil_login', None)}), flush=True)
        return '250 2.0.0 Message accepted for delivery'

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b'vigil' and auth_data.password == b's3cret'
    if ok:
        session.vigil_login = auth_data.login.decode()
    return AuthResult(success=ok, handled=False)

context = None
if len(sys.argv) > 2:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(sys.argv[1], sys.argv[2])

async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(Handler(), hostname='sink.test', tls_context=context, authenticator=authenticator),
        '127.0.0.1', 0)
    print('PORT', server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
)py";

class SmtpSink
{
public:
    ~SmtpSink() { stop(); }
    bool start(const QStringList &tlsFiles = {})
    {
        m_process.start(pythonInterpreter(), QStringList{u"-c"_s, QString::fromUtf8(smtpSinkScript)} + tlsFiles);
        if (!m_process.waitForStarted(10'000)) {
            m_error = m_process.errorString();
            return false;
        }
        while (!m_out.contains('\n')) {
            if (!m_process.waitForReadyRead(20'000)) {
                m_error = u"aiosmtpd did not start (needs python3-aiosmtpd): "_s
                          + QString::fromUtf8(m_process.readAllStandardError());
                return false;
            }
            m_out += m_process.readAllStandardOutput();
        }
        const qsizetype eol = m_out.indexOf('\n');
        port = static_cast<quint16>(m_out.left(eol).mid(5).toUInt());
        m_out.remove(0, eol + 1);
        return port != 0;
    }
    void stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5'000);
        }
    }
    /// The messages accepted so far, as the sink's JSON lines.
    QList<QJsonObject> messages()
    {
        m_out += m_process.readAllStandardOutput();
        QList<QJsonObject> out;
        for (const QByteArray &line : m_out.split('\n')) {
            if (!line.trimmed().isEmpty())
                out.append(QJsonDocument::fromJson(line).object());
        }
        return out;
    }
    [[nodiscard]] QString error() const { return m_error; }
    quint16 port = 0;

private:
    QProcess m_process;
    QByteArray m_out;
    QString m_error;
};

/// A loopback port nobody listens on.
quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

/// Delivers and runs the event loop until the callback (at most 60 s); checks that the callback came later.
std::optional<DeliveryResult> deliverAndWait(Notifier &notifier, const Delivery &d)
{
    // Shared with the callback, which may still come after a 60 s give-up.
    struct State
    {
        std::optional<DeliveryResult> result;
        bool returned = false;
        bool calledWithinDeliver = false;
        QEventLoop loop;
    };
    auto state = std::make_shared<State>();
    notifier.deliver(d, [state](const DeliveryResult &r) {
        state->calledWithinDeliver = !state->returned;
        state->result = r;
        state->loop.quit();
    });
    state->returned = true;
    if (!state->result) {
        QTimer::singleShot(60'000, &state->loop, &QEventLoop::quit);
        state->loop.exec();
    }
    if (state->calledWithinDeliver) {
        qWarning("the callback ran inside deliver()");
        return std::nullopt;
    }
    return state->result;
}

Delivery webhook(const QString &url, const QJsonObject &payload = {})
{
    Delivery d;
    d.channel = Delivery::Channel::Webhook;
    d.address = url;
    d.subject = u"[P1] 결제 서비스 장애"_s;
    d.text = u"응답 없음"_s;
    d.payload = payload;
    return d;
}

Delivery mail(const QString &to, const QString &subject, const QString &text)
{
    Delivery d;
    d.channel = Delivery::Channel::Email;
    d.address = to;
    d.subject = subject;
    d.text = text;
    return d;
}

/// The tests' receivers listen on loopback, which the notifier refuses unless the operator allows it
/// (vigild --allow-outbound 127.0.0.0/8).
ChannelConfig loopbackAllowed()
{
    ChannelConfig c;
    c.allowOutbound = {QHostAddress::parseSubnet(u"127.0.0.0/8"_s)};
    return c;
}

ChannelConfig smtpConfig(quint16 port)
{
    ChannelConfig c = loopbackAllowed();
    c.smtpHost = u"127.0.0.1"_s;
    c.smtpPort = port;
    c.smtpFrom = u"비질 알림 <vigil@example.com>"_s;
    return c;
}

} // namespace

class tst_Channels final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void retryDelay_data();
    void retryDelay();
    void channelNames_data();
    void channelNames();
    void shouldPostTheAlertPayloadToAWebhook();
    void shouldClassifyHttpStatuses_data();
    void shouldClassifyHttpStatuses();
    void shouldDeliverOnRetryAfterA500();
    void shouldTimeOutAStalledReceiver();
    void shouldReportRefusedConnections_data();
    void shouldReportRefusedConnections();
    void shouldSendSlackText();
    void shouldExpandSmsTemplates();
    void shouldRefuseUnusableTargetsWithoutRetry_data();
    void shouldRefuseUnusableTargetsWithoutRetry();
    void shouldMailKoreanIntact();
    void shouldClassifySmtpRefusals_data();
    void shouldClassifySmtpRefusals();
    void shouldReportSmtpConnectionRefused();
    void shouldTimeOutASilentRelay();
    void shouldUseStartTlsAndAuth();
    void shouldRefuseToSendInClearWhenTlsIsRequired();
    void shouldNeverSendAPasswordInClear();
    void shouldReportWrongSmtpPassword();
    void shouldDeliverManyAtOnce();
    void shouldDropCallbacksWhenDestroyed();

private:
    QTemporaryDir m_dir;
    QString m_cert;
    QString m_key;
};

void tst_Channels::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // A self-signed certificate for 127.0.0.1, trusted by the notifier through smtpCaFile.
    m_cert = m_dir.filePath(u"cert.pem"_s);
    m_key = m_dir.filePath(u"key.pem"_s);
    QProcess openssl;
    openssl.start(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-days"_s,
                                 u"2"_s, u"-subj"_s, u"/CN=127.0.0.1"_s, u"-addext"_s,
                                 u"subjectAltName=IP:127.0.0.1"_s, u"-keyout"_s, m_key, u"-out"_s, m_cert});
    QVERIFY2(openssl.waitForFinished(30'000) && openssl.exitCode() == 0,
             qPrintable(u"openssl failed: "_s + openssl.errorString() + QString::fromUtf8(openssl.readAllStandardError())));
}

void tst_Channels::retryDelay_data()
{
    QTest::addColumn<int>("retry");
    QTest::addColumn<int>("seconds");
    QTest::addRow("first") << 1 << 5;
    QTest::addRow("second") << 2 << 15;
    QTest::addRow("third") << 3 << 45;
    QTest::addRow("fourth") << 4 << 135;
    QTest::addRow("fifth-capped") << 5 << 300;
    QTest::addRow("sixth-capped") << 6 << 300;
    QTest::addRow("hundredth-no-overflow") << 100 << 300;
    QTest::addRow("int-max-no-overflow") << std::numeric_limits<int>::max() << 300;
    QTest::addRow("zero-as-first") << 0 << 5;
    QTest::addRow("negative-as-first") << -3 << 5;
}

void tst_Channels::retryDelay()
{
    QFETCH(int, retry);
    QFETCH(int, seconds);
    QCOMPARE(Vigil::retryDelay(retry).count(), seconds);
    QCOMPARE(AttemptsBeforeFallback, 3);
}

void tst_Channels::channelNames_data()
{
    QTest::addColumn<Delivery::Channel>("channel");
    QTest::addColumn<QString>("name");
    QTest::addRow("webhook") << Delivery::Channel::Webhook << u"webhook"_s;
    QTest::addRow("slack") << Delivery::Channel::Slack << u"slack"_s;
    QTest::addRow("email") << Delivery::Channel::Email << u"email"_s;
    QTest::addRow("sms") << Delivery::Channel::Sms << u"sms"_s;
}

void tst_Channels::channelNames()
{
    QFETCH(Delivery::Channel, channel);
    QFETCH(QString, name);
    QCOMPARE(channelName(channel), name);
    QCOMPARE(channelFromName(name), std::optional{channel});
    QCOMPARE(channelFromName(name.toUpper()), std::nullopt);
    QCOMPARE(channelFromName(u"pager"_s), std::nullopt);
}

void tst_Channels::shouldPostTheAlertPayloadToAWebhook()
{
    // Given a receiver that answers 200
    HttpReceiver receiver;
    Notifier notifier(loopbackAllowed());
    const QJsonObject payload{{u"event"_s, u"alert.triggered"_s},
                              {u"alert"_s, QJsonObject{{u"id"_s, 42}, {u"summary"_s, u"디스크 가득 참 — db1"_s}}}};

    // When the alert is delivered to it
    const auto r = deliverAndWait(notifier, webhook(receiver.url(u"/hooks/vigil?team=db"_s), payload));

    // Then it is delivered, and the receiver got exactly the payload as UTF-8 JSON
    QVERIFY(r);
    QCOMPARE(r->outcome, u"HTTP 200"_s);
    QVERIFY(r->delivered);
    QVERIFY(!r->retryable);
    QVERIFY(r->latencyMs >= 0);
    QCOMPARE(receiver.requests().size(), 1);
    const ReceivedRequest &req = receiver.requests().first();
    QCOMPARE(req.method, "POST");
    QCOMPARE(req.target, "/hooks/vigil?team=db");
    QVERIFY2(req.headers.value("content-type").startsWith("application/json"), req.headers.value("content-type"));
    QVERIFY(req.headers.value("user-agent").startsWith("Vigil/"));
    QCOMPARE(QJsonDocument::fromJson(req.body).object(), payload);
}

void tst_Channels::shouldClassifyHttpStatuses_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("delivered");
    QTest::addColumn<bool>("retryable");
    QTest::addRow("200") << 200 << true << false;
    QTest::addRow("202") << 202 << true << false;
    QTest::addRow("204") << 204 << true << false;
    QTest::addRow("301-not-followed") << 301 << false << false;
    QTest::addRow("400-bad-request") << 400 << false << false;
    QTest::addRow("401-unauthorized") << 401 << false << false;
    QTest::addRow("404-not-found") << 404 << false << false;
    QTest::addRow("410-gone") << 410 << false << false;
    QTest::addRow("408-request-timeout") << 408 << false << true;
    QTest::addRow("429-too-many") << 429 << false << true;
    QTest::addRow("500") << 500 << false << true;
    QTest::addRow("502") << 502 << false << true;
    QTest::addRow("503") << 503 << false << true;
}

void tst_Channels::shouldClassifyHttpStatuses()
{
    QFETCH(int, status);
    QFETCH(bool, delivered);
    QFETCH(bool, retryable);
    // Given a receiver that answers the status, for a webhook and for Slack
    HttpReceiver receiver;
    Notifier notifier(loopbackAllowed());
    for (const Delivery::Channel channel : {Delivery::Channel::Webhook, Delivery::Channel::Slack}) {
        receiver.scriptStatuses({status});
        Delivery d = webhook(receiver.url(u"/hook"_s));
        d.channel = channel;
        // When a delivery is made
        const auto r = deliverAndWait(notifier, d);
        // Then it is classified by the status alone
        QVERIFY(r);
        QCOMPARE(r->outcome, u"HTTP %1"_s.arg(status));
        QCOMPARE(r->delivered, delivered);
        QCOMPARE(r->retryable, retryable);
    }
    QCOMPARE(receiver.requests().size(), 2);
}

void tst_Channels::shouldDeliverOnRetryAfterA500()
{
    // Given a receiver that fails once, then recovers
    HttpReceiver receiver;
    receiver.scriptStatuses({500, 200});
    Notifier notifier(loopbackAllowed());
    const Delivery d = webhook(receiver.url(u"/hook"_s), QJsonObject{{u"n"_s, 1}});

    // When the engine tries, and tries again
    const auto first = deliverAndWait(notifier, d);
    const auto second = deliverAndWait(notifier, d);

    // Then the first attempt is retryable and the second delivered, with the same body
    QVERIFY(first && second);
    QCOMPARE(first->outcome, u"HTTP 500"_s);
    QVERIFY(!first->delivered);
    QVERIFY(first->retryable);
    QCOMPARE(second->outcome, u"HTTP 200"_s);
    QVERIFY(second->delivered);
    QCOMPARE(receiver.requests().size(), 2);
    QCOMPARE(receiver.requests()[0].body, receiver.requests()[1].body);
}

void tst_Channels::shouldTimeOutAStalledReceiver()
{
    // Given a receiver that reads the request and never answers, and a 1 s timeout
    HttpReceiver receiver;
    receiver.scriptStatuses({0});
    ChannelConfig config = loopbackAllowed();
    config.timeoutMs = 1000;
    Notifier notifier(config);

    // When a delivery is made
    const auto r = deliverAndWait(notifier, webhook(receiver.url(u"/hook"_s)));

    // Then it gives up after the timeout, retryable, and the latency covers the wait
    QVERIFY(r);
    QCOMPARE(r->outcome, u"timeout after 1 s"_s);
    QVERIFY(!r->delivered);
    QVERIFY(r->retryable);
    QVERIFY2(r->latencyMs >= 1000, qPrintable(QString::number(r->latencyMs)));
    QCOMPARE(receiver.requests().size(), 1);
}

void tst_Channels::shouldReportRefusedConnections_data()
{
    QTest::addColumn<Delivery::Channel>("channel");
    QTest::addRow("webhook") << Delivery::Channel::Webhook;
    QTest::addRow("slack") << Delivery::Channel::Slack;
    QTest::addRow("sms") << Delivery::Channel::Sms;
}

void tst_Channels::shouldReportRefusedConnections()
{
    QFETCH(Delivery::Channel, channel);
    // Given a port nobody listens on
    const quint16 port = closedPort();
    ChannelConfig config = loopbackAllowed();
    config.smsUrlTemplate = u"http://127.0.0.1:%1/send?to={phone}"_s.arg(port);
    Notifier notifier(config);
    Delivery d = webhook(u"http://127.0.0.1:%1/hook"_s.arg(port));
    d.channel = channel;
    if (channel == Delivery::Channel::Sms)
        d.address = u"+821012345678"_s;

    // When a delivery is made, then it is refused and worth retrying
    const auto r = deliverAndWait(notifier, d);
    QVERIFY(r);
    QCOMPARE(r->outcome, u"connection refused"_s);
    QVERIFY(!r->delivered);
    QVERIFY(r->retryable);
}

void tst_Channels::shouldSendSlackText()
{
    // Given a Slack incoming webhook
    HttpReceiver receiver;
    Notifier notifier(loopbackAllowed());
    Delivery d;
    d.channel = Delivery::Channel::Slack;
    d.address = receiver.url(u"/services/T000/B000/XXXX"_s);
    d.subject = u"[P1] 결제 서비스 장애"_s;
    d.text = u"응답 없음 <https://vigil/alerts/42> & 재시도 중"_s;
    d.payload = QJsonObject{{u"ignored"_s, true}};

    // When it is notified
    const auto r = deliverAndWait(notifier, d);

    // Then Slack gets only {"text"}: the subject in bold on the first line, Slack's control characters escaped
    QVERIFY(r);
    QVERIFY(r->delivered);
    QCOMPARE(receiver.requests().size(), 1);
    const QJsonObject body = QJsonDocument::fromJson(receiver.requests().first().body).object();
    QCOMPARE(body, (QJsonObject{{u"text"_s, u"*[P1] 결제 서비스 장애*\n응답 없음 &lt;https://vigil/alerts/42&gt; &amp; 재시도 중"_s}}));
}

void tst_Channels::shouldExpandSmsTemplates()
{
    // Given a provider whose URL and JSON body take the phone number and the text
    HttpReceiver receiver;
    ChannelConfig config = loopbackAllowed();
    config.smsUrlTemplate = receiver.url(u"/send?to={phone}&text={text}&keep={unknown}"_s);
    config.smsBodyTemplate = uR"({"to":"{phone}","message":"{text}","from":"Vigil"})"_s;
    Notifier notifier(config);
    Delivery d;
    d.channel = Delivery::Channel::Sms;
    d.address = u"+82 10-1234-5678"_s;
    d.subject = u"not used when there is a text"_s;
    d.text = u"서버 \"db1\" 다운 & 50% {phone}\n확인 바람"_s;

    // When the text is sent
    const auto r = deliverAndWait(notifier, d);

    // Then the URL carries both, percent-encoded, and the body both, JSON-escaped; a {phone} inside the text and
    // an unknown placeholder stay as they are
    QVERIFY(r);
    QCOMPARE(r->outcome, u"HTTP 200"_s);
    QVERIFY(r->delivered);
    QCOMPARE(receiver.requests().size(), 1);
    const ReceivedRequest &req = receiver.requests().first();
    QCOMPARE(req.method, "POST");
    QVERIFY2(req.target.startsWith("/send?to=%2B82%2010-1234-5678&text="), req.target.constData());
    const QUrlQuery query(QUrl(QString::fromLatin1(req.target)).query(QUrl::FullyEncoded));
    QCOMPARE(query.queryItemValue(u"to"_s, QUrl::FullyDecoded), d.address);
    QCOMPARE(query.queryItemValue(u"text"_s, QUrl::FullyDecoded), d.text);
    QCOMPARE(query.queryItemValue(u"keep"_s, QUrl::FullyDecoded), u"{unknown}"_s);
    QJsonParseError error;
    const QJsonObject body = QJsonDocument::fromJson(req.body, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(body, (QJsonObject{{u"to"_s, d.address}, {u"message"_s, d.text}, {u"from"_s, u"Vigil"_s}}));
}

void tst_Channels::shouldRefuseUnusableTargetsWithoutRetry_data()
{
    QTest::addColumn<Delivery::Channel>("channel");
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("configured");
    QTest::addColumn<QString>("outcome");
    QTest::addRow("webhook-not-a-url") << Delivery::Channel::Webhook << u"not a url"_s << true << u"invalid URL"_s;
    QTest::addRow("webhook-ftp") << Delivery::Channel::Webhook << u"ftp://127.0.0.1/x"_s << true << u"invalid URL"_s;
    QTest::addRow("slack-empty") << Delivery::Channel::Slack << QString() << true << u"invalid URL"_s;
    QTest::addRow("sms-unconfigured") << Delivery::Channel::Sms << u"+821012345678"_s << false
                                      << u"SMS is not configured"_s;
    QTest::addRow("sms-no-number") << Delivery::Channel::Sms << u"  "_s << true << u"no phone number"_s;
    QTest::addRow("email-unconfigured") << Delivery::Channel::Email << u"a@example.com"_s << false
                                        << u"e-mail is not configured"_s;
    QTest::addRow("email-header-injection") << Delivery::Channel::Email << u"a@example.com\r\nBcc: b@example.com"_s
                                            << true << u"invalid e-mail address"_s;
    QTest::addRow("email-no-at") << Delivery::Channel::Email << u"jihoon.park"_s << true
                                 << u"invalid e-mail address"_s;
}

void tst_Channels::shouldRefuseUnusableTargetsWithoutRetry()
{
    QFETCH(Delivery::Channel, channel);
    QFETCH(QString, address);
    QFETCH(bool, configured);
    QFETCH(QString, outcome);
    ChannelConfig config;
    if (configured) {
        config = smtpConfig(closedPort());
        config.smsUrlTemplate = u"http://127.0.0.1:%1/send?to={phone}"_s.arg(closedPort());
    }
    Notifier notifier(config);
    Delivery d = webhook(address);
    d.channel = channel;
    const auto r = deliverAndWait(notifier, d);
    QVERIFY(r);
    QCOMPARE(r->outcome, outcome);
    QVERIFY(!r->delivered);
    QVERIFY(!r->retryable);
}

void tst_Channels::shouldMailKoreanIntact()
{
    // Given a relay, and a Korean subject long enough to need several encoded words
    SmtpSink sink;
    QVERIFY2(sink.start(), qPrintable(sink.error()));
    const FakeClock clock(QDateTime(QDate(2026, 11, 25), QTime(9, 30), Qt::UTC));
    Notifier notifier(smtpConfig(sink.port), clock);
    const QString subject = u"[P1] 결제 서비스 장애 — 응답 없음 (결제 게이트웨이 서울 리전, 5분째 계속)"_s;
    const QString text = u"박지훈 님,\n\n결제 서비스가 응답하지 않습니다.\n.점으로 시작하는 줄\n확인: https://vigil.example/alerts/42"_s;

    // When it is mailed
    const auto r = deliverAndWait(notifier, mail(u"jihoon.park@example.com"_s, subject, text));

    // Then the relay accepted it, and an independent e-mail parser reads back the same subject and body
    QVERIFY(r);
    QVERIFY2(r->delivered, qPrintable(r->outcome));
    QCOMPARE(r->outcome, u"SMTP 250 2.0.0 Message accepted for delivery"_s);
    QVERIFY(!r->retryable);
    QTRY_COMPARE_WITH_TIMEOUT(sink.messages().size(), 1, 10'000);
    const QJsonObject m = sink.messages().first();
    QCOMPARE(m.value(u"mail_from").toString(), u"vigil@example.com"_s);
    QCOMPARE(m.value(u"rcpt_tos").toArray(), QJsonArray{u"jihoon.park@example.com"_s});
    QCOMPARE(m.value(u"subject").toString(), subject);
    QCOMPARE(m.value(u"from").toString(), u"비질 알림 <vigil@example.com>"_s);
    QCOMPARE(m.value(u"to").toString(), u"jihoon.park@example.com"_s);
    QCOMPARE(m.value(u"content_type").toString(), u"text/plain"_s);
    // (the body travels in canonical form, CRLF line ends, as RFC 2045 wants before base64)
    QCOMPARE(m.value(u"body").toString(), QString(text + u'\n').replace(u"\n"_s, u"\r\n"_s));
    QCOMPARE(m.value(u"tls").toBool(), false);

    // And the headers are 7-bit, folded within 76 columns (RFC 2047), with the injected clock's date
    const QByteArray raw = QByteArray::fromBase64(m.value(u"raw").toString().toLatin1());
    const QByteArray headers = raw.left(raw.indexOf("\r\n\r\n"));
    QVERIFY2(headers.count("=?UTF-8?B?") >= 3, headers.constData()); // the subject's words, the sender's name
    for (const QByteArray &line : headers.split('\n')) {
        QVERIFY2(line.size() <= 77, line.constData()); // 76 + the '\r'
        for (const char c : line)
            QVERIFY2(static_cast<uchar>(c) < 0x80, line.constData());
    }
    QVERIFY(headers.contains("\r\nSubject: =?UTF-8?B?"));
    QVERIFY(headers.contains("Date: Wed, 25 Nov 2026 09:30:00 +0000\r\n"));
    QVERIFY(headers.contains("\r\nContent-Transfer-Encoding: base64"));
    QVERIFY(headers.contains("\r\nAuto-Submitted: auto-generated"));
}

void tst_Channels::shouldClassifySmtpRefusals_data()
{
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<bool>("retryable");
    QTest::addRow("550-permanent") << u"reject@example.com"_s << u"SMTP 550 5.1.1 No such user here"_s << false;
    QTest::addRow("451-temporary") << u"busy@example.com"_s << u"SMTP 451 4.3.0 Mailbox busy, try again later"_s
                                   << true;
}

void tst_Channels::shouldClassifySmtpRefusals()
{
    QFETCH(QString, to);
    QFETCH(QString, outcome);
    QFETCH(bool, retryable);
    // Given a relay that refuses the recipient
    SmtpSink sink;
    QVERIFY2(sink.start(), qPrintable(sink.error()));
    Notifier notifier(smtpConfig(sink.port));

    // When it is mailed, then the relay's reply is the outcome: 4xx retryable, 5xx not
    const auto r = deliverAndWait(notifier, mail(to, u"알림"_s, u"본문"_s));
    QVERIFY(r);
    QCOMPARE(r->outcome, outcome);
    QVERIFY(!r->delivered);
    QCOMPARE(r->retryable, retryable);

    // And nothing was accepted; the relay still takes the next message
    const auto ok = deliverAndWait(notifier, mail(u"ok@example.com"_s, u"알림"_s, u"본문"_s));
    QVERIFY(ok);
    QVERIFY2(ok->delivered, qPrintable(ok->outcome));
    QTRY_COMPARE_WITH_TIMEOUT(sink.messages().size(), 1, 10'000);
    QCOMPARE(sink.messages().first().value(u"rcpt_tos").toArray(), QJsonArray{u"ok@example.com"_s});
}

void tst_Channels::shouldReportSmtpConnectionRefused()
{
    Notifier notifier(smtpConfig(closedPort()));
    const auto r = deliverAndWait(notifier, mail(u"a@example.com"_s, u"s"_s, u"t"_s));
    QVERIFY(r);
    QCOMPARE(r->outcome, u"connection refused"_s);
    QVERIFY(!r->delivered);
    QVERIFY(r->retryable);
}

void tst_Channels::shouldTimeOutASilentRelay()
{
    // Given a relay that accepts the connection and never greets, and a 2 s timeout
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    ChannelConfig config = smtpConfig(silent.serverPort());
    config.timeoutMs = 2000;
    Notifier notifier(config);

    // When a message is sent, then it times out (retryable) and the latency covers the wait
    const auto r = deliverAndWait(notifier, mail(u"a@example.com"_s, u"s"_s, u"t"_s));
    QVERIFY(r);
    QCOMPARE(r->outcome, u"timeout after 2 s"_s);
    QVERIFY(!r->delivered);
    QVERIFY(r->retryable);
    QVERIFY2(r->latencyMs >= 2000, qPrintable(QString::number(r->latencyMs)));
}

void tst_Channels::shouldUseStartTlsAndAuth()
{
    // Given a relay that offers STARTTLS, and AUTH only under TLS
    SmtpSink sink;
    QVERIFY2(sink.start({m_cert, m_key}), qPrintable(sink.error()));
    ChannelConfig config = smtpConfig(sink.port);
    config.smtpCaFile = m_cert;
    config.smtpUser = u"vigil"_s;
    config.smtpPassword = u"s3cret"_s;
    Notifier notifier(config);

    // When a message is sent with TLS merely preferred, and again with it required
    const auto preferred = deliverAndWait(notifier, mail(u"a@example.com"_s, u"제목"_s, u"본문"_s));
    config.smtpRequireTls = true;
    Notifier strict(config);
    const auto required = deliverAndWait(strict, mail(u"b@example.com"_s, u"제목"_s, u"본문"_s));

    // Then both went over TLS, authenticated
    QVERIFY(preferred && required);
    QVERIFY2(preferred->delivered, qPrintable(preferred->outcome));
    QVERIFY2(required->delivered, qPrintable(required->outcome));
    QTRY_COMPARE_WITH_TIMEOUT(sink.messages().size(), 2, 10'000);
    for (const QJsonObject &m : sink.messages()) {
        QCOMPARE(m.value(u"tls").toBool(), true);
        QCOMPARE(m.value(u"login").toString(), u"vigil"_s);
        QCOMPARE(m.value(u"subject").toString(), u"제목"_s);
    }
}

void tst_Channels::shouldRefuseToSendInClearWhenTlsIsRequired()
{
    // Given a relay without STARTTLS, and TLS required
    SmtpSink sink;
    QVERIFY2(sink.start(), qPrintable(sink.error()));
    ChannelConfig config = smtpConfig(sink.port);
    config.smtpRequireTls = true;
    Notifier notifier(config);

    // When a message is sent, then it is not, and retrying would not help
    const auto r = deliverAndWait(notifier, mail(u"a@example.com"_s, u"s"_s, u"t"_s));
    QVERIFY(r);
    QCOMPARE(r->outcome, u"the relay does not offer STARTTLS"_s);
    QVERIFY(!r->delivered);
    QVERIFY(!r->retryable);
    // A message that slipped through would have reached the sink by now (its reply came first).
    QCOMPARE(sink.messages().size(), 0);
}

void tst_Channels::shouldNeverSendAPasswordInClear()
{
    // Given a relay without STARTTLS, a user and password, and TLS not asked for
    SmtpSink sink;
    QVERIFY2(sink.start(), qPrintable(sink.error()));
    ChannelConfig config = smtpConfig(sink.port);
    config.smtpUser = u"vigil"_s;
    config.smtpPassword = u"s3cret"_s;
    QVERIFY(!config.smtpRequireTls);
    Notifier notifier(config);

    // When a message is sent, then it is not: TLS is required with a user, whatever the option says
    const auto r = deliverAndWait(notifier, mail(u"a@example.com"_s, u"s"_s, u"t"_s));
    QVERIFY(r);
    QCOMPARE(r->outcome, u"the relay does not offer STARTTLS"_s);
    QVERIFY(!r->delivered);
    QVERIFY(!r->retryable);
    // Nothing reached the relay, the password included (the reply above came after the relay's answer to EHLO).
    QCOMPARE(sink.messages().size(), 0);
}

void tst_Channels::shouldReportWrongSmtpPassword()
{
    SmtpSink sink;
    QVERIFY2(sink.start({m_cert, m_key}), qPrintable(sink.error()));
    ChannelConfig config = smtpConfig(sink.port);
    config.smtpCaFile = m_cert;
    config.smtpUser = u"vigil"_s;
    config.smtpPassword = u"wrong"_s;
    Notifier notifier(config);
    const auto r = deliverAndWait(notifier, mail(u"a@example.com"_s, u"s"_s, u"t"_s));
    QVERIFY(r);
    QVERIFY2(r->outcome.startsWith(u"SMTP 535"_s), qPrintable(r->outcome));
    QVERIFY(!r->delivered);
    QVERIFY(!r->retryable);
    QCOMPARE(sink.messages().size(), 0);
}

void tst_Channels::shouldDeliverManyAtOnce()
{
    // Given a webhook receiver and a relay
    HttpReceiver receiver;
    SmtpSink sink;
    QVERIFY2(sink.start(), qPrintable(sink.error()));
    Notifier notifier(smtpConfig(sink.port));

    // When eight webhooks and eight e-mails are started together (more e-mails than mail workers)
    QList<DeliveryResult> results;
    for (int i = 0; i < 8; ++i) {
        const auto collect = [&results](const DeliveryResult &r) { results.append(r); };
        notifier.deliver(webhook(receiver.url(u"/hook"_s), QJsonObject{{u"n"_s, i}}), collect);
        notifier.deliver(mail(u"user%1@example.com"_s.arg(i), u"알림 %1"_s.arg(i), u"본문"_s), collect);
    }

    // Then every one is delivered, each exactly once
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 16, 60'000);
    for (const DeliveryResult &r : std::as_const(results))
        QVERIFY2(r.delivered, qPrintable(r.outcome));
    QTRY_COMPARE_WITH_TIMEOUT(sink.messages().size(), 8, 10'000);
    QSet<QString> recipients;
    for (const QJsonObject &m : sink.messages())
        recipients.insert(m.value(u"rcpt_tos").toArray().first().toString());
    QCOMPARE(recipients.size(), 8);
    QSet<int> numbers;
    for (const ReceivedRequest &r : receiver.requests())
        numbers.insert(QJsonDocument::fromJson(r.body).object().value(u"n").toInt(-1));
    QCOMPARE(numbers, (QSet<int>{0, 1, 2, 3, 4, 5, 6, 7}));
}

void tst_Channels::shouldDropCallbacksWhenDestroyed()
{
    // Given a webhook and an e-mail in flight, to a receiver and a relay that never answer
    HttpReceiver receiver;
    receiver.scriptStatuses({0});
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    ChannelConfig config = smtpConfig(silent.serverPort());
    config.timeoutMs = 1000;
    auto notifier = std::make_unique<Notifier>(config);
    int calls = 0;
    notifier->deliver(webhook(receiver.url(u"/hook"_s)), [&calls](const DeliveryResult &) { ++calls; });
    notifier->deliver(mail(u"a@example.com"_s, u"s"_s, u"t"_s), [&calls](const DeliveryResult &) { ++calls; });
    QTRY_COMPARE_WITH_TIMEOUT(receiver.requests().size(), 1, 10'000);
    QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), 10'000);

    // When the notifier is destroyed (it waits for the e-mail worker, at most its timeout)
    notifier.reset();
    QCoreApplication::processEvents();

    // Then no callback runs
    QCOMPARE(calls, 0);
}

QTEST_GUILESS_MAIN(tst_Channels)
#include "tst_channels.moc"
