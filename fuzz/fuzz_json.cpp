// Fuzz target: the JSON decoders of the core (tickets, comments, schedules, escalation policies, alerts and their
// log, SLA policies, business calendars). Whatever the bytes, decoding must not crash or trip a sanitizer, and a
// value that decodes must encode to JSON that decodes to the same value again.
#include "alerts/alert.h"
#include "alerts/escalation.h"
#include "common/json.h"
#include "oncall/schedule.h"
#include "sla/businesscalendar.h"
#include "sla/slapolicy.h"
#include "tickets/ticket.h"

#include <QByteArray>
#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <typeinfo>

using namespace Vigil;

namespace {

/// Decodes `o` as T; when that works, the value's own JSON must decode again, to the same JSON.
template<typename T>
void roundTrip(const QJsonObject &o)
{
    auto first = T::fromJson(o);
    if (!first)
        return;
    const QJsonObject written = first->toJson();
    auto again = T::fromJson(written);
    if (!again) {
        // A value the decoder made, that it refuses when written back.
        std::fprintf(stderr, "%s: %s\n%s\n", typeid(T).name(), qPrintable(again.error().message),
                     QJsonDocument(written).toJson(QJsonDocument::Compact).constData());
        std::abort();
    }
    // Compared as the JSON the server stores and sends: members a value keeps only in memory (an id without a
    // version, say) are not part of what must survive.
    if (again->toJson() != written) {
        std::fprintf(stderr, "%s changed in a round trip:\n%s\n%s\n", typeid(T).name(),
                     QJsonDocument(written).toJson(QJsonDocument::Compact).constData(),
                     QJsonDocument(again->toJson()).toJson(QJsonDocument::Compact).constData());
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto parsed = Json::parseObject(body);
    if (!parsed)
        return 0;
    const QJsonObject &o = parsed.value();
    roundTrip<Ticket>(o);
    roundTrip<TicketComment>(o);
    roundTrip<Schedule>(o);
    roundTrip<EscalationPolicy>(o);
    roundTrip<Alert>(o);
    roundTrip<AlertLogEntry>(o);
    roundTrip<SlaPolicy>(o);
    roundTrip<BusinessCalendar>(o);
    // The field readers every route uses.
    for (const QString &key : o.keys()) {
        (void)Json::string(o, key, false);
        (void)Json::integer(o, key, false, 0, -1000, 1000);
        (void)Json::boolean(o, key, false);
        (void)Json::nullableString(o, key);
    }
    return 0;
}
