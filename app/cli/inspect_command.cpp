#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/table_printer.h"
#include "core/formats/model_reader.h"
#include "core/model/inspect_json.h"
#include "core/util/error.h"

namespace qb::cli {

namespace {

std::string shapeText(const std::vector<int64_t>& s) {
    std::string r = "[";
    for (size_t i = 0; i < s.size(); ++i) r += (i ? "," : "") + std::to_string(s[i]);
    return r + "]";
}

void printHuman(const Model& m) {
    std::printf("%s\n  format        %s\n  architecture  %s\n", m.path.c_str(), m.format.c_str(),
                m.architecture.c_str());
    for (const auto& [k, v] : m.properties) {
        if (v.size() > 100) continue; // long arrays (vocabularies) belong in --json
        std::printf("  %-13s %s\n", k.c_str(), v.c_str());
    }
    TablePrinter table({"name", "kind", "shape", "dtype", "params", "bytes", "quant"});
    for (const auto& t : m.tensors)
        table.add({t.name, t.kind, shapeText(t.shape), std::string(dtypeName(t.dtype)),
                   std::to_string(t.params()), std::to_string(t.bytes()), t.quantizable ? "yes" : ""});
    table.print(stdout);
    std::printf("%zu tensors, %lld parameters, %llu bytes\n", m.tensors.size(),
                static_cast<long long>(m.totalParams()), static_cast<unsigned long long>(m.totalBytes()));
}

} // namespace

int runInspect(const InspectOptions& o) {
    try {
        const Model m = openModel(o.path);
        if (o.json)
            std::cout << inspectJson(m).dump(2) << "\n";
        else
            printHuman(m);
        return 0;
    } catch (const Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s: %s\n", o.path.c_str(), e.what());
        return 1;
    }
}

} // namespace qb::cli
