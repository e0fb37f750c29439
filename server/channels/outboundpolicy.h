#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace Vigil {

/// A network in CIDR form: an address and a prefix length.
using Subnet = std::pair<QHostAddress, int>;

/// Which addresses webhook and Slack pages may connect to. A contact method's URL is set by any user, so without a
/// check a responder could make vigild probe its own network (127.0.0.1, the cloud metadata service at
/// 169.254.169.254, the database) and read the answer in the alert log. Internal addresses are therefore refused
/// unless the operator allows their network (vigild --allow-outbound); public addresses are always allowed.
/// Pure and thread-safe.
class OutboundPolicy final
{
public:
    OutboundPolicy() = default;
    explicit OutboundPolicy(QList<Subnet> allowed) : m_allowed(std::move(allowed)) {}

    /// Parses "127.0.0.0/8,10.1.2.3,fd00::/8" (comma- or space-separated; a bare address is a /32 or /128).
    /// nullopt, with the offending item in `bad`, when an item is not an address or a network.
    [[nodiscard]] static std::optional<QList<Subnet>> parseSubnets(const QString &text, QString *bad = nullptr);

    /// True for addresses that are not on the public internet: unspecified, "this network" 0.0.0.0/8, loopback,
    /// private (RFC 1918), CGNAT 100.64.0.0/10, link-local (IPv4 and IPv6), ULA fc00::/7, site-local fec0::/10,
    /// multicast, reserved 240.0.0.0/4 and broadcast, and IPv6 forms that carry such an IPv4 address
    /// (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16).
    [[nodiscard]] static bool isInternal(const QHostAddress &address);

    /// True when vigild may connect to `address`: it is public, or inside an allowed network.
    [[nodiscard]] bool permits(const QHostAddress &address) const;

    [[nodiscard]] const QList<Subnet> &allowed() const { return m_allowed; }

private:
    QList<Subnet> m_allowed;
};

} // namespace Vigil
