#include "app/gui/AppSettings.h"

#include <QApplication>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <algorithm>

namespace qb {

namespace {

const QString kLanguage = QStringLiteral("settings/language");
const QString kThreads = QStringLiteral("settings/threads");
const QString kSamples = QStringLiteral("settings/calibrationSamples");
const QString kModelFolder = QStringLiteral("settings/modelFolder");
const QString kDataFolder = QStringLiteral("settings/dataFolder");
const QString kTheme = QStringLiteral("settings/theme");
const QString kAutosave = QStringLiteral("settings/autosaveMinutes");

QString themeName(AppSettings::Theme t) {
    switch (t) {
    case AppSettings::Theme::Light: return QStringLiteral("light");
    case AppSettings::Theme::Dark: return QStringLiteral("dark");
    case AppSettings::Theme::System: break;
    }
    return QStringLiteral("system");
}

QPalette darkPalette() {
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(230, 230, 230), disabled(130, 130, 130);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(47, 101, 173));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(120, 170, 255));
    p.setColor(QPalette::Light, QColor(70, 70, 74));
    p.setColor(QPalette::Midlight, QColor(60, 60, 64));
    p.setColor(QPalette::Mid, QColor(40, 40, 42));
    p.setColor(QPalette::Dark, QColor(25, 25, 27));
    p.setColor(QPalette::Shadow, Qt::black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        p.setColor(QPalette::Disabled, role, disabled);
    }
    return p;
}

} // namespace

AppSettings AppSettings::load() {
    const QSettings s;
    AppSettings a;
    a.language = s.value(kLanguage).toString();
    a.threads = std::max(0, s.value(kThreads, 0).toInt());
    a.calibrationSamples = std::max(1, s.value(kSamples, a.calibrationSamples).toInt());
    a.modelFolder = s.value(kModelFolder).toString();
    a.dataFolder = s.value(kDataFolder).toString();
    a.autosaveMinutes = std::max(0, s.value(kAutosave, a.autosaveMinutes).toInt());
    const QString theme = s.value(kTheme).toString();
    a.theme = theme == QLatin1String("dark")    ? Theme::Dark
              : theme == QLatin1String("light") ? Theme::Light
                                                : Theme::System;
    return a;
}

void AppSettings::save() const {
    QSettings s;
    s.setValue(kLanguage, language);
    s.setValue(kThreads, threads);
    s.setValue(kSamples, calibrationSamples);
    s.setValue(kModelFolder, modelFolder);
    s.setValue(kDataFolder, dataFolder);
    s.setValue(kTheme, themeName(theme));
    s.setValue(kAutosave, autosaveMinutes);
}

QString AppSettings::modelStartFolder(const QString& remembered) const {
    return remembered.isEmpty() ? modelFolder : remembered;
}

QString AppSettings::dataStartFolder(const QString& current) const {
    return current.isEmpty() ? dataFolder : current;
}

void applyTheme(AppSettings::Theme theme) {
    // What the platform gave at the first call (start-up), to return to for "System".
    static const QString startStyle = QApplication::style()->name();
    static const QPalette startPalette = QApplication::palette();
    if (theme == AppSettings::Theme::System) {
        QApplication::setStyle(QStyleFactory::create(startStyle));
        QApplication::setPalette(startPalette);
        return;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(theme == AppSettings::Theme::Dark ? darkPalette() : QApplication::style()->standardPalette());
}

} // namespace qb
