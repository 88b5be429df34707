#include "app/gui/LanguageSwitch.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QGroupBox>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMutex>
#include <QPointer>
#include <QSet>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableWidget>
#include <QThread>
#include <QTranslator>
#include <QTreeWidget>
#include <functional>
#include <qcustomplot.h>

#include "app/gui/Translations.h"

namespace qb {

namespace {

struct SourceText {
    QByteArray context, source, disambiguation;
    int n = -1;
    bool operator==(const SourceText&) const = default;

    QString translated() const {
        return QCoreApplication::translate(context.constData(), source.constData(),
                                           disambiguation.isEmpty() ? nullptr : disambiguation.constData(), n);
    }
};

size_t qHash(const SourceText& t, size_t seed = 0) {
    return qHashMulti(seed, t.context, t.source, t.disambiguation, t.n);
}

// Installed above the language's translators, it is asked first for every tr(): it notes the
// question and answers nothing, so the next translator answers.
class TextRecorder final : public QTranslator {
public:
    QString translate(const char* context, const char* source, const char* disambiguation, int n) const override {
        // Worker threads translate too (job errors); only the GUI thread builds what is on screen.
        if (context && source && QThread::currentThread() == thread()) {
            const QMutexLocker lock(&mutex_);
            if (seen_.size() < kMaxTexts) seen_.insert({context, source, disambiguation, n});
        }
        return {};
    }
    bool isEmpty() const override { return false; }

    QSet<SourceText> seen() const {
        const QMutexLocker lock(&mutex_);
        return seen_;
    }

private:
    static constexpr qsizetype kMaxTexts = 100000; // a bound for counts (%n) asked with many n
    mutable QMutex mutex_;
    mutable QSet<SourceText> seen_;
};

QPointer<TextRecorder>& recorder() {
    static QPointer<TextRecorder> r;
    return r;
}

// A text on screen that is a source string's translation, and how to set it again.
struct Target {
    QPointer<QObject> object;
    SourceText text;
    std::function<void(const QString&)> set;
};

class TargetFinder {
public:
    explicit TargetFinder(const QHash<QString, QList<SourceText>>& byText) : byText_(byText) {}

    // If `current` is a source string's translation, `set` writes it anew once the language changed
    // (while `owner` lives). Two sources may read the same ("Layer", "Layers": 层): the one whose
    // tr() context is the owner's class or its nearest ancestor's is taken.
    void add(QObject* owner, const QString& current, std::function<void(const QString&)> set) {
        if (current.isEmpty()) return;
        const auto it = byText_.constFind(current);
        if (it == byText_.constEnd()) return;
        const SourceText* chosen = &it->front();
        if (it->size() > 1) {
            bool found = false;
            for (const QObject* o = owner; o && !found; o = o->parent()) {
                for (const QMetaObject* m = o->metaObject(); m && !found; m = m->superClass()) {
                    for (const SourceText& t : *it) {
                        if (t.context == m->className()) {
                            chosen = &t;
                            found = true;
                            break;
                        }
                    }
                }
            }
        }
        targets_.push_back({owner, *chosen, std::move(set)});
    }
    void addProperties(QObject* o, std::initializer_list<const char*> names) {
        for (const char* name : names) {
            const QVariant v = o->property(name);
            if (v.metaType() == QMetaType::fromType<QString>())
                add(o, v.toString(), [o, name](const QString& t) { o->setProperty(name, t); });
        }
    }
    void addModel(QAbstractItemModel* m, const QModelIndex& parent = {}) {
        // Only models that hold their texts: a custom model's setData() may mean an edit.
        if (!qobject_cast<QStandardItemModel*>(m) && !QByteArray(m->metaObject()->className()).startsWith("QTree") &&
            !QByteArray(m->metaObject()->className()).startsWith("QTable") &&
            !QByteArray(m->metaObject()->className()).startsWith("QList"))
            return;
        if (!parent.isValid()) {
            for (Qt::Orientation o : {Qt::Horizontal, Qt::Vertical}) {
                const int count = o == Qt::Horizontal ? m->columnCount() : m->rowCount();
                for (int s = 0; s < count && s < 64; ++s) {
                    add(m, m->headerData(s, o).toString(), [m, s, o](const QString& t) { m->setHeaderData(s, o, t); });
                }
            }
        }
        for (int r = 0; r < m->rowCount(parent); ++r) {
            for (int c = 0; c < m->columnCount(parent); ++c) {
                const QPersistentModelIndex index = m->index(r, c, parent);
                add(m, index.data().toString(), [m, index](const QString& t) {
                    if (index.isValid()) m->setData(index, t);
                });
                if (c == 0 && m->hasChildren(index)) addModel(m, index);
            }
        }
    }
    void addWidget(QWidget* w) {
        addProperties(w, {"windowTitle", "toolTip", "statusTip", "whatsThis"});
        if (qobject_cast<QLabel*>(w) || qobject_cast<QAbstractButton*>(w)) addProperties(w, {"text"});
        if (qobject_cast<QGroupBox*>(w) || qobject_cast<QMenu*>(w)) addProperties(w, {"title"});
        if (qobject_cast<QLineEdit*>(w)) addProperties(w, {"placeholderText"});
        if (qobject_cast<QAbstractSpinBox*>(w)) addProperties(w, {"specialValueText", "prefix", "suffix"});
        if (auto* combo = qobject_cast<QComboBox*>(w)) {
            for (int i = 0; i < combo->count(); ++i)
                add(combo, combo->itemText(i), [combo, i](const QString& t) { combo->setItemText(i, t); });
        }
        if (auto* tabs = qobject_cast<QTabWidget*>(w)) {
            for (int i = 0; i < tabs->count(); ++i) {
                add(tabs, tabs->tabText(i), [tabs, i](const QString& t) { tabs->setTabText(i, t); });
                add(tabs, tabs->tabToolTip(i), [tabs, i](const QString& t) { tabs->setTabToolTip(i, t); });
            }
        }
        if (auto* view = qobject_cast<QAbstractItemView*>(w); view && view->model()) addModel(view->model());
        if (auto* plot = qobject_cast<QCustomPlot*>(w)) addPlot(plot);
        for (QAction* a : w->actions()) addProperties(a, {"text", "statusTip", "toolTip", "whatsThis"});
    }
    void addPlot(QCustomPlot* plot) {
        for (QCPAxisRect* rect : plot->axisRects()) {
            for (QCPAxis* axis : rect->axes())
                add(plot, axis->label(), [axis](const QString& t) { axis->setLabel(t); });
        }
        for (int i = 0; i < plot->itemCount(); ++i) {
            if (auto* text = qobject_cast<QCPItemText*>(plot->item(i)))
                add(plot, text->text(), [text](const QString& t) { text->setText(t); });
        }
        plots_ << plot;
    }

    void apply() {
        for (const Target& t : targets_) {
            if (t.object) t.set(t.text.translated());
        }
        for (const QPointer<QCustomPlot>& p : std::as_const(plots_)) {
            if (p) p->replot();
        }
    }

private:
    const QHash<QString, QList<SourceText>>& byText_;
    std::vector<Target> targets_;
    QList<QPointer<QCustomPlot>> plots_;
};

} // namespace

void installTextRecorder() {
    if (recorder()) return;
    recorder() = new TextRecorder;
    recorder()->setParent(QCoreApplication::instance());
    QCoreApplication::installTranslator(recorder());
}

void switchLanguage(const QLocale& locale) {
    installTextRecorder();
    // Every source text asked for so far, by how it reads in the language going away.
    QHash<QString, QList<SourceText>> byText;
    for (const SourceText& t : recorder()->seen()) byText[t.translated()] << t;
    TargetFinder finder(byText);
    for (QWidget* w : QApplication::allWidgets()) finder.addWidget(w);
    // Actions not added to any widget (kept for a context menu) are children of one.
    for (QWidget* w : QApplication::topLevelWidgets()) {
        for (QAction* a : w->findChildren<QAction*>()) finder.addProperties(a, {"text", "statusTip", "toolTip", "whatsThis"});
    }

    removeTranslations();
    installTranslations(locale);
    // Back on top, to hear every question again.
    QCoreApplication::removeTranslator(recorder());
    QCoreApplication::installTranslator(recorder());
    finder.apply();
    // Custom models' headers ask tr() as they are painted.
    for (QWidget* w : QApplication::allWidgets()) {
        if (auto* header = qobject_cast<QHeaderView*>(w); header && header->count() > 0)
            header->headerDataChanged(header->orientation(), 0, header->count() - 1);
    }
}

} // namespace qb
