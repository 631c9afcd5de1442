// What async-clangd changes in what clangd tells the editor, through functions of clangd's and
// LLVM's libraries that it wraps at link time (`ld --wrap`, see clangd/CMakeLists.txt):
//
// - versionString: `--version`, the log's first line and the version in the answer to
//   `initialize` say async-clangd and its version, with clangd's beside it.
// - format_provider<json::Value>::format, which writes each message to the editor: the
//   `serverInfo.name` of the answer to `initialize` is async-clangd, not clangd.
// - toJSON(PublishDiagnosticsParams): clangd links every clang-tidy diagnostic to a page of
//   clang.llvm.org, which has none for the async-* checks: theirs point at this project's page
//   for the check (the SARIF rule help's link, driver/Report.cpp); other checks keep clangd's.
//
// Each is a non-inline function called from another object than the one defining it (--wrap
// sees only such calls); renamed in a future LLVM, the link fails on its __real_ symbol.
#include "ClangdHooks.h"
#include "llvm/Support/FormatProviders.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <type_traits>

#ifndef ASYNC_TIDY_VERSION
#error "ASYNC_TIDY_VERSION is set by clangd/CMakeLists.txt"
#endif
#ifndef ASYNC_TIDY_HOMEPAGE
#error "ASYNC_TIDY_HOMEPAGE is set by driver/CMakeLists.txt"
#endif

namespace clang::clangd {
struct PublishDiagnosticsParams; // only passed on to clangd's own toJSON
} // namespace clang::clangd

// The real definitions, which --wrap leaves reachable under the __real_ names.
std::string realVersionString() asm("__real__ZN5clang6clangd13versionStringB5cxx11Ev");
void realFormatJson(const llvm::json::Value &Value, llvm::raw_ostream &OS,
                    llvm::StringRef Options)
    asm("__real__ZN4llvm15format_providerINS_4json5ValueEvE6formatERKS2_RNS_11raw_ostreamENS_9"
        "StringRefE");
static_assert(std::is_same_v<decltype(&llvm::format_provider<llvm::json::Value>::format),
                             decltype(&realFormatJson)>);
llvm::json::Value realToJson(const clang::clangd::PublishDiagnosticsParams &Params)
    asm("__real__ZN5clang6clangd6toJSONERKNS0_24PublishDiagnosticsParamsE");

// What clangd calls instead.
std::string wrappedVersionString() asm("__wrap__ZN5clang6clangd13versionStringB5cxx11Ev");
void wrappedFormatJson(const llvm::json::Value &Value, llvm::raw_ostream &OS,
                       llvm::StringRef Options)
    asm("__wrap__ZN4llvm15format_providerINS_4json5ValueEvE6formatERKS2_RNS_11raw_ostreamENS_9"
        "StringRefE");
llvm::json::Value wrappedToJson(const clang::clangd::PublishDiagnosticsParams &Params)
    asm("__wrap__ZN5clang6clangd6toJSONERKNS0_24PublishDiagnosticsParamsE");

std::string wrappedVersionString() {
  // "async-clangd 0.1.0 (Debian clangd version 19.1.7 (3~deb12u1))"
  return "async-clangd " ASYNC_TIDY_VERSION " (" + realVersionString() + ")";
}

void wrappedFormatJson(const llvm::json::Value &Value, llvm::raw_ostream &OS,
                       llvm::StringRef Options) {
  // The answer to initialize: {"id": 1, "result": {"serverInfo": {"name": "clangd", ...}, ...}}.
  // Every other message is written as it is, uncopied.
  if (const llvm::json::Object *Message = Value.getAsObject())
    if (const llvm::json::Object *Result = Message->getObject("result"))
      if (const llvm::json::Object *Info = Result->getObject("serverInfo"))
        if (Info->getString("name") == "clangd") {
          llvm::json::Value Renamed = Value;
          (*Renamed.getAsObject()->getObject("result")->getObject("serverInfo"))["name"] =
              "async-clangd";
          return realFormatJson(Renamed, OS, Options);
        }
  realFormatJson(Value, OS, Options);
}

llvm::json::Value wrappedToJson(const clang::clangd::PublishDiagnosticsParams &Params) {
  llvm::json::Value Result = realToJson(Params);
  llvm::json::Object *Message = Result.getAsObject();
  llvm::json::Array *Diagnostics = Message ? Message->getArray("diagnostics") : nullptr;
  if (!Diagnostics)
    return Result;
  for (llvm::json::Value &Each : *Diagnostics) {
    llvm::json::Object *Diagnostic = Each.getAsObject();
    if (!Diagnostic || Diagnostic->getString("source") != "clang-tidy")
      continue;
    std::optional<llvm::StringRef> Code = Diagnostic->getString("code");
    if (!Code)
      continue;
    std::string Page;
    if (async_clangd::asyncChecks().contains(*Code))
      Page = "docs/checks/" + Code->str() + ".md";
    else if (*Code == async_clangd::ConfigProblemsCheckName)
      Page = "docs/editors.md#a-clang-tidy-that-does-not-parse";
    else
      continue;
    (*Diagnostic)["codeDescription"] =
        llvm::json::Object{{"href", std::string(ASYNC_TIDY_HOMEPAGE) + "/blob/main/" + Page}};
  }
  return Result;
}
