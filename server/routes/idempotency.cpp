#include "idempotency.h"

#include "auth.h"
#include "routesupport.h"
#include "store/store.h"

#include <QCryptographicHash>

namespace Vigil {

using namespace Qt::StringLiterals;
using Routes::err;

HttpResponse IdempotentWrites::run(const HttpRequest &req, const Principal &p, int okStatus,
                                   const std::function<Result<QJsonObject>()> &fn)
{
    const QString key = QString::fromUtf8(req.header("idempotency-key")).trimmed();
    // The request is remembered by a hash of what makes it what it is: a key reused for another request is a
    // client bug that must not silently answer with the first request's result.
    const QByteArray request = req.method.toUtf8() + ' ' + req.path.toUtf8() + '\n' + req.body;
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(request, QCryptographicHash::Sha256).toHex());
    if (!key.isEmpty()) {
        if (key.size() > 200)
            return HttpResponse::error(
                err(ErrorCode::InvalidField, u"Idempotency-Key is longer than 200 characters"_s, u"Idempotency-Key"_s));
        if (const auto prior = m_store.idempotency().find(p.userId, key)) {
            if (prior->requestHash != hash)
                return HttpResponse::error(err(ErrorCode::Conflict, u"this Idempotency-Key was used for a different request"_s,
                                               u"Idempotency-Key"_s));
            return HttpResponse{prior->status, prior->body, "application/json", {{"Idempotent-Replayed", "true"}}};
        }
    }
    HttpResponse out;
    const Status st = m_store.write([&]() -> Status {
        auto r = fn();
        if (!r)
            return r.error();
        out = HttpResponse::json(okStatus, r.value());
        if (!key.isEmpty())
            return m_store.idempotency().save(p.userId, key, {hash, okStatus, out.body});
        return Ok{};
    });
    if (!st)
        return HttpResponse::error(st.error());
    return out;
}

} // namespace Vigil
