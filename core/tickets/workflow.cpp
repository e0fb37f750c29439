#include "workflow.h"

#include <QJsonArray>

namespace Vigil::Workflow {

QList<TicketStatus> allowedTransitions(TicketStatus from)
{
    using S = TicketStatus;
    switch (from) {
    case S::Open: return {S::InProgress, S::WaitingForCustomer, S::Resolved, S::Closed};
    case S::InProgress: return {S::Open, S::WaitingForCustomer, S::Resolved};
    case S::WaitingForCustomer: return {S::InProgress, S::Resolved};
    case S::Resolved: return {S::Closed, S::Open};
    case S::Closed: return {S::Open};
    }
    return {};
}

bool isAllowed(TicketStatus from, TicketStatus to)
{
    return allowedTransitions(from).contains(to);
}

bool isDone(TicketStatus s)
{
    return s == TicketStatus::Resolved || s == TicketStatus::Closed;
}

Status transition(Ticket &t, TicketStatus to, const QDateTime &at)
{
    if (!isAllowed(t.status, to)) {
        QJsonArray allowed;
        QStringList names;
        for (auto s : allowedTransitions(t.status)) {
            allowed.append(toString(s));
            names.append(toString(s));
        }
        Error e = Error::make(ErrorCode::InvalidTransition,
                              QStringLiteral("a ticket in %1 cannot move to %2; allowed: %3")
                                  .arg(toString(t.status), toString(to), names.join(QStringLiteral(", "))),
                              QStringLiteral("to"));
        e.extra.insert(QStringLiteral("allowed"), allowed);
        return e;
    }
    if (isDone(to) && !isDone(t.status))
        t.resolvedAt = at;
    else if (!isDone(to))
        t.resolvedAt = {};
    t.status = to;
    t.statusHistory.append({to, at});
    return Ok{};
}

} // namespace Vigil::Workflow
