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
    quant::QuantizedModel q = quant::quantizedModel(m, p.quantization->layers);
    e.model = std::move(q.model);
    e.int8Layers = std::move(q.activationLayers);
    e.quantized = true;
    return e;
}

} // namespace qb::cli
