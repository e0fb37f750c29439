#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>
#include <utility>

namespace Vigil {

/// Error codes shared by core, server and console. The server maps them to HTTP in one place
/// (server/httperrors.cpp); the console maps them to translated text.
namespace ErrorCode {
inline constexpr auto InvalidJson = "invalid_json";
inline constexpr auto InvalidField = "invalid_field";
inline constexpr auto MissingField = "missing_field";
inline constexpr auto InvalidQuery = "invalid_query";
inline constexpr auto Unauthorized = "unauthorized";
inline constexpr auto Forbidden = "forbidden";
inline constexpr auto NotFound = "not_found";
inline constexpr auto MethodNotAllowed = "method_not_allowed";
inline constexpr auto Conflict = "conflict";
inline constexpr auto LengthRequired = "length_required";
inline constexpr auto VersionMismatch = "version_mismatch";
inline constexpr auto PayloadTooLarge = "payload_too_large";
inline constexpr auto UnsupportedMediaType = "unsupported_media_type";
inline constexpr auto InvalidTransition = "invalid_transition";
inline constexpr auto Internal = "internal";
inline constexpr auto InvalidRequest = "invalid_request"; // malformed HTTP framing, or a refused WebSocket upgrade
inline constexpr auto TooManyStreams = "too_many_streams";
} // namespace ErrorCode

/// A failure: a stable machine code, an English message for logs and API clients, the field at fault (if one is),
/// and optional extra members merged into the error response next to "error" (e.g. "current", "allowed").
struct Error
{
    QString code;
    QString message;
    QString field;
    QJsonObject extra;

    static Error make(const char *code, const QString &message, const QString &field = {})
    {
        return Error{QString::fromLatin1(code), message, field, {}};
    }
};

/// A value or an Error. No exceptions cross the event loop.
template<typename T>
class Result
{
public:
    Result(T value) : m_value(std::move(value)) {}   // NOLINT: implicit by design
    Result(Error error) : m_error(std::move(error)) {} // NOLINT

    [[nodiscard]] bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const T &value() const & { return *m_value; }
    [[nodiscard]] T &value() & { return *m_value; }
    [[nodiscard]] T &&value() && { return std::move(*m_value); }
    [[nodiscard]] const Error &error() const { return m_error; }
    const T *operator->() const { return &*m_value; }
    const T &operator*() const { return *m_value; }

private:
    std::optional<T> m_value;
    Error m_error;
};

/// Result of an operation that has no value.
struct Ok {};
using Status = Result<Ok>;

} // namespace Vigil
