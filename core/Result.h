// A value or an error that says what happened, in words for the clerk (already translated)
// and a code for the program. Core returns these; the UI presents them.
#pragma once

#include <QLoggingCategory>
#include <QString>
#include <optional>
#include <utility>

namespace clerk {

struct Error
{
    enum Code {
        None = 0,
        WrongPassphrase,
        NotEncrypted,
        Corrupt,
        SchemaTooNew,
        DiskFull,
        Busy,
        NotFound,
        Invalid,
        Io,
        Locked,
        Unsupported,
        Offline, // the backend cannot be reached
        Unauthorized, // the sign-in expired or was revoked: sign in again
        Conflict, // the server holds a newer version than the change was made on
        Cancelled, // the clerk (or a shutdown) stopped the work; nothing was changed
        AlreadyExists, // refused: it is here already (e.g. an e-file's request)
        Internal,
    };
    Code code = None;
    QString message; // for the clerk, translated
    QString detail = {}; // technical detail for the log (SQLite message, errno)
    int retryAfterSeconds = 0; // Busy from the backend: the wait it asked for (Retry-After), 0: none

    explicit operator bool() const { return code != None; }
};

template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    { }
    Result(Error error)
        : m_error(std::move(error))
    { }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return m_error; }
    QString errorString() const { return m_error.message; }

    T& value() & { return *m_value; }
    const T& value() const& { return *m_value; }
    // By value: safe on a temporary (`for (x : store.outbox().all().value())`).
    T value() && { return std::move(*m_value); }
    // The value; or, after a warning under `category` naming what was read, an empty one: for a
    // screen that shows a failed read as nothing (the log keeps why). `category` is a logging
    // category function such as lcUi.
    T valueOrEmpty(const QLoggingCategory& (*category)(), const char* what) const&
    {
        if (m_value)
            return *m_value;
        if (category().isWarningEnabled())
            QMessageLogger(nullptr, 0, nullptr, category().categoryName()).warning()
                << what << "failed:" << m_error.detail << m_error.message;
        return T();
    }
    T* operator->() { return &*m_value; }
    const T* operator->() const { return &*m_value; }
    T& operator*() & { return *m_value; }

private:
    std::optional<T> m_value;
    Error m_error;
};

template <> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    { }
    bool ok() const { return !m_error; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return m_error; }
    QString errorString() const { return m_error.message; }

private:
    Error m_error;
};

using Status = Result<void>;

} // namespace clerk
