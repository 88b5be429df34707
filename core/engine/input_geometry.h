// What an image folder is decoded to for a given graph model.
#pragma once
#include "core/datasets/image_dataset.h"
#include "core/datasets/preprocess.h"
#include "core/engine/graph_executor.h"

namespace qb {

/// The model's first input's declared shape without its batch dimension. Throws qb::Error when
/// the input has no batch dimension.
engine::Shape declaredSample(const engine::Executor& model);

/// `layout`, or for Auto the layout a per-sample shape `s` suggests (see Preprocess).
Layout resolveLayout(Layout layout, const engine::Shape& s);

/// The image size and channels the model's first input takes per sample (0 where dynamic or
/// not an image), to decode and resize image folders to.
ImageGeometry inputGeometry(const engine::Executor& model, Layout layout);

} // namespace qb
