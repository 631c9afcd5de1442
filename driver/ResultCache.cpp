#include "ResultCache.h"
#include "Temporary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include "llvm/ADT/StringExtras.h"

namespace async_tidy {

std::string ResultCache::keyOf(const std::vector<std::string> &Parts) {
  llvm::SHA256 Hash;
  for (const std::string &Part : Parts) {
    std::string Length = std::to_string(Part.size()) + ":";
    Hash.update(Length);
    Hash.update(Part);
  }
  std::array<uint8_t, 32> Digest = Hash.final();
  return llvm::toHex(Digest, /*LowerCase=*/true);
}

std::string ResultCache::entryPath(llvm::StringRef Key) const {
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, Key.take_front(2), Key.str() + ".json");
  return Path.str().str();
}

std::optional<std::string> ResultCache::contentHash(llvm::StringRef File) {
  {
    std::lock_guard<std::mutex> Guard(Lock);
    auto It = Hashes.find(File);
    if (It != Hashes.end())
      return It->second;
  }
  std::optional<std::string> Hash;
  if (llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text =
          llvm::MemoryBuffer::getFile(File, /*IsText=*/false, /*RequiresNullTerminator=*/false))
    Hash = llvm::utohexstr(llvm::xxh3_64bits((*Text)->getBuffer()), /*LowerCase=*/true);
  std::lock_guard<std::mutex> Guard(Lock);
  Hashes[File] = Hash;
  return Hash;
}

static std::optional<llvm::json::Value> readEntry(llvm::StringRef Path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text = llvm::MemoryBuffer::getFile(Path);
  if (!Text)
    return std::nullopt;
  llvm::Expected<llvm::json::Value> V = llvm::json::parse((*Text)->getBuffer());
  if (!V) {
    llvm::consumeError(V.takeError());
    return std::nullopt; // a damaged entry is a miss, and the next store replaces it
  }
  return std::move(*V);
}

std::optional<std::vector<std::string>> ResultCache::dependencies(llvm::StringRef Key) {
  std::optional<llvm::json::Value> Entry = readEntry(entryPath(Key));
  const llvm::json::Object *O = Entry ? Entry->getAsObject() : nullptr;
  const llvm::json::Array *Deps = O ? O->getArray("dependencies") : nullptr;
  if (!Deps)
    return std::nullopt;
  std::vector<std::string> Files;
  for (const llvm::json::Value &D : *Deps)
    if (const llvm::json::Object *DO = D.getAsObject())
      if (std::optional<llvm::StringRef> Path = DO->getString("path"))
        Files.push_back(Path->str());
  return Files;
}

std::optional<UnitResult> ResultCache::lookup(llvm::StringRef Key) {
  std::optional<llvm::json::Value> Entry = readEntry(entryPath(Key));
  const llvm::json::Object *O = Entry ? Entry->getAsObject() : nullptr;
  if (!O)
    return std::nullopt;
  const llvm::json::Array *Deps = O->getArray("dependencies");
  const llvm::json::Array *Findings = O->getArray("findings");
  std::optional<llvm::StringRef> File = O->getString("file"), Stderr = O->getString("stderr"),
                                 Summary = O->getString("summary");
  if (!Deps || !Findings || !File || !Stderr)
    return std::nullopt;
  for (const llvm::json::Value &D : *Deps) {
    const llvm::json::Object *DO = D.getAsObject();
    std::optional<llvm::StringRef> Path = DO ? DO->getString("path") : std::nullopt;
    std::optional<llvm::StringRef> Hash = DO ? DO->getString("hash") : std::nullopt;
    if (!Path || !Hash || contentHash(*Path) != Hash->str())
      return std::nullopt;
  }
  UnitResult R;
  R.File = File->str();
  R.Stderr = Stderr->str();
  R.Summary = Summary ? Summary->str() : std::string();
  R.FromCache = true;
  for (const llvm::json::Value &F : *Findings) {
    std::optional<Finding> Parsed = findingFromJSON(F);
    if (!Parsed)
      return std::nullopt;
    R.Findings.push_back(std::move(*Parsed));
  }
  return R;
}

void ResultCache::store(llvm::StringRef Key, const UnitResult &Result,
                        const std::vector<std::string> &Dependencies) {
  llvm::json::Array Deps, Findings;
  for (const std::string &File : Dependencies) {
    std::optional<std::string> Hash = contentHash(File);
    if (!Hash)
      return; // a dependency that cannot be read cannot be checked later: don't store
    Deps.push_back(llvm::json::Object{{"path", File}, {"hash", *Hash}});
  }
  for (const Finding &F : Result.Findings)
    Findings.push_back(toJSON(F));
  llvm::json::Object Entry{{"version", 1},
                           {"file", Result.File},
                           {"stderr", Result.Stderr},
                           {"summary", Result.Summary},
                           {"dependencies", std::move(Deps)},
                           {"findings", std::move(Findings)}};
  std::string Path = entryPath(Key);
  if (llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path)))
    return;
  // Written beside the entry and renamed over it: a reader never sees half an entry, and two
  // concurrent runs (CI jobs sharing a cache) each replace it whole.
  llvm::SmallString<256> Temp;
  int FD;
  if (llvm::sys::fs::createUniqueFile(Path + ".%%%%%%%%.tmp", FD, Temp))
    return;
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << llvm::json::Value(std::move(Entry));
  }
  if (llvm::sys::fs::rename(Temp, Path))
    removeTemporary(Temp);
}

std::vector<std::string> parseDependencyFile(llvm::StringRef Text, llvm::StringRef Directory) {
  std::vector<std::string> Files;
  // "target: dep dep \<newline> dep ...": skip the target, then split on unescaped blanks.
  size_t Colon = Text.find(": ");
  if (Colon == llvm::StringRef::npos)
    return Files;
  std::string Current;
  auto Flush = [&] {
    if (Current.empty())
      return;
    llvm::SmallString<256> Path(Current);
    if (!llvm::sys::path::is_absolute(Path)) {
      Path = Directory;
      llvm::sys::path::append(Path, Current);
    }
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/false);
    Files.push_back(Path.str().str());
    Current.clear();
  };
  for (size_t I = Colon + 2; I < Text.size(); ++I) {
    char C = Text[I];
    if (C == '\\' && I + 1 < Text.size()) {
      char Next = Text[I + 1];
      if (Next == '\n' || Next == '\r') { // line continuation
        Flush();
        ++I;
        continue;
      }
      if (Next == ' ' || Next == '#' || Next == '\\') {
        Current += Next;
        ++I;
        continue;
      }
    }
    if (C == '$' && I + 1 < Text.size() && Text[I + 1] == '$') {
      Current += '$';
      ++I;
      continue;
    }
    if (C == ' ' || C == '\t' || C == '\n' || C == '\r') {
      Flush();
      continue;
    }
    Current += C;
  }
  Flush();
  return Files;
}

} // namespace async_tidy
