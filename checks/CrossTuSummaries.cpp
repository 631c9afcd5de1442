#include "CrossTuSummaries.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <memory>
#include <mutex>

namespace clang::tidy::async::cross_tu {

std::string usrOf(const Decl &D) {
  // A lambda's call operator (or a local class's member) has no name another translation unit
  // can call, and clang's USRs of two lambdas of one function can be the same: not keyed.
  if (const auto *Method = dyn_cast<CXXMethodDecl>(&D))
    if (Method->getParent()->isLambda() || Method->getParent()->isLocalClass())
      return "";
  llvm::SmallString<128> Buffer;
  if (index::generateUSRForDecl(&D, Buffer))
    return "";
  return Buffer.str().str();
}

namespace {

const char *summaryOut() {
  const char *Path = std::getenv("ASYNC_TIDY_SUMMARY_OUT");
  return Path && *Path ? Path : nullptr;
}

llvm::json::Object toJSON(const Place &P) {
  return llvm::json::Object{{"file", P.File}, {"line", P.Line}, {"column", P.Column}};
}

bool fromJSON(const llvm::json::Object *O, Place &P) {
  if (!O)
    return false;
  std::optional<llvm::StringRef> File = O->getString("file");
  std::optional<int64_t> Line = O->getInteger("line"), Column = O->getInteger("column");
  if (!File || !Line || !Column)
    return false;
  P = {File->str(), static_cast<unsigned>(*Line), static_cast<unsigned>(*Column)};
  return true;
}

// This TU's records, by check. One TU per worker process; thread_local keeps clangd's threads
// (which never write) apart.
struct Section {
  unsigned MaxDepth = 0;
  llvm::json::Object Functions;
  llvm::json::Array CoroutineCalls;
  llvm::StringSet<> Called;
};
struct TuRecords {
  llvm::StringMap<Section> Sections;
  bool Flushed = false;
};
thread_local TuRecords Records;

} // namespace

bool writing() { return summaryOut() != nullptr; }

bool active() {
  const char *In = std::getenv("ASYNC_TIDY_SUMMARY_IN");
  return writing() || (In && *In);
}

void addFunction(llvm::StringRef Check, unsigned MaxDepth, FunctionRecord Record) {
  Section &S = Records.Sections[Check];
  S.MaxDepth = MaxDepth;
  if (Record.Usr.empty() || S.Functions.get(Record.Usr))
    return;
  llvm::json::Array Edges;
  for (const FunctionRecord::Edge &E : Record.Edges)
    Edges.push_back(
        llvm::json::Object{{"usr", E.Usr}, {"name", E.Name}, {"at", toJSON(E.At)}});
  llvm::json::Object F{{"name", Record.Name}, {"edges", std::move(Edges)}};
  if (Record.Root)
    F["root"] = llvm::json::Object{{"caller", Record.Root->Caller},
                                   {"what", Record.Root->What},
                                   {"waitsFor", Record.RootWaitsFor},
                                   {"at", toJSON(Record.Root->At)}};
  S.Functions[Record.Usr] = std::move(F);
}

void addCoroutineCall(llvm::StringRef Check, llvm::StringRef Usr) {
  Section &S = Records.Sections[Check];
  if (!Usr.empty() && S.Called.insert(Usr).second)
    S.CoroutineCalls.push_back(Usr.str());
}

void flush() {
  const char *Path = summaryOut();
  if (!Path || Records.Flushed)
    return;
  Records.Flushed = true;
  llvm::json::Object Checks;
  for (auto &Entry : Records.Sections)
    Checks[Entry.getKey()] = llvm::json::Object{
        {"maxDepth", Entry.getValue().MaxDepth},
        {"functions", llvm::json::Object(Entry.getValue().Functions)},
        {"coroutineCalls", llvm::json::Array(Entry.getValue().CoroutineCalls)}};
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    llvm::errs() << "async-tidy: error: cannot write the summary '" << Path
                 << "': " << EC.message() << "\n";
    return;
  }
  OS << llvm::json::Value(llvm::json::Object{{"version", 1}, {"checks", std::move(Checks)}});
}

void reset() { Records = TuRecords(); }

namespace {

// The merged summaries, read once per process.
struct Merged {
  llvm::StringMap<llvm::StringMap<Chain>> ByCheck;
};

std::unique_ptr<Merged> load(const char *Path) {
  auto M = std::make_unique<Merged>();
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text = llvm::MemoryBuffer::getFile(Path);
  if (!Text) {
    llvm::errs() << "async-tidy: error: cannot read the summaries '" << Path
                 << "': " << Text.getError().message() << "\n";
    return M;
  }
  llvm::Expected<llvm::json::Value> V = llvm::json::parse((*Text)->getBuffer());
  if (!V) {
    llvm::errs() << "async-tidy: error: the summaries '" << Path
                 << "' are not JSON: " << llvm::toString(V.takeError()) << "\n";
    return M;
  }
  const llvm::json::Object *Top = V->getAsObject();
  const llvm::json::Object *Checks = Top ? Top->getObject("chains") : nullptr;
  if (!Checks)
    return M;
  for (const auto &[Check, Section] : *Checks) {
    const llvm::json::Object *Functions = Section.getAsObject();
    if (!Functions)
      continue;
    llvm::StringMap<Chain> &Out = M->ByCheck[Check.str()];
    for (const auto &[Usr, ChainValue] : *Functions) {
      const llvm::json::Object *C = ChainValue.getAsObject();
      const llvm::json::Array *Steps = C ? C->getArray("steps") : nullptr;
      std::optional<llvm::StringRef> WaitsFor = C ? C->getString("waitsFor") : std::nullopt;
      if (!Steps || !WaitsFor)
        continue;
      Chain Parsed;
      Parsed.WaitsFor = WaitsFor->str();
      for (const llvm::json::Value &S : *Steps) {
        const llvm::json::Object *SO = S.getAsObject();
        Step St;
        std::optional<llvm::StringRef> Caller = SO ? SO->getString("caller") : std::nullopt;
        std::optional<llvm::StringRef> What = SO ? SO->getString("what") : std::nullopt;
        if (!Caller || !What || !fromJSON(SO->getObject("at"), St.At))
          break;
        St.Caller = Caller->str();
        St.What = What->str();
        Parsed.Steps.push_back(std::move(St));
      }
      if (Parsed.Steps.size() == Steps->size() && !Parsed.Steps.empty())
        Out[Usr.str()] = std::move(Parsed);
    }
  }
  return M;
}

} // namespace

const Chain *mergedChain(llvm::StringRef Check, llvm::StringRef Usr) {
  static std::once_flag Once;
  static std::unique_ptr<Merged> Summaries;
  const char *Path = std::getenv("ASYNC_TIDY_SUMMARY_IN");
  if (!Path || !*Path || Usr.empty())
    return nullptr;
  std::call_once(Once, [&] { Summaries = load(Path); });
  auto Section = Summaries->ByCheck.find(Check);
  if (Section == Summaries->ByCheck.end())
    return nullptr;
  auto It = Section->second.find(Usr);
  return It == Section->second.end() ? nullptr : &It->second;
}

} // namespace clang::tidy::async::cross_tu
