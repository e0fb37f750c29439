#include "editorsupport.h"

#include "sync/localcache.h"

#include <QDateTimeEdit>
#include <QLabel>
#include <QListWidget>
#include <QRegularExpression>
#include <QUuid>

#include <algorithm>

namespace Vigil {

namespace {
// One format for every wall-time editor, so times read the same in the on-call and settings dialogs.
const char *const WallFormat = "yyyy-MM-dd HH:mm";
} // namespace

bool askYesNo(QWidget *parent, const SettingsConfirmer &hook, const QString &title, const QString &question)
{
    if (hook)
        return hook(question);
    return QMessageBox::question(parent, title, question, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        == QMessageBox::Yes;
}

QMessageBox::StandardButton askSaveDiscardCancel(QWidget *parent, const UnsavedEditsPrompt &hook, const QString &name,
                                                 const QString &title, const QString &question)
{
    if (hook)
        return hook(name);
    return QMessageBox::warning(parent, title, question, QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                QMessageBox::Save);
}

void leaveUnsavedEdits(QMessageBox::StandardButton answer, const std::function<void()> &saveThenLeave,
                       const std::function<void()> &leave, const std::function<void()> &stay)
{
    switch (answer) {
    case QMessageBox::Save:
        return saveThenLeave();
    case QMessageBox::Discard:
        return leave();
    default:
        // Escape or closing the question box means Cancel: nothing the user typed may be lost by accident.
        return stay();
    }
}

QLabel *makeErrorLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setStyleSheet(QStringLiteral("color: #c62828"));
    label->setWordWrap(true);
    label->setVisible(false);
    return label;
}

QString newId() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

int indexIn(const QString &field, const QString &prefix)
{
    const QRegularExpression re(QRegularExpression::escape(prefix) + QStringLiteral("\\[(\\d+)\\]"));
    const auto m = re.match(field);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

QList<std::pair<QString, QString>> byName(const QHash<QString, QString> &names)
{
    QList<std::pair<QString, QString>> list;
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        list.append({it.value(), it.key()});
    std::sort(list.begin(), list.end(),
              [](const auto &a, const auto &b) { return a.first.compare(b.first, Qt::CaseInsensitive) < 0; });
    return list;
}

bool isManager(const LocalCache &cache)
{
    const QString role = cache.users().value(cache.currentUserId()).role;
    return role == u"manager" || role == u"admin";
}

void removeListItem(QListWidget *list, const QString &id)
{
    const QSignalBlocker block(list);
    for (int row = 0; row < list->count(); ++row) {
        if (list->item(row)->data(Qt::UserRole).toString() == id) {
            delete list->takeItem(row);
            return;
        }
    }
}

QDateTimeEdit *wallTimeEdit(QWidget *parent)
{
    auto *edit = new QDateTimeEdit(parent);
    edit->setTimeSpec(Qt::UTC);
    edit->setDisplayFormat(QString::fromLatin1(WallFormat));
    edit->setCalendarPopup(true);
    return edit;
}

QDateTime wallIn(const QDateTime &utc, const QTimeZone &zone)
{
    const QDateTime local = utc.toTimeZone(zone);
    return QDateTime(local.date(), local.time(), Qt::UTC);
}

QDateTime fromWall(const QDateTime &wall, const QTimeZone &zone)
{
    return QDateTime(wall.date(), wall.time(), zone).toUTC();
}

QString rfc3339(const QDateTime &utc) { return utc.toUTC().toString(Qt::ISODateWithMs); }

} // namespace Vigil
