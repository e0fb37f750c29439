#pragma once

// Pure formatting for the notification channels: what goes on the wire, with no I/O (tested through the channels).
#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>

namespace Vigil::Channels {

/// A header value as RFC 2047 encoded words (=?UTF-8?B?…?=, folded with CRLF SP so that no line exceeds 76
/// characters, the first one counting `used` characters of "Name: ") when it holds anything but printable ASCII;
/// as is otherwise. Line breaks become spaces.
[[nodiscard]] QByteArray encodeHeaderText(const QString &text, int used = 0);

/// The address inside "Name <addr>", or the whole trimmed text.
[[nodiscard]] QString mailboxAddress(const QString &mailbox);

/// A plausible addr-spec (one @, no spaces, controls or angle brackets): refuses header and command injection.
[[nodiscard]] bool isValidMailAddress(const QString &address);

/// A complete RFC 5322 message: UTF-8 text/plain body in base64 (76-column lines), CRLF line ends.
[[nodiscard]] QByteArray composeEmail(const QString &from, const QString &to, const QString &subject,
                                      const QString &text, const QDateTime &date, const QString &messageId);

enum class Escaping { Url, Json };
/// Replaces {name} placeholders found in `values` in one pass (a value is never expanded again), each value
/// percent-encoded (Url) or escaped as the inside of a JSON string (Json). Other braces are kept.
[[nodiscard]] QString expandTemplate(const QString &tmpl, const QHash<QString, QString> &values, Escaping escaping);

/// Slack incoming-webhook body: {"text": "*subject*\ntext"} with Slack's &, <, > escaped.
[[nodiscard]] QJsonObject slackBody(const QString &subject, const QString &text);

} // namespace Vigil::Channels
