#include "oncallpane.h"

#include "common/clock.h"
#include "labels.h"
#include "myshiftsmodel.h"
#include "oncallboardmodel.h"
#include "oncalldialogs.h"
#include "sync/localcache.h"
#include "timelinemodel.h"
#include "timelineview.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDesktopServices>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace Vigil {

namespace {

QTableView *tableView(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->setVisible(false);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    return view;
}

} // namespace

OnCallPane::OnCallPane(LocalCache &cache, const Clock &clock, QWidget *parent)
    : QWidget(parent), m_cache(cache), m_clock(clock), m_boardModel(new OnCallBoardModel(cache, clock, this)),
      m_timeline(new TimelineModel(cache, this)), m_myShifts(new MyShiftsModel(cache, clock, this)),
      m_board(tableView(m_boardModel, this)), m_timelineView(new TimelineView(clock, this)),
      m_shiftsView(tableView(m_myShifts, this)), m_schedule(new QComboBox(this)), m_zoneChoice(new QComboBox(this)),
      m_range(new QLabel(this)), m_zoomGroup(new QButtonGroup(this)), m_viewerZone(QTimeZone::systemTimeZone())
{
    m_timelineView->setModel(m_timeline);
    m_board->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_board->horizontalHeader()->setStretchLastSection(true);
    m_shiftsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    // On call now
    auto *boardBox = new QGroupBox(tr("On call now"), this);
    auto *boardLayout = new QVBoxLayout(boardBox);
    boardLayout->addWidget(m_board);
    // My shifts
    auto *shiftsBox = new QGroupBox(tr("My shifts (next 30 days)"), this);
    auto *shiftsLayout = new QVBoxLayout(shiftsBox);
    shiftsLayout->addWidget(m_shiftsView);
    auto *exportButton = new QPushButton(tr("E&xport to calendar (.ics)…"), this);
    exportButton->setToolTip(tr("Save these shifts as an iCalendar file for Outlook, Google Calendar or Apple Calendar"));
    shiftsLayout->addWidget(exportButton, 0, Qt::AlignRight);
    auto *top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(boardBox);
    top->addWidget(shiftsBox);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);

    // Timeline with its controls
    auto *timelineBox = new QGroupBox(tr("Rotation"), this);
    auto *timelineLayout = new QVBoxLayout(timelineBox);
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("&Schedule:"), this));
    qobject_cast<QLabel *>(controls->itemAt(0)->widget())->setBuddy(m_schedule);
    m_schedule->setMinimumContentsLength(22);
    controls->addWidget(m_schedule);
    controls->addSpacing(12);
    const std::pair<Zoom, QString> zooms[] = {{Zoom::Day, tr("Day")}, {Zoom::Week, tr("Week")},
                                              {Zoom::TwoWeeks, tr("2 weeks")}, {Zoom::Month, tr("Month")}};
    for (const auto &[zoom, label] : zooms) {
        auto *b = new QToolButton(this);
        b->setText(label);
        b->setCheckable(true);
        b->setChecked(zoom == m_zoom);
        m_zoomGroup->addButton(b, static_cast<int>(zoom));
        controls->addWidget(b);
    }
    connect(m_zoomGroup, &QButtonGroup::idClicked, this, [this](int id) { setZoom(static_cast<Zoom>(id)); });
    controls->addSpacing(12);
    auto *previous = new QToolButton(this);
    previous->setText(QStringLiteral("◀"));
    previous->setToolTip(tr("Earlier"));
    auto *today = new QToolButton(this);
    today->setText(tr("Today"));
    auto *next = new QToolButton(this);
    next->setText(QStringLiteral("▶"));
    next->setToolTip(tr("Later"));
    connect(previous, &QToolButton::clicked, this, [this] { showDay(m_firstDay.addDays(-static_cast<int>(m_zoom))); });
    connect(next, &QToolButton::clicked, this, [this] { showDay(m_firstDay.addDays(static_cast<int>(m_zoom))); });
    connect(today, &QToolButton::clicked, this,
            [this] { showDay(m_clock.now().toTimeZone(shownZone()).date()); });
    controls->addWidget(previous);
    controls->addWidget(today);
    controls->addWidget(next);
    controls->addWidget(m_range, 1);
    controls->addWidget(new QLabel(tr("Times in:"), this));
    m_zoneChoice->addItem(tr("My zone (%1)").arg(QString::fromUtf8(m_viewerZone.id())));
    m_zoneChoice->addItem(tr("The schedule's zone"));
    controls->addWidget(m_zoneChoice);
    auto *overrideButton = new QPushButton(tr("Add &override…"), this);
    overrideButton->setToolTip(tr("Or drag across the final schedule row"));
    auto *editButton = new QPushButton(tr("&Edit schedule…"), this);
    controls->addWidget(overrideButton);
    controls->addWidget(editButton);
    timelineLayout->addLayout(controls);
    timelineLayout->addWidget(m_timelineView, 1);
    auto *hint = new QLabel(tr("Drag across the final schedule to cover that time; right-click an override to remove it. "
                               "Red hatching: nobody is on call."),
                            this);
    hint->setStyleSheet(QStringLiteral("color: palette(placeholder-text)"));
    timelineLayout->addWidget(hint);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(timelineBox);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(split);

    connect(m_schedule, &QComboBox::currentIndexChanged, this, [this] {
        m_timeline->setScheduleId(scheduleId());
        updateWindow();
        const int row = m_boardModel->rowOf(scheduleId());
        if (row >= 0 && m_board->currentIndex().row() != row)
            m_board->setCurrentIndex(m_boardModel->index(row, 0));
    });
    connect(m_board, &QTableView::clicked, this, [this](const QModelIndex &index) {
        setScheduleId(index.data(OnCallBoardModel::ScheduleIdRole).toString());
    });
    connect(m_board, &QTableView::doubleClicked, this, [](const QModelIndex &index) {
        const QString email = index.data(OnCallBoardModel::EmailRole).toString();
        if (!email.isEmpty())
            QDesktopServices::openUrl(QUrl(QStringLiteral("mailto:") + email));
    });
    connect(m_zoneChoice, &QComboBox::currentIndexChanged, this, [this] {
        m_timeline->setViewerZone(shownZone());
        m_boardModel->setViewerZone(shownZone());
        m_myShifts->setViewerZone(shownZone());
        updateWindow();
    });
    connect(m_timelineView, &TimelineView::overrideDragged, this, &OnCallPane::createOverride);
    connect(m_timelineView, &TimelineView::overrideRemovalRequested, this, &OnCallPane::removeOverride);
    connect(overrideButton, &QPushButton::clicked, this, &OnCallPane::addOverride);
    connect(editButton, &QPushButton::clicked, this, &OnCallPane::editSchedule);
    connect(exportButton, &QPushButton::clicked, this, &OnCallPane::exportMyShifts);
    connect(&m_cache, &LocalCache::schedulesChanged, this, &OnCallPane::reloadSchedules);
    const auto updateRole = [this, editButton] {
        const QString role = m_cache.users().value(m_cache.currentUserId()).role;
        const bool manager = role == u"manager" || role == u"admin";
        editButton->setEnabled(manager);
        editButton->setToolTip(manager ? QString() : tr("Only managers can edit schedules; anyone can add overrides."));
    };
    connect(&m_cache, &LocalCache::usersChanged, this, updateRole);
    connect(&m_cache, &LocalCache::currentUserIdChanged, this, updateRole);
    updateRole();

    m_firstDay = m_clock.now().toTimeZone(m_viewerZone).date();
    reloadSchedules();
    updateWindow();
}

QString OnCallPane::scheduleId() const { return m_schedule->currentData().toString(); }

void OnCallPane::setScheduleId(const QString &id)
{
    const int i = m_schedule->findData(id);
    if (i >= 0)
        m_schedule->setCurrentIndex(i);
}

void OnCallPane::setZoom(Zoom zoom)
{
    m_zoom = zoom;
    if (auto *b = m_zoomGroup->button(static_cast<int>(zoom)))
        b->setChecked(true);
    updateWindow();
}

void OnCallPane::showDay(const QDate &day)
{
    m_firstDay = day;
    updateWindow();
}

void OnCallPane::setViewerZone(const QTimeZone &zone)
{
    if (!zone.isValid())
        return;
    m_viewerZone = zone;
    m_zoneChoice->setItemText(0, tr("My zone (%1)").arg(QString::fromUtf8(zone.id())));
    m_timeline->setViewerZone(shownZone());
    m_boardModel->setViewerZone(shownZone());
    m_myShifts->setViewerZone(shownZone());
    updateWindow();
}

QTimeZone OnCallPane::shownZone() const
{
    if (m_zoneChoice->currentIndex() == 1) {
        if (const auto s = m_cache.schedule(scheduleId()))
            return s->timeZone;
    }
    return m_viewerZone;
}

void OnCallPane::reloadSchedules()
{
    const QString current = scheduleId();
    QList<std::pair<QString, QString>> entries;
    for (const Schedule &s : m_cache.schedules())
        entries.append({s.name, s.id});
    std::sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) {
        const int c = a.first.compare(b.first, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a.second < b.second;
    });
    bool same = entries.size() == m_schedule->count();
    for (int i = 0; same && i < entries.size(); ++i)
        same = m_schedule->itemData(i).toString() == entries.at(i).second && m_schedule->itemText(i) == entries.at(i).first;
    if (same)
        return;
    const QSignalBlocker block(m_schedule);
    m_schedule->clear();
    for (const auto &[name, id] : entries)
        m_schedule->addItem(name, id);
    // Keep the chosen schedule; on first start prefer one the user is on.
    int index = m_schedule->findData(current);
    for (int i = 0; index < 0 && i < m_boardModel->rowCount(); ++i) {
        if (m_boardModel->index(i, 0).data(OnCallBoardModel::UserIdRole).toString() == m_cache.currentUserId())
            index = m_schedule->findData(m_boardModel->index(i, 0).data(OnCallBoardModel::ScheduleIdRole));
    }
    m_schedule->setCurrentIndex(index >= 0 ? index : 0);
    m_timeline->setScheduleId(scheduleId());
    updateWindow();
}

void OnCallPane::updateWindow()
{
    const QTimeZone zone = shownZone();
    const QDateTime from(m_firstDay, QTime(0, 0), zone);
    const QDateTime to(m_firstDay.addDays(static_cast<int>(m_zoom)), QTime(0, 0), zone);
    m_timeline->setWindow(from.toUTC(), to.toUTC());
    const QLocale locale;
    m_range->setText(tr("%1 – %2").arg(locale.toString(m_firstDay, QLocale::ShortFormat),
                                       locale.toString(m_firstDay.addDays(static_cast<int>(m_zoom) - 1), QLocale::ShortFormat)));
    m_range->setToolTip(Labels::zone(zone, from));
}

void OnCallPane::createOverride(const QDateTime &start, const QDateTime &end)
{
    if (scheduleId().isEmpty())
        return;
    OverrideDialog dialog(m_cache, scheduleId(), shownZone(), start, end, this);
    if (dialog.exec() == QDialog::Accepted)
        Q_EMIT message(tr("Override added: %1 covers %2 – %3")
                           .arg(m_cache.userName(dialog.userId()), Labels::shiftTime(dialog.start(), shownZone()),
                                Labels::shiftTime(dialog.end(), shownZone())));
}

void OnCallPane::addOverride()
{
    // Default: the next four hours, from the next half hour.
    const qint64 halfHour = 30 * 60;
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    const QDateTime start = QDateTime::fromSecsSinceEpoch((now / halfHour + 1) * halfHour, Qt::UTC);
    createOverride(start, start.addSecs(4 * 3600));
}

void OnCallPane::removeOverride(const QString &overrideId)
{
    const auto removed = m_cache.removeOverride(scheduleId(), overrideId);
    Q_EMIT message(removed ? tr("Override removed") : Labels::error(removed.error().code, removed.error().message));
}

void OnCallPane::editSchedule()
{
    const auto schedule = m_cache.schedule(scheduleId());
    if (!schedule)
        return;
    ScheduleEditorDialog dialog(m_cache, *schedule, this);
    if (dialog.exec() == QDialog::Accepted)
        Q_EMIT message(tr("Schedule “%1” saved").arg(dialog.edited().name));
}

void OnCallPane::exportMyShifts()
{
    if (m_myShifts->rowCount() == 0) {
        QMessageBox::information(this, tr("Export shifts"), tr("You have no on-call shifts in the next 30 days."));
        return;
    }
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(this, tr("Export my shifts"), dir + QStringLiteral("/my-oncall-shifts.ics"),
                                                      tr("iCalendar files (*.ics)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_myShifts->toICalendar()) < 0 || !file.commit()) {
        QMessageBox::warning(this, tr("Export shifts"), tr("Could not write %1: %2").arg(path, file.errorString()));
        return;
    }
    Q_EMIT message(tr("%n shift(s) exported to %1", nullptr, m_myShifts->rowCount()).arg(path));
}

} // namespace Vigil
