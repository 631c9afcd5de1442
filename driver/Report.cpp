#include "Report.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/xxhash.h"
#include <map>

#ifndef ASYNC_TIDY_VERSION
#define ASYNC_TIDY_VERSION "0.0.0"
#endif
#ifndef ASYNC_TIDY_HOMEPAGE
#define ASYNC_TIDY_HOMEPAGE "https://github.com/async-tidy/async-tidy"
#endif

namespace async_tidy {

namespace {

// The check documentation (docs/checks/*.md), embedded at build time: SARIF rules carry it as
// their help, so a code-scanning alert explains itself without a link to follow.
struct CheckDoc {
  const char *Name;
  const char *Markdown;
};
const CheckDoc CheckDocs[] = {
#include "CheckDocs.inc"
};

const char *docOf(llvm::StringRef Check) {
  for (const CheckDoc &D : CheckDocs)
    if (Check == D.Name)
      return D.Markdown;
  return nullptr;
}

/// The first paragraph after the title, joined into one line.
std::string firstParagraph(llvm::StringRef Markdown) {
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  Markdown.split(Lines, '\n');
  std::string Out;
  bool Started = false;
  for (llvm::StringRef Line : Lines) {
    Line = Line.trim();
    if (Line.starts_with("#"))
      continue;
    if (Line.empty()) {
      if (Started)
        break;
      continue;
    }
    Started = true;
    if (!Out.empty())
      Out += ' ';
    Out += Line.str();
  }
  return Out;
}

std::string firstSentence(llvm::StringRef Paragraph) {
  size_t End = Paragraph.find(". ");
  if (End == llvm::StringRef::npos)
    return Paragraph.rtrim(".").str() + ".";
  return Paragraph.take_front(End + 1).str();
}

/// clang-tidy's check names in SARIF's PascalCase "name" form: async-blocking-sleep ->
/// AsyncBlockingSleep.
std::string pascalName(llvm::StringRef Check) {
  std::string Out;
  bool Upper = true;
  for (char C : Check) {
    if (!llvm::isAlnum(C)) {
      Upper = true;
      continue;
    }
    Out += Upper ? llvm::toUpper(C) : C;
    Upper = false;
  }
  return Out;
}

/// SARIF columns count UTF-16 code units; clang's count bytes.
unsigned utf16Column(SourceFiles &Sources, const Position &P) {
  if (P.Line == 0 || P.Column == 0)
    return 1;
  std::string Line = Sources.lineText(P.File, P.Line);
  llvm::StringRef Prefix = llvm::StringRef(Line).take_front(P.Column - 1);
  unsigned Units = 0;
  for (size_t I = 0; I < Prefix.size();) {
    unsigned char C = Prefix[I];
    unsigned Length = C < 0x80 ? 1 : C < 0xE0 ? 2 : C < 0xF0 ? 3 : 4;
    Units += Length == 4 ? 2 : 1;
    I += Length;
  }
  return Units + 1 + (P.Column - 1 > Line.size() ? P.Column - 1 - Line.size() : 0);
}

llvm::json::Object artifactLocation(llvm::StringRef Root, llvm::StringRef File) {
  std::string Rel = relativeTo(Root, File);
  if (Rel != File || !llvm::sys::path::is_absolute(File))
    return llvm::json::Object{{"uri", llvm::sys::path::convert_to_slash(Rel)},
                              {"uriBaseId", "%SRCROOT%"}};
  return llvm::json::Object{{"uri", "file://" + llvm::sys::path::convert_to_slash(File)}};
}

llvm::json::Object region(SourceFiles &Sources, const Position &Begin,
                          const Position *End = nullptr) {
  llvm::json::Object R{{"startLine", std::max(1u, Begin.Line)},
                       {"startColumn", utf16Column(Sources, Begin)}};
  if (End && End->Line >= Begin.Line && End->Line > 0) {
    R["endLine"] = End->Line;
    R["endColumn"] = utf16Column(Sources, *End);
  }
  return R;
}

llvm::json::Object physicalLocation(const Report &Rep, SourceFiles &Sources, const Position &At,
                                    const Position *End = nullptr) {
  llvm::json::Object Region = region(Sources, At, End);
  std::string Line = Sources.lineText(At.File, At.Line);
  if (!Line.empty())
    Region["snippet"] = llvm::json::Object{{"text", Line}};
  return llvm::json::Object{
      {"physicalLocation", llvm::json::Object{{"artifactLocation", artifactLocation(Rep.Root, At.File)},
                                              {"region", std::move(Region)}}}};
}

/// A fingerprint that survives edits elsewhere in the file: what is reported and the text of
/// the line, not its number.
std::string fingerprint(const Report &Rep, SourceFiles &Sources, const Finding &F) {
  std::string Key = F.Check + '\0' + relativeTo(Rep.Root, F.At.File) + '\0' + F.Message + '\0' +
                    llvm::StringRef(Sources.lineText(F.At.File, F.At.Line)).trim().str();
  return llvm::utohexstr(llvm::xxh3_64bits(Key), /*LowerCase=*/true);
}

void snippet(const Position &At, const std::vector<Span> &Ranges, SourceFiles &Sources,
             bool Color, llvm::raw_ostream &OS) {
  if (At.Line == 0)
    return;
  std::string Line = Sources.lineText(At.File, At.Line);
  std::string Number = std::to_string(At.Line);
  unsigned Width = std::max<size_t>(Number.size(), 4) + 1;
  // Tabs become spaces up to the next multiple of 8, as clang prints them; the caret line
  // follows the same mapping from byte columns to display columns.
  std::string Shown;
  std::vector<unsigned> DisplayOf(Line.size() + 2, 0);
  for (size_t I = 0; I < Line.size(); ++I) {
    DisplayOf[I] = Shown.size();
    if (Line[I] == '\t')
      Shown.append(8 - Shown.size() % 8, ' ');
    else
      Shown += Line[I];
  }
  DisplayOf[Line.size()] = DisplayOf[Line.size() + 1] = Shown.size();
  auto Display = [&](unsigned Column) {
    return DisplayOf[std::min<size_t>(Column - 1, Line.size())];
  };
  std::string Marks(Shown.size() + 1, ' ');
  for (const Span &R : Ranges) {
    if (R.Begin.File != At.File || R.Begin.Line > At.Line || R.End.Line < At.Line)
      continue;
    unsigned B = R.Begin.Line == At.Line ? Display(R.Begin.Column) : 0;
    unsigned E = R.End.Line == At.Line ? Display(R.End.Column) : Shown.size();
    for (unsigned I = B; I < E && I < Marks.size(); ++I)
      Marks[I] = '~';
  }
  unsigned Caret = Display(At.Column);
  if (Caret < Marks.size())
    Marks[Caret] = '^';
  llvm::StringRef Trimmed = llvm::StringRef(Marks).rtrim();
  OS << std::string(Width - Number.size(), ' ') << Number << " | " << Shown << "\n";
  OS << std::string(Width, ' ') << " | ";
  if (Color)
    OS.changeColor(llvm::raw_ostream::GREEN, true);
  OS << Trimmed;
  if (Color)
    OS.resetColor();
  OS << "\n";
}

void locationPrefix(const Position &At, llvm::raw_ostream &OS) {
  OS << At.File << ":";
  if (At.Line)
    OS << At.Line << ":" << At.Column << ":";
}

} // namespace

std::optional<Format> parseFormat(llvm::StringRef Name) {
  if (Name == "text")
    return Format::Text;
  if (Name == "json")
    return Format::Json;
  if (Name == "sarif")
    return Format::Sarif;
  if (Name == "github")
    return Format::Github;
  return std::nullopt;
}

std::string relativeTo(llvm::StringRef Root, llvm::StringRef Path) {
  if (Root.empty())
    return Path.str();
  llvm::StringRef Rest = Path;
  if (!Rest.consume_front(Root))
    return Path.str();
  if (Rest.empty() || !llvm::sys::path::is_separator(Rest.front()))
    return Root.ends_with("/") ? Rest.str() : Path.str();
  return Rest.drop_front().str();
}

void renderText(const Finding &F, SourceFiles &Sources, bool Color, llvm::raw_ostream &OS) {
  if (Color)
    OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
  locationPrefix(F.At, OS);
  OS << " ";
  if (Color)
    OS.changeColor(F.Level == "error" ? llvm::raw_ostream::RED : llvm::raw_ostream::MAGENTA, true);
  OS << F.Level << ": ";
  if (Color)
    OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
  OS << F.Message << " [" << F.Check << (F.isPromoted() ? ",-warnings-as-errors" : "") << "]";
  if (Color)
    OS.resetColor();
  OS << "\n";
  snippet(F.At, F.Ranges, Sources, Color, OS);
  for (const Note &N : F.Notes) {
    if (Color)
      OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
    locationPrefix(N.At, OS);
    OS << " ";
    if (Color)
      OS.changeColor(llvm::raw_ostream::BLACK, true);
    OS << "note: ";
    if (Color)
      OS.resetColor();
    OS << N.Message << "\n";
    snippet(N.At, {}, Sources, Color, OS);
  }
}

void renderSummary(const Report &R, llvm::raw_ostream &OS) {
  std::map<std::string, unsigned> ByCheck;
  for (const Finding &F : R.Findings)
    if (!F.isCompileError())
      ++ByCheck[F.Check];
  size_t Total = 0;
  for (const auto &[Check, Count] : ByCheck)
    Total += Count;
  OS << "async-tidy: " << R.Units << " file(s) analysed";
  if (R.FromCache)
    OS << " (" << R.FromCache << " from the cache)";
  OS << ", " << Total << " finding(s)";
  if (R.Baselined)
    OS << " (" << R.Baselined << " more in the baseline)";
  if (!R.Problems.empty())
    OS << ", " << R.Problems.size() << " file(s) not analysed completely";
  OS << "\n";
  for (const auto &[Check, Count] : ByCheck)
    OS << llvm::format("%6u  ", Count) << Check << "\n";
  if (!R.HeaderScopeRoot.empty())
    OS << "async-tidy: headers under " << R.HeaderScopeRoot
       << " shown (third-party and build folders excluded); set --header-filter to change\n";
}

void renderJson(const Report &R, llvm::raw_ostream &OS) {
  llvm::json::Array Findings, Problems;
  for (const Finding &F : R.Findings) {
    llvm::json::Value V = toJSON(F);
    V.getAsObject()->try_emplace("path", relativeTo(R.Root, F.At.File));
    Findings.push_back(std::move(V));
  }
  for (const Problem &P : R.Problems)
    Problems.push_back(llvm::json::Object{{"file", P.File},
                                          {"line", P.At.Line},
                                          {"column", P.At.Column},
                                          {"message", P.Message}});
  llvm::json::Object Top{{"tool", "async-tidy"},
                         {"version", ASYNC_TIDY_VERSION},
                         {"root", R.Root},
                         {"units", static_cast<int64_t>(R.Units)},
                         {"fromCache", static_cast<int64_t>(R.FromCache)},
                         {"baselined", static_cast<int64_t>(R.Baselined)},
                         {"findings", std::move(Findings)},
                         {"problems", std::move(Problems)}};
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Top))) << "\n";
}

void renderSarif(const Report &R, SourceFiles &Sources, llvm::raw_ostream &OS) {
  // Rules: every enabled check, then any other name a result uses (clang's own diagnostics).
  std::vector<std::string> RuleIds = R.Checks;
  for (const Finding &F : R.Findings)
    if (std::find(RuleIds.begin(), RuleIds.end(), F.Check) == RuleIds.end())
      RuleIds.push_back(F.Check);
  llvm::StringMap<unsigned> RuleIndex;
  llvm::json::Array Rules;
  for (const std::string &Id : RuleIds) {
    RuleIndex[Id] = Rules.size();
    const char *Doc = docOf(Id);
    std::string Full = Doc ? firstParagraph(Doc)
                           : llvm::StringRef(Id).starts_with("clang-diagnostic-")
                                 ? "The compiler's diagnostic -W" +
                                       llvm::StringRef(Id).drop_front(17).str() + "."
                                 : "The clang-tidy check " + Id + ".";
    std::string HelpText = Doc ? std::string(Doc) : Full;
    llvm::json::Object Rule{
        {"id", Id},
        {"name", pascalName(Id)},
        {"shortDescription", llvm::json::Object{{"text", firstSentence(Full)}}},
        {"fullDescription", llvm::json::Object{{"text", Full}}},
        {"help", llvm::json::Object{{"text", HelpText}, {"markdown", HelpText}}},
        {"defaultConfiguration",
         llvm::json::Object{{"level", Id == "clang-diagnostic-error" ? "error" : "warning"}}}};
    if (Doc)
      Rule["helpUri"] = std::string(ASYNC_TIDY_HOMEPAGE) + "/blob/main/docs/checks/" + Id + ".md";
    Rules.push_back(std::move(Rule));
  }

  llvm::json::Array Results;
  for (const Finding &F : R.Findings) {
    const Position *End = nullptr;
    for (const Span &S : F.Ranges)
      if (S.Begin.File == F.At.File && S.Begin.Offset == F.At.Offset)
        End = &S.End;
    llvm::json::Object Result{
        {"ruleId", F.Check},
        {"ruleIndex", RuleIndex[F.Check]},
        {"level", F.Level == "error" ? "error" : "warning"},
        {"message", llvm::json::Object{{"text", F.Message}}},
        {"locations", llvm::json::Array{physicalLocation(R, Sources, F.At, End)}},
        {"partialFingerprints",
         llvm::json::Object{{"asyncTidyFinding/v1", fingerprint(R, Sources, F)}}}};
    if (!F.Notes.empty()) {
      llvm::json::Array Related;
      for (const Note &N : F.Notes) {
        llvm::json::Object L = physicalLocation(R, Sources, N.At);
        L["id"] = static_cast<int64_t>(Related.size());
        L["message"] = llvm::json::Object{{"text", N.Message}};
        Related.push_back(std::move(L));
      }
      Result["relatedLocations"] = std::move(Related);
    }
    if (!F.Fixes.empty()) {
      // One artifactChange per file, in the order the edits' files first appear.
      std::vector<std::pair<std::string, llvm::json::Array>> Changes;
      for (const Edit &E : F.Fixes) {
        auto It = std::find_if(Changes.begin(), Changes.end(),
                               [&](const auto &C) { return C.first == E.Range.Begin.File; });
        if (It == Changes.end()) {
          Changes.emplace_back(E.Range.Begin.File, llvm::json::Array());
          It = Changes.end() - 1;
        }
        It->second.push_back(llvm::json::Object{
            {"deletedRegion", region(Sources, E.Range.Begin, &E.Range.End)},
            {"insertedContent", llvm::json::Object{{"text", E.Text}}}});
      }
      llvm::json::Array ArtifactChanges;
      for (auto &[File, Replacements] : Changes)
        ArtifactChanges.push_back(llvm::json::Object{
            {"artifactLocation", artifactLocation(R.Root, File)},
            {"replacements", std::move(Replacements)}});
      Result["fixes"] = llvm::json::Array{llvm::json::Object{
          {"description", llvm::json::Object{{"text", "Apply the fix-it of " + F.Check + "."}}},
          {"artifactChanges", std::move(ArtifactChanges)}}};
    }
    Results.push_back(std::move(Result));
  }

  llvm::json::Array Notifications;
  for (const Problem &P : R.Problems) {
    llvm::json::Object N{{"level", "error"},
                         {"message", llvm::json::Object{{"text", P.Message}}}};
    Position At = P.At;
    if (At.File.empty())
      At.File = P.File;
    N["locations"] = llvm::json::Array{physicalLocation(R, Sources, At)};
    Notifications.push_back(std::move(N));
  }
  std::string RootUri = "file://" + llvm::sys::path::convert_to_slash(R.Root);
  if (!llvm::StringRef(RootUri).ends_with("/"))
    RootUri += "/";
  llvm::json::Object Run{
      {"tool",
       llvm::json::Object{
           {"driver", llvm::json::Object{{"name", "async-tidy"},
                                         {"version", ASYNC_TIDY_VERSION},
                                         {"semanticVersion", ASYNC_TIDY_VERSION},
                                         {"informationUri", ASYNC_TIDY_HOMEPAGE},
                                         {"rules", std::move(Rules)}}}}},
      {"invocations",
       llvm::json::Array{llvm::json::Object{
           {"executionSuccessful", R.Problems.empty()},
           {"toolExecutionNotifications", std::move(Notifications)}}}},
      {"originalUriBaseIds",
       llvm::json::Object{{"%SRCROOT%", llvm::json::Object{{"uri", RootUri}}}}},
      {"columnKind", "utf16CodeUnits"},
      {"results", std::move(Results)}};
  llvm::json::Object Log{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", llvm::json::Array{std::move(Run)}}};
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Log))) << "\n";
}

// GitHub's workflow commands: a property value escapes %, CR, LF, ':' and ','; the message
// escapes %, CR and LF.
static std::string escapeData(llvm::StringRef S) {
  std::string Out;
  for (char C : S) {
    if (C == '%')
      Out += "%25";
    else if (C == '\r')
      Out += "%0D";
    else if (C == '\n')
      Out += "%0A";
    else
      Out += C;
  }
  return Out;
}

static std::string escapeProperty(llvm::StringRef S) {
  std::string Out;
  for (char C : escapeData(S)) {
    if (C == ':')
      Out += "%3A";
    else if (C == ',')
      Out += "%2C";
    else
      Out += C;
  }
  return Out;
}

void renderGithub(const Report &R, llvm::raw_ostream &OS) {
  for (const Finding &F : R.Findings) {
    std::string Message = F.Message;
    for (const Note &N : F.Notes)
      Message += "\n" + relativeTo(R.Root, N.At.File) + ":" + std::to_string(N.At.Line) + ":" +
                 std::to_string(N.At.Column) + ": note: " + N.Message;
    OS << "::" << (F.Level == "error" ? "error" : "warning")
       << " file=" << escapeProperty(relativeTo(R.Root, F.At.File));
    if (F.At.Line)
      OS << ",line=" << F.At.Line << ",col=" << F.At.Column;
    OS << ",title=" << escapeProperty(F.Check) << "::" << escapeData(Message) << "\n";
  }
  for (const Problem &P : R.Problems) {
    OS << "::error file=" << escapeProperty(relativeTo(R.Root, P.File));
    if (P.At.Line)
      OS << ",line=" << P.At.Line << ",col=" << P.At.Column;
    OS << ",title=async-tidy::" << escapeData(P.Message) << "\n";
  }
}

} // namespace async_tidy
