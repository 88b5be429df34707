// File > Settings: language, theme, worker threads, calibration samples, the autosave interval and
// the folders the file choosers start in (AppSettings).
#pragma once
#include <QDialog>

#include "app/gui/AppSettings.h"

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace qb {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(const AppSettings& initial, QWidget* parent = nullptr);

    /// The settings as the form shows them.
    AppSettings settings() const;

private:
    QLineEdit* folderField(const QString& objectName, const QString& folder, const QString& title);

    QComboBox* language_;
    QComboBox* theme_;
    QSpinBox* threads_;
    QSpinBox* samples_;
    QSpinBox* autosave_;
    QLineEdit* modelFolder_ = nullptr;
    QLineEdit* dataFolder_ = nullptr;
};

} // namespace qb
