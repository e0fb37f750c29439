#include "walcheckpointer.h"

#include "store.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace Vigil {

WalCheckpointer::WalCheckpointer(QString path, int intervalMs) : m_path(std::move(path)), m_intervalMs(intervalMs)
{
    setObjectName(QStringLiteral("wal-checkpoint"));
}

WalCheckpointer::~WalCheckpointer()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stop = true;
        m_wake.wakeAll();
    }
    wait();
}

qint64 WalCheckpointer::checkpoints() const
{
    QMutexLocker lock(&m_mutex);
    return m_checkpoints;
}

void WalCheckpointer::run()
{
    static std::atomic<int> serial{0};
    const QString name = QStringLiteral("vigil-checkpoint-%1").arg(serial++);
    {
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        d.setDatabaseName(m_path);
        d.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=1000"));
        if (!d.open()) {
            qCWarning(lcStore) << "the checkpoint thread cannot open" << m_path << d.lastError().text();
        } else {
            QSqlQuery q(d);
            bool stop = false;
            while (!stop) {
                {
                    QMutexLocker lock(&m_mutex);
                    if (!m_stop)
                        m_wake.wait(&m_mutex, QDeadlineTimer(m_intervalMs));
                    stop = m_stop;
                }
                // Passive: copies what no reader still needs, never waits for the writer. A busy database is fine:
                // the next round copies the rest.
                if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")))
                    qCDebug(lcStore) << "checkpoint:" << q.lastError().text();
                q.finish();
                QMutexLocker lock(&m_mutex);
                ++m_checkpoints;
            }
            q = QSqlQuery();
            d.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace Vigil
