#pragma once
// What the settings editors (escalation policies, services, notification settings) and the on-call dialogs share:
// their questions to the user, the red error line, reading the field an API error names, and wall times.

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMessageBox>
#include <QString>
#include <QTimeZone>

#include <functional>
#include <utility>

class QDateTimeEdit;
class QLabel;
class QListWidget;
class QWidget;

namespace Vigil {

class LocalCache;

/// Asks a yes/no question; true means yes. The editors ask with a QMessageBox; tests replace it.
using SettingsConfirmer = std::function<bool(const QString &question)>;
/// Asks what to do with unsaved edits of the item called `name`: QMessageBox::Save, Discard or Cancel.
using UnsavedEditsPrompt = std::function<QMessageBox::StandardButton(const QString &name)>;

/// Yes/No before something that cannot be undone (No is the default); `hook` answers instead in tests.
[[nodiscard]] bool askYesNo(QWidget *parent, const SettingsConfirmer &hook, const QString &title,
                            const QString &question);

/// Save / Discard / Cancel for unsaved edits of the item named `name`; `hook` answers instead in tests.
[[nodiscard]] QMessageBox::StandardButton askSaveDiscardCancel(QWidget *parent, const UnsavedEditsPrompt &hook,
                                                               const QString &name, const QString &title,
                                                               const QString &question);

/// Leaving an item with unsaved edits, for another item or to close, after the Save / Discard / Cancel answer: Save
/// runs `saveThenLeave` (the item stays on screen until the save succeeds: a refused save keeps it), Discard
/// `leave`, Cancel `stay`.
void leaveUnsavedEdits(QMessageBox::StandardButton answer, const std::function<void()> &saveThenLeave,
                       const std::function<void()> &leave, const std::function<void()> &stay);

/// The red line under a form that says what to fix; hidden while there is nothing to say.
[[nodiscard]] QLabel *makeErrorLabel(QWidget *parent);

/// A fresh client-side id (a UUID without braces), for items the server will know by the id the console chose.
[[nodiscard]] QString newId();

/// Index `n` of the first `[n]` after `prefix` in an API error's field such as rules[1].targets[0].id; -1 when
/// absent. The editors map an error to the row and widget to fix with it.
[[nodiscard]] int indexIn(const QString &field, const QString &prefix);

/// Sorted (name, id) pairs of a name table, case-insensitively, for combo boxes and lists.
[[nodiscard]] QList<std::pair<QString, QString>> byName(const QHash<QString, QString> &names);

/// Managers and admins may delete policies and services (the server checks again).
[[nodiscard]] bool isManager(const LocalCache &cache);

/// Removes the item whose Qt::UserRole data is `id` from a list, without signals.
void removeListItem(QListWidget *list, const QString &id);

/// A date-time editor for wall times: the value is carried with Qt::UTC spec, so the editor never converts it, and
/// is read as a wall time of the zone the dialog chose (the schedule's or the viewer's), not the machine's.
[[nodiscard]] QDateTimeEdit *wallTimeEdit(QWidget *parent);

/// The wall time in `zone` of the instant `utc`, carried with Qt::UTC spec (for wallTimeEdit()).
[[nodiscard]] QDateTime wallIn(const QDateTime &utc, const QTimeZone &zone);

/// The UTC instant of the wall time `wall` (date and time as shown, whatever its spec) in `zone`.
[[nodiscard]] QDateTime fromWall(const QDateTime &wall, const QTimeZone &zone);

/// RFC 3339 in UTC with milliseconds, as the API writes times.
[[nodiscard]] QString rfc3339(const QDateTime &utc);

} // namespace Vigil
