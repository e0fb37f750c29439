#pragma once

#include "notifier.h"

namespace Vigil::Channels {

/// Sends one message to the relay of `config` with libcurl, blocking for at most config.timeoutMs: for a worker
/// thread only. STARTTLS when offered (required with smtpRequireTls), AUTH when smtpUser is set. Touches no
/// QObject. latencyMs is left to the caller.
[[nodiscard]] DeliveryResult sendMailBlocking(const ChannelConfig &config, const QByteArray &envelopeFrom,
                                              const QByteArray &recipient, const QByteArray &message);

/// "timeout after 10 s" (or "… 1500 ms" when not whole seconds).
[[nodiscard]] QString timeoutOutcome(int timeoutMs);

/// curl_global_init, once per process; call from the main thread before any worker uses libcurl.
void initCurlOnce();

} // namespace Vigil::Channels
