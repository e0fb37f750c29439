#pragma once

#include "oncall/schedule.h"

#include <QDialog>
#include <QTimeZone>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QTableWidget;

namespace Vigil {

class LocalCache;

/// Someone covers a stretch of a schedule. Times are entered in the viewer's zone; the schedule's zone is shown
/// beside them. Accepting adds the override through the cache (so it works offline); an error (overlap, end before
/// start…) is shown in the dialog, which stays open.
class OverrideDialog final : public QDialog
{
    Q_OBJECT
public:
    OverrideDialog(LocalCache &cache, const QString &scheduleId, const QTimeZone &viewerZone, const QDateTime &start,
                   const QDateTime &end, QWidget *parent = nullptr);
    void setUserId(const QString &userId);
    [[nodiscard]] QString userId() const;
    [[nodiscard]] QDateTime start() const; // UTC
    [[nodiscard]] QDateTime end() const;   // UTC
    /// The client id of the override once accepted.
    [[nodiscard]] QString overrideId() const { return m_overrideId; }
    void accept() override;

private:
    void updateHint();

    LocalCache &m_cache;
    QString m_scheduleId;
    QTimeZone m_viewerZone;
    QTimeZone m_scheduleZone;
    QComboBox *m_user;
    QDateTimeEdit *m_start;
    QDateTimeEdit *m_end;
    QLabel *m_hint;
    QLabel *m_error;
    QString m_overrideId;
};

/// Edits a schedule's name, team, time zone and layers: participants (reordered by dragging), rotation, shift
/// length, start and end, and restrictions. Saving validates the whole schedule and goes through the cache; an
/// error names what to fix and the dialog stays open.
class ScheduleEditorDialog final : public QDialog
{
    Q_OBJECT
public:
    ScheduleEditorDialog(LocalCache &cache, const Schedule &schedule, QWidget *parent = nullptr);
    /// The schedule as edited so far.
    [[nodiscard]] Schedule edited();
    [[nodiscard]] QListWidget *participantList() const { return m_participants; }
    [[nodiscard]] QListWidget *layerList() const { return m_layers; }
    void accept() override;

private:
    void loadLayer(int row);
    void storeLayer(int row);
    void addLayer();
    void removeLayer();
    void addParticipant();
    void addRestriction(Restriction::Type type);
    void setRestrictionRow(int row, const Restriction &r);
    void updateEnabled();

    LocalCache &m_cache;
    Schedule m_schedule;
    int m_currentLayer = -1;
    QLineEdit *m_name;
    QComboBox *m_team;
    QComboBox *m_zone;
    QListWidget *m_layers;
    QLineEdit *m_layerName;
    QComboBox *m_rotation;
    QSpinBox *m_hours;
    QDateTimeEdit *m_layerStart;
    QCheckBox *m_hasEnd;
    QDateTimeEdit *m_layerEnd;
    QListWidget *m_participants;
    QComboBox *m_addUser;
    QTableWidget *m_restrictions;
    QLabel *m_error;
};

} // namespace Vigil
