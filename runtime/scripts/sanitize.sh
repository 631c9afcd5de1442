#!/bin/sh
# runtime/scripts/sanitize.sh: build asyncrt's tests under ASan+UBSan and under TSan, and run them.
#
#   runtime/scripts/sanitize.sh [asan|tsan|all]     (default: all)
#
# Build directories: build-rt-asan, build-rt-tsan (next to the repository's other build dirs).
# Compiler: $ASYNCRT_SAN_CXX if set; else clang++-19 when its sanitizer runtimes are installed
# (Debian: libclang-rt-19-dev); else g++-12 (its runtimes come with Debian's libasan8, libubsan1,
# libtsan2, installed with g++-12). Jobs: $JOBS (default 2).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
which_builds=${1:-all}
jobs=${JOBS:-2}

pick_cxx() {
  if [ -n "${ASYNCRT_SAN_CXX:-}" ]; then echo "$ASYNCRT_SAN_CXX"; return; fi
  probe=$(mktemp -d)
  echo 'int main() { return 0; }' > "$probe/p.cpp"
  if command -v clang++-19 >/dev/null 2>&1 &&
     clang++-19 -fsanitize=address,undefined "$probe/p.cpp" -o "$probe/a" 2>/dev/null &&
     clang++-19 -fsanitize=thread "$probe/p.cpp" -o "$probe/t" 2>/dev/null; then
    echo clang++-19
  else
    echo g++-12
  fi
  rm -rf "$probe"
}
cxx=$(pick_cxx)
echo "sanitize.sh: using $cxx"

run_one() {  # name flags
  name=$1
  flags=$2
  dir="$root/build-rt-$name"
  cmake -S "$root/runtime" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$flags -O1 -g -fno-omit-frame-pointer" \
    -DCMAKE_EXE_LINKER_FLAGS="$flags" -DASYNCRT_LIBFUZZER_CXX= >/dev/null
  ninja -C "$dir" -j"$jobs"
  # halt_on_error: any report fails the test. Skipped here: the libFuzzer run (it has its own
  # ASan and runs in the normal build) and the header compile check (no code runs).
  ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    ctest --test-dir "$dir" --output-on-failure -E 'asyncrt_http_fuzzer|asyncrt_headers_self_contained|asyncrt_sanitizers'
}

case $which_builds in
  asan) run_one asan "-fsanitize=address,undefined -fno-sanitize-recover=undefined" ;;
  tsan) run_one tsan "-fsanitize=thread" ;;
  all)
    run_one asan "-fsanitize=address,undefined -fno-sanitize-recover=undefined"
    run_one tsan "-fsanitize=thread"
    ;;
  *) echo "usage: $0 [asan|tsan|all]" >&2; exit 2 ;;
esac
echo "sanitize.sh: $which_builds passed"
