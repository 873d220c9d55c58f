#!/usr/bin/env bash
# Command 2: the whole test suite (unit, integration against real Redis, end
# to end with the real binaries). Installs what it needs, builds, runs ctest.
# Every test that needs a server starts its own on a free loopback port.
#   ./scripts/test.sh            # all tests
#   ./scripts/test.sh -R Ingest  # extra arguments go to ctest
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_packages
build -DSCORECARD_BUILD_TESTS=ON -DSCORECARD_BUILD_BENCHMARKS=ON
cd "$BUILD_DIR"
ctest --output-on-failure -j"$JOBS" --timeout 600 "$@"
