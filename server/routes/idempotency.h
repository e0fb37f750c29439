#pragma once

#include "common/result.h"
#include "httpserver.h"

#include <QJsonObject>

#include <functional>

namespace Vigil {

class Store;
struct Principal;

/// The one place where Idempotency-Key is honoured (docs/API.md "Idempotency"). A write sent again with the same
/// key by the same user gets the first answer back (Idempotent-Replayed: true) and changes nothing; the same key on
/// a different request is a 409. Keys are kept with the write, in its transaction, so a replay after a crash still
/// finds them; vigild forgets them after 7 days.
class IdempotentWrites final
{
public:
    explicit IdempotentWrites(Store &store) : m_store(store) {}
    Q_DISABLE_COPY_MOVE(IdempotentWrites)

    /// Runs `fn` in one transaction and answers `okStatus` with its object, or the error; replays as above.
    [[nodiscard]] HttpResponse run(const HttpRequest &req, const Principal &p, int okStatus,
                                   const std::function<Result<QJsonObject>()> &fn);

private:
    Store &m_store;
};

} // namespace Vigil
