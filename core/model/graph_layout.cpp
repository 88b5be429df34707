#include "core/model/graph_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>

#include "core/util/error.h"

namespace qb {

namespace {

// Barycentre sweeps run this many times each way; the best order seen is kept.
constexpr int kSweeps = 12;
// Passes that pull each node towards its neighbours' mean position.
constexpr int kPlacementPasses = 8;

// The drawing graph: the nodes plus one placeholder per row a long edge passes, so every
// drawing edge joins adjacent rows.
struct Drawing {
    std::vector<int> row;                       // per slot (nodes first, then placeholders)
    std::vector<std::vector<size_t>> up, down;  // neighbours in the row above / below
    std::vector<std::vector<size_t>> order;     // per row: slots left to right
    std::vector<double> x;
    // Slots on the graph's main flow (nodes fed by an input, and long edges out of them): placing
    // them by constants hanging off them would make the flow drift sideways.
    std::vector<bool> flow;

    size_t add(int r, bool onFlow) {
        row.push_back(r);
        flow.push_back(onFlow);
        up.emplace_back();
        down.emplace_back();
        return row.size() - 1;
    }
    void link(size_t a, size_t b) { // a in the row above b
        down[a].push_back(b);
        up[b].push_back(a);
    }
};

// Position of each slot within its row.
std::vector<double> positions(const Drawing& d) {
    std::vector<double> pos(d.row.size());
    for (const auto& r : d.order)
        for (size_t i = 0; i < r.size(); ++i) pos[r[i]] = double(i);
    return pos;
}

size_t crossings(const Drawing& d) {
    const std::vector<double> pos = positions(d);
    size_t n = 0;
    for (size_t r = 0; r + 1 < d.order.size(); ++r) {
        std::vector<std::pair<double, double>> segs;
        for (size_t a : d.order[r])
            for (size_t b : d.down[a]) segs.emplace_back(pos[a], pos[b]);
        for (size_t i = 0; i < segs.size(); ++i)
            for (size_t j = i + 1; j < segs.size(); ++j)
                if ((segs[i].first - segs[j].first) * (segs[i].second - segs[j].second) < 0) ++n;
    }
    return n;
}

// Reorders row r by the mean position of each slot's neighbours in the adjacent row (those
// without any keep their place).
void sweepRow(Drawing& d, size_t r, bool fromAbove) {
    const std::vector<double> pos = positions(d);
    auto& slots = d.order[r];
    std::vector<std::pair<double, size_t>> keyed;
    for (size_t i = 0; i < slots.size(); ++i) {
        const auto& nb = fromAbove ? d.up[slots[i]] : d.down[slots[i]];
        double key = double(i);
        if (!nb.empty()) {
            key = 0;
            for (size_t s : nb) key += pos[s];
            key /= double(nb.size());
        }
        keyed.emplace_back(key, slots[i]);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < slots.size(); ++i) slots[i] = keyed[i].second;
}

// Places each row's slots at least one unit apart, in order, as near as it can to the mean x of
// their neighbours: the mean of a left-to-right and a right-to-left packing keeps the gaps.
void placeRow(Drawing& d, size_t r, bool fromAbove) {
    const auto& slots = d.order[r];
    if (slots.empty()) return;
    std::vector<double> want(slots.size());
    for (size_t i = 0; i < slots.size(); ++i) {
        const auto& nb = fromAbove ? d.up[slots[i]] : d.down[slots[i]];
        want[i] = d.x[slots[i]];
        const bool onFlow = d.flow[slots[i]] && std::any_of(nb.begin(), nb.end(), [&](size_t s) { return d.flow[s]; });
        double sum = 0, count = 0;
        for (size_t s : nb)
            if (!onFlow || d.flow[s]) {
                sum += d.x[s];
                ++count;
            }
        if (count > 0) want[i] = sum / count;
    }
    std::vector<double> left(want), right(want);
    for (size_t i = 1; i < slots.size(); ++i) left[i] = std::max(want[i], left[i - 1] + 1);
    for (size_t i = slots.size() - 1; i-- > 0;) right[i] = std::min(want[i], right[i + 1] - 1);
    for (size_t i = 0; i < slots.size(); ++i) d.x[slots[i]] = 0.5 * (left[i] + right[i]);
}

} // namespace

GraphLayout layoutGraph(const Model& model) {
    const auto& nodes = model.nodes;
    const size_t n = nodes.size();
    std::map<std::string, size_t> producer;
    for (size_t k = 0; k < n; ++k)
        for (const auto& out : nodes[k].outputs)
            if (!out.empty()) producer.emplace(out, k);

    // Producers of each node, each once, in the order its inputs name them.
    std::vector<std::vector<size_t>> preds(n), succs(n);
    std::vector<bool> readsGraphInput(n, false), drawn(n);
    for (size_t k = 0; k < n; ++k) drawn[k] = nodes[k].op != "Constant";
    for (size_t k = 0; k < n; ++k) {
        for (const auto& in : nodes[k].inputs) {
            if (in.empty() || !drawn[k]) continue;
            const auto p = producer.find(in);
            if (p != producer.end() && !drawn[p->second]) continue; // a Constant's value: like an initializer
            if (p == producer.end()) {
                if (!model.find(in)) readsGraphInput[k] = true;
                continue;
            }
            if (p->second == k) throw Error(model.path, "node '" + nodes[k].name + "' reads its own output");
            if (std::find(preds[k].begin(), preds[k].end(), p->second) == preds[k].end()) {
                preds[k].push_back(p->second);
                succs[p->second].push_back(k);
            }
        }
    }

    // Topological order (Kahn's, smallest index first so that it is the file's order when that is one).
    std::vector<size_t> missing(n), topo;
    std::set<size_t> ready;
    for (size_t k = 0; k < n; ++k)
        if ((missing[k] = preds[k].size()) == 0) ready.insert(k);
    while (!ready.empty()) {
        const size_t k = *ready.begin();
        ready.erase(ready.begin());
        topo.push_back(k);
        for (size_t s : succs[k])
            if (--missing[s] == 0) ready.insert(s);
    }
    if (topo.size() != n) {
        const size_t k = size_t(std::find_if(missing.begin(), missing.end(), [](size_t m) { return m > 0; }) - missing.begin());
        throw Error(model.path, "node '" + nodes[k].name + "' (" + nodes[k].op + ") is part of a cycle");
    }

    // Rows: longest path from the inputs; nodes fed only by constants hang above their first reader.
    std::vector<bool> fed(n, false);
    std::vector<int> row(n, 0);
    for (size_t k : topo) {
        fed[k] = preds[k].empty() ? nodes[k].op != "Constant" && (nodes[k].inputs.empty() || readsGraphInput[k])
                                  : readsGraphInput[k];
        for (size_t p : preds[k])
            if (fed[p]) {
                fed[k] = true;
                row[k] = std::max(row[k], row[p] + 1);
            }
    }
    for (auto it = topo.rbegin(); it != topo.rend(); ++it) {
        const size_t k = *it;
        if (fed[k] || succs[k].empty()) continue;
        int first = row[succs[k][0]];
        for (size_t s : succs[k]) first = std::min(first, row[s]);
        row[k] = first - 1;
    }
    // A fed node must also sit below the constant chains it reads (they now hang above it anyway)
    // and unfed sources may have gone negative: shift to start at 0, then push readers down.
    int top = 0;
    for (size_t k = 0; k < n; ++k)
        if (drawn[k]) top = std::min(top, row[k]);
    for (int& r : row) r -= top;
    for (size_t k : topo)
        for (size_t p : preds[k]) row[k] = std::max(row[k], row[p] + 1);
    for (size_t k = 0; k < n; ++k)
        if (!drawn[k]) row[k] = -1;

    GraphLayout layout;
    layout.row = row;
    layout.rows = n ? *std::max_element(row.begin(), row.end()) + 1 : 0;

    // The drawing graph, placeholders for long edges; initial order within a row: topological.
    Drawing d;
    for (size_t k = 0; k < n; ++k) d.add(row[k], fed[k]);
    std::vector<size_t> rank(n);
    for (size_t i = 0; i < n; ++i) rank[topo[i]] = i;
    std::vector<double> firstOrder(n);
    for (size_t k = 0; k < n; ++k) firstOrder[k] = double(rank[k]);
    std::vector<std::vector<size_t>> chain; // per edge: its placeholders, top to bottom
    for (size_t k = 0; k < n; ++k)
        for (size_t p : preds[k]) {
            layout.edges.push_back({p, k, {}});
            std::vector<size_t> via;
            size_t last = p;
            for (int r = row[p] + 1; r < row[k]; ++r) {
                const size_t s = d.add(r, fed[p]);
                firstOrder.push_back(double(rank[p]) + 0.5); // beside its producer at first
                d.link(last, s);
                via.push_back(s);
                last = s;
            }
            d.link(last, k);
            chain.push_back(std::move(via));
        }
    d.order.assign(size_t(layout.rows), {});
    std::vector<size_t> slots(d.row.size());
    std::iota(slots.begin(), slots.end(), size_t(0));
    std::stable_sort(slots.begin(), slots.end(), [&](size_t a, size_t b) { return firstOrder[a] < firstOrder[b]; });
    for (size_t s : slots)
        if (d.row[s] >= 0) d.order[size_t(d.row[s])].push_back(s);

    // Crossing reduction: down and up barycentre sweeps, keeping the best order seen.
    auto best = d.order;
    size_t fewest = crossings(d);
    for (int sweep = 0; sweep < kSweeps && fewest > 0; ++sweep) {
        for (size_t r = 1; r < d.order.size(); ++r) sweepRow(d, r, true);
        for (size_t r = d.order.size() - 1; r-- > 0;) sweepRow(d, r, false);
        if (const size_t c = crossings(d); c < fewest) {
            fewest = c;
            best = d.order;
        }
    }
    d.order = best;
    layout.crossings = fewest;

    // Horizontal positions: rows centred, then pulled towards their neighbours.
    d.x.assign(d.row.size(), 0);
    for (const auto& r : d.order)
        for (size_t i = 0; i < r.size(); ++i) d.x[r[i]] = double(i) - 0.5 * double(r.size() - 1);
    for (int pass = 0; pass < kPlacementPasses; ++pass) {
        for (size_t r = 1; r < d.order.size(); ++r) placeRow(d, r, true);
        for (size_t r = d.order.size() - 1; r-- > 0;) placeRow(d, r, false);
    }
    // Start at x = 0.
    double left = std::numeric_limits<double>::infinity();
    for (const auto& r : d.order)
        if (!r.empty()) left = std::min(left, d.x[r.front()]);
    if (!std::isfinite(left)) left = 0;
    for (double& v : d.x) v -= left;
    for (size_t k = 0; k < n; ++k)
        if (!drawn[k]) d.x[k] = std::numeric_limits<double>::quiet_NaN();

    layout.x.assign(d.x.begin(), d.x.begin() + std::ptrdiff_t(n));
    for (size_t e = 0; e < layout.edges.size(); ++e)
        for (size_t s : chain[e]) layout.edges[e].bends.push_back(d.x[s]);
    return layout;
}

} // namespace qb
