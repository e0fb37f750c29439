#include "oncalldialogs.h"

#include "editorsupport.h"
#include "labels.h"
#include "sync/localcache.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimeEdit>
#include <QVBoxLayout>

#include <algorithm>

namespace Vigil {

namespace {

/// Users by display name, for combo boxes.
QList<CachedUser> usersByName(const LocalCache &cache)
{
    QList<CachedUser> users = cache.users().values();
    std::sort(users.begin(), users.end(), [](const CachedUser &a, const CachedUser &b) {
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    return users;
}

} // namespace

// --- OverrideDialog ---

OverrideDialog::OverrideDialog(LocalCache &cache, const QString &scheduleId, const QTimeZone &viewerZone,
                               const QDateTime &start, const QDateTime &end, QWidget *parent)
    : QDialog(parent), m_cache(cache), m_scheduleId(scheduleId), m_viewerZone(viewerZone),
      m_user(new QComboBox(this)), m_start(wallTimeEdit(this)), m_end(wallTimeEdit(this)), m_hint(new QLabel(this)),
      m_error(makeErrorLabel(this))
{
    const auto schedule = cache.schedule(scheduleId);
    // A schedule not in the cache (yet) falls back to the viewer's zone: the hint then shows one zone instead of none.
    m_scheduleZone = schedule ? schedule->timeZone : viewerZone;
    setWindowTitle(tr("Override — %1").arg(schedule ? schedule->name : QString()));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Who covers this time? They replace whoever is on call, in every layer."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    for (const CachedUser &u : usersByName(cache))
        m_user->addItem(u.id == cache.currentUserId() ? tr("%1 (me)").arg(u.name) : u.name, u.id);
    // Proposes the user: most overrides are someone taking a shift over themselves.
    setUserId(cache.currentUserId());
    form->addRow(tr("&Covered by:"), m_user);
    m_start->setDateTime(wallIn(start, viewerZone));
    m_end->setDateTime(wallIn(end, viewerZone));
    form->addRow(tr("&From:"), m_start);
    form->addRow(tr("&To:"), m_end);
    layout->addLayout(form);
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet(QStringLiteral("color: palette(placeholder-text)"));
    layout->addWidget(m_hint);
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Add &override"));
    connect(buttons, &QDialogButtonBox::accepted, this, &OverrideDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_start, &QDateTimeEdit::dateTimeChanged, this, &OverrideDialog::updateHint);
    connect(m_end, &QDateTimeEdit::dateTimeChanged, this, &OverrideDialog::updateHint);
    updateHint();
    setMinimumWidth(460);
}

void OverrideDialog::setUserId(const QString &userId)
{
    const int i = m_user->findData(userId);
    if (i >= 0)
        m_user->setCurrentIndex(i);
}

QString OverrideDialog::userId() const { return m_user->currentData().toString(); }

QDateTime OverrideDialog::start() const { return fromWall(m_start->dateTime(), m_viewerZone); }

QDateTime OverrideDialog::end() const { return fromWall(m_end->dateTime(), m_viewerZone); }

void OverrideDialog::updateHint()
{
    QString text = tr("Times are in %1.").arg(Labels::zone(m_viewerZone, start()));
    // Handoffs are agreed in the schedule's zone; showing both keeps an override across zones from landing an hour off.
    if (m_scheduleZone != m_viewerZone)
        text += u' ' + tr("In the schedule's zone (%1): %2 – %3.")
                           .arg(QString::fromUtf8(m_scheduleZone.id()), Labels::shiftTime(start(), m_scheduleZone),
                                Labels::shiftTime(end(), m_scheduleZone));
    if (end() > start())
        text += u' ' + tr("Length: %1.").arg(Labels::duration(start().secsTo(end())));
    m_hint->setText(text);
}

void OverrideDialog::accept()
{
    const auto added = m_cache.addOverride(m_scheduleId, userId(), start(), end());
    if (added) {
        m_overrideId = added.value();
        QDialog::accept();
        return;
    }
    const QString field = added.error().field;
    QString message;
    if (field == u"user_id")
        message = tr("Choose who covers the time.");
    else if (field == u"end")
        message = tr("The end must be after the start.");
    // The cache refuses an override that overlaps another one of the same person, and names `start`.
    else if (field == u"start")
        message = tr("%1 already has an override that overlaps this time.").arg(m_user->currentText());
    else
        message = Labels::error(added.error().code, added.error().message);
    m_error->setText(message);
    m_error->setVisible(true);
    (field == u"user_id" ? static_cast<QWidget *>(m_user) : field == u"end" ? m_end : m_start)->setFocus();
}

// --- ScheduleEditorDialog ---

ScheduleEditorDialog::ScheduleEditorDialog(LocalCache &cache, const Schedule &schedule, QWidget *parent)
    : QDialog(parent), m_cache(cache), m_schedule(schedule), m_name(new QLineEdit(this)), m_team(new QComboBox(this)),
      m_zone(new QComboBox(this)), m_layers(new QListWidget(this)), m_layerName(new QLineEdit(this)),
      m_rotation(new QComboBox(this)), m_hours(new QSpinBox(this)), m_layerStart(wallTimeEdit(this)),
      m_hasEnd(new QCheckBox(tr("Ends"), this)), m_layerEnd(wallTimeEdit(this)), m_participants(new QListWidget(this)),
      m_addUser(new QComboBox(this)), m_restrictions(new QTableWidget(0, 5, this)), m_error(makeErrorLabel(this))
{
    setWindowTitle(tr("Edit schedule — %1").arg(schedule.name));
    auto *layout = new QVBoxLayout(this);
    auto *top = new QFormLayout;
    m_name->setText(schedule.name);
    top->addRow(tr("&Name:"), m_name);
    m_team->addItem(tr("(no team)"), QString());
    QList<std::pair<QString, QString>> teams;
    for (auto it = cache.teamNames().cbegin(); it != cache.teamNames().cend(); ++it)
        teams.append({it.value(), it.key()});
    std::sort(teams.begin(), teams.end());
    for (const auto &[name, id] : teams)
        m_team->addItem(name, id);
    m_team->setCurrentIndex(std::max(0, m_team->findData(schedule.teamId)));
    top->addRow(tr("&Team:"), m_team);
    m_zone->setEditable(true);
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        m_zone->addItem(QString::fromUtf8(id));
    m_zone->setCurrentText(QString::fromUtf8(schedule.timeZone.id()));
    // Hundreds of zone ids: typing any part ("Seoul") finds one faster than scrolling; a wrong name is caught on
    // saving.
    m_zone->completer()->setFilterMode(Qt::MatchContains);
    m_zone->completer()->setCompletionMode(QCompleter::PopupCompletion);
    top->addRow(tr("Time &zone:"), m_zone);
    layout->addLayout(top);

    auto *body = new QHBoxLayout;
    // Layers
    auto *layersBox = new QGroupBox(tr("Layers (the lowest first; a higher layer wins where it has coverage)"), this);
    auto *layersLayout = new QVBoxLayout(layersBox);
    layersLayout->addWidget(m_layers);
    auto *layerButtons = new QHBoxLayout;
    auto *addLayerButton = new QPushButton(tr("Add layer"), this);
    auto *removeLayerButton = new QPushButton(tr("Remove layer"), this);
    layerButtons->addWidget(addLayerButton);
    layerButtons->addWidget(removeLayerButton);
    layersLayout->addLayout(layerButtons);
    body->addWidget(layersBox, 1);
    // The selected layer
    auto *layerBox = new QGroupBox(tr("Selected layer"), this);
    auto *layerForm = new QFormLayout(layerBox);
    layerForm->addRow(tr("Layer name:"), m_layerName);
    for (RotationType t : {RotationType::Hourly, RotationType::Daily, RotationType::Weekly, RotationType::Custom})
        m_rotation->addItem(Labels::rotationType(t), QVariant::fromValue(static_cast<int>(t)));
    m_hours->setRange(1, 24 * 28);
    m_hours->setSuffix(tr(" h"));
    auto *rotationRow = new QHBoxLayout;
    rotationRow->addWidget(m_rotation, 1);
    rotationRow->addWidget(m_hours);
    layerForm->addRow(tr("Shift length:"), rotationRow);
    layerForm->addRow(tr("Rotation starts:"), m_layerStart);
    auto *endRow = new QHBoxLayout;
    endRow->addWidget(m_hasEnd);
    endRow->addWidget(m_layerEnd, 1);
    layerForm->addRow(QString(), endRow);
    auto *zoneNote = new QLabel(tr("Start and end are wall times in the schedule's zone."), this);
    zoneNote->setStyleSheet(QStringLiteral("color: palette(placeholder-text)"));
    layerForm->addRow(QString(), zoneNote);
    // Participants: drag to reorder
    m_participants->setDragDropMode(QAbstractItemView::InternalMove);
    m_participants->setDefaultDropAction(Qt::MoveAction);
    m_participants->setSelectionMode(QAbstractItemView::SingleSelection);
    m_participants->setToolTip(tr("Drag to change the order of the rotation"));
    layerForm->addRow(tr("Participants\n(in turn; drag to reorder):"), m_participants);
    for (const CachedUser &u : usersByName(cache))
        m_addUser->addItem(u.name, u.id);
    auto *participantButtons = new QHBoxLayout;
    auto *addParticipantButton = new QPushButton(tr("Add"), this);
    auto *removeParticipantButton = new QPushButton(tr("Remove"), this);
    participantButtons->addWidget(m_addUser, 1);
    participantButtons->addWidget(addParticipantButton);
    participantButtons->addWidget(removeParticipantButton);
    layerForm->addRow(QString(), participantButtons);
    // Restrictions
    m_restrictions->setHorizontalHeaderLabels({tr("Kind"), tr("From day"), tr("From"), tr("To day"), tr("To")});
    m_restrictions->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_restrictions->verticalHeader()->setVisible(false);
    m_restrictions->setMinimumHeight(110);
    layerForm->addRow(tr("Restrictions\n(none: all the time):"), m_restrictions);
    auto *restrictionButtons = new QHBoxLayout;
    auto *addDaily = new QPushButton(tr("Add daily window"), this);
    auto *addWeekly = new QPushButton(tr("Add weekly window"), this);
    auto *removeRestriction = new QPushButton(tr("Remove window"), this);
    restrictionButtons->addWidget(addDaily);
    restrictionButtons->addWidget(addWeekly);
    restrictionButtons->addWidget(removeRestriction);
    layerForm->addRow(QString(), restrictionButtons);
    body->addWidget(layerBox, 3);
    layout->addLayout(body, 1);
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ScheduleEditorDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    for (int i = 0; i < m_schedule.layers.size(); ++i) {
        const QString name = m_schedule.layers.at(i).name;
        m_layers->addItem(name.isEmpty() ? tr("Layer %1").arg(i + 1) : tr("Layer %1 · %2").arg(i + 1).arg(name));
    }
    // The form edits one layer at a time: store it into that layer before the form shows the next one.
    connect(m_layers, &QListWidget::currentRowChanged, this, [this](int row) {
        storeLayer(m_currentLayer);
        loadLayer(row);
    });
    connect(addLayerButton, &QPushButton::clicked, this, &ScheduleEditorDialog::addLayer);
    connect(removeLayerButton, &QPushButton::clicked, this, &ScheduleEditorDialog::removeLayer);
    connect(addParticipantButton, &QPushButton::clicked, this, &ScheduleEditorDialog::addParticipant);
    connect(removeParticipantButton, &QPushButton::clicked, this, [this] { delete m_participants->currentItem(); });
    connect(addDaily, &QPushButton::clicked, this, [this] { addRestriction(Restriction::Type::Daily); });
    connect(addWeekly, &QPushButton::clicked, this, [this] { addRestriction(Restriction::Type::Weekly); });
    connect(removeRestriction, &QPushButton::clicked, this, [this] {
        if (m_restrictions->currentRow() >= 0)
            m_restrictions->removeRow(m_restrictions->currentRow());
    });
    connect(m_rotation, &QComboBox::currentIndexChanged, this, &ScheduleEditorDialog::updateEnabled);
    connect(m_hasEnd, &QCheckBox::toggled, this, &ScheduleEditorDialog::updateEnabled);
    if (!m_schedule.layers.isEmpty())
        // The top layer first: it wins where it has coverage, so it is usually the one being adjusted.
        m_layers->setCurrentRow(m_schedule.layers.size() - 1);
    else
        loadLayer(-1);
    resize(980, 640);
}

void ScheduleEditorDialog::updateEnabled()
{
    const bool layer = m_currentLayer >= 0;
    for (QWidget *w : std::initializer_list<QWidget *>{m_layerName, m_rotation, m_layerStart, m_hasEnd, m_participants,
                                                       m_addUser, m_restrictions})
        w->setEnabled(layer);
    // Only a custom rotation has a length of its own; the others imply theirs.
    m_hours->setEnabled(layer && m_rotation->currentData().toInt() == static_cast<int>(RotationType::Custom));
    m_layerEnd->setEnabled(layer && m_hasEnd->isChecked());
}

void ScheduleEditorDialog::loadLayer(int row)
{
    m_currentLayer = row;
    const ScheduleLayer layer = row >= 0 && row < m_schedule.layers.size() ? m_schedule.layers.at(row) : ScheduleLayer{};
    m_layerName->setText(layer.name);
    m_rotation->setCurrentIndex(std::max(0, m_rotation->findData(static_cast<int>(layer.rotationType))));
    m_hours->setValue(std::max(1, layer.shiftLengthHours));
    m_layerStart->setDateTime(layer.start.isValid() ? layer.start : QDateTime(QDate::currentDate(), QTime(9, 0), Qt::UTC));
    m_hasEnd->setChecked(layer.end.isValid());
    m_layerEnd->setDateTime(layer.end.isValid() ? layer.end : m_layerStart->dateTime().addDays(90));
    m_participants->clear();
    for (const QString &id : layer.participants) {
        auto *item = new QListWidgetItem(m_cache.userName(id).isEmpty() ? id : m_cache.userName(id), m_participants);
        item->setData(Qt::UserRole, id);
    }
    m_restrictions->setRowCount(0);
    for (const Restriction &r : layer.restrictions) {
        m_restrictions->insertRow(m_restrictions->rowCount());
        setRestrictionRow(m_restrictions->rowCount() - 1, r);
    }
    updateEnabled();
}

void ScheduleEditorDialog::setRestrictionRow(int row, const Restriction &r)
{
    auto *kind = new QComboBox(m_restrictions);
    kind->addItem(tr("Daily"), static_cast<int>(Restriction::Type::Daily));
    kind->addItem(tr("Weekly"), static_cast<int>(Restriction::Type::Weekly));
    kind->setCurrentIndex(r.type == Restriction::Type::Weekly ? 1 : 0);
    m_restrictions->setCellWidget(row, 0, kind);
    for (const auto &[column, day] : {std::pair{1, r.startDay}, std::pair{3, r.endDay}}) {
        auto *days = new QComboBox(m_restrictions);
        for (int d = 1; d <= 7; ++d)
            days->addItem(Labels::weekday(d), d);
        days->setCurrentIndex(std::max(0, day - 1));
        days->setEnabled(r.type == Restriction::Type::Weekly);
        connect(kind, &QComboBox::currentIndexChanged, days, [days](int i) { days->setEnabled(i == 1); });
        m_restrictions->setCellWidget(row, column, days);
    }
    for (const auto &[column, time] : {std::pair{2, r.startTime}, std::pair{4, r.endTime}}) {
        auto *edit = new QTimeEdit(time, m_restrictions);
        edit->setDisplayFormat(QStringLiteral("HH:mm"));
        m_restrictions->setCellWidget(row, column, edit);
    }
}

void ScheduleEditorDialog::storeLayer(int row)
{
    if (row < 0 || row >= m_schedule.layers.size())
        return;
    ScheduleLayer &layer = m_schedule.layers[row];
    layer.name = m_layerName->text().trimmed();
    layer.rotationType = static_cast<RotationType>(m_rotation->currentData().toInt());
    // 0 for the fixed rotations, so a length left in the box from an earlier choice is not sent.
    layer.shiftLengthHours = layer.rotationType == RotationType::Custom ? m_hours->value() : 0;
    layer.start = m_layerStart->dateTime();
    layer.end = m_hasEnd->isChecked() ? m_layerEnd->dateTime() : QDateTime();
    layer.participants.clear();
    for (int i = 0; i < m_participants->count(); ++i)
        layer.participants.append(m_participants->item(i)->data(Qt::UserRole).toString());
    layer.restrictions.clear();
    for (int i = 0; i < m_restrictions->rowCount(); ++i) {
        Restriction r;
        const bool weekly = qobject_cast<QComboBox *>(m_restrictions->cellWidget(i, 0))->currentIndex() == 1;
        r.type = weekly ? Restriction::Type::Weekly : Restriction::Type::Daily;
        r.startDay = weekly ? qobject_cast<QComboBox *>(m_restrictions->cellWidget(i, 1))->currentData().toInt() : 0;
        r.endDay = weekly ? qobject_cast<QComboBox *>(m_restrictions->cellWidget(i, 3))->currentData().toInt() : 0;
        r.startTime = qobject_cast<QTimeEdit *>(m_restrictions->cellWidget(i, 2))->time();
        r.endTime = qobject_cast<QTimeEdit *>(m_restrictions->cellWidget(i, 4))->time();
        layer.restrictions.append(r);
    }
    m_layers->item(row)->setText(layer.name.isEmpty() ? tr("Layer %1").arg(row + 1)
                                                      : tr("Layer %1 · %2").arg(row + 1).arg(layer.name));
}

void ScheduleEditorDialog::addLayer()
{
    storeLayer(m_currentLayer);
    ScheduleLayer layer;
    // A weekly rotation from 09:00 today, with the user in it: the common case, ready to adjust.
    layer.rotationType = RotationType::Weekly;
    layer.start = QDateTime(QDate::currentDate(), QTime(9, 0), Qt::UTC);
    if (!m_cache.currentUserId().isEmpty())
        layer.participants = {m_cache.currentUserId()};
    m_schedule.layers.append(layer);
    m_layers->addItem(tr("Layer %1").arg(m_schedule.layers.size()));
    m_currentLayer = -1; // nothing to store: the list switches to the new layer
    m_layers->setCurrentRow(int(m_schedule.layers.size()) - 1);
}

void ScheduleEditorDialog::removeLayer()
{
    const int row = m_layers->currentRow();
    if (row < 0)
        return;
    m_currentLayer = -1;
    m_schedule.layers.removeAt(row);
    delete m_layers->takeItem(row);
    for (int i = 0; i < m_schedule.layers.size(); ++i) {
        const QString name = m_schedule.layers.at(i).name;
        m_layers->item(i)->setText(name.isEmpty() ? tr("Layer %1").arg(i + 1) : tr("Layer %1 · %2").arg(i + 1).arg(name));
    }
    loadLayer(m_layers->currentRow());
}

void ScheduleEditorDialog::addParticipant()
{
    if (m_addUser->currentIndex() < 0)
        return;
    auto *item = new QListWidgetItem(m_addUser->currentText(), m_participants);
    item->setData(Qt::UserRole, m_addUser->currentData());
    m_participants->setCurrentItem(item);
}

void ScheduleEditorDialog::addRestriction(Restriction::Type type)
{
    Restriction r;
    r.type = type;
    // The usual windows as proposals: business hours for a daily window, the weekend (Fri 18:00 to Mon 09:00) for a
    // weekly one.
    r.startTime = type == Restriction::Type::Daily ? QTime(9, 0) : QTime(18, 0);
    r.endTime = type == Restriction::Type::Daily ? QTime(18, 0) : QTime(9, 0);
    r.startDay = type == Restriction::Type::Weekly ? 5 : 0;
    r.endDay = type == Restriction::Type::Weekly ? 1 : 0;
    m_restrictions->insertRow(m_restrictions->rowCount());
    setRestrictionRow(m_restrictions->rowCount() - 1, r);
}

Schedule ScheduleEditorDialog::edited()
{
    storeLayer(m_currentLayer);
    Schedule s = m_schedule;
    s.name = m_name->text().trimmed();
    s.teamId = m_team->currentData().toString();
    s.timeZone = QTimeZone(m_zone->currentText().trimmed().toUtf8());
    return s;
}

void ScheduleEditorDialog::accept()
{
    const Schedule s = edited();
    QString message;
    Status saved = Ok{};
    if (s.name.isEmpty())
        message = tr("The schedule needs a name.");
    else if (!s.timeZone.isValid())
        message = tr("“%1” is not a time zone. Choose one from the list, such as Asia/Seoul.").arg(m_zone->currentText());
    else if (saved = m_cache.saveSchedule(s); saved)
        return QDialog::accept();
    if (message.isEmpty()) {
        // Fields look like layers[1].participants or layers[0].restrictions[2].end_time.
        const QString field = saved.error().field;
        static const QRegularExpression layerField(QStringLiteral("^layers\\[(\\d+)\\]\\.?([a-z_]*)(?:\\[(\\d+)\\])?"));
        const auto m = layerField.match(field);
        const int layer = m.hasMatch() ? m.captured(1).toInt() + 1 : 0;
        const QString member = m.captured(2);
        if (!m.hasMatch())
            message = Labels::error(saved.error().code, saved.error().message);
        else if (member == u"participants")
            message = tr("Layer %1 needs at least one participant.").arg(layer);
        else if (member == u"end")
            message = tr("Layer %1 must end after it starts.").arg(layer);
        else if (member == u"shift_length_hours")
            message = tr("Layer %1: enter the shift length in whole hours (1 or more).").arg(layer);
        else if (member == u"restrictions")
            message = tr("Layer %1, window %2: check its days and times.").arg(layer).arg(m.captured(3).toInt() + 1);
        else
            message = tr("Layer %1: %2").arg(layer).arg(Labels::error(saved.error().code, saved.error().message));
        // Show the layer at fault, so the message and the form speak of the same layer.
        if (layer > 0)
            m_layers->setCurrentRow(layer - 1);
    }
    m_error->setText(message);
    m_error->setVisible(true);
}

} // namespace Vigil
