#include "clock.h"

namespace Vigil {

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

} // namespace Vigil
