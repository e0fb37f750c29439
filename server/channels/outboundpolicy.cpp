#include "outboundpolicy.h"

#include <QRegularExpression>

#include <array>

using namespace Qt::StringLiterals;

namespace Vigil {

namespace {

/// The IPv4 address an IPv6 address stands for, when it embeds one in a way a router or the kernel would act on.
std::optional<quint32> embeddedIPv4(const QHostAddress &address)
{
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return std::nullopt;
    const Q_IPV6ADDR b = address.toIPv6Address();
    const auto v4At = [&b](int i) {
        return (quint32(b[i]) << 24) | (quint32(b[i + 1]) << 16) | (quint32(b[i + 2]) << 8) | quint32(b[i + 3]);
    };
    const auto zero = [&b](int from, int to) {
        for (int i = from; i < to; ++i) {
            if (b[i] != 0)
                return false;
        }
        return true;
    };
    // ::ffff:a.b.c.d (mapped; the kernel connects to the IPv4 address) and ::a.b.c.d (compatible, deprecated).
    if (zero(0, 10) && ((b[10] == 0xff && b[11] == 0xff) || (b[10] == 0 && b[11] == 0)))
        return v4At(12);
    // 64:ff9b::a.b.c.d, the well-known NAT64 prefix: a NAT64 gateway connects to a.b.c.d.
    if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && zero(4, 12))
        return v4At(12);
    // 2002:AABB:CCDD::/48, 6to4: tunnelled to the IPv4 address AA.BB.CC.DD.
    if (b[0] == 0x20 && b[1] == 0x02)
        return v4At(2);
    return std::nullopt;
}

bool isInternalIPv4(quint32 a)
{
    struct Net
    {
        quint32 base;
        int bits;
    };
    static constexpr std::array<Net, 11> nets{{
        {0x00000000, 8},   // 0.0.0.0/8 "this network", includes the unspecified 0.0.0.0
        {0x0A000000, 8},   // 10.0.0.0/8 private
        {0x64400000, 10},  // 100.64.0.0/10 carrier-grade NAT
        {0x7F000000, 8},   // 127.0.0.0/8 loopback
        {0xA9FE0000, 16},  // 169.254.0.0/16 link-local, cloud metadata services
        {0xAC100000, 12},  // 172.16.0.0/12 private
        {0xC0000000, 24},  // 192.0.0.0/24 IETF protocol assignments
        {0xC0A80000, 16},  // 192.168.0.0/16 private
        {0xC6120000, 15},  // 198.18.0.0/15 benchmarking
        {0xE0000000, 4},   // 224.0.0.0/4 multicast
        {0xF0000000, 4},   // 240.0.0.0/4 reserved, includes broadcast 255.255.255.255
    }};
    for (const Net &n : nets) {
        const quint32 mask = ~quint32(0) << (32 - n.bits);
        if ((a & mask) == n.base)
            return true;
    }
    return false;
}

} // namespace

std::optional<QList<Subnet>> OutboundPolicy::parseSubnets(const QString &text, QString *bad)
{
    static const QRegularExpression separators(u"[,\\s]+"_s);
    QList<Subnet> out;
    for (const QString &item : text.split(separators, Qt::SkipEmptyParts)) {
        Subnet subnet = QHostAddress::parseSubnet(item);
        if (subnet.first.isNull()) {
            // parseSubnet wants a prefix; a bare address is a network of one.
            const QHostAddress single(item);
            if (single.isNull()) {
                if (bad)
                    *bad = item;
                return std::nullopt;
            }
            subnet = {single, single.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128};
        }
        out.append(subnet);
    }
    return out;
}

bool OutboundPolicy::isInternal(const QHostAddress &address)
{
    if (address.isNull())
        return true;
    if (address.protocol() == QAbstractSocket::IPv4Protocol)
        return isInternalIPv4(address.toIPv4Address());
    if (const auto v4 = embeddedIPv4(address); v4 && isInternalIPv4(*v4))
        return true;
    static const std::array<Subnet, 6> nets{{
        QHostAddress::parseSubnet(u"::/128"_s),    // unspecified
        QHostAddress::parseSubnet(u"::1/128"_s),   // loopback
        QHostAddress::parseSubnet(u"fc00::/7"_s),  // unique local
        QHostAddress::parseSubnet(u"fe80::/10"_s), // link-local
        QHostAddress::parseSubnet(u"fec0::/10"_s), // site-local (deprecated, still routed by some)
        QHostAddress::parseSubnet(u"ff00::/8"_s),  // multicast
    }};
    for (const Subnet &n : nets) {
        if (address.isInSubnet(n))
            return true;
    }
    return false;
}

bool OutboundPolicy::permits(const QHostAddress &address) const
{
    if (!isInternal(address))
        return true;
    // An allowed IPv4 network also covers the IPv6 forms of its addresses (::ffff:127.0.0.1 for 127.0.0.0/8).
    const auto v4 = embeddedIPv4(address);
    const QHostAddress asV4 = v4 ? QHostAddress(*v4) : QHostAddress();
    for (const Subnet &n : m_allowed) {
        if (address.isInSubnet(n) || (!asV4.isNull() && asV4.isInSubnet(n)))
            return true;
    }
    return false;
}

} // namespace Vigil
