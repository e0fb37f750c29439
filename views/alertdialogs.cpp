#include "alertdialogs.h"

#include "common/clock.h"

#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Vigil {

SnoozeDialog::SnoozeDialog(const Clock &clock, int count, QWidget *parent)
    : QDialog(parent), m_clock(clock), m_custom(new QDateTimeEdit(this))
{
    setWindowTitle(tr("Snooze %n alert(s)", nullptr, count));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Nobody is paged again until the snooze ends. Snooze for:"), this));
    auto *quick = new QHBoxLayout;
    const std::pair<qint64, QString> choices[] = {
        {15 * 60, tr("&15 minutes")}, {3600, tr("&1 hour")}, {4 * 3600, tr("&4 hours")}};
    for (const auto &[seconds, label] : choices) {
        auto *b = new QPushButton(label, this);
        b->setAutoDefault(false);
        connect(b, &QPushButton::clicked, this, [this, seconds] { snoozeFor(seconds); });
        quick->addWidget(b);
    }
    layout->addLayout(quick);
    auto *custom = new QHBoxLayout;
    auto *untilLabel = new QLabel(tr("&Until:"), this);
    untilLabel->setBuddy(m_custom);
    custom->addWidget(untilLabel);
    m_custom->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_custom->setCalendarPopup(true);
    const QDateTime now = m_clock.now().toLocalTime();
    m_custom->setDateTime(now.addSecs(8 * 3600));
    m_custom->setMinimumDateTime(now);
    custom->addWidget(m_custom, 1);
    auto *untilButton = new QPushButton(tr("&Snooze until then"), this);
    untilButton->setAutoDefault(false);
    connect(untilButton, &QPushButton::clicked, this, [this] {
        m_until = m_custom->dateTime().toUTC();
        if (m_until > m_clock.now())
            accept();
    });
    custom->addWidget(untilButton);
    layout->addLayout(custom);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

void SnoozeDialog::snoozeFor(qint64 seconds)
{
    m_until = m_clock.now().addSecs(seconds);
    accept();
}

AlertNoteDialog::AlertNoteDialog(const QString &alertMessage, QWidget *parent)
    : QDialog(parent), m_text(new QPlainTextEdit(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add a note"));
    auto *layout = new QVBoxLayout(this);
    auto *about = new QLabel(alertMessage, this);
    about->setWordWrap(true);
    about->setStyleSheet(QStringLiteral("font-weight: bold"));
    layout->addWidget(about);
    auto *label = new QLabel(tr("&Note (everyone who sees the alert reads it in its log):"), this);
    label->setBuddy(m_text);
    layout->addWidget(label);
    m_text->setTabChangesFocus(true);
    layout->addWidget(m_text);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add note"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        const QString t = text();
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!t.isEmpty() && t.size() <= 10000);
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    resize(480, 260);
}

QString AlertNoteDialog::text() const { return m_text->toPlainText().trimmed(); }

void AlertNoteDialog::setText(const QString &text) { m_text->setPlainText(text); }

} // namespace Vigil
