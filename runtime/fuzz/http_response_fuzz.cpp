// http_response_fuzz.cpp: libFuzzer target for asyncrt's HTTP response parser and URL parser.
//
// Built two ways (test/runtime/CMakeLists.txt):
//  - with -fsanitize=fuzzer (+ address, undefined) when a clang with libFuzzer is installed:
//    the real fuzzer, run for ~10 s in the tests over a copy of corpus/http_response;
//  - with ASYNCRT_FUZZ_STANDALONE by the normal compiler: a replay driver that runs the corpus
//    and a few seconds of simple random mutations, so the target is exercised on every build.
#include <asyncrt/detail/http_parser.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks how the rest is split into feed() calls (bugs hide at split points)
  // and whether the request was a HEAD.
  const std::size_t step = (data[0] & 0x1f) + 1;
  const bool head = (data[0] & 0x20) != 0;
  const std::string_view wire(reinterpret_cast<const char*>(data) + 1, size - 1);

  asyncrt::http::limits lim;
  lim.max_header_bytes = 4096;  // small limits so the fuzzer reaches them
  lim.max_headers = 16;
  lim.max_body_bytes = 1 << 16;
  try {
    asyncrt::http::detail::response_parser parser(lim, head);
    for (std::size_t i = 0; i < wire.size() && !parser.done(); i += step) {
      parser.feed(wire.substr(i, step));
    }
    if (!parser.done()) parser.feed_eof();
    const auto& r = parser.result();
    // Invariants of a parsed response.
    if (r.status < 200 || r.status > 999) __builtin_trap();
    if (r.body.size() > lim.max_body_bytes) __builtin_trap();
    if (r.headers.size() > lim.max_headers) __builtin_trap();
    (void)parser.keep_alive();
  } catch (const asyncrt::http::protocol_error&) {
  }
  try {
    auto u = asyncrt::http::parse_url(wire);
    if (u.host.empty() || u.target.empty() || u.target[0] != '/') __builtin_trap();
    (void)asyncrt::http::resolve_location(u, wire.substr(wire.size() / 2));
  } catch (const std::invalid_argument&) {
  }
  return 0;
}

#ifdef ASYNCRT_FUZZ_STANDALONE
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

// Usage: http_response_fuzz_replay CORPUS_DIR [SECONDS]
int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR [SECONDS]\n", argv[0]);
    return 2;
  }
  std::vector<std::string> corpus;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    std::ifstream in(entry.path(), std::ios::binary);
    corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  for (const auto& c : corpus) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(c.data()), c.size());
  }
  const double seconds = argc > 2 ? std::stod(argv[2]) : 2.0;
  std::mt19937 rng(12345);  // fixed seed: a failure reproduces
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  long runs = 0;
  while (std::chrono::steady_clock::now() < end && !corpus.empty()) {
    std::string s = corpus[rng() % corpus.size()];
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      const std::size_t pos = s.empty() ? 0 : rng() % s.size();
      switch (rng() % 4) {
        case 0: if (!s.empty()) s[pos] = static_cast<char>(rng()); break;
        case 1: s.insert(pos, 1, static_cast<char>(rng())); break;
        case 2: if (!s.empty()) s.erase(pos, 1 + rng() % 8); break;
        default: s.insert(pos, corpus[rng() % corpus.size()].substr(0, 1 + rng() % 32)); break;
      }
    }
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
    ++runs;
  }
  std::printf("replayed %zu corpus inputs and %ld mutations\n", corpus.size(), runs);
  return 0;
}
#endif
