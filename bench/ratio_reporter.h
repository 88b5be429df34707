// Google Benchmark console output plus ratio lines between benchmarks of the same run, because
// this machine is noisy and only same-run comparisons mean anything.
#pragma once
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace qb::bench {

class RatioReporter : public benchmark::ConsoleReporter {
public:
    /// Adds "numerator / baseline" to print after the run, compared by bytes per second.
    void addRatio(std::string numerator, std::string baseline, double target = 0) {
        ratios_.push_back({std::move(numerator), std::move(baseline), target});
    }
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const auto& r : runs) {
            // With --benchmark_repetitions the median stands for the benchmark; other
            // aggregates (mean, stddev, cv) are not rates to compare.
            if (r.run_type == Run::RT_Aggregate && r.aggregate_name != "median") continue;
            const auto it = r.counters.find("bytes_per_second");
            if (it != r.counters.end()) rate_[r.run_name.str()] = it->second.value;
        }
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        for (const auto& q : ratios_) {
            const auto a = find(q.num), b = find(q.base);
            if (a <= 0 || b <= 0) continue;
            std::printf("ratio %s / %s = %.2f (%.2f GB/s vs %.2f GB/s)%s\n", q.num.c_str(), q.base.c_str(),
                        a / b, a / 1e9, b / 1e9,
                        q.target > 0 ? (a / b >= q.target ? "  [target met]" : "  [BELOW TARGET]") : "");
        }
    }

private:
    double find(const std::string& prefix) const {
        for (const auto& [name, rate] : rate_)
            if (name.rfind(prefix, 0) == 0) return rate;
        return -1;
    }
    struct Ratio {
        std::string num, base;
        double target;
    };
    std::vector<Ratio> ratios_;
    std::map<std::string, double> rate_;
};

} // namespace qb::bench
