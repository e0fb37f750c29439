#pragma once

#include <QMutex>
#include <QThread>
#include <QWaitCondition>

namespace Vigil {

/// Copies an SQLite database's write-ahead log into the database file from a thread of its own, with a connection
/// of its own (PRAGMA wal_checkpoint(PASSIVE), a few times a second). The writing connection runs with
/// wal_autocheckpoint=0, so a commit never waits for a checkpoint's copying and fsync: PASSIVE checkpoints run
/// beside the writer without blocking it, and the writer starts the log over once one has caught up.
class WalCheckpointer final : public QThread
{
public:
    explicit WalCheckpointer(QString path, int intervalMs = 1000);
    ~WalCheckpointer() override; // stops the thread after a last checkpoint
    Q_DISABLE_COPY_MOVE(WalCheckpointer)

    /// Checkpoints done so far (for tests and diagnostics).
    [[nodiscard]] qint64 checkpoints() const;

protected:
    void run() override;

private:
    const QString m_path;
    const int m_intervalMs;
    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    bool m_stop = false;
    qint64 m_checkpoints = 0;
};

} // namespace Vigil
