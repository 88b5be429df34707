#include "app/gui/SettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>
#include <climits>

namespace qb {

SettingsDialog::SettingsDialog(const AppSettings& initial, QWidget* parent)
    : QDialog(parent),
      language_(new QComboBox(this)),
      theme_(new QComboBox(this)),
      threads_(new QSpinBox(this)),
      samples_(new QSpinBox(this)),
      autosave_(new QSpinBox(this)) {
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    language_->setObjectName(QStringLiteral("settingsLanguage"));
    language_->addItem(tr("Follow the system"), QString());
    // Each language in its own words, so it can be found whatever the current one is.
    language_->addItem(QStringLiteral("English"), QStringLiteral("en"));
    language_->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    language_->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    language_->setCurrentIndex(std::max(0, language_->findData(initial.language)));
    auto* languageNote = new QLabel(tr("The language changes at once in menus, panels, tables and dialogs. Texts "
                                       "already drawn in plots, the log and status messages keep their language "
                                       "until they are shown again."),
                                    this);
    languageNote->setObjectName(QStringLiteral("settingsLanguageNote"));
    languageNote->setWordWrap(true);

    theme_->setObjectName(QStringLiteral("settingsTheme"));
    theme_->addItem(tr("Follow the system"), int(AppSettings::Theme::System));
    theme_->addItem(tr("Light"), int(AppSettings::Theme::Light));
    theme_->addItem(tr("Dark"), int(AppSettings::Theme::Dark));
    theme_->setCurrentIndex(std::max(0, theme_->findData(int(initial.theme))));

    threads_->setObjectName(QStringLiteral("settingsThreads"));
    threads_->setRange(0, 1024);
    threads_->setSpecialValueText(tr("All cores (%1)").arg(QThread::idealThreadCount()));
    threads_->setValue(initial.threads);
    threads_->setToolTip(tr("Threads a calibration, quantization or evaluation uses, in core loops and in oneDNN."));

    samples_->setObjectName(QStringLiteral("settingsSamples"));
    samples_->setRange(1, INT_MAX);
    samples_->setValue(initial.calibrationSamples);
    samples_->setToolTip(tr("Samples Model > Calibrate starts with: images, or text windows."));

    autosave_->setObjectName(QStringLiteral("settingsAutosave"));
    autosave_->setRange(0, 240);
    autosave_->setSuffix(tr(" min"));
    autosave_->setSpecialValueText(tr("Off"));
    autosave_->setValue(initial.autosaveMinutes);
    autosave_->setToolTip(tr("How often a project with unsaved changes is autosaved beside its file (never over it), "
                             "for recovery after a crash."));

    auto* form = new QFormLayout;
    form->addRow(tr("&Language:"), language_);
    form->addRow(QString(), languageNote);
    form->addRow(tr("&Theme:"), theme_);
    form->addRow(tr("&Worker threads:"), threads_);
    form->addRow(tr("Calibration &samples:"), samples_);
    form->addRow(tr("&Autosave every:"), autosave_);
    modelFolder_ = folderField(QStringLiteral("settingsModelFolder"), initial.modelFolder, tr("Model Folder"));
    form->addRow(tr("&Model folder:"), modelFolder_->parentWidget());
    dataFolder_ = folderField(QStringLiteral("settingsDataFolder"), initial.dataFolder, tr("Data Folder"));
    form->addRow(tr("&Data folder:"), dataFolder_->parentWidget());

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

QLineEdit* SettingsDialog::folderField(const QString& objectName, const QString& folder, const QString& title) {
    auto* row = new QWidget(this);
    auto* field = new QLineEdit(folder, row);
    field->setObjectName(objectName);
    field->setPlaceholderText(tr("Your home folder"));
    auto* browse = new QPushButton(tr("Browse…"), row);
    connect(browse, &QPushButton::clicked, this, [this, field, title] {
        const QString chosen = QFileDialog::getExistingDirectory(this, title, field->text());
        if (!chosen.isEmpty()) field->setText(chosen);
    });
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(field, 1);
    layout->addWidget(browse);
    return field;
}

AppSettings SettingsDialog::settings() const {
    AppSettings s;
    s.language = language_->currentData().toString();
    s.theme = AppSettings::Theme(theme_->currentData().toInt());
    s.threads = threads_->value();
    s.calibrationSamples = samples_->value();
    s.autosaveMinutes = autosave_->value();
    s.modelFolder = modelFolder_->text().trimmed();
    s.dataFolder = dataFolder_->text().trimmed();
    return s;
}

} // namespace qb
