#include "smtpsender.h"

#include <QList>

#include <curl/curl.h>

#include <cerrno>
#include <cstring>
#include <mutex>

using namespace Qt::StringLiterals;

namespace Vigil::Channels {

QString timeoutOutcome(int timeoutMs)
{
    return timeoutMs % 1000 == 0 ? u"timeout after %1 s"_s.arg(timeoutMs / 1000)
                                 : u"timeout after %1 ms"_s.arg(timeoutMs);
}

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

namespace {

struct Upload
{
    const QByteArray *data;
    qsizetype pos = 0;
};

size_t readMessage(char *buffer, size_t size, size_t count, void *userdata)
{
    auto *upload = static_cast<Upload *>(userdata);
    const size_t n = std::min(size * count, static_cast<size_t>(upload->data->size() - upload->pos));
    std::memcpy(buffer, upload->data->constData() + upload->pos, n);
    upload->pos += static_cast<qsizetype>(n);
    return n;
}

/// The relay's replies, as libcurl's debug callback sees them: only the final line of each (multi-line) reply.
struct Transcript
{
    QByteArray partial;
    QList<QByteArray> replies;
};

int recordReplies(CURL *, curl_infotype type, char *data, size_t size, void *userdata)
{
    if (type != CURLINFO_HEADER_IN)
        return 0;
    auto *t = static_cast<Transcript *>(userdata);
    t->partial.append(data, static_cast<qsizetype>(size));
    qsizetype eol;
    while ((eol = t->partial.indexOf('\n')) >= 0) {
        const QByteArray line = t->partial.left(eol).trimmed();
        t->partial.remove(0, eol + 1);
        if (line.size() >= 3 && (line.size() == 3 || line.at(3) == ' '))
            t->replies.append(line);
    }
    return 0;
}

int replyCode(const QByteArray &reply)
{
    bool ok = false;
    const int code = reply.left(3).toInt(&ok);
    return ok ? code : 0;
}

struct CurlCleanup
{
    void operator()(CURL *c) const { curl_easy_cleanup(c); }
};
struct SlistCleanup
{
    void operator()(curl_slist *l) const { curl_slist_free_all(l); }
};

} // namespace

DeliveryResult sendMailBlocking(const ChannelConfig &config, const QByteArray &envelopeFrom,
                                const QByteArray &recipient, const QByteArray &message)
{
    DeliveryResult result;
    std::unique_ptr<CURL, CurlCleanup> curl(curl_easy_init());
    if (!curl) {
        result.outcome = u"libcurl could not start"_s;
        result.retryable = true;
        return result;
    }
    const bool ipv6 = config.smtpHost.contains(u':');
    const QByteArray url = "smtp://" + (ipv6 ? '[' + config.smtpHost.toUtf8() + ']' : config.smtpHost.toUtf8())
                           + ':' + QByteArray::number(config.smtpPort);
    const QByteArray from = '<' + envelopeFrom + '>';
    const QByteArray to = '<' + recipient + '>';
    std::unique_ptr<curl_slist, SlistCleanup> rcpt(curl_slist_append(nullptr, to.constData()));
    const QByteArray user = config.smtpUser.toUtf8();
    const QByteArray password = config.smtpPassword.toUtf8();
    const QByteArray caFile = config.smtpCaFile.toLocal8Bit();
    Upload upload{&message};
    Transcript transcript;
    char errorBuffer[CURL_ERROR_SIZE] = {};

    CURL *c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.constData());
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, readMessage);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    // With a user, TLS is required whatever the option says: AUTH PLAIN/LOGIN would send the password in clear text
    // to a relay (or a man in the middle) that offers no STARTTLS.
    const bool requireTls = config.smtpRequireTls || !config.smtpUser.isEmpty();
    curl_easy_setopt(c, CURLOPT_USE_SSL, requireTls ? long(CURLUSESSL_ALL) : long(CURLUSESSL_TRY));
    if (!caFile.isEmpty())
        curl_easy_setopt(c, CURLOPT_CAINFO, caFile.constData());
    if (!user.isEmpty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(c, CURLOPT_PASSWORD, password.constData());
    }
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, long(config.timeoutMs));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, long(config.timeoutMs));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); // threads: no SIGALRM for DNS timeouts
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, recordReplies);
    curl_easy_setopt(c, CURLOPT_DEBUGDATA, &transcript);
    curl_easy_setopt(c, CURLOPT_VERBOSE, 1L); // needed for the debug callback; nothing is printed with it set

    const CURLcode code = curl_easy_perform(c);
    const QString detail = QString::fromUtf8(errorBuffer[0] ? errorBuffer : curl_easy_strerror(code));

    if (code == CURLE_OK) {
        result.delivered = true;
        // The answer to the end of DATA: the last reply before QUIT's 221.
        QByteArray accepted = "250";
        for (const QByteArray &r : std::as_const(transcript.replies)) {
            if (replyCode(r) != 221)
                accepted = r;
        }
        result.outcome = u"SMTP "_s + QString::fromUtf8(accepted);
        return result;
    }
    // A refusal by the relay: 4xx is temporary (retry), 5xx permanent (try the next contact method).
    for (auto it = transcript.replies.crbegin(); it != transcript.replies.crend(); ++it) {
        const int reply = replyCode(*it);
        if (reply >= 400) {
            result.outcome = u"SMTP "_s + QString::fromUtf8(*it);
            result.retryable = reply < 500;
            return result;
        }
    }
    switch (code) {
    case CURLE_COULDNT_CONNECT: {
        long osError = 0;
        curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &osError);
        result.outcome = osError == ECONNREFUSED ? u"connection refused"_s : u"cannot connect: "_s + detail;
        result.retryable = true;
        break;
    }
    case CURLE_COULDNT_RESOLVE_HOST:
        result.outcome = u"host not found"_s;
        result.retryable = true;
        break;
    case CURLE_OPERATION_TIMEDOUT:
        result.outcome = timeoutOutcome(config.timeoutMs);
        result.retryable = true;
        break;
    case CURLE_USE_SSL_FAILED:
        result.outcome = u"the relay does not offer STARTTLS"_s;
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
        result.outcome = u"TLS: "_s + detail;
        break;
    case CURLE_LOGIN_DENIED:
        result.outcome = u"authentication failed: "_s + detail;
        break;
    default:
        result.outcome = u"SMTP error: "_s + detail;
        result.retryable = true;
        break;
    }
    return result;
}

} // namespace Vigil::Channels
