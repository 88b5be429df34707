#include "core/tokenizer/bpe_tokenizer.h"

#include <algorithm>
#include <cstdio>
#include <queue>

#include "core/tokenizer/utf8.h"
#include "core/util/error.h"

namespace qb {

namespace {

// "<0x0A>" -> 10; -1 for anything else.
int byteOfPiece(const std::string& p) {
    if (p.size() != 6 || p[0] != '<' || p[1] != '0' || p[2] != 'x' || p[5] != '>') return -1;
    auto hex = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    const int hi = hex(p[3]), lo = hex(p[4]);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

void replaceAll(std::string& s, std::string_view from, std::string_view to) {
    if (from == to) return;
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        if (s.compare(i, from.size(), from) == 0) {
            out += to;
            i += from.size();
        } else {
            out += s[i++];
        }
    }
    s = std::move(out);
}

uint64_t pairKey(int32_t left, int32_t right) { return uint64_t(uint32_t(left)) << 32 | uint32_t(right); }

} // namespace

BpeTokenizer::BpeTokenizer(Vocabulary v, std::string source) : v_(std::move(v)), source_(std::move(source)) {
    const size_t n = v_.pieces.size();
    if (n == 0) throw Error(source_, "tokenizer vocabulary is empty");
    if (v_.scores.size() != n || v_.types.size() != n)
        throw Error(source_, "tokenizer has " + std::to_string(n) + " pieces but " + std::to_string(v_.scores.size()) +
                                 " scores and " + std::to_string(v_.types.size()) + " token types");
    for (const auto& [name, id] : {std::pair{"bos", v_.bos}, {"eos", v_.eos}, {"unk", v_.unk}})
        if (id < 0 || size_t(id) >= n)
            throw Error(source_, std::string("tokenizer ") + name + " id " + std::to_string(id) + " is outside the " +
                                     std::to_string(n) + "-token vocabulary");
    if (v_.space.empty()) throw Error(source_, "tokenizer space symbol is empty");
    byteIds_.fill(-1);
    byteOf_.assign(n, -1);
    mergeable_.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const auto id = int32_t(i);
        if (v_.types[i] == TokenType::Byte) {
            const int b = byteOfPiece(v_.pieces[i]);
            if (b < 0)
                throw Error(source_, "byte token " + std::to_string(i) + " is '" + v_.pieces[i] + "', not <0xXX>");
            if (byteIds_[size_t(b)] < 0) byteIds_[size_t(b)] = id;
            byteOf_[i] = int16_t(b);
        } else if (v_.types[i] == TokenType::Normal || v_.types[i] == TokenType::UserDefined) {
            mergeable_.emplace(v_.pieces[i], id); // the first id wins for duplicate pieces
        }
    }
    const auto inRange = [n](int32_t id) { return id >= 0 && size_t(id) < n; };
    mergeRank_.reserve(v_.merges.size());
    for (size_t r = 0; r < v_.merges.size(); ++r) {
        const MergeRule& m = v_.merges[r];
        if (!inRange(m.left) || !inRange(m.right) || !inRange(m.merged))
            throw Error(source_, "merge " + std::to_string(r) + " names a token id outside the " + std::to_string(n) +
                                     "-token vocabulary");
        mergeRank_.emplace(pairKey(m.left, m.right), std::pair{int32_t(r), m.merged}); // the lowest rank wins
    }
    for (const int32_t id : v_.addedTokens) {
        if (!inRange(id) || v_.pieces[size_t(id)].empty())
            throw Error(source_, "added token id " + std::to_string(id) + " is outside the vocabulary or empty");
        addedByFirstByte_[uint8_t(v_.pieces[size_t(id)][0])].push_back(id);
    }
    for (auto& ids : addedByFirstByte_)
        std::stable_sort(ids.begin(), ids.end(),
                         [&](int32_t a, int32_t b) { return v_.pieces[size_t(a)].size() > v_.pieces[size_t(b)].size(); });
}

int32_t BpeTokenizer::lookup(const std::string& piece) const {
    const auto it = mergeable_.find(piece);
    return it == mergeable_.end() ? -1 : it->second;
}

std::vector<int32_t> BpeTokenizer::encode(std::string_view text, bool addBos) const {
    if (const auto bad = utf8::firstInvalid(text))
        throw Error(source_, "text is not valid UTF-8: byte 0x" +
                                 [&] {
                                     char buf[3];
                                     std::snprintf(buf, sizeof buf, "%02X", unsigned(uint8_t(text[*bad])));
                                     return std::string(buf);
                                 }() +
                                 " at offset " + std::to_string(*bad));
    std::vector<int32_t> out;
    out.reserve(text.size() / 2 + 1);
    if (addBos) out.push_back(v_.bos);
    size_t start = 0; // of the text not yet encoded
    auto flush = [&](size_t end) {
        if (end == start) return;
        const std::string_view segment = text.substr(start, end - start);
        const bool prefix = v_.addDummyPrefix && (start == 0 || v_.prefixEverySegment) &&
                            !(v_.prefixUnlessSpace && segment[0] == ' ');
        encodeSegment(segment, prefix, out);
    };
    // Added tokens are whole UTF-8 strings, so a match never starts inside a code point.
    for (size_t i = 0; i < text.size();) {
        int32_t hit = -1;
        for (const int32_t id : addedByFirstByte_[uint8_t(text[i])])
            if (text.compare(i, v_.pieces[size_t(id)].size(), v_.pieces[size_t(id)]) == 0) {
                hit = id;
                break;
            }
        if (hit < 0) {
            ++i;
            continue;
        }
        flush(i);
        out.push_back(hit);
        i += v_.pieces[size_t(hit)].size();
        start = i;
    }
    flush(text.size());
    return out;
}

void BpeTokenizer::encodeSegment(std::string_view text, bool prefix, std::vector<int32_t>& out) const {
    std::string s;
    s.reserve(text.size() + v_.space.size());
    if (prefix) s += ' ';
    s += text;
    replaceAll(s, " ", v_.space);

    // One symbol per code point (or per byte when the code point has no piece).
    std::vector<int32_t> ids;
    std::vector<bool> wordStart; // symbol begins a word (splitWords only)
    ids.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const size_t len = utf8::codePointLength(s, i);
        const int32_t id = lookup(s.substr(i, len));
        const bool startsWord = v_.splitWords && s.compare(i, v_.space.size(), v_.space) == 0;
        if (id >= 0) {
            ids.push_back(id);
            wordStart.push_back(startsWord);
        } else {
            for (size_t k = 0; k < len; ++k) {
                const int32_t b = byteIds_[uint8_t(s[i + k])];
                ids.push_back(b >= 0 ? b : v_.unk);
                wordStart.push_back(startsWord && k == 0);
            }
        }
        i += len;
    }

    // Merge with a heap of candidate pairs instead of rescanning the text after every merge; the
    // order (priority, then leftmost) is exactly the rescan's, so the result is the same. The
    // priority is the merged piece's score, or minus the pair's rank for ranked merges.
    struct Candidate {
        double priority;
        int32_t left, leftId, rightId, merged;
        bool operator<(const Candidate& o) const { return priority != o.priority ? priority < o.priority : left > o.left; }
    };
    const auto count = int32_t(ids.size());
    std::vector<int32_t> prev(ids.size()), next(ids.size());
    for (int32_t i = 0; i < count; ++i) prev[size_t(i)] = i - 1, next[size_t(i)] = i + 1 < count ? i + 1 : -1;
    std::priority_queue<Candidate> heap;
    auto consider = [&](int32_t left) {
        if (left < 0) return;
        const int32_t right = next[size_t(left)];
        if (right < 0 || wordStart[size_t(right)]) return;
        const int32_t a = ids[size_t(left)], b = ids[size_t(right)];
        if (!v_.merges.empty()) {
            const auto it = mergeRank_.find(pairKey(a, b));
            if (it != mergeRank_.end()) heap.push({-double(it->second.first), left, a, b, it->second.second});
            return;
        }
        const int32_t merged = lookup(v_.pieces[size_t(a)] + v_.pieces[size_t(b)]);
        if (merged >= 0) heap.push({v_.scores[size_t(merged)], left, a, b, merged});
    };
    for (int32_t i = 0; i < count; ++i) consider(i);
    std::vector<bool> alive(ids.size(), true);
    while (!heap.empty()) {
        const Candidate c = heap.top();
        heap.pop();
        const int32_t right = next[size_t(c.left)];
        // Stale if either side has been merged away or changed since the candidate was pushed.
        if (!alive[size_t(c.left)] || right < 0 || ids[size_t(c.left)] != c.leftId || ids[size_t(right)] != c.rightId)
            continue;
        ids[size_t(c.left)] = c.merged;
        alive[size_t(right)] = false;
        next[size_t(c.left)] = next[size_t(right)];
        if (next[size_t(right)] >= 0) prev[size_t(next[size_t(right)])] = c.left;
        consider(prev[size_t(c.left)]);
        consider(c.left);
    }

    for (int32_t i = count > 0 ? 0 : -1; i >= 0; i = next[size_t(i)]) out.push_back(ids[size_t(i)]);
}

std::string BpeTokenizer::decode(std::span<const int32_t> ids) const {
    std::string out;
    for (size_t i = 0; i < ids.size(); ++i) {
        const int32_t id = ids[i];
        if (id < 0 || id >= size()) throw Error(source_, "token id " + std::to_string(id) + " is outside the vocabulary");
        const TokenType type = v_.types[size_t(id)];
        if (type == TokenType::Control || type == TokenType::Unused) continue;
        if (byteOf_[size_t(id)] >= 0) {
            out += char(byteOf_[size_t(id)]);
            continue;
        }
        const std::string& p = v_.pieces[size_t(id)];
        std::string text = p;
        replaceAll(text, v_.space, " ");
        const bool first = i == 0 || ids[i - 1] == v_.bos;
        if (first && v_.addDummyPrefix && !text.empty() && text[0] == ' ') text.erase(0, 1);
        out += text;
    }
    return out;
}

} // namespace qb
