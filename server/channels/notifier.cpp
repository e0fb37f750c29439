#include "notifier.h"

#include "common/clock.h"
#include "messageformat.h"
#include "smtpsender.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
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

void Notifier::deliverHttp(const Delivery &d, Done done)
{
    QElapsedTimer clock;
    clock.start();
    QUrl url;
    QByteArray body;
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
            return finishLater(failure(u"SMS is not configured"_s), std::move(done));
        if (d.address.trimmed().isEmpty())
            return finishLater(failure(u"no phone number"_s), std::move(done));
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
        return finishLater(failure(u"invalid URL"_s), std::move(done));

    QNetworkRequest request(url);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json; charset=utf-8"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Vigil/" VIGIL_VERSION));
    // A redirect is reported ("HTTP 301"), not followed: a moved webhook should be fixed, and a POST must not
    // silently turn into a GET.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_nam->post(request, body);

    // One deadline for the whole exchange (QNetworkRequest's transfer timeout restarts on every byte).
    auto timedOut = std::make_shared<bool>(false);
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    deadline->setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early
    connect(deadline, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    deadline->start(m_config.timeoutMs);

    const int timeoutMs = m_config.timeoutMs;
    const Delivery::Channel channel = d.channel;
    connect(reply, &QNetworkReply::finished, this, [reply, timedOut, timeoutMs, clock, channel, done] {
        reply->deleteLater();
        DeliveryResult r = httpResult(reply, *timedOut, timeoutMs);
        r.latencyMs = clock.elapsed();
        qCDebug(lcChannels) << channelName(channel) << r.outcome << r.latencyMs << "ms";
        done(r);
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
