#include "Secret.h"

#include <QFile>
#include <QtGlobal>
#include <cstdio>

#ifdef Q_OS_WIN
#include <io.h>
#include <windows.h>
#else
#include <termios.h>
#include <unistd.h>
#endif

namespace clerk::cli {

namespace {

bool stdinIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stdin)) != 0;
#else
    return isatty(fileno(stdin)) != 0;
#endif
}

// Echo off for as long as it lives (a terminal only), restored after.
class NoEcho
{
public:
    NoEcho()
    {
#ifdef Q_OS_WIN
        m_console = GetStdHandle(STD_INPUT_HANDLE);
        m_active = GetConsoleMode(m_console, &m_mode) && SetConsoleMode(m_console, m_mode & ~ENABLE_ECHO_INPUT);
#else
        if (tcgetattr(fileno(stdin), &m_saved) == 0) {
            termios quiet = m_saved;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            m_active = tcsetattr(fileno(stdin), TCSAFLUSH, &quiet) == 0;
        }
#endif
    }
    ~NoEcho()
    {
        if (!m_active)
            return;
#ifdef Q_OS_WIN
        SetConsoleMode(m_console, m_mode);
#else
        tcsetattr(fileno(stdin), TCSAFLUSH, &m_saved);
#endif
        std::fputc('\n', stderr); // (the Enter typed was not echoed either)
    }
    NoEcho(const NoEcho&) = delete;
    NoEcho& operator=(const NoEcho&) = delete;

private:
    bool m_active = false;
#ifdef Q_OS_WIN
    HANDLE m_console = nullptr;
    DWORD m_mode = 0;
#else
    termios m_saved {};
#endif
};

} // namespace

QByteArray readSecret(const char* variable, const char* prompt)
{
    QByteArray value = qgetenv(variable);
    if (!value.isEmpty()) {
        qunsetenv(variable);
        return value;
    }
    // One reader for the whole process: the passphrase and the password are consecutive lines.
    static QFile in;
    if (!in.isOpen() && !in.open(stdin, QIODevice::ReadOnly | QIODevice::Unbuffered))
        return {};
    if (stdinIsTerminal()) {
        NoEcho quiet; // (before the prompt: nothing typed after it is shown)
        std::fputs(prompt, stderr);
        std::fflush(stderr);
        value = in.readLine();
    } else {
        value = in.readLine();
    }
    while (value.endsWith('\n') || value.endsWith('\r'))
        value.chop(1);
    return value;
}

} // namespace clerk::cli
