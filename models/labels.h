#pragma once

#include "tickets/ticket.h"

namespace Vigil::Labels {

/// Translated names of domain values, for display only (the wire and the store keep the codes).
[[nodiscard]] QString status(TicketStatus s);
[[nodiscard]] QString type(TicketType t);
[[nodiscard]] QString priority(Priority p);
/// "2h 05m", "3d 4h", "45m", "30s" (absolute value of `seconds`).
[[nodiscard]] QString duration(qint64 seconds);
/// The translated name of a ticket field given by its wire name ("priority" → "Priority"); the wire name when unknown.
[[nodiscard]] QString field(const QString &wireName);
/// A translated sentence for an API or cache error code.
[[nodiscard]] QString error(const QString &code, const QString &fallback);

} // namespace Vigil::Labels
