#include "Findings.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>

namespace async_tidy {

const SourceFiles::Text *SourceFiles::get(llvm::StringRef File) {
  auto It = Files.find(File);
  if (It != Files.end())
    return It->second.get();
  auto T = std::make_unique<Text>();
  if (llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
          llvm::MemoryBuffer::getFile(File, /*IsText=*/false, /*RequiresNullTerminator=*/false)) {
    T->Buffer = std::move(*Buffer);
    llvm::StringRef Data = T->Buffer->getBuffer();
    T->LineStarts.push_back(0);
    for (size_t I = 0; I < Data.size(); ++I)
      if (Data[I] == '\n')
        T->LineStarts.push_back(static_cast<unsigned>(I + 1));
  }
  return (Files[File] = std::move(T)).get();
}

Position SourceFiles::position(llvm::StringRef File, unsigned Offset) {
  std::lock_guard<std::mutex> Guard(Lock);
  Position P{File.str(), Offset, 0, 0};
  const Text *T = get(File);
  if (!T->Buffer || Offset > T->Buffer->getBufferSize())
    return P;
  auto It = std::upper_bound(T->LineStarts.begin(), T->LineStarts.end(), Offset);
  P.Line = static_cast<unsigned>(It - T->LineStarts.begin());
  P.Column = Offset - *(It - 1) + 1;
  return P;
}

std::string SourceFiles::lineText(llvm::StringRef File, unsigned Line) {
  std::lock_guard<std::mutex> Guard(Lock);
  const Text *T = get(File);
  if (!T->Buffer || Line == 0 || Line > T->LineStarts.size())
    return "";
  llvm::StringRef Data = T->Buffer->getBuffer();
  unsigned Begin = T->LineStarts[Line - 1];
  unsigned End = Line < T->LineStarts.size() ? T->LineStarts[Line] : Data.size();
  return Data.slice(Begin, End).rtrim("\r\n").str();
}

/// \p Path made absolute against the directory the TU was compiled in: the exported paths are
/// as the compiler saw them (relative when the compile command names files relative to its
/// directory, "./x.h" for a quoted include), and the parent runs elsewhere.
static std::string resolve(llvm::StringRef Path, llvm::StringRef BuildDirectory) {
  llvm::SmallString<256> P(Path);
  if (!llvm::sys::path::is_absolute(P) && !BuildDirectory.empty()) {
    P = BuildDirectory;
    llvm::sys::path::append(P, Path);
  }
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/false);
  return P.str().str();
}

static std::vector<Edit> editsOf(const llvm::StringMap<clang::tooling::Replacements> &Fix,
                                 llvm::StringRef BuildDirectory, SourceFiles &Sources) {
  std::vector<Edit> Edits;
  for (const auto &Entry : Fix)
    for (const clang::tooling::Replacement &R : Entry.second) {
      Edit E;
      std::string File = resolve(R.getFilePath(), BuildDirectory);
      E.Range.Begin = Sources.position(File, R.getOffset());
      E.Range.End = Sources.position(File, R.getOffset() + R.getLength());
      E.Text = R.getReplacementText().str();
      Edits.push_back(std::move(E));
    }
  // StringMap iterates in hash order: sort so that output never depends on it.
  std::sort(Edits.begin(), Edits.end(), [](const Edit &A, const Edit &B) {
    return std::tie(A.Range.Begin.File, A.Range.Begin.Offset) <
           std::tie(B.Range.Begin.File, B.Range.Begin.Offset);
  });
  return Edits;
}

std::optional<std::vector<Finding>> readExportedFindings(llvm::StringRef YamlText,
                                                         SourceFiles &Sources,
                                                         std::string &Error) {
  std::vector<Finding> Out;
  if (YamlText.trim().empty())
    return Out; // clang-tidy writes nothing at all for a TU without diagnostics
  clang::tooling::TranslationUnitDiagnostics Diagnostics;
  llvm::yaml::Input YAML(YamlText);
  YAML >> Diagnostics;
  if (YAML.error()) {
    Error = YAML.error().message();
    return std::nullopt;
  }
  for (const clang::tooling::Diagnostic &D : Diagnostics.Diagnostics) {
    Finding F;
    F.Check = D.DiagnosticName;
    F.Level = D.DiagLevel == clang::tooling::Diagnostic::Error ? "error" : "warning";
    F.Message = D.Message.Message;
    llvm::StringRef Dir = D.BuildDirectory;
    F.At = Sources.position(resolve(D.Message.FilePath, Dir), D.Message.FileOffset);
    for (const clang::tooling::FileByteRange &R : D.Message.Ranges) {
      std::string File = resolve(R.FilePath, Dir);
      F.Ranges.push_back(
          {Sources.position(File, R.FileOffset), Sources.position(File, R.FileOffset + R.Length)});
    }
    for (const clang::tooling::DiagnosticMessage &N : D.Notes)
      F.Notes.push_back({N.Message, Sources.position(resolve(N.FilePath, Dir), N.FileOffset)});
    F.Fixes = editsOf(D.Message.Fix, Dir, Sources);
    Out.push_back(std::move(F));
  }
  return Out;
}

std::string exportFindingsYaml(llvm::StringRef MainSourceFile,
                               const std::vector<Finding> &Findings) {
  clang::tooling::TranslationUnitDiagnostics TU;
  TU.MainSourceFile = MainSourceFile.str();
  for (const Finding &F : Findings) {
    clang::tooling::Diagnostic D;
    D.DiagnosticName = F.Check;
    D.DiagLevel = F.Level == "error" ? clang::tooling::Diagnostic::Error
                                     : clang::tooling::Diagnostic::Warning;
    D.Message.Message = F.Message;
    D.Message.FilePath = F.At.File;
    D.Message.FileOffset = F.At.Offset;
    for (const Span &R : F.Ranges) {
      clang::tooling::FileByteRange Range;
      Range.FilePath = R.Begin.File;
      Range.FileOffset = R.Begin.Offset;
      Range.Length = R.End.Offset - R.Begin.Offset;
      D.Message.Ranges.push_back(std::move(Range));
    }
    for (const Edit &E : F.Fixes) {
      clang::tooling::Replacement R(E.Range.Begin.File, E.Range.Begin.Offset,
                                    E.Range.End.Offset - E.Range.Begin.Offset, E.Text);
      llvm::consumeError(D.Message.Fix[R.getFilePath()].add(R));
    }
    for (const Note &N : F.Notes) {
      clang::tooling::DiagnosticMessage M;
      M.Message = N.Message;
      M.FilePath = N.At.File;
      M.FileOffset = N.At.Offset;
      D.Notes.push_back(std::move(M));
    }
    TU.Diagnostics.push_back(std::move(D));
  }
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  llvm::yaml::Output YAML(OS);
  YAML << TU;
  return OS.str();
}

static llvm::json::Value toJSON(const Position &P) {
  return llvm::json::Object{
      {"file", P.File}, {"offset", P.Offset}, {"line", P.Line}, {"column", P.Column}};
}

static bool fromJSON(const llvm::json::Value *V, Position &P) {
  const llvm::json::Object *O = V ? V->getAsObject() : nullptr;
  if (!O)
    return false;
  std::optional<llvm::StringRef> File = O->getString("file");
  std::optional<int64_t> Offset = O->getInteger("offset"), Line = O->getInteger("line"),
                         Column = O->getInteger("column");
  if (!File || !Offset || !Line || !Column)
    return false;
  P = {File->str(), static_cast<unsigned>(*Offset), static_cast<unsigned>(*Line),
       static_cast<unsigned>(*Column)};
  return true;
}

llvm::json::Value toJSON(const Finding &F) {
  llvm::json::Array Ranges, Notes, Fixes;
  for (const Span &R : F.Ranges)
    Ranges.push_back(llvm::json::Object{{"begin", toJSON(R.Begin)}, {"end", toJSON(R.End)}});
  for (const Note &N : F.Notes)
    Notes.push_back(llvm::json::Object{{"message", N.Message}, {"location", toJSON(N.At)}});
  for (const Edit &E : F.Fixes)
    Fixes.push_back(llvm::json::Object{
        {"begin", toJSON(E.Range.Begin)}, {"end", toJSON(E.Range.End)}, {"text", E.Text}});
  return llvm::json::Object{{"check", F.Check},       {"level", F.Level},
                            {"message", F.Message},   {"location", toJSON(F.At)},
                            {"ranges", std::move(Ranges)}, {"notes", std::move(Notes)},
                            {"fixes", std::move(Fixes)}};
}

std::optional<Finding> findingFromJSON(const llvm::json::Value &V) {
  const llvm::json::Object *O = V.getAsObject();
  if (!O)
    return std::nullopt;
  Finding F;
  std::optional<llvm::StringRef> Check = O->getString("check"), Level = O->getString("level"),
                                 Message = O->getString("message");
  if (!Check || !Level || !Message || !fromJSON(O->get("location"), F.At))
    return std::nullopt;
  F.Check = Check->str();
  F.Level = Level->str();
  F.Message = Message->str();
  if (const llvm::json::Array *Ranges = O->getArray("ranges"))
    for (const llvm::json::Value &R : *Ranges) {
      const llvm::json::Object *RO = R.getAsObject();
      Span S;
      if (!RO || !fromJSON(RO->get("begin"), S.Begin) || !fromJSON(RO->get("end"), S.End))
        return std::nullopt;
      F.Ranges.push_back(std::move(S));
    }
  if (const llvm::json::Array *Notes = O->getArray("notes"))
    for (const llvm::json::Value &N : *Notes) {
      const llvm::json::Object *NO = N.getAsObject();
      Note Nt;
      std::optional<llvm::StringRef> M = NO ? NO->getString("message") : std::nullopt;
      if (!M || !fromJSON(NO->get("location"), Nt.At))
        return std::nullopt;
      Nt.Message = M->str();
      F.Notes.push_back(std::move(Nt));
    }
  if (const llvm::json::Array *Fixes = O->getArray("fixes"))
    for (const llvm::json::Value &E : *Fixes) {
      const llvm::json::Object *EO = E.getAsObject();
      Edit Ed;
      std::optional<llvm::StringRef> T = EO ? EO->getString("text") : std::nullopt;
      if (!T || !fromJSON(EO->get("begin"), Ed.Range.Begin) ||
          !fromJSON(EO->get("end"), Ed.Range.End))
        return std::nullopt;
      Ed.Text = T->str();
      F.Fixes.push_back(std::move(Ed));
    }
  return F;
}

} // namespace async_tidy
