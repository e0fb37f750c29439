// Secrets: API tokens (with when each was last used and revoked), calendar feed tokens and integration keys (only their SHA-256 is stored), and users'
// notification settings.
#include "secrets.h"

#include "common/clock.h"
#include "common/json.h"
#include "connection.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

namespace Vigil {

namespace {

QString sha256Hex(const QString &s)
{
    return QString::fromLatin1(QCryptographicHash::hash(s.toUtf8(), QCryptographicHash::Sha256).toHex());
}

ServiceIntegration integrationFrom(const QSqlQuery &q)
{
    return ServiceIntegration{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                              Json::parseTime(q.value(4).toString()), Json::parseTime(q.value(5).toString())};
}

constexpr const char *TokenColumns = "id, user_id, name, created_at, last_used_at, revoked_at";

TokenInfo tokenFrom(const QSqlQuery &q)
{
    return TokenInfo{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                     Json::parseTime(q.value(3).toString()), Json::parseTime(q.value(4).toString()),
                     Json::parseTime(q.value(5).toString())};
}

constexpr const char *IntegrationColumns = "id, service_id, type, name, created_at, revoked_at";

QString compact(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }

} // namespace

Secrets::Secrets(Connection &connection, const Clock &clock) : m_connection(connection), m_clock(clock) {}

Result<QString> Secrets::createToken(const QString &userId, const QString &name, QString *tokenId)
{
    Q_ASSERT(m_connection.inWrite());
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), raw.size() / 4);
    const QString secret =
        QStringLiteral("vgl_") + QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const QString id = Json::newId();
    if (auto s = m_connection.exec(QStringLiteral("INSERT INTO tokens (id, user_id, name, hash, created_at) VALUES (?,?,?,?,?)"),
                                   {id, userId, name, sha256Hex(secret), Json::formatTime(m_clock.now())});
        !s)
        return s.error();
    if (tokenId)
        *tokenId = id;
    return secret;
}

QJsonObject TokenInfo::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("user_id"), userId},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("created_at"), Json::formatTime(createdAt)},
                       {QStringLiteral("last_used_at"), Json::timeOrNull(lastUsedAt)},
                       {QStringLiteral("revoked_at"), Json::timeOrNull(revokedAt)}};
}

std::optional<TokenInfo> Secrets::findToken(const QString &secret) const
{
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT %1 FROM tokens WHERE hash = ? AND revoked_at IS NULL")
                                             .arg(QLatin1String(TokenColumns)),
                                         {sha256Hex(secret)});
    return Connection::firstRow(q, tokenFrom);
}

std::optional<TokenInfo> Secrets::token(const QString &tokenId) const
{
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT %1 FROM tokens WHERE id = ?").arg(QLatin1String(TokenColumns)),
                                         {tokenId});
    return Connection::firstRow(q, tokenFrom);
}

QList<TokenInfo> Secrets::tokens(const QString &userId, const QString &afterId, int limit) const
{
    QStringList where;
    QVariantList binds;
    if (!userId.isEmpty()) {
        where.append(QStringLiteral("user_id = ?"));
        binds.append(userId);
    }
    if (!afterId.isEmpty()) {
        where.append(QStringLiteral("id > ?"));
        binds.append(afterId);
    }
    QString sql = QStringLiteral("SELECT %1 FROM tokens").arg(QLatin1String(TokenColumns));
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY id");
    if (limit >= 0) {
        sql += QStringLiteral(" LIMIT ?");
        binds.append(limit);
    }
    QSqlQuery &q = m_connection.prepared(sql, binds);
    QList<TokenInfo> out;
    if (q.exec()) {
        while (q.next())
            out.append(tokenFrom(q));
    }
    q.finish();
    return out;
}

Status Secrets::revokeToken(const QString &tokenId)
{
    Q_ASSERT(m_connection.inWrite());
    QSqlQuery &q = m_connection.prepared(QStringLiteral("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"),
                                         {Json::formatTime(m_clock.now()), tokenId});
    if (!q.exec())
        return Error::make(ErrorCode::Internal, QStringLiteral("revoke token: %1").arg(q.lastError().text()));
    const int n = q.numRowsAffected();
    q.finish();
    if (n != 1)
        return Error::make(ErrorCode::NotFound, QStringLiteral("there is no active token with id %1").arg(tokenId));
    return Ok{};
}

Status Secrets::touchToken(const QString &tokenId)
{
    Q_ASSERT(m_connection.inWrite());
    return m_connection.exec(QStringLiteral("UPDATE tokens SET last_used_at = ? WHERE id = ?"),
                             {Json::formatTime(m_clock.now()), tokenId});
}

Result<QString> Secrets::createFeedToken(const QString &userId)
{
    Q_ASSERT(m_connection.inWrite());
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), raw.size() / 4);
    const QString secret = QStringLiteral("vglf_")
        + QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    if (auto s = revokeFeedToken(userId); !s)
        return s.error();
    if (auto s = m_connection.exec(QStringLiteral("INSERT INTO feed_tokens (user_id, hash, created_at) VALUES (?,?,?)"),
                                   {userId, sha256Hex(secret), Json::formatTime(m_clock.now())});
        !s)
        return s.error();
    return secret;
}

Status Secrets::revokeFeedToken(const QString &userId)
{
    Q_ASSERT(m_connection.inWrite());
    return m_connection.exec(QStringLiteral("DELETE FROM feed_tokens WHERE user_id = ?"), {userId});
}

std::optional<QString> Secrets::findFeedToken(const QString &secret) const
{
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT user_id FROM feed_tokens WHERE hash = ?"), {sha256Hex(secret)});
    return Connection::firstRow(q, [](const QSqlQuery &r) { return r.value(0).toString(); });
}

QJsonObject ServiceIntegration::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("service_id"), serviceId},
                       {QStringLiteral("type"), type},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("created_at"), Json::formatTime(createdAt)},
                       {QStringLiteral("revoked_at"), Json::timeOrNull(revokedAt)}};
}

Result<QString> Secrets::createIntegration(const QString &serviceId, const QString &type, const QString &name,
                                         QString *integrationId)
{
    Q_ASSERT(m_connection.inWrite());
    QByteArray raw(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), raw.size() / 4);
    // 32 hex characters: safe in URL paths (Alertmanager) and headers (GenieKey), and the length PagerDuty
    // clients expect of a routing key.
    const QString key = QString::fromLatin1(raw.toHex());
    const QString id = Json::newId();
    if (auto st = m_connection.exec(QStringLiteral("INSERT INTO integrations (id, service_id, type, name, hash, created_at) "
                                                   "VALUES (?,?,?,?,?,?)"),
                                    {id, serviceId, type, name, sha256Hex(key), Json::formatTime(m_clock.now())});
        !st)
        return st.error();
    if (integrationId)
        *integrationId = id;
    return key;
}

std::optional<ServiceIntegration> Secrets::findIntegration(const QString &key) const
{
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT %1 FROM integrations WHERE hash = ? AND revoked_at IS NULL")
                                             .arg(QLatin1String(IntegrationColumns)),
                                         {sha256Hex(key)});
    return Connection::firstRow(q, integrationFrom);
}

QList<ServiceIntegration> Secrets::integrations(const QString &serviceId) const
{
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT %1 FROM integrations WHERE service_id = ? ORDER BY created_at, id")
                                             .arg(QLatin1String(IntegrationColumns)),
                                         {serviceId});
    QList<ServiceIntegration> out;
    if (q.exec()) {
        while (q.next())
            out.append(integrationFrom(q));
    }
    q.finish();
    return out;
}

Status Secrets::revokeIntegration(const QString &serviceId, const QString &integrationId)
{
    Q_ASSERT(m_connection.inWrite());
    QSqlQuery &q = m_connection.prepared(QStringLiteral("UPDATE integrations SET revoked_at = ? WHERE id = ? AND service_id = ? "
                                                        "AND revoked_at IS NULL"),
                                         {Json::formatTime(m_clock.now()), integrationId, serviceId});
    if (!q.exec())
        return Error::make(ErrorCode::Internal, QStringLiteral("revoke integration: %1").arg(q.lastError().text()));
    const int n = q.numRowsAffected();
    q.finish();
    if (n != 1)
        return Error::make(ErrorCode::NotFound,
                           QStringLiteral("service %1 has no active integration %2").arg(serviceId, integrationId));
    return Ok{};
}

QJsonObject Secrets::notificationSettings(const QString &userId) const
{
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT data FROM notification_settings WHERE user_id = ?"), {userId});
    QJsonObject o;
    if (q.exec() && q.next())
        o = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
    q.finish();
    return o;
}

Status Secrets::setNotificationSettings(const QString &userId, const QJsonObject &settings)
{
    Q_ASSERT(m_connection.inWrite());
    if (auto st = m_connection.exec(QStringLiteral("DELETE FROM notification_settings WHERE user_id = ?"), {userId}); !st)
        return st;
    return m_connection.exec(QStringLiteral("INSERT INTO notification_settings (user_id, data, updated_at) VALUES (?,?,?)"),
                             {userId, compact(settings), Json::formatTime(m_clock.now())});
}

} // namespace Vigil
