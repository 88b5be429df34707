#include "app/cli/project_model.h"

#include "core/formats/model_reader.h"
#include "core/formats/project_file.h"
#include "core/quant/apply_quantized.h"

namespace qb::cli {

EvalModel openForEval(const std::string& path) {
    EvalModel e;
    if (!isProjectFile(path)) {
        e.model = openModel(path);
        return e;
    }
    const Project p = openProject(path);
    Model m = openModel(p.modelPath);
    if (!p.quantization) {
        e.model = std::move(m);
        return e;
    }
    e.model = quant::applyQuantized(m, p.quantization->layers);
    e.quantized = true;
    for (const auto& l : p.quantization->layers)
        if (l.activation) e.int8Layers.push_back(l);
    return e;
}

} // namespace qb::cli
