#pragma once

#include <QDateTime>
#include <QDialog>

class QDateTimeEdit;
class QDialogButtonBox;
class QPlainTextEdit;

namespace Vigil {

class Clock;

/// Snooze: 15 minutes, 1 hour, 4 hours from now, or until a chosen time.
class SnoozeDialog final : public QDialog
{
    Q_OBJECT
public:
    /// `count`: how many alerts are snoozed (for the title).
    SnoozeDialog(const Clock &clock, int count, QWidget *parent = nullptr);
    /// When the snooze ends (UTC); valid once accepted.
    [[nodiscard]] QDateTime until() const { return m_until; }
    /// Chooses "from now + `seconds`" and accepts (what the quick buttons do).
    void snoozeFor(qint64 seconds);

private:
    const Clock &m_clock;
    QDateTimeEdit *m_custom;
    QDateTime m_until;
};

/// A note for an alert's log (1–10,000 characters).
class AlertNoteDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit AlertNoteDialog(const QString &alertMessage, QWidget *parent = nullptr);
    [[nodiscard]] QString text() const;
    void setText(const QString &text);

private:
    QPlainTextEdit *m_text;
    QDialogButtonBox *m_buttons;
};

} // namespace Vigil
