// Webhook and Slack pages against internal addresses: the notifier refuses loopback, private, link-local and the
// like before any connection is made, lets the operator's allowed networks through, and connects to the address it
// checked (a second lookup could answer differently: DNS rebinding). Receivers are the tests' own, on 127.0.0.1.
#include "channels/notifier.h"
#include "channels/outboundpolicy.h"
#include "httpreceiver.h"

#include <QEventLoop>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace Vigil;
using Vigil::Testing::HttpReceiver;
using namespace Qt::StringLiterals;

namespace {

const QString Blocked = u"blocked: the URL points to an internal address"_s;

/// Delivers and runs the event loop until the callback (at most 30 s).
std::optional<DeliveryResult> deliverAndWait(Notifier &notifier, const Delivery &d)
{
    struct State
    {
        std::optional<DeliveryResult> result;
        QEventLoop loop;
    };
    auto state = std::make_shared<State>();
    notifier.deliver(d, [state](const DeliveryResult &r) {
        state->result = r;
        state->loop.quit();
    });
    if (!state->result) {
        QTimer::singleShot(30'000, &state->loop, &QEventLoop::quit);
        state->loop.exec();
    }
    return state->result;
}

Delivery hook(const QString &url, Delivery::Channel channel = Delivery::Channel::Webhook)
{
    Delivery d;
    d.channel = channel;
    d.address = url;
    d.subject = u"[P1] 결제 서비스 장애"_s;
    d.text = u"응답 없음"_s;
    return d;
}

ChannelConfig allowing(const QString &networks)
{
    ChannelConfig c;
    c.allowOutbound = OutboundPolicy::parseSubnets(networks).value_or(QList<Subnet>{});
    return c;
}

} // namespace

class tst_Outbound final : public QObject
{
    Q_OBJECT

private slots:
    void shouldClassifyAddresses_data();
    void shouldClassifyAddresses();
    void shouldParseAllowLists_data();
    void shouldParseAllowLists();
    void shouldRefuseInternalTargetsWithoutConnecting_data();
    void shouldRefuseInternalTargetsWithoutConnecting();
    void shouldLetAnAllowedNetworkThrough();
    void shouldConnectToTheCheckedAddress();
    void shouldRefuseANameWhoseAddressesAreAllInternal();
    void shouldPinAnIPv6Address();
};

void tst_Outbound::shouldClassifyAddresses_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("internal");
    QTest::addRow("public-v4") << u"93.184.216.34"_s << false;
    QTest::addRow("public-dns") << u"8.8.8.8"_s << false;
    QTest::addRow("loopback") << u"127.0.0.1"_s << true;
    QTest::addRow("loopback-other") << u"127.53.0.9"_s << true;
    QTest::addRow("unspecified") << u"0.0.0.0"_s << true;
    QTest::addRow("this-network") << u"0.1.2.3"_s << true;
    QTest::addRow("private-10") << u"10.20.30.40"_s << true;
    QTest::addRow("private-172-16") << u"172.16.0.1"_s << true;
    QTest::addRow("private-172-31") << u"172.31.255.254"_s << true;
    QTest::addRow("public-172-32") << u"172.32.0.1"_s << false;
    QTest::addRow("private-192-168") << u"192.168.1.1"_s << true;
    QTest::addRow("metadata") << u"169.254.169.254"_s << true;
    QTest::addRow("cgnat-first") << u"100.64.0.1"_s << true;
    QTest::addRow("cgnat-last") << u"100.127.255.254"_s << true;
    QTest::addRow("public-100-128") << u"100.128.0.1"_s << false;
    QTest::addRow("multicast") << u"224.0.0.251"_s << true;
    QTest::addRow("broadcast") << u"255.255.255.255"_s << true;
    QTest::addRow("v6-public") << u"2001:4860:4860::8888"_s << false;
    QTest::addRow("v6-loopback") << u"::1"_s << true;
    QTest::addRow("v6-unspecified") << u"::"_s << true;
    QTest::addRow("v6-ula-fc") << u"fc00::1"_s << true;
    QTest::addRow("v6-ula-fd") << u"fd12:3456::1"_s << true;
    QTest::addRow("v6-link-local") << u"fe80::1"_s << true;
    QTest::addRow("v6-multicast") << u"ff02::1"_s << true;
    QTest::addRow("v6-mapped-loopback") << u"::ffff:127.0.0.1"_s << true;
    QTest::addRow("v6-mapped-metadata") << u"::ffff:169.254.169.254"_s << true;
    QTest::addRow("v6-mapped-private") << u"::ffff:10.0.0.1"_s << true;
    QTest::addRow("v6-mapped-public") << u"::ffff:93.184.216.34"_s << false;
    QTest::addRow("v6-nat64-loopback") << u"64:ff9b::7f00:1"_s << true;
    QTest::addRow("v6-6to4-private") << u"2002:c0a8:0101::1"_s << true;
}

void tst_Outbound::shouldClassifyAddresses()
{
    QFETCH(QString, address);
    QFETCH(bool, internal);
    const QHostAddress a(address);
    QVERIFY(!a.isNull());
    QCOMPARE(OutboundPolicy::isInternal(a), internal);
    QCOMPARE(OutboundPolicy().permits(a), !internal);
}

void tst_Outbound::shouldParseAllowLists_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("bad");
    QTest::addColumn<QString>("permitted");    // an internal address the list lets through, or empty
    QTest::addColumn<QString>("notPermitted"); // an internal address it does not, or empty
    QTest::addRow("loopback") << u"127.0.0.0/8"_s << true << QString() << u"127.0.0.1"_s << u"10.0.0.1"_s;
    QTest::addRow("loopback-covers-mapped") << u"127.0.0.0/8"_s << true << QString() << u"::ffff:127.0.0.1"_s
                                            << u"::1"_s;
    QTest::addRow("two-comma") << u"10.20.0.0/16,192.168.1.5"_s << true << QString() << u"192.168.1.5"_s
                               << u"192.168.1.6"_s;
    QTest::addRow("two-space") << u"10.20.0.0/16 fd00::/8"_s << true << QString() << u"fd00::7"_s
                               << u"10.21.0.1"_s;
    QTest::addRow("v6-single") << u"::1"_s << true << QString() << u"::1"_s << u"127.0.0.1"_s;
    QTest::addRow("empty") << QString() << true << QString() << QString() << u"127.0.0.1"_s;
    QTest::addRow("a-name") << u"10.0.0.0/8,intranet"_s << false << u"intranet"_s << QString() << QString();
    QTest::addRow("bad-prefix") << u"10.0.0.0/33"_s << false << u"10.0.0.0/33"_s << QString() << QString();
}

void tst_Outbound::shouldParseAllowLists()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, bad);
    QFETCH(QString, permitted);
    QFETCH(QString, notPermitted);
    QString seen;
    const auto subnets = OutboundPolicy::parseSubnets(text, &seen);
    QCOMPARE(subnets.has_value(), valid);
    QCOMPARE(seen, bad);
    if (!subnets)
        return;
    const OutboundPolicy policy(*subnets);
    if (!permitted.isEmpty())
        QVERIFY(policy.permits(QHostAddress(permitted)));
    if (!notPermitted.isEmpty())
        QVERIFY(!policy.permits(QHostAddress(notPermitted)));
}

void tst_Outbound::shouldRefuseInternalTargetsWithoutConnecting_data()
{
    QTest::addColumn<QString>("url"); // %1: the receiver's port
    QTest::addColumn<Delivery::Channel>("channel");
    QTest::addRow("loopback") << u"http://127.0.0.1:%1/hook"_s << Delivery::Channel::Webhook;
    QTest::addRow("loopback-slack") << u"http://127.0.0.1:%1/services/T/B/X"_s << Delivery::Channel::Slack;
    QTest::addRow("loopback-https") << u"https://127.0.0.1:%1/hook"_s << Delivery::Channel::Webhook;
    QTest::addRow("loopback-v6") << u"http://[::1]:%1/hook"_s << Delivery::Channel::Webhook;
    QTest::addRow("mapped-loopback") << u"http://[::ffff:127.0.0.1]:%1/hook"_s << Delivery::Channel::Webhook;
    QTest::addRow("localhost-name") << u"http://localhost:%1/hook"_s << Delivery::Channel::Webhook;
    QTest::addRow("unspecified") << u"http://0.0.0.0:%1/hook"_s << Delivery::Channel::Webhook;
    QTest::addRow("private-10") << u"http://10.1.2.3:%1/hook"_s << Delivery::Channel::Webhook;
    QTest::addRow("private-192-168") << u"http://192.168.0.1/hook"_s << Delivery::Channel::Slack;
    QTest::addRow("metadata") << u"http://169.254.169.254/latest/meta-data/"_s << Delivery::Channel::Webhook;
    QTest::addRow("cgnat") << u"http://100.64.0.1/hook"_s << Delivery::Channel::Webhook;
    QTest::addRow("ula") << u"http://[fd00::1]/hook"_s << Delivery::Channel::Webhook;
}

void tst_Outbound::shouldRefuseInternalTargetsWithoutConnecting()
{
    QFETCH(QString, url);
    QFETCH(Delivery::Channel, channel);
    // Given a receiver on loopback, and a notifier with no allowed networks (vigild's default)
    HttpReceiver receiver;
    QVERIFY(receiver.isListening());
    Notifier notifier(ChannelConfig{});

    // When a page goes to an internal address
    const auto r = deliverAndWait(notifier, hook(url.arg(receiver.port()), channel));

    // Then it is refused, for good, with an outcome that says why and names no address
    QVERIFY(r);
    QCOMPARE(r->outcome, Blocked);
    QVERIFY(!r->delivered);
    QVERIFY(!r->retryable);

    // And no request reached the receiver: an allowed page sent next is the first and only one it sees
    Notifier allowed(allowing(u"127.0.0.0/8"_s));
    const auto marker = deliverAndWait(allowed, hook(receiver.url(u"/marker"_s)));
    QVERIFY(marker);
    QCOMPARE(marker->outcome, u"HTTP 200"_s);
    QCOMPARE(receiver.count(), 1);
    QCOMPARE(receiver.requests().first().target, "/marker");
}

void tst_Outbound::shouldLetAnAllowedNetworkThrough()
{
    // Given an operator who allows loopback (vigild --allow-outbound 127.0.0.0/8)
    HttpReceiver receiver;
    Notifier notifier(allowing(u"127.0.0.0/8"_s));

    // When pages go to 127.0.0.1 and to the name localhost, for a webhook and for Slack
    const auto byAddress = deliverAndWait(notifier, hook(receiver.url(u"/by-address"_s)));
    const auto byName = deliverAndWait(
        notifier, hook(u"http://localhost:%1/by-name"_s.arg(receiver.port()), Delivery::Channel::Slack));

    // Then both arrive; the name's request still carries the name in Host
    QVERIFY(byAddress && byName);
    QCOMPARE(byAddress->outcome, u"HTTP 200"_s);
    QCOMPARE(byName->outcome, u"HTTP 200"_s);
    QCOMPARE(receiver.count(), 2);
    QCOMPARE(receiver.requests().at(1).target, "/by-name");
    QCOMPARE(receiver.requests().at(1).headers.value("host"), u"localhost:%1"_s.arg(receiver.port()).toLatin1());

    // And an allowed network lets only itself through: ::1 is not in 127.0.0.0/8
    const auto v6 = deliverAndWait(notifier, hook(u"http://[::1]:%1/v6"_s.arg(receiver.port())));
    QVERIFY(v6);
    QCOMPARE(v6->outcome, Blocked);
    QCOMPARE(receiver.count(), 2);
}

void tst_Outbound::shouldConnectToTheCheckedAddress()
{
    // Given a name that only our resolver knows (.example never resolves in real DNS): first an internal
    // address outside the allowed network, then 127.0.0.1, which is allowed
    HttpReceiver receiver;
    Notifier notifier(allowing(u"127.0.0.0/8"_s));
    QStringList lookups;
    notifier.setResolver([&lookups](const QString &host, const std::function<void(const QList<QHostAddress> &)> &done) {
        lookups.append(host);
        done(host == u"hooks.vigil.example"
                 ? QList<QHostAddress>{QHostAddress(u"10.9.9.9"_s), QHostAddress(QHostAddress::LocalHost)}
                 : QList<QHostAddress>{});
    });

    // When a page goes to that name
    const auto r = deliverAndWait(notifier, hook(u"http://hooks.vigil.example:%1/pinned?x=1"_s.arg(receiver.port())));

    // Then it was looked up once, and the request went to the checked address (a second lookup by the HTTP client
    // would have failed: "host not found"), naming the host as written
    QVERIFY(r);
    QCOMPARE(r->outcome, u"HTTP 200"_s);
    QCOMPARE(lookups, QStringList{u"hooks.vigil.example"_s});
    QCOMPARE(receiver.count(), 1);
    QCOMPARE(receiver.requests().first().target, "/pinned?x=1");
    QCOMPARE(receiver.requests().first().headers.value("host"),
             u"hooks.vigil.example:%1"_s.arg(receiver.port()).toLatin1());

    // And a name the resolver does not know is "host not found", worth retrying
    const auto unknown = deliverAndWait(notifier, hook(u"http://nowhere.vigil.example/hook"_s));
    QVERIFY(unknown);
    QCOMPARE(unknown->outcome, u"host not found"_s);
    QVERIFY(unknown->retryable);
}

void tst_Outbound::shouldRefuseANameWhoseAddressesAreAllInternal()
{
    // Given a public-looking name that resolves to the metadata service and a private address (a rebinding
    // attacker's DNS), and no allowed networks
    HttpReceiver receiver;
    Notifier notifier(ChannelConfig{});
    notifier.setResolver([](const QString &, const std::function<void(const QList<QHostAddress> &)> &done) {
        done({QHostAddress(u"169.254.169.254"_s), QHostAddress(u"::ffff:10.0.0.1"_s)});
    });

    // When a page goes there, then it is refused
    const auto r = deliverAndWait(notifier, hook(u"https://rebind.vigil.example/hook"_s));
    QVERIFY(r);
    QCOMPARE(r->outcome, Blocked);
    QVERIFY(!r->retryable);
}

void tst_Outbound::shouldPinAnIPv6Address()
{
    // Given a name that resolves to ::1, allowed, on a port where nothing listens (tests bind no IPv6 server)
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    Notifier notifier(allowing(u"::1"_s));
    notifier.setResolver([](const QString &, const std::function<void(const QList<QHostAddress> &)> &done) {
        done({QHostAddress(QHostAddress::LocalHostIPv6)});
    });

    // When a page goes to that name, then vigild tried to connect to [::1] itself (a malformed pinned URL would be
    // a different network error, and a lookup of the name "host not found")
    const auto r = deliverAndWait(notifier, hook(u"http://v6.vigil.example:%1/hook"_s.arg(port)));
    QVERIFY(r);
    QCOMPARE(r->outcome, u"connection refused"_s);
    QVERIFY(r->retryable);
}

QTEST_GUILESS_MAIN(tst_Outbound)
#include "tst_outbound.moc"
