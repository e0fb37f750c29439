#pragma once

#include "common/result.h"

#include <QList>
#include <QString>

namespace Vigil {

class Store;
class Clock;

/// Seeds a believable service desk into an empty database: 3 teams, 12 users (Korean and English names),
/// 8 services, an SLA policy on Seoul business hours, and 300 tickets over the last 60 days in every status and
/// priority with comment threads, and on-call schedules (one per team: a Seoul business-hours primary over a 24/7
/// secondary; a follow-the-sun schedule across Seoul, Berlin and New York; overrides now and in the coming days).
/// Does nothing when tickets already exist. Deterministic for a given `seed`.
Status seedDemo(Store &store, const Clock &clock, quint32 seed = 20261125);

/// Alerting demo data (once, when no escalation policy exists): a policy per team (the team's on-call schedule at
/// once, its manager after 15 minutes, the team after 30; one repeat) on every service, a maintenance window on
/// Printers, and a day of alert history with four alerts still open (acknowledged, escalating, snoozed, in
/// maintenance). Deterministic for a given `seed` (times follow the clock).
Status seedDemoAlerting(Store &store, const Clock &clock, quint32 seed = 20261125);

struct DemoIntegration
{
    QString service;
    QString type;
    QString key;
};
/// Replaces the demo integrations (Alertmanager on VPN, PagerDuty on Email, Opsgenie on ERP) with new ones and
/// returns their keys, so that they can be printed: keys are stored only as hashes.
Result<QList<DemoIntegration>> createDemoIntegrations(Store &store);

} // namespace Vigil
