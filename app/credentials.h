#pragma once

#include <QString>

namespace Vigil::Credentials {

/// Where the access token of a server is kept: the OS keychain when one is available, otherwise the settings
/// file (and `notice` says so, for the connection dialog).
struct Outcome
{
    QString token;
    QString notice;
};

[[nodiscard]] Outcome readToken(const QString &server);
[[nodiscard]] Outcome storeToken(const QString &server, const QString &token);

} // namespace Vigil::Credentials
