#pragma once

#include "common/result.h"
#include "httpserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <utility>

// What every route file of vigild shares: the one way to build an error, to read a JSON body, to check If-Match,
// to stamp versions and to page through lists. Route files include this and nothing of each other.
namespace Vigil::Routes {

/// An API error: a code from ErrorCode (which fixes the HTTP status, see httpStatusFor), a message for people and
/// the request field it is about (empty when it is about the request as a whole).
[[nodiscard]] Error err(const char *code, const QString &message, const QString &field = {});

/// The request's body as a JSON object: 415 when it declares another Content-Type, 400 when empty or malformed.
[[nodiscard]] Result<QJsonObject> requireJsonBody(const HttpRequest &req);
/// Like requireJsonBody, but an empty body is an empty object (actions whose members are all optional).
[[nodiscard]] Result<QJsonObject> optionalJsonBody(const HttpRequest &req);

/// Checks If-Match against an entity's version: ok when absent or equal; 400 when malformed; 412 carrying the
/// entity as it is now under `current`. `what` names the entity in the message.
[[nodiscard]] Status checkIfMatch(const HttpRequest &req, const QString &what, const QJsonObject &current);

/// Sets id, version (1, or the previous + 1), created_at (now, or kept) and updated_at (now).
[[nodiscard]] QJsonObject stamp(QJsonObject o, const QJsonObject &before, const QDateTime &now, const QString &id);

/// ?limit= between 1 and `max`, `def` when absent (400 naming `limit` otherwise).
[[nodiscard]] Result<int> limitParam(const HttpRequest &req, int def, int max);
/// An opaque keyset cursor of two parts (sort key and id), and its reverse (nullopt when not one of ours).
[[nodiscard]] QString encodeCursor(const QString &a, const QString &b);
[[nodiscard]] std::optional<std::pair<QString, QString>> decodeCursor(const QString &c);

/// Ok for an e-mail address (or an empty one when not `required`); 400 naming `field` otherwise.
[[nodiscard]] Status validateEmail(const QString &email, const QString &field, bool required);

[[nodiscard]] QJsonArray toArray(const QList<QJsonObject> &items);
/// {"items": [...], "next_cursor": null}: a list that fits one page.
[[nodiscard]] HttpResponse onePage(const QJsonArray &items);
/// 204 with no body (deletions).
[[nodiscard]] HttpResponse noContent();

/// An alert log entry as one reader may see it. A delivery entry (`delivered`, `delivery_failed`) names the paged
/// person's contact address and what the far end answered; shown to everyone, a webhook pointed at an internal
/// host would make the log a port scanner. So only that person (details.user_id) and admins (`admin`) get it
/// whole; others get the fact: type, time, user, channel, attempt, and a message without address or outcome.
[[nodiscard]] QJsonObject alertLogEntryFor(QJsonObject entry, const QString &readerId, bool admin);

} // namespace Vigil::Routes
