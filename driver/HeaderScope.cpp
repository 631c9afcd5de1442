#include "HeaderScope.h"
#include "ClangTidyOptions.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include <algorithm>
#include <deque>

namespace async_tidy {

namespace {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

/// Folder names that hold other people's code, compared without case; their pattern is
/// case-insensitive too (ThirdParty, External). Linguist's vendor list names the same folders.
const char *const ThirdPartyNames = "(third[-_]?party|3rd[-_]?party|vendors?|vendored|"
                                    "externals?|extern|_?deps)";

/// How many directories the scan for build directories and bundled projects visits at most
/// (a monorepo's whole tree is not walked on every run), and how deep.
constexpr size_t MaxScannedDirectories = 20000;
constexpr unsigned MaxScanDepth = 12;

std::string caseless(llvm::StringRef Pattern) {
  std::string Out;
  for (char C : Pattern) {
    if (llvm::isAlpha(C)) {
      Out += '[';
      Out += llvm::toLower(C);
      Out += llvm::toUpper(C);
      Out += ']';
    } else {
      Out += C;
    }
  }
  return Out;
}

bool isThirdPartyName(llvm::StringRef Name) {
  static const llvm::Regex Names(std::string("^") + caseless(ThirdPartyNames) + "$");
  return Names.match(Name);
}

std::string normalized(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  if (fs::make_absolute(P)) // no working directory: the path as given
    P = Path;
  path::remove_dots(P, /*remove_dot_dot=*/true);
  return P.str().str();
}

/// Whether \p Path is \p Dir or below it.
bool isWithin(llvm::StringRef Path, llvm::StringRef Dir) {
  if (!Path.starts_with(Dir))
    return false;
  return Path.size() == Dir.size() || path::is_separator(Path[Dir.size()]) ||
         (!Dir.empty() && path::is_separator(Dir.back()));
}

bool exists(llvm::StringRef Dir, llvm::StringRef Name) {
  llvm::SmallString<256> P(Dir);
  path::append(P, Name);
  return fs::exists(P);
}

bool hasBuildMarker(llvm::StringRef Dir) {
  return exists(Dir, "CMakeCache.txt") || exists(Dir, "build.ninja") ||
         exists(Dir, "meson-private");
}

bool hasBuildDescription(llvm::StringRef Dir) {
  for (const char *Name : {"CMakeLists.txt", "meson.build", "BUILD.bazel", "BUILD", "Makefile",
                           "configure.ac", "xmake.lua", "SConstruct"}) {
    llvm::SmallString<256> P(Dir);
    path::append(P, Name);
    if (fs::is_regular_file(P))
      return true;
  }
  return false;
}

bool isLicenseName(llvm::StringRef Name) {
  std::string Lower = Name.lower();
  llvm::StringRef L(Lower);
  return L.starts_with("license") || L.starts_with("licence") || L.starts_with("copying");
}

/// The first characters of \p File (where a copyright notice is), or "".
std::string head(llvm::StringRef File, size_t Size = 2048) {
  uint64_t FileSize = 0;
  if (fs::file_size(File, FileSize) || FileSize == 0)
    return std::string();
  // Not past the end: a mapped slice beyond it faults.
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text =
      llvm::MemoryBuffer::getFileSlice(File, std::min<uint64_t>(Size, FileSize), 0);
  return Text ? (*Text)->getBuffer().str() : std::string();
}

/// The holders named by the copyright notices in \p Text, each by its first word of three
/// letters or more, in lower case ("Copyright (c) 2003-2023 Christopher M. Kohlhoff" is
/// "christopher", "Copyright 2023, Alibaba Group Holding Limited" "alibaba"). A notice needs a
/// year or "(c)": "the above copyright notice" names nobody.
std::vector<std::string> copyrightHolders(llvm::StringRef Text) {
  static const llvm::Regex Notice("copyright[ \t]*(\\(c\\)|\xC2\xA9)?[ \t]*"
                                  "([0-9]{4}([ \t]*[-,][ \t]*[0-9]{4})*)?[ \t,:]*([^\n]*)",
                                  llvm::Regex::IgnoreCase);
  static const char *const Filler[] = {"the", "by", "all", "and", "for", "copyright",
                                       "holder", "holders", "authors", "contributors"};
  std::vector<std::string> Holders;
  while (!Text.empty()) {
    llvm::SmallVector<llvm::StringRef, 6> M;
    if (!Notice.match(Text, &M))
      break;
    Text = Text.substr(M[0].data() - Text.data() + M[0].size());
    if (M[1].empty() && M[2].empty())
      continue;
    llvm::StringRef Rest = M[4];
    while (!Rest.empty()) {
      Rest = Rest.drop_until([](char C) { return llvm::isAlpha(C); });
      llvm::StringRef Word = Rest.take_while([](char C) { return llvm::isAlpha(C); });
      Rest = Rest.drop_front(Word.size());
      std::string Lower = Word.lower();
      if (Word.size() >= 3 && !llvm::is_contained(Filler, Lower)) {
        Holders.push_back(Lower);
        break;
      }
    }
  }
  return Holders;
}

bool isHeaderName(llvm::StringRef Name) {
  llvm::StringRef Ext = path::extension(Name);
  return Ext == ".h" || Ext == ".hpp" || Ext == ".hh" || Ext == ".hxx" || Ext == ".ipp" ||
         Ext == ".inl" || Ext == ".tcc";
}

std::string commonDirectory(llvm::ArrayRef<std::string> Files) {
  std::optional<llvm::SmallVector<llvm::StringRef, 16>> Common;
  for (const std::string &F : Files) {
    llvm::SmallVector<llvm::StringRef, 16> Parts;
    llvm::StringRef Dir = path::parent_path(F);
    for (auto It = path::begin(Dir), End = path::end(Dir); It != End; ++It)
      Parts.push_back(*It);
    if (!Common) {
      Common = Parts;
      continue;
    }
    size_t N = 0;
    while (N < Common->size() && N < Parts.size() && (*Common)[N] == Parts[N])
      ++N;
    Common->resize(N);
  }
  llvm::SmallString<256> Out;
  if (Common)
    for (llvm::StringRef Part : *Common)
      path::append(Out, Part);
  return Out.str().str();
}

/// The directories named in the root's .gitmodules (submodules, checked out or not).
std::vector<std::string> submodules(llvm::StringRef Root) {
  std::vector<std::string> Out;
  llvm::SmallString<256> P(Root);
  path::append(P, ".gitmodules");
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Text = llvm::MemoryBuffer::getFile(P);
  if (!Text)
    return Out;
  llvm::SmallVector<llvm::StringRef, 32> Lines;
  (*Text)->getBuffer().split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    auto [Key, Value] = Line.split('=');
    if (Key.trim() != "path" || Value.trim().empty())
      continue;
    llvm::SmallString<256> Dir(Root);
    path::append(Dir, Value.trim());
    Out.push_back(normalized(Dir));
  }
  return Out;
}

} // namespace

std::optional<HeaderScope> projectHeaderScope(llvm::ArrayRef<std::string> DatabaseFiles,
                                              llvm::StringRef BuildDir) {
  std::string Build = BuildDir.empty() ? std::string() : normalized(BuildDir);
  // The files outside build directories (generated sources are the build's, not the tree's).
  llvm::StringMap<bool> InBuild; // by directory, memoized along each file's ancestors
  auto UnderBuildDirectory = [&](llvm::StringRef File) {
    for (llvm::StringRef D = path::parent_path(File); !D.empty(); D = path::parent_path(D)) {
      auto [It, New] = InBuild.try_emplace(D, false);
      if (New)
        It->second = hasBuildMarker(D) || (!Build.empty() && D == Build);
      if (It->second)
        return true;
      if (path::parent_path(D) == D)
        break;
    }
    return false;
  };
  std::vector<std::string> All, Sources;
  for (const std::string &F : DatabaseFiles)
    All.push_back(normalized(F));
  for (const std::string &F : All)
    if (!UnderBuildDirectory(F))
      Sources.push_back(F);
  if (Sources.empty()) // an in-source build: every directory is a build directory
    Sources = All;
  std::string Common = commonDirectory(Sources);
  if (Common.empty() || path::parent_path(Common).empty())
    return std::nullopt; // nothing shared but '/'

  std::string Root;
  for (llvm::StringRef D = Common; !D.empty(); D = path::parent_path(D)) {
    if (exists(D, ".git")) {
      Root = D.str();
      break;
    }
    if (path::parent_path(D) == D)
      break;
  }
  if (Root.empty()) {
    Root = Common;
    for (llvm::StringRef Parent = path::parent_path(Root);
         !Parent.empty() && !path::parent_path(Parent).empty() && hasBuildDescription(Parent);
         Parent = path::parent_path(Parent))
      Root = Parent.str();
  }
  if (path::parent_path(Root).empty())
    return std::nullopt;

  HeaderScope Scope;
  Scope.Root = Root;
  // Every directory that holds a TU of the database: a folder with its own LICENSE that the
  // project compiles is the project's (a monorepo's package), one it only includes is a copy.
  llvm::StringSet<> HoldsTu;
  for (const std::string &F : All)
    for (llvm::StringRef D = path::parent_path(F); isWithin(D, Root) && D != Root;
         D = path::parent_path(D))
      if (!HoldsTu.insert(D).second)
        break;

  // The copyright holders the project's own files name: its LICENSE's, and its TUs'.
  llvm::StringSet<> OwnHolders;
  {
    std::error_code EC;
    for (fs::directory_iterator It(Root, EC), End; It != End && !EC; It.increment(EC))
      if (isLicenseName(path::filename(It->path())))
        for (const std::string &H : copyrightHolders(head(It->path(), 16384)))
          OwnHolders.insert(H);
    size_t Sampled = 0;
    for (const std::string &F : All) {
      if (++Sampled > 1000)
        break;
      for (const std::string &H : copyrightHolders(head(F)))
        OwnHolders.insert(H);
    }
  }
  // A folder whose headers (most of those sampled) carry the notice of a holder the project's
  // files do not name is a copy of another project's code (include/asio next to
  // include/myproj: every file says "Copyright (c) ... Christopher M. Kohlhoff").
  auto ForeignHeaders = [&](llvm::ArrayRef<std::string> Headers) {
    size_t Foreign = 0, Sampled = 0;
    for (const std::string &H : Headers) {
      if (++Sampled > 20)
        break;
      std::vector<std::string> Holders = copyrightHolders(head(H));
      if (!Holders.empty() &&
          llvm::none_of(Holders, [&](const std::string &N) { return OwnHolders.contains(N); }))
        ++Foreign;
    }
    Sampled = std::min<size_t>(Sampled, 20);
    return Sampled > 0 && Foreign * 5 >= Sampled * 4;
  };

  std::vector<std::string> Bundled = submodules(Root), Builds;
  if (!Build.empty() && isWithin(Build, Root) && Build != Root)
    Builds.push_back(Build);
  std::deque<std::pair<std::string, unsigned>> Queue{{Root, 0}};
  size_t Visited = 0;
  while (!Queue.empty() && Visited < MaxScannedDirectories) {
    auto [Dir, Depth] = Queue.front();
    Queue.pop_front();
    ++Visited;
    std::error_code EC;
    std::vector<std::string> Subdirectories, Headers;
    bool License = false, Git = false;
    for (fs::directory_iterator It(Dir, EC, /*follow_symlinks=*/false), End; It != End && !EC;
         It.increment(EC)) {
      llvm::StringRef Name = path::filename(It->path());
      if (Name == ".git")
        Git = true;
      else if (It->type() == fs::file_type::directory_file)
        Subdirectories.push_back(It->path());
      else if (isLicenseName(Name))
        License = true;
      else if (isHeaderName(Name))
        Headers.push_back(It->path());
    }
    if (Dir != Root) {
      if (hasBuildMarker(Dir)) {
        Builds.push_back(Dir);
        continue;
      }
      std::sort(Headers.begin(), Headers.end());
      if (Git || (!HoldsTu.contains(Dir) && (License || ForeignHeaders(Headers)))) {
        Bundled.push_back(Dir);
        continue;
      }
    }
    if (Depth + 1 > MaxScanDepth)
      continue;
    std::sort(Subdirectories.begin(), Subdirectories.end());
    for (const std::string &S : Subdirectories) {
      llvm::StringRef Name = path::filename(S);
      if (Name.starts_with(".") || isThirdPartyName(Name))
        continue; // hidden, or excluded by its name anyway
      if (llvm::is_contained(Bundled, S) || llvm::is_contained(Builds, S))
        continue;
      Queue.emplace_back(S, Depth + 1);
    }
  }
  for (std::vector<std::string> *List : {&Builds, &Bundled}) {
    std::sort(List->begin(), List->end());
    List->erase(std::unique(List->begin(), List->end()), List->end());
  }
  Scope.BuildDirectories = Builds;
  Scope.Bundled = Bundled;

  // The regexes match the names clang gives the files: absolute as the compile commands spell
  // the include directories (CMake's), or relative to the compile directory (-I../include):
  // a relative name is taken as the project's. "ROOT/dir/" below excludes dir's files, not a
  // "ROOT/dir/../x" that leaves it.
  std::vector<std::string> Roots{llvm::Regex::escape(Root)};
  llvm::SmallString<256> Real;
  if (!fs::real_path(Root, Real) && Real != Root)
    Roots.push_back(llvm::Regex::escape(Real));
  std::string AnyRoot = "(" + llvm::join(Roots, "|") + ")";
  const std::string Inside = "([^.]|\\.[^.]|\\.\\.[^/])";
  std::string Names = caseless(ThirdPartyNames);
  Scope.HeaderFilter = "^" + AnyRoot + "/|^[^/]";
  // A third-party name below the root, or anywhere in a relative name.
  std::vector<std::string> Excluded{"(^" + AnyRoot + "/(.*/)?|^([^/].*/)?)" + Names + "/"};
  const std::string AbsolutePrefix = "^" + AnyRoot + "/", RelativePrefix = "^(\\./|\\.\\./)*";
  for (const std::vector<std::string> *List : {&Scope.BuildDirectories, &Scope.Bundled})
    for (const std::string &D : *List) {
      llvm::StringRef Rel = llvm::StringRef(D).drop_front(Root.size()).ltrim('/');
      std::string Below = llvm::Regex::escape(Rel);
      Below += "/";
      Below += Inside;
      Excluded.push_back(AbsolutePrefix + Below);
      Excluded.push_back(RelativePrefix + Below);
    }
  Scope.ExcludeHeaderFilter = llvm::join(Excluded, "|");
  if (!llvm::Regex(Scope.HeaderFilter).isValid() ||
      !llvm::Regex(Scope.ExcludeHeaderFilter).isValid())
    return std::nullopt;
  return Scope;
}

HeaderFilterConfigured::HeaderFilterConfigured(const std::optional<std::string> &ConfigText,
                                               const std::optional<std::string> &ConfigFile) {
  using namespace clang::tidy;
  std::optional<std::string> Text = ConfigText;
  if (!Text && ConfigFile) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> File =
        llvm::MemoryBuffer::getFile(*ConfigFile);
    Text = File ? (*File)->getBuffer().str() : std::string();
  }
  // Empty defaults: an option is set only where a configuration sets it.
  if (Text) {
    llvm::ErrorOr<ClangTidyOptions> Parsed =
        parseConfiguration(llvm::MemoryBufferRef(*Text, "--config"));
    Provider = std::make_unique<ConfigOptionsProvider>(
        ClangTidyGlobalOptions(), ClangTidyOptions(),
        Parsed ? *Parsed : ClangTidyOptions(), ClangTidyOptions());
  } else {
    Provider = std::make_unique<FileOptionsProvider>(ClangTidyGlobalOptions(), ClangTidyOptions(),
                                                     ClangTidyOptions());
  }
}

HeaderFilterConfigured::~HeaderFilterConfigured() = default;

bool HeaderFilterConfigured::operator()(llvm::StringRef File) {
  clang::tidy::ClangTidyOptions Options = Provider->getOptions(File);
  return Options.HeaderFilterRegex.has_value() || Options.ExcludeHeaderFilterRegex.has_value();
}

} // namespace async_tidy
