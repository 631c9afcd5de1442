#include "Baseline.h"
#include "Report.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace async_tidy {

Baseline::Key Baseline::keyOf(llvm::StringRef Root, const Finding &F, SourceFiles &Sources) {
  return {F.Check, relativeTo(Root, F.At.File), F.Message,
          llvm::StringRef(Sources.lineText(F.At.File, F.At.Line)).trim().str()};
}

std::optional<Baseline> Baseline::read(llvm::StringRef Path, std::string &Error) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text = llvm::MemoryBuffer::getFile(Path);
  if (!Text) {
    Error = "cannot read the baseline '" + Path.str() + "': " + Text.getError().message();
    return std::nullopt;
  }
  llvm::Expected<llvm::json::Value> V = llvm::json::parse((*Text)->getBuffer());
  if (!V) {
    Error = "the baseline '" + Path.str() + "' is not JSON: " + llvm::toString(V.takeError());
    return std::nullopt;
  }
  const llvm::json::Object *O = V->getAsObject();
  const llvm::json::Array *Findings = O ? O->getArray("findings") : nullptr;
  if (!Findings || O->getInteger("version") != 1) {
    Error = "'" + Path.str() + "' is not an async-tidy baseline (version 1)";
    return std::nullopt;
  }
  Baseline B;
  for (const llvm::json::Value &F : *Findings) {
    const llvm::json::Object *FO = F.getAsObject();
    std::optional<llvm::StringRef> Check = FO ? FO->getString("check") : std::nullopt;
    std::optional<llvm::StringRef> File = FO ? FO->getString("file") : std::nullopt;
    std::optional<llvm::StringRef> Message = FO ? FO->getString("message") : std::nullopt;
    std::optional<llvm::StringRef> Line = FO ? FO->getString("line") : std::nullopt;
    std::optional<int64_t> Count = FO ? FO->getInteger("count") : std::nullopt;
    if (!Check || !File || !Message || !Line || !Count || *Count < 1) {
      Error = "the baseline '" + Path.str() +
              "' has an entry without check, file, message, line and count";
      return std::nullopt;
    }
    B.Counts[{Check->str(), File->str(), Message->str(), Line->str()}] +=
        static_cast<unsigned>(*Count);
  }
  return B;
}

bool Baseline::write(llvm::StringRef Path, llvm::StringRef Root,
                     const std::vector<Finding> &Findings, SourceFiles &Sources,
                     std::string &Error) {
  std::map<Key, unsigned> Counts;
  for (const Finding &F : Findings)
    if (!F.isCompileError())
      ++Counts[keyOf(Root, F, Sources)];
  llvm::json::Array Entries;
  for (const auto &[K, Count] : Counts) // std::map: sorted, so the file diffs well
    Entries.push_back(llvm::json::Object{{"check", std::get<0>(K)},
                                         {"file", std::get<1>(K)},
                                         {"message", std::get<2>(K)},
                                         {"line", std::get<3>(K)},
                                         {"count", Count}});
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    Error = "cannot write the baseline '" + Path.str() + "': " + EC.message();
    return false;
  }
  OS << llvm::formatv("{0:2}", llvm::json::Value(llvm::json::Object{
                                   {"version", 1}, {"findings", std::move(Entries)}}))
     << "\n";
  return true;
}

size_t Baseline::filter(llvm::StringRef Root, std::vector<Finding> &Findings,
                        SourceFiles &Sources) {
  std::map<Key, unsigned> Left = Counts;
  size_t Removed = 0;
  std::vector<Finding> Kept;
  for (Finding &F : Findings) {
    auto It = F.isCompileError() ? Left.end() : Left.find(keyOf(Root, F, Sources));
    if (It != Left.end() && It->second > 0) {
      --It->second;
      ++Removed;
      continue;
    }
    Kept.push_back(std::move(F));
  }
  Findings = std::move(Kept);
  return Removed;
}

} // namespace async_tidy
