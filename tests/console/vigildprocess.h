#pragma once

// Runs the real vigild binary (path in VIGILD_BIN) on 127.0.0.1 for end-to-end tests.

#include <QDeadlineTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QTest>
#include <QUrl>

namespace Vigil::Testing {

class VigildProcess
{
public:
    explicit VigildProcess(QString db) : m_db(std::move(db)) {}
    ~VigildProcess() { stop(); }

    static QString binary() { return qEnvironmentVariable("VIGILD_BIN"); }

    /// Runs an admin subcommand and returns its standard output (trimmed); empty on failure.
    [[nodiscard]] QString admin(const QStringList &args) const
    {
        QProcess p;
        p.start(binary(), QStringList{QStringLiteral("--db"), m_db} + args);
        if (!p.waitForFinished(30000) || p.exitCode() != 0) {
            qWarning() << "vigild" << args << "failed:" << p.readAllStandardError();
            return {};
        }
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }

    /// Adds an agent and returns a fresh token for it (the last line `token create` prints).
    [[nodiscard]] QString addAgent(const QString &name) const
    {
        if (admin({QStringLiteral("user"), QStringLiteral("add"), name, QStringLiteral("--email"),
                   name + QStringLiteral("@example.com"), QStringLiteral("--role"), QStringLiteral("agent")})
                .isNull())
            return {};
        const QString out = admin({QStringLiteral("token"), QStringLiteral("create"), name});
        return out.split(u'\n').last().trimmed();
    }

    /// Starts the server (port 0 = a free one) and waits until it listens.
    [[nodiscard]] bool start(int port = 0)
    {
        m_proc.setProcessChannelMode(QProcess::SeparateChannels);
        m_proc.start(binary(), {QStringLiteral("--db"), m_db, QStringLiteral("--listen"),
                                QStringLiteral("127.0.0.1:%1").arg(port)});
        if (!m_proc.waitForStarted(10000))
            return false;
        static const QRegularExpression listening(QStringLiteral("listening on (http://127\\.0\\.0\\.1:(\\d+))"));
        QString seen;
        QDeadlineTimer deadline(20000);
        while (!deadline.hasExpired()) {
            if (!m_proc.waitForReadyRead(int(deadline.remainingTime())))
                break;
            seen += QString::fromUtf8(m_proc.readAllStandardOutput());
            const auto m = listening.match(seen);
            if (m.hasMatch()) {
                m_url = QUrl(m.captured(1));
                m_port = m.captured(2).toInt();
                return true;
            }
        }
        qWarning() << "vigild did not start:" << seen << m_proc.readAllStandardError();
        return false;
    }

    void stop()
    {
        if (m_proc.state() == QProcess::NotRunning)
            return;
        m_proc.terminate();
        if (!m_proc.waitForFinished(10000)) {
            m_proc.kill();
            m_proc.waitForFinished(5000);
        }
    }

    [[nodiscard]] QUrl url() const { return m_url; }
    [[nodiscard]] int port() const { return m_port; }

private:
    QString m_db;
    QProcess m_proc;
    QUrl m_url;
    int m_port = 0;
};

} // namespace Vigil::Testing
