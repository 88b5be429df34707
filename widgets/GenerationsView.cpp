#include "widgets/GenerationsView.h"

namespace qb {

namespace {

// The continuation's text, the part from token `from` on (-1: none) on `colour`.
QString marked(const pipeline::GeneratedText& t, int64_t from, const QString& colour) {
    QString same, changed;
    for (size_t k = 0; k < t.pieces.size(); ++k)
        (from >= 0 && int64_t(k) >= from ? changed : same) += QString::fromStdString(t.pieces[k]);
    QString html = same.toHtmlEscaped();
    if (!changed.isEmpty())
        html += QStringLiteral("<span style='background-color:%1'>%2</span>").arg(colour, changed.toHtmlEscaped());
    return html;
}

} // namespace

GenerationsView::GenerationsView(QWidget* parent) : QTextBrowser(parent) {
    setObjectName(QStringLiteral("comparisonGenerations"));
}

void GenerationsView::setGenerations(const std::vector<pipeline::Generation>& generations, size_t run,
                                     const QString& runName) {
    clear();
    if (generations.empty() || run == 0) return;
    QString html = QStringLiteral("<p>%1</p><table border='1' cellspacing='0' cellpadding='4' width='100%'>"
                                  "<tr><th>%2</th><th>fp32</th><th>%3</th></tr>")
                       .arg(tr("Each run continues the same prompts greedily; highlighted: from the first token "
                               "that differs from fp32's."),
                            tr("Prompt"), runName.toHtmlEscaped());
    for (const pipeline::Generation& g : generations) {
        if (run >= g.runs.size()) continue;
        const pipeline::GeneratedText& q = g.runs[run];
        const QString note = q.divergesAt >= 0 ? tr("differs from token %1 of %2").arg(q.divergesAt + 1).arg(q.tokens.size())
                                               : tr("same as fp32");
        // fp32's own words from the divergence on are tinted too, to read the two against each other.
        // pre-wrap: a token's leading space and the text's line breaks are part of what was generated.
        html += QStringLiteral("<tr><td valign='top'><p style='white-space:pre-wrap'><tt>%1</tt></p></td>"
                               "<td valign='top'><p style='white-space:pre-wrap'>%2</p></td>"
                               "<td valign='top'><p style='white-space:pre-wrap'>%3</p><p><i>%4</i></p></td></tr>")
                    .arg(QString::fromStdString(g.prompt).toHtmlEscaped(),
                         marked(g.runs.front(), q.divergesAt, QStringLiteral("#e3ecf7")),
                         marked(q, q.divergesAt, QStringLiteral("#f8c9c9")), note);
    }
    setHtml(html + QStringLiteral("</table>"));
}

} // namespace qb
