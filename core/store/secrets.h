#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Vigil {

class Clock;
class Connection;

/// An API token as stored (the secret itself is not: only its SHA-256, which never leaves Secrets).
struct TokenInfo
{
    QString id;
    QString userId;
    QString name;
    QDateTime createdAt;
    QDateTime lastUsedAt; // invalid when never used; updated at most once a minute (Auth)
    QDateTime revokedAt;  // invalid while active
    /// {"id","user_id","name","created_at","last_used_at","revoked_at"}: never the secret nor its hash.
    [[nodiscard]] QJsonObject toJson() const;
};

/// An ingest key of a service, as stored (the key itself is not: only its SHA-256).
struct ServiceIntegration
{
    QString id;
    QString serviceId;
    QString type; // native | alertmanager | pagerduty | opsgenie
    QString name;
    QDateTime createdAt;
    QDateTime revokedAt; // invalid while active
    [[nodiscard]] QJsonObject toJson() const;
};

/// Secrets and private settings of users and services: API tokens, calendar feed tokens and integration keys
/// (each stored only as its SHA-256, the secret is returned once when created), and users' notification settings
/// (contact addresses and webhook URLs: kept out of the change feed, so other users' consoles never see them).
/// Not thread-safe: one Store per thread. Every create, revoke and set must run inside Store::write().
class Secrets final
{
public:
    Secrets(Connection &connection, const Clock &clock);
    Q_DISABLE_COPY_MOVE(Secrets)

    // ---- API tokens ----
    /// Creates a token for a user: returns the secret, shown once. Inside write().
    [[nodiscard]] Result<QString> createToken(const QString &userId, const QString &name, QString *tokenId = nullptr);
    /// The active (not revoked) token with this secret, nullopt otherwise.
    [[nodiscard]] std::optional<TokenInfo> findToken(const QString &secret) const;
    /// A token by id, revoked or not.
    [[nodiscard]] std::optional<TokenInfo> token(const QString &tokenId) const;
    /// Tokens in creation order (ids are time-ordered), revoked ones included: of one user, or of everyone when
    /// `userId` is empty; after the id `afterId` (keyset paging), at most `limit` (-1: all).
    [[nodiscard]] QList<TokenInfo> tokens(const QString &userId, const QString &afterId = {}, int limit = -1) const;
    /// Revokes an active token; not_found when there is no active token with that id. Inside write().
    Status revokeToken(const QString &tokenId);
    /// Records that a token was used now. Inside write().
    Status touchToken(const QString &tokenId);

    // ---- calendar feed tokens (one per user) ----
    /// Replaces the user's feed token with a new one and returns its secret, shown once. Inside write().
    [[nodiscard]] Result<QString> createFeedToken(const QString &userId);
    /// Revokes the user's feed token (none is fine). Inside write().
    Status revokeFeedToken(const QString &userId);
    /// The user id owning a feed token, or nullopt when it is unknown or revoked.
    [[nodiscard]] std::optional<QString> findFeedToken(const QString &secret) const;

    // ---- integrations (ingest keys of a service) ----
    /// Creates an integration and returns its key, shown once. Inside write().
    [[nodiscard]] Result<QString> createIntegration(const QString &serviceId, const QString &type, const QString &name,
                                                    QString *integrationId = nullptr);
    /// The active integration a key belongs to (nullopt when unknown or revoked).
    [[nodiscard]] std::optional<ServiceIntegration> findIntegration(const QString &key) const;
    [[nodiscard]] QList<ServiceIntegration> integrations(const QString &serviceId) const;
    /// Revokes an integration of a service; not_found when there is none. Inside write().
    Status revokeIntegration(const QString &serviceId, const QString &integrationId);

    // ---- notification settings (contact methods and rules of a user) ----
    /// The user's settings document ({} when none was saved).
    [[nodiscard]] QJsonObject notificationSettings(const QString &userId) const;
    /// Replaces the user's settings. Inside write().
    Status setNotificationSettings(const QString &userId, const QJsonObject &settings);

private:
    Connection &m_connection;
    const Clock &m_clock;
};

} // namespace Vigil
