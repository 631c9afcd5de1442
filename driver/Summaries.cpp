#include "Summaries.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <deque>
#include <map>

namespace async_tidy {

namespace {

struct Edge {
  std::string Callee;
  std::string CalleeName;
  llvm::json::Value At = nullptr;
};

struct Function {
  std::string Name;
  std::optional<llvm::json::Object> Root; // caller, what, at, waitsFor
  std::vector<Edge> Edges;
};

struct Section {
  unsigned MaxDepth = 0;
  std::map<std::string, Function> Functions; // sorted: the merge is deterministic
};

} // namespace

MergedSummaries mergeSummaries(const std::vector<std::string> &Summaries,
                               const std::vector<std::string> &Names,
                               std::vector<std::string> &Warnings) {
  std::map<std::string, Section> Checks;
  std::vector<std::vector<std::pair<std::string, std::string>>> CoroutineCalls(Summaries.size());
  for (size_t I = 0; I < Summaries.size(); ++I) {
    if (Summaries[I].empty())
      continue;
    llvm::Expected<llvm::json::Value> V = llvm::json::parse(Summaries[I]);
    const llvm::json::Object *Top = V ? V->getAsObject() : nullptr;
    const llvm::json::Object *ByCheck = Top ? Top->getObject("checks") : nullptr;
    if (!ByCheck || Top->getInteger("version") != 1) {
      if (!V)
        llvm::consumeError(V.takeError());
      Warnings.push_back("the summary of '" + Names[I] + "' cannot be read; it is left out");
      continue;
    }
    for (const auto &[CheckName, SectionValue] : *ByCheck) {
      const llvm::json::Object *S = SectionValue.getAsObject();
      if (!S)
        continue;
      Section &Out = Checks[CheckName.str()];
      if (std::optional<int64_t> Depth = S->getInteger("maxDepth"))
        Out.MaxDepth = static_cast<unsigned>(*Depth);
      if (const llvm::json::Array *Calls = S->getArray("coroutineCalls"))
        for (const llvm::json::Value &C : *Calls)
          if (std::optional<llvm::StringRef> Usr = C.getAsString())
            CoroutineCalls[I].emplace_back(CheckName.str(), Usr->str());
      const llvm::json::Object *Functions = S->getObject("functions");
      if (!Functions)
        continue;
      for (const auto &[Usr, FV] : *Functions) {
        const llvm::json::Object *F = FV.getAsObject();
        // An inline function is defined in every TU that includes it: the first TU's record
        // stands for all (they describe the same body).
        if (!F || Out.Functions.count(Usr.str()))
          continue;
        Function Fn;
        if (std::optional<llvm::StringRef> Name = F->getString("name"))
          Fn.Name = Name->str();
        if (const llvm::json::Object *Root = F->getObject("root"))
          Fn.Root = *Root;
        if (const llvm::json::Array *Edges = F->getArray("edges"))
          for (const llvm::json::Value &E : *Edges) {
            const llvm::json::Object *EO = E.getAsObject();
            std::optional<llvm::StringRef> Callee = EO ? EO->getString("usr") : std::nullopt;
            std::optional<llvm::StringRef> Name = EO ? EO->getString("name") : std::nullopt;
            if (Callee && Name && EO->get("at"))
              Fn.Edges.push_back({Callee->str(), Name->str(), *EO->get("at")});
          }
        Out.Functions.emplace(Usr.str(), std::move(Fn));
      }
    }
  }

  MergedSummaries Result;
  llvm::json::Object AllChains;
  std::map<std::string, llvm::StringSet<>> Blocking;
  for (auto &[CheckName, S] : Checks) {
    Result.Functions += S.Functions.size();
    // Breadth first from the roots along reversed calls: each function gets a shortest chain.
    std::map<std::string, std::vector<std::pair<std::string, const Edge *>>> Callers;
    for (const auto &[Usr, F] : S.Functions)
      for (const Edge &E : F.Edges)
        Callers[E.Callee].emplace_back(Usr, &E);
    std::map<std::string, llvm::json::Array> Steps;
    std::map<std::string, std::string> WaitsFor;
    std::deque<std::string> Queue;
    for (const auto &[Usr, F] : S.Functions)
      if (F.Root) {
        Steps[Usr] = llvm::json::Array{llvm::json::Object{
            {"caller", F.Root->getString("caller").value_or("")},
            {"what", F.Root->getString("what").value_or("")},
            {"at", F.Root->get("at") ? *F.Root->get("at") : llvm::json::Value(nullptr)}}};
        WaitsFor[Usr] = F.Root->getString("waitsFor").value_or("").str();
        Queue.push_back(Usr);
      }
    while (!Queue.empty()) {
      std::string Callee = Queue.front();
      Queue.pop_front();
      if (Steps[Callee].size() >= S.MaxDepth)
        continue;
      for (const auto &[Caller, E] : Callers[Callee]) {
        if (Steps.count(Caller))
          continue;
        llvm::json::Array Chain{llvm::json::Object{{"caller", S.Functions[Caller].Name},
                                                   {"what", "calls " + E->CalleeName},
                                                   {"at", E->At}}};
        for (const llvm::json::Value &Step : Steps[Callee])
          Chain.push_back(Step);
        Steps[Caller] = std::move(Chain);
        WaitsFor[Caller] = WaitsFor[Callee];
        Queue.push_back(Caller);
      }
    }
    llvm::json::Object Chains;
    for (auto &[Usr, Chain] : Steps) {
      Chains[Usr] = llvm::json::Object{{"steps", std::move(Chain)}, {"waitsFor", WaitsFor[Usr]}};
      Blocking[CheckName].insert(Usr);
      ++Result.Chains;
    }
    AllChains[CheckName] = std::move(Chains);
  }
  for (const auto &Calls : CoroutineCalls)
    Result.NeedsSecondPass.push_back(llvm::any_of(Calls, [&](const auto &C) {
      auto It = Blocking.find(C.first);
      return It != Blocking.end() && It->second.contains(C.second);
    }));
  llvm::raw_string_ostream OS(Result.Json);
  OS << llvm::json::Value(llvm::json::Object{{"version", 1}, {"chains", std::move(AllChains)}});
  return Result;
}

} // namespace async_tidy
