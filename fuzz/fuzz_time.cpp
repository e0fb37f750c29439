// Fuzz target: the RFC 3339 time parser every request's times go through, and the writer it pairs with. A time
// that parses must be written and parsed back to the same instant (to the millisecond the API keeps).
#include "common/json.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <cstdint>
#include <cstdlib>

using namespace Vigil;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const QDateTime t = Json::parseTime(text);
    if (!t.isValid())
        return 0;
    const QString written = Json::formatTime(t);
    const QDateTime again = Json::parseTime(written);
    if (!again.isValid() || again.toMSecsSinceEpoch() != t.toMSecsSinceEpoch())
        std::abort();
    if (Json::formatTime(again) != written)
        std::abort();
    return 0;
}
