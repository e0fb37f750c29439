#include "transactions.h"

#include "changelog.h"
#include "connection.h"
#include "documents.h"

#include <QSqlDriver>
#include <QSqlError>

namespace Vigil {

Transactions::Transactions(Connection &connection, ChangeLog &changes, Documents &documents)
    : m_connection(connection), m_changes(changes), m_documents(documents)
{
}

void Transactions::listenForCommits()
{
    QSqlDriver *driver = m_connection.db().driver();
    if (!driver->subscribeToNotification(QStringLiteral("vigil_changes"))) {
        qCWarning(lcStore) << "cannot LISTEN for changes from other servers:" << driver->lastError().text();
        return;
    }
    QObject::connect(driver, &QSqlDriver::notification, driver,
                     [this](const QString &, QSqlDriver::NotificationSource source, const QVariant &) {
                         if (source == QSqlDriver::SelfSource || m_connection.inWrite())
                             return;
                         m_changes.forgetLastRev(); // another server committed
                         m_lastCommitTouchedQueues = true; // what it wrote is not known here
                         if (m_committedHook)
                             m_committedHook(m_changes.lastRev());
                     });
}

void Transactions::rolledBack()
{
    m_changes.forgetLastRev();
    m_documents.clearCache(); // rolled-back versions are handed out again
}

Status Transactions::write(const std::function<Status()> &fn)
{
    Q_ASSERT(!m_connection.inWrite());
    if (m_groupOpen)
        (void)flush(); // its outcome goes to the group hook; this write stands on its own
    QSqlDatabase d = m_connection.db();
    if (!d.transaction())
        return Connection::sqlError(d.lastError(), QStringLiteral("begin"));
    m_connection.setInWrite(true);
    m_changes.begin();
    m_queuesTouched = false;
    Status s = fn();
    if (s)
        s = m_changes.writeChanges();
    if (s)
        s = m_changes.storeRev();
    // PostgreSQL delivers the NOTIFY at commit, to every server sharing the database.
    if (s && m_changes.changed() && m_connection.isPostgres())
        s = m_connection.exec(QStringLiteral("NOTIFY vigil_changes"));
    m_connection.setInWrite(false);
    m_changes.end();
    if (!s) {
        d.rollback();
        rolledBack();
        return s;
    }
    if (!d.commit()) {
        const Error e = Connection::sqlError(d.lastError(), QStringLiteral("commit"));
        d.rollback();
        rolledBack();
        return e;
    }
    m_lastCommitTouchedQueues = m_queuesTouched;
    if (m_changes.changed() && m_committedHook)
        m_committedHook(m_changes.lastRev());
    return s;
}

Status Transactions::writeGrouped(const std::function<Status()> &fn)
{
    Q_ASSERT(!m_connection.inWrite());
    QSqlDatabase d = m_connection.db();
    if (!m_groupOpen) {
        if (!d.transaction())
            return Connection::sqlError(d.lastError(), QStringLiteral("begin"));
        m_groupOpen = true;
        m_changes.begin();
        m_queuesTouched = false;
        m_groupWrites = 0;
    }
    if (auto s = m_connection.execSavepoint(QStringLiteral("SAVEPOINT grouped")); !s) {
        (void)flush();
        return s;
    }
    const ChangeLog::Mark before = m_changes.mark();
    m_connection.setInWrite(true);
    Status s = fn();
    m_connection.setInWrite(false);
    if (s) {
        if (auto released = m_connection.execSavepoint(QStringLiteral("RELEASE SAVEPOINT grouped")); !released)
            s = released;
        else
            ++m_groupWrites;
    } else {
        if (m_connection.execSavepoint(QStringLiteral("ROLLBACK TO SAVEPOINT grouped"))
            && m_connection.execSavepoint(QStringLiteral("RELEASE SAVEPOINT grouped"))) {
            m_changes.restore(before);
            m_documents.clearCache(); // rolled-back versions are handed out again
            return s;
        }
    }
    if (!s && m_groupOpen) {
        // The savepoint could not be released or undone: the group cannot go on.
        m_changes.end();
        d.rollback();
        m_groupOpen = false;
        rolledBack();
        if (m_groupHook)
            m_groupHook(s);
    }
    return s;
}

Status Transactions::attempt(const std::function<Status()> &fn)
{
    Q_ASSERT(m_connection.inWrite());
    if (auto s = m_connection.execSavepoint(QStringLiteral("SAVEPOINT attempt")); !s)
        return s;
    const ChangeLog::Mark before = m_changes.mark();
    Status s = fn();
    if (s)
        return m_connection.execSavepoint(QStringLiteral("RELEASE SAVEPOINT attempt"));
    if (m_connection.execSavepoint(QStringLiteral("ROLLBACK TO SAVEPOINT attempt"))
        && m_connection.execSavepoint(QStringLiteral("RELEASE SAVEPOINT attempt"))) {
        m_changes.restore(before);
        m_documents.clearCache(); // rolled-back versions are handed out again
    }
    // Otherwise the enclosing write fails at its next statement and is rolled back whole.
    return s;
}

Status Transactions::flush()
{
    if (!m_groupOpen)
        return Ok{};
    m_groupOpen = false;
    QSqlDatabase d = m_connection.db();
    Status s = m_changes.writeChanges();
    if (s)
        s = m_changes.storeRev();
    if (s && m_changes.changed() && m_connection.isPostgres())
        s = m_connection.exec(QStringLiteral("NOTIFY vigil_changes"));
    m_changes.end();
    if (s && !d.commit())
        s = Connection::sqlError(d.lastError(), QStringLiteral("commit"));
    if (!s) {
        d.rollback();
        rolledBack();
    } else {
        ++m_groupStats.groups;
        m_groupStats.writes += m_groupWrites;
    }
    m_lastCommitTouchedQueues = s && m_queuesTouched;
    if (m_groupHook)
        m_groupHook(s);
    if (s && m_changes.changed() && m_committedHook)
        m_committedHook(m_changes.lastRev());
    return s;
}

} // namespace Vigil
