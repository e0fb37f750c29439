#pragma once

#include "ticket.h"

namespace Vigil::Workflow {

/// The statuses a ticket in `from` may move to, in a stable order (see docs/API.md, "Workflow").
[[nodiscard]] QList<TicketStatus> allowedTransitions(TicketStatus from);
[[nodiscard]] bool isAllowed(TicketStatus from, TicketStatus to);
/// resolved or closed: the ticket is no longer being worked.
[[nodiscard]] bool isDone(TicketStatus s);

/// Applies a status change at `at`: checks the workflow, appends to the history and keeps resolved_at right
/// (set on entering resolved/closed from an active status, cleared on reopen). Errors: invalid_transition with
/// "allowed" in Error::extra.
[[nodiscard]] Status transition(Ticket &t, TicketStatus to, const QDateTime &at);

} // namespace Vigil::Workflow
