#include "app/gui/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QList>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

namespace qb {

namespace {
// What installTranslations() installed, for removeTranslations().
QList<QPointer<QTranslator>>& installed() {
    static QList<QPointer<QTranslator>> list;
    return list;
}
} // namespace

QLocale requestedLocale() {
    // A language chosen in File > Settings wins over the environment.
    const QString chosen = QSettings().value(QStringLiteral("settings/language")).toString();
    if (!chosen.isEmpty()) {
        return QLocale(chosen);
    }
    for (const char* variable : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
        QString value = qEnvironmentVariable(variable);
        // LANGUAGE is a priority list ("de:en"); the others look like "de_DE.UTF-8@euro".
        value = value.section(QLatin1Char(':'), 0, 0).section(QLatin1Char('.'), 0, 0).section(QLatin1Char('@'), 0, 0);
        if (!value.isEmpty()) {
            return value == QLatin1String("POSIX") ? QLocale::c() : QLocale(value);
        }
    }
    return QLocale::system();
}

QTranslator* installTranslations(const QLocale& locale, const QString& directory) {
    auto* qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        installed() << qt;
    } else {
        delete qt;
    }
    auto* ours = new QTranslator(QCoreApplication::instance());
    if (!ours->load(locale, QStringLiteral("quantbench"), QStringLiteral("_"), directory)) {
        delete ours;
        return nullptr;
    }
    QCoreApplication::installTranslator(ours);
    installed() << ours;
    return ours;
}

void removeTranslations() {
    for (const QPointer<QTranslator>& t : std::as_const(installed())) {
        if (t) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
    }
    installed().clear();
}

} // namespace qb
