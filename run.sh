#!/usr/bin/env bash
# One command for a user on Debian 12: installs what is missing, fetches the demo model once,
# builds (incrementally) and starts the QuantBench GUI on the demo model. Extra arguments are
# passed to the application.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/scripts/common.sh"

qb_install_packages "${QB_BUILD_PACKAGES[@]}"
qb_fetch_demo_model
qb_configure_release
qb_build "$QB_BUILD_DIR" quantbench quantbench-cli
exec "$QB_BUILD_DIR/bin/quantbench" "$QB_DEMO_MODEL" "$@"
