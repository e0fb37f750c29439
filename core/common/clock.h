#pragma once

#include <QDateTime>

namespace Vigil {

/// The one source of "now" in Vigil. Always UTC. Injected everywhere so tests can drive time.
class Clock
{
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual QDateTime now() const = 0;
};

/// Wall clock of the machine, in UTC, millisecond precision.
class SystemClock final : public Clock
{
public:
    [[nodiscard]] QDateTime now() const override;
};

/// A clock tests set and advance by hand.
class FakeClock final : public Clock
{
public:
    explicit FakeClock(QDateTime start) : m_now(start.toUTC()) {}
    [[nodiscard]] QDateTime now() const override { return m_now; }
    void set(const QDateTime &t) { m_now = t.toUTC(); }
    void advanceSecs(qint64 s) { m_now = m_now.addSecs(s); }

private:
    QDateTime m_now;
};

} // namespace Vigil
