// The runtime profiles (RuntimeProfiles.def): which coroutine runtime runs a coroutine, and how
// the catalogue's kinds of replacement are spelled there.
#ifndef ASYNC_TIDY_CHECKS_RUNTIMEPROFILES_H
#define ASYNC_TIDY_CHECKS_RUNTIMEPROFILES_H

#include "clang/AST/Type.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace clang::tidy::async {

struct RuntimeProfile {
  llvm::StringRef Id, Name, Types, Requires;
  llvm::StringRef SleepFor, SleepUntil, Offload;
  llvm::StringRef FileOpen, FileRead, FileWrite, DbOpen, DbQuery, DbClose;
  llvm::StringRef AsyncOpToken, Gather, Spawn, Run;
  llvm::StringRef SleepForFix, SleepUntilFix, FixNames, FixHeaders;
  llvm::StringRef Source;
  /// True for the profile of a runtime async-tidy does not know.
  bool generic() const { return Id == "generic"; }
};

/// Every row of RuntimeProfiles.def, in file order.
llvm::ArrayRef<RuntimeProfile> runtimeProfiles();

/// The advice that names no library: for coroutines of a runtime no row recognizes.
const RuntimeProfile &genericProfile();

/// The row with \p Id ("asio", "generic"), or null.
const RuntimeProfile *findRuntimeProfile(llvm::StringRef Id);

/// The known ids, for an option's error message.
std::string runtimeProfileIds();

/// The profile of the runtime whose task type is \p Type (a coroutine's return type, or a task
/// a check looks at): the first row naming its class template whose `requires` is declared.
/// \p Forced, when it names a profile (the global Runtime option), wins.
const RuntimeProfile &profileForType(QualType Type, ASTContext &Ctx, llvm::StringRef Forced);

/// The profile of the runtime that runs \p Coroutine (by its return type).
const RuntimeProfile &profileForCoroutine(const FunctionDecl &Coroutine, ASTContext &Ctx,
                                          llvm::StringRef Forced);

/// Renders a catalogue row's replacement in \p Profile: placeholders `{kind}` or `{kind|arg}`
/// become the profile's phrase for that kind (quoted code or words), with `$` replaced by the
/// argument (or the kind's default); a row without placeholders is code and is quoted. The
/// result follows "use" in a warning.
std::string renderAdvice(llvm::StringRef Template, const RuntimeProfile &Profile);

} // namespace clang::tidy::async

#endif
