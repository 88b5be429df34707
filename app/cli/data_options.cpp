// --data and its preparation options as the pipeline's DataSpec.
#include "app/cli/commands.h"

namespace qb::cli {

pipeline::DataSpec DataOptions::spec() const {
    pipeline::DataSpec d;
    d.path = path;
    d.context = context;
    d.image.scale = scale;
    d.image.mean = pipeline::parseNumberList("--mean", mean);
    d.image.std = pipeline::parseNumberList("--std", std);
    d.image.layout = pipeline::parseLayout("--layout", layout);
    return d;
}

} // namespace qb::cli
