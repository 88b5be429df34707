// Aligned plain-text tables for the CLI's human-readable output.
#pragma once
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace qb::cli {

class TablePrinter {
public:
    explicit TablePrinter(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    void print(std::FILE* out) const {
        std::vector<size_t> w(rows_.front().size(), 0);
        for (const auto& r : rows_)
            for (size_t i = 0; i < r.size() && i < w.size(); ++i) w[i] = std::max(w[i], r[i].size());
        for (const auto& r : rows_) {
            for (size_t i = 0; i < r.size() && i < w.size(); ++i)
                if (i + 1 < r.size())
                    std::fprintf(out, "%-*s  ", int(w[i]), r[i].c_str());
                else
                    std::fputs(r[i].c_str(), out);
            std::fputc('\n', out);
        }
    }

private:
    std::vector<std::vector<std::string>> rows_;
};

} // namespace qb::cli
