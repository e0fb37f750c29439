#pragma once

#include "common/result.h"

namespace Vigil {

class Store;
class Clock;

/// Seeds a believable service desk into an empty database: 3 teams, 12 users (Korean and English names),
/// 8 services, an SLA policy on Seoul business hours, and 300 tickets over the last 60 days in every status and
/// priority with comment threads, and on-call schedules (one per team: a Seoul business-hours primary over a 24/7
/// secondary; a follow-the-sun schedule across Seoul, Berlin and New York; overrides now and in the coming days).
/// Does nothing when tickets already exist. Deterministic for a given `seed`.
Status seedDemo(Store &store, const Clock &clock, quint32 seed = 20261125);

} // namespace Vigil
