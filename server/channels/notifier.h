#pragma once

#include "outboundpolicy.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QThreadPool;

namespace Vigil {

class Clock;

/// How vigild reaches the outside world to page people (from vigild's command-line options).
struct ChannelConfig
{
    QString smtpHost;              ///< relay host name or IP; empty: e-mail is not configured
    quint16 smtpPort = 25;
    QString smtpFrom;              ///< "vigil@example.com" or "Vigil <vigil@example.com>"
    QString smtpUser;              ///< AUTH (PLAIN/LOGIN, whichever the relay offers) when set
    QString smtpPassword;
    bool smtpRequireTls = false;   ///< STARTTLS is used whenever the relay offers it; this makes it mandatory (always so with smtpUser)
    QString smtpCaFile;            ///< extra PEM CA bundle trusted for the relay's certificate (else the system's)
    QString smsUrlTemplate;        ///< e.g. "https://sms.example/send?to={phone}&text={text}" (URL-encoded)
    QString smsBodyTemplate;       ///< optional JSON body with {phone} {text} (JSON-escaped); POSTed as JSON
    int timeoutMs = 10000;         ///< per attempt, name lookup to final answer; 0 or less: the default
    /// Internal networks that webhook and Slack pages may reach all the same (--allow-outbound); see OutboundPolicy.
    /// The SMS provider and the SMTP relay are the operator's own settings and are not checked.
    QList<Subnet> allowOutbound;
};

/// One attempt to notify one person through one contact method.
struct Delivery
{
    enum class Channel { Webhook, Slack, Email, Sms };
    Channel channel = Channel::Webhook;
    QString address;      ///< URL (webhook, Slack incoming webhook), e-mail address, or phone number
    QString subject;      ///< e-mail subject, Slack's bold first line; UTF-8 (Korean is fine)
    QString text;         ///< the human text: e-mail body, Slack text, SMS text
    QJsonObject payload;  ///< the generic webhook's JSON body; when empty {"subject","text"} is sent instead
};

/// What happened to one attempt. Exactly what the escalation engine logs.
struct DeliveryResult
{
    bool delivered = false;
    bool retryable = false;  ///< worth trying the same channel again later (5xx, 429, SMTP 4xx, timeouts, refused)
    QString outcome;         ///< "HTTP 200", "HTTP 503", "SMTP 250 …", "SMTP 550 …", "timeout after 10 s", …
    qint64 latencyMs = 0;    ///< from deliver() to the answer (or the failure)
};

[[nodiscard]] QString channelName(Delivery::Channel channel);  ///< "webhook", "slack", "email", "sms"
[[nodiscard]] std::optional<Delivery::Channel> channelFromName(QStringView name);  ///< exact, lower-case

/// Attempts per contact method (the first one and its retries) before the next contact method is tried.
inline constexpr int AttemptsBeforeFallback = 3;

/// Pure: the delay before retry number `retry` (1-based) of a failed, retryable attempt: 5 s, 15 s, 45 s, 135 s,
/// then 5 min for every further retry. `retry` < 1 is treated as 1.
[[nodiscard]] std::chrono::seconds retryDelay(int retry);

/// Sends notifications. Lives on the server's thread and never blocks it: HTTP channels run on its event loop,
/// e-mail (libcurl) on a small worker pool of its own. Not thread-safe: call deliver() from the owning thread.
class Notifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Notifier)

public:
    explicit Notifier(ChannelConfig config, QObject *parent = nullptr);
    /// With an injected clock for the e-mail Date header.
    Notifier(ChannelConfig config, const Clock &clock, QObject *parent = nullptr);
    /// Waits for e-mails in flight (each bounded by timeoutMs); their callbacks are not called.
    ~Notifier() override;

    /// Makes one attempt. `done` is called exactly once, later, on this object's thread (never from within
    /// deliver()), unless the Notifier is destroyed first.
    void deliver(const Delivery &d, std::function<void(const DeliveryResult &)> done);

    [[nodiscard]] const ChannelConfig &config() const { return m_config; }

    /// Looks a host name up; calls `done` once, on the Notifier's thread, with its addresses (none: not found).
    using Resolver = std::function<void(const QString &host, std::function<void(const QList<QHostAddress> &)> done)>;
    /// Replaces the system's resolver (QHostInfo); tests use it to give a name an address of their choosing.
    void setResolver(Resolver resolver) { m_resolver = std::move(resolver); }

private:
    Notifier(ChannelConfig config, const Clock *clock, QObject *parent);
    using Done = std::function<void(const DeliveryResult &)>;
    void deliverHttp(const Delivery &d, Done done);
    struct HttpAttempt;
    void resolveAndPost(std::shared_ptr<HttpAttempt> attempt);
    void post(const std::shared_ptr<HttpAttempt> &attempt, const QHostAddress &pinned);
    void deliverEmail(const Delivery &d, Done done);
    void finishLater(DeliveryResult result, Done done);

    ChannelConfig m_config;
    OutboundPolicy m_outbound;
    Resolver m_resolver;
    std::unique_ptr<Clock> m_ownClock;
    const Clock *m_clock;
    QNetworkAccessManager *m_nam;
    std::unique_ptr<QThreadPool> m_mailPool;
};

} // namespace Vigil
