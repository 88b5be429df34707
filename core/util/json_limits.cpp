#include "core/util/json_limits.h"

#include <vector>

#include "core/util/error.h"

namespace qb {

namespace {

std::string position(std::string_view text, size_t at) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < at && i < text.size(); ++i) {
        if (text[i] == '\n') ++line, column = 1;
        else ++column;
    }
    return "offset " + std::to_string(at) + " (line " + std::to_string(line) + ", column " + std::to_string(column) + ")";
}

} // namespace

void checkJsonLimits(std::string_view text, const std::string& where, int maxDepth, size_t maxMembers) {
    struct Open {
        char kind;     // '{' or '['
        size_t commas; // n commas separate n + 1 members
    };
    std::vector<Open> open;
    bool inString = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\') ++i; // the escaped character cannot end the string
            else if (c == '"') inString = false;
            continue;
        }
        switch (c) {
        case '"': inString = true; break;
        case '[':
        case '{':
            if (open.size() >= size_t(maxDepth))
                throw Error(where, "JSON nests deeper than " + std::to_string(maxDepth) + " levels at " + position(text, i));
            open.push_back({c, 0});
            break;
        case ']':
        case '}':
            if (!open.empty()) open.pop_back();
            break;
        case ',':
            if (!open.empty() && ++open.back().commas >= maxMembers)
                throw Error(where, std::string(open.back().kind == '{' ? "a JSON object" : "a JSON array") +
                                       " has more than " + std::to_string(maxMembers) + " members at " + position(text, i));
            break;
        default: break;
        }
    }
}

} // namespace qb
