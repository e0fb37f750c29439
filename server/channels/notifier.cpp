#include "notifier.h"

#include "common/clock.h"
#include "messageformat.h"
#include "smtpsender.h"

#include <QElapsedTimer>
#include <QHostInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>
#include <QUuid>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcChannels, "vigil.server.channels")

namespace Vigil {

QString channelName(Delivery::Channel channel)
{
    switch (channel) {
    case Delivery::Channel::Webhook:
        return u"webhook"_s;
    case Delivery::Channel::Slack:
        return u"slack"_s;
    case Delivery::Channel::Email:
        return u"email"_s;
    case Delivery::Channel::Sms:
        return u"sms"_s;
    }
    return {};
}

std::optional<Delivery::Channel> channelFromName(QStringView name)
{
    for (const auto channel : {Delivery::Channel::Webhook, Delivery::Channel::Slack, Delivery::Channel::Email,
                               Delivery::Channel::Sms}) {
        if (name == channelName(channel))
            return channel;
    }
    return std::nullopt;
}

std::chrono::seconds retryDelay(int retry)
{
    constexpr std::chrono::seconds first{5};
    constexpr std::chrono::seconds cap{300};
    std::chrono::seconds delay = first;
    for (int i = 1; i < retry && delay < cap; ++i)
        delay *= 3;
    return std::min(delay, cap);
}

Notifier::Notifier(ChannelConfig config, QObject *parent)
    : Notifier(std::move(config), static_cast<const Clock *>(nullptr), parent)
{
}

Notifier::Notifier(ChannelConfig config, const Clock &clock, QObject *parent)
    : Notifier(std::move(config), &clock, parent)
{
}

Notifier::Notifier(ChannelConfig config, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_outbound(m_config.allowOutbound)
    , m_clock(clock)
    , m_nam(new QNetworkAccessManager(this))
    , m_mailPool(std::make_unique<QThreadPool>())
{
    if (m_config.timeoutMs <= 0)
        m_config.timeoutMs = ChannelConfig{}.timeoutMs;
    if (!m_clock) {
        m_ownClock = std::make_unique<SystemClock>();
        m_clock = m_ownClock.get();
    }
    // Each e-mail holds a worker for at most timeoutMs; a few in parallel keep one slow relay from queueing pages.
    m_mailPool->setMaxThreadCount(4);
    Channels::initCurlOnce();
}

Notifier::~Notifier()
{
    m_mailPool->waitForDone();
}

void Notifier::finishLater(DeliveryResult result, Done done)
{
    QMetaObject::invokeMethod(
        this, [result = std::move(result), done = std::move(done)] { done(result); }, Qt::QueuedConnection);
}

void Notifier::deliver(const Delivery &d, std::function<void(const DeliveryResult &)> done)
{
    if (d.channel == Delivery::Channel::Email)
        deliverEmail(d, std::move(done));
    else
        deliverHttp(d, std::move(done));
}

namespace {

DeliveryResult failure(const QString &outcome, bool retryable = false)
{
    DeliveryResult r;
    r.outcome = outcome;
    r.retryable = retryable;
    return r;
}

bool isUsableUrl(const QUrl &url)
{
    return url.isValid() && (url.scheme() == u"http"_s || url.scheme() == u"https"_s) && !url.host().isEmpty();
}

DeliveryResult httpResult(QNetworkReply *reply, bool timedOut, int timeoutMs)
{
    DeliveryResult r;
    if (timedOut)
        return failure(Channels::timeoutOutcome(timeoutMs), true);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status > 0) {
        r.outcome = u"HTTP %1"_s.arg(status);
        r.delivered = status >= 200 && status < 300;
        r.retryable = status >= 500 || status == 429 || status == 408;
        return r;
    }
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return failure(u"connection refused"_s, true);
    case QNetworkReply::HostNotFoundError:
        return failure(u"host not found"_s, true);
    case QNetworkReply::TimeoutError:
        return failure(Channels::timeoutOutcome(timeoutMs), true);
    case QNetworkReply::RemoteHostClosedError:
        return failure(u"connection closed by the server"_s, true);
    case QNetworkReply::SslHandshakeFailedError:
        return failure(u"TLS handshake failed"_s);
    default:
        // The enum's name, not errorString(): that may quote the URL, and an SMS URL may carry the provider's key.
        return failure(u"network error: "_s
                           + QString::fromLatin1(QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(
                               reply->error())),
                       true);
    }
}

} // namespace

/// One webhook, Slack or SMS attempt on its way: the URL as the user wrote it, until the answer.
struct Notifier::HttpAttempt
{
    Delivery::Channel channel = Delivery::Channel::Webhook;
    QUrl url;
    QByteArray body;
    QElapsedTimer clock;  ///< since deliver(): the one deadline covers the name lookup and the exchange
    Done done;
    bool resolved = false; ///< the lookup answered, or its deadline passed: whichever comes first counts
    int lookupId = -1;
};

void Notifier::deliverHttp(const Delivery &d, Done done)
{
    auto attempt = std::make_shared<HttpAttempt>();
    attempt->clock.start();
    attempt->channel = d.channel;
    attempt->done = std::move(done);
    QUrl &url = attempt->url;
    QByteArray &body = attempt->body;
    switch (d.channel) {
    case Delivery::Channel::Webhook:
        url = QUrl(d.address, QUrl::TolerantMode);
        body = QJsonDocument(d.payload.isEmpty() ? QJsonObject{{u"subject"_s, d.subject}, {u"text"_s, d.text}}
                                                 : d.payload)
                   .toJson(QJsonDocument::Compact);
        break;
    case Delivery::Channel::Slack:
        url = QUrl(d.address, QUrl::TolerantMode);
        body = QJsonDocument(Channels::slackBody(d.subject, d.text)).toJson(QJsonDocument::Compact);
        break;
    case Delivery::Channel::Sms: {
        if (m_config.smsUrlTemplate.isEmpty())
            return finishLater(failure(u"SMS is not configured"_s), std::move(attempt->done));
        if (d.address.trimmed().isEmpty())
            return finishLater(failure(u"no phone number"_s), std::move(attempt->done));
        const QHash<QString, QString> values{{u"phone"_s, d.address.trimmed()},
                                             {u"text"_s, d.text.isEmpty() ? d.subject : d.text}};
        url = QUrl(Channels::expandTemplate(m_config.smsUrlTemplate, values, Channels::Escaping::Url),
                   QUrl::TolerantMode);
        if (!m_config.smsBodyTemplate.isEmpty())
            body = Channels::expandTemplate(m_config.smsBodyTemplate, values, Channels::Escaping::Json).toUtf8();
        break;
    }
    case Delivery::Channel::Email:
        Q_UNREACHABLE();
    }
    if (!isUsableUrl(url))
        return finishLater(failure(u"invalid URL"_s), std::move(attempt->done));
    // The SMS provider's URL is the operator's own setting: only URLs that users set are checked.
    if (d.channel == Delivery::Channel::Sms)
        return post(attempt, QHostAddress());
    resolveAndPost(std::move(attempt));
}

void Notifier::resolveAndPost(std::shared_ptr<HttpAttempt> attempt)
{
    // Resolve once, check every candidate, and connect to the checked address itself: a second lookup by the
    // HTTP client could get another answer (DNS rebinding) and reach an internal address after all.
    auto chosen = [this, attempt](const QList<QHostAddress> &addresses) {
        if (attempt->resolved)
            return; // the deadline passed first
        attempt->resolved = true;
        if (addresses.isEmpty())
            return finishLater(failure(u"host not found"_s, true), attempt->done);
        for (const QHostAddress &address : addresses) {
            if (m_outbound.permits(address))
                return post(attempt, address);
        }
        qCInfo(lcChannels) << "refused" << channelName(attempt->channel) << "to the internal address"
                           << addresses.first().toString() << "of" << attempt->url.host();
        // Not retryable: the address will still be internal in five seconds. Which address it was is left out:
        // the outcome is shown to the method's owner, who should not learn the internal network's names from it.
        finishLater(failure(u"blocked: the URL points to an internal address"_s), attempt->done);
    };
    const QString host = attempt->url.host();
    if (const QHostAddress literal(host); !literal.isNull())
        return chosen({literal});

    const int timeoutMs = m_config.timeoutMs;
    auto *deadline = new QTimer(this);
    deadline->setSingleShot(true);
    deadline->setTimerType(Qt::PreciseTimer);
    connect(deadline, &QTimer::timeout, this, [this, attempt, deadline, timeoutMs] {
        deadline->deleteLater();
        if (attempt->resolved)
            return;
        attempt->resolved = true;
        if (attempt->lookupId >= 0)
            QHostInfo::abortHostLookup(attempt->lookupId);
        DeliveryResult r = failure(Channels::timeoutOutcome(timeoutMs), true);
        r.latencyMs = attempt->clock.elapsed();
        finishLater(r, attempt->done);
    });
    deadline->start(timeoutMs);
    auto answered = [chosen, deadline = QPointer<QTimer>(deadline)](const QList<QHostAddress> &addresses) {
        if (deadline) {
            deadline->stop();
            deadline->deleteLater();
        }
        chosen(addresses);
    };
    if (m_resolver)
        m_resolver(host, answered);
    else
        attempt->lookupId = QHostInfo::lookupHost(host, this, [answered](const QHostInfo &info) {
            answered(info.error() == QHostInfo::NoError ? info.addresses() : QList<QHostAddress>{});
        });
}

void Notifier::post(const std::shared_ptr<HttpAttempt> &attempt, const QHostAddress &pinned)
{
    QUrl target = attempt->url;
    QNetworkRequest request;
    if (!pinned.isNull()) {
        // Connect to the checked address; the server still sees its own name in Host and, over TLS, in SNI and
        // the certificate check.
        QString authority = attempt->url.host(QUrl::FullyEncoded);
        if (authority.contains(u':'))
            authority = u'[' + authority + u']';
        if (attempt->url.port() >= 0)
            authority += u':' + QString::number(attempt->url.port());
        target.setHost(pinned.toString());
        request.setRawHeader(QByteArrayLiteral("Host"), authority.toLatin1());
        request.setPeerVerifyName(attempt->url.host());
        // HTTP/2 names the server in :authority from the URL, which is now the address: stay on HTTP/1.1.
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    }
    request.setUrl(target);
    if (!attempt->body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json; charset=utf-8"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Vigil/" VIGIL_VERSION));
    // A redirect is reported ("HTTP 301"), not followed: a moved webhook should be fixed, a POST must not
    // silently turn into a GET, and a redirect must not lead past the address check to an internal host.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_nam->post(request, attempt->body);

    // One deadline for the whole exchange (QNetworkRequest's transfer timeout restarts on every byte), counted
    // from deliver(): the name lookup took part of it.
    auto timedOut = std::make_shared<bool>(false);
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    deadline->setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early
    connect(deadline, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    deadline->start(std::max<qint64>(1, m_config.timeoutMs - attempt->clock.elapsed()));

    const int timeoutMs = m_config.timeoutMs;
    connect(reply, &QNetworkReply::finished, this, [reply, timedOut, timeoutMs, attempt] {
        reply->deleteLater();
        DeliveryResult r = httpResult(reply, *timedOut, timeoutMs);
        r.latencyMs = attempt->clock.elapsed();
        qCDebug(lcChannels) << channelName(attempt->channel) << r.outcome << r.latencyMs << "ms";
        attempt->done(r);
    });
}

void Notifier::deliverEmail(const Delivery &d, Done done)
{
    QElapsedTimer clock;
    clock.start();
    if (m_config.smtpHost.isEmpty())
        return finishLater(failure(u"e-mail is not configured"_s), std::move(done));
    const QString to = d.address.trimmed();
    if (!Channels::isValidMailAddress(to))
        return finishLater(failure(u"invalid e-mail address"_s), std::move(done));
    const QString envelopeFrom = Channels::mailboxAddress(m_config.smtpFrom);
    if (!Channels::isValidMailAddress(envelopeFrom))
        return finishLater(failure(u"invalid sender address"_s), std::move(done));

    const QString domain = envelopeFrom.mid(envelopeFrom.indexOf(u'@') + 1);
    const QString messageId = QUuid::createUuid().toString(QUuid::WithoutBraces) + u'@' + domain;
    const QByteArray message =
        Channels::composeEmail(m_config.smtpFrom, to, d.subject, d.text, m_clock->now(), messageId);

    m_mailPool->start([this, config = m_config, from = envelopeFrom.toUtf8(), rcpt = to.toUtf8(), message, clock,
                       done = std::move(done)] {
        DeliveryResult r = Channels::sendMailBlocking(config, from, rcpt, message);
        r.latencyMs = clock.elapsed();
        // Back to the Notifier's thread; dropped if the Notifier is destroyed meanwhile.
        QMetaObject::invokeMethod(
            this,
            [r, done] {
                qCDebug(lcChannels) << "email" << r.outcome << r.latencyMs << "ms";
                done(r);
            },
            Qt::QueuedConnection);
    });
}

} // namespace Vigil
