# Shared by scripts/run and scripts/test (sourced, not executed): make sure
# the Debian packages the build needs are installed, then configure and build
# the project into build/ at the repository root. Idempotent: a machine that
# has everything installed and a build that is up to date cost a second.
#
# Functions: concert_setup_packages, concert_configure, concert_build,
# concert_setup (all three). Given --tests, concert_setup_packages and
# concert_setup also install the packages only the tests need
# (CONCERT_TEST_PACKAGES): scripts/test asks for them, scripts/run does not.
# CONCERT_ROOT names the repository; CONCERT_PRESET the CMake preset to
# build (CMakePresets.json: release, the default, into build/; asan-ubsan
# into build-asan-ubsan/; tsan into build-tsan/; fuzz, the libFuzzer targets
# with clang, into build-fuzz/), and CONCERT_BUILD_DIR its build directory.

CONCERT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CONCERT_PRESET="${CONCERT_PRESET:-release}"
case "$CONCERT_PRESET" in
  release) CONCERT_BUILD_DIR="$CONCERT_ROOT/build" ;;
  asan-ubsan | tsan | fuzz) CONCERT_BUILD_DIR="$CONCERT_ROOT/build-$CONCERT_PRESET" ;;
  *)
    echo "unknown CONCERT_PRESET '$CONCERT_PRESET' (release, asan-ubsan, tsan or fuzz)" >&2
    exit 2
    ;;
esac

# The Debian 12 (bookworm) packages for building, testing and running concert
# (compilers and build tools, gRPC/protobuf, Boost.Graph, SQLite, GoogleTest,
# Google Benchmark, CLI11, spdlog, OpenSSL, Graphviz for reports, iproute2
# for the multi-host tests, Python for the layering test and the Python
# party). docker/Dockerfile's build stage installs this same list.
CONCERT_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libboost-graph-dev libsqlite3-dev libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev libspdlog-dev libssl-dev graphviz iproute2 openssl ccache
  clang-format clang-tidy
  grpc-proto python3 python3-grpcio
)

# Only the tests need these: a browser that loads the HTML page of `concert
# compare` headless (tests/integration/render) and a font for its screenshot;
# docker-compose and PyYAML to check docker/'s compose file and Kubernetes
# manifests (tests/deploy); xxd for the byte dumps of docs/writing-a-party.md,
# which tests/usage runs as written.
CONCERT_TEST_PACKAGES=(chromium fonts-dejavu-core docker-compose python3-yaml xxd)

# Only the fuzz preset needs these (tests/fuzz/, docs/fuzzing.md): clang 14
# with its sanitizer runtimes and libFuzzer.
CONCERT_FUZZ_PACKAGES=(clang-14 libclang-rt-14-dev libfuzzer-14-dev)

concert_log() { printf '==> %s\n' "$*" >&2; }

# Prints the packages named as arguments that are not installed, one a line.
concert_missing_packages() {
  local pkg status
  for pkg in "$@"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != "installed" ]]; then
      printf '%s\n' "$pkg"
    fi
  done
}

# Installs the missing packages of CONCERT_PACKAGES, and with --tests of
# CONCERT_TEST_PACKAGES too (apt-get update once, then one install).
# Not root: lists them with the command to run, and fails.
concert_setup_packages() {
  local wanted=("${CONCERT_PACKAGES[@]}")
  if [[ "${1:-}" == --tests ]]; then
    wanted+=("${CONCERT_TEST_PACKAGES[@]}")
  fi
  if [[ "$CONCERT_PRESET" == fuzz ]]; then
    wanted+=("${CONCERT_FUZZ_PACKAGES[@]}")
  fi
  if ! command -v dpkg-query >/dev/null 2>&1; then
    concert_log "dpkg-query not found: not a Debian system; make sure the packages in scripts/lib/setup.sh are installed"
    return 0
  fi
  local missing
  mapfile -t missing < <(concert_missing_packages "${wanted[@]}")
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  if [[ "$(id -u)" != 0 ]]; then
    {
      echo "concert needs these Debian packages, which are not installed:"
      echo "  ${missing[*]}"
      echo "Install them as root, then run this script again:"
      echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
    } >&2
    exit 1
  fi
  concert_log "installing ${#missing[@]} missing packages: ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# Configures the preset's build directory with `cmake --preset`, only when
# it has not been configured for this preset yet (or was configured with
# another generator or source tree); later changes to CMakeLists.txt are
# picked up by ninja itself.
concert_configure() {
  local cache="$CONCERT_BUILD_DIR/CMakeCache.txt"
  if [[ -f "$cache" ]]; then
    if grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$cache" &&
       grep -qx "CMAKE_HOME_DIRECTORY:INTERNAL=$CONCERT_ROOT" "$cache"; then
      if [[ -f "$CONCERT_BUILD_DIR/build.ninja" ]] &&
         grep -qx "CONCERT_PRESET:UNINITIALIZED=$CONCERT_PRESET" "$cache"; then
        return 0
      fi
    else
      concert_log "$CONCERT_BUILD_DIR was configured for another generator or source tree; starting it afresh"
      rm -rf "$CONCERT_BUILD_DIR/CMakeCache.txt" "$CONCERT_BUILD_DIR/CMakeFiles"
    fi
  fi
  concert_log "configuring $CONCERT_BUILD_DIR (preset $CONCERT_PRESET)"
  (cd "$CONCERT_ROOT" && cmake --preset "$CONCERT_PRESET")
}

# Builds everything with one job per core.
concert_build() {
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$CONCERT_ROOT}"
  ninja -C "$CONCERT_BUILD_DIR" -j "$(nproc)"
}

# concert_setup [--tests]
concert_setup() {
  concert_setup_packages "$@"
  concert_configure
  concert_build
}
