// Matching declarations against the fully qualified names used by the catalogue and by options.
#ifndef ASYNC_TIDY_CHECKS_NAMEMATCHING_H
#define ASYNC_TIDY_CHECKS_NAMEMATCHING_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class NamedDecl;
class FunctionDecl;
} // namespace clang

namespace clang::tidy::async {

/// A fully qualified name split into its components ("std::this_thread::sleep_for" or
/// "::sleep"); a leading "::" is optional, the name is always anchored at the global scope.
class QualifiedName {
public:
  explicit QualifiedName(llvm::StringRef Name);

  /// True when \p D's own name and enclosing namespaces/classes are exactly this name.
  /// Inline namespaces (std::__cxx11, libc++'s std::__1) and extern "C" blocks are transparent;
  /// a constructor is named like "std::basic_ifstream::basic_ifstream".
  bool matches(const NamedDecl &D) const;

  llvm::StringRef last() const { return Components.back(); }
  llvm::StringRef spelling() const { return Spelling; }
  llvm::ArrayRef<std::string> components() const { return Components; }

private:
  std::string Spelling;
  llvm::SmallVector<std::string, 4> Components;
};

/// The name a declaration is looked up by in an index keyed by QualifiedName::last():
/// the identifier, the class name for constructors, "operator>>" for operators.
std::string lookupKey(const NamedDecl &D);

/// Parses a ';'-separated option value into names, ignoring empty items and blanks.
std::vector<QualifiedName> parseNameList(llvm::StringRef Value);

/// True if \p D matches any of \p Names.
bool matchesAny(const NamedDecl &D, llvm::ArrayRef<QualifiedName> Names);

/// Finds the declaration a qualified name refers to in the whole translation unit, or null.
/// Used to offer a fix-it only when its replacement is declared.
const NamedDecl *lookupInTranslationUnit(ASTContext &Ctx, const QualifiedName &Name);

/// True if \p FD (or any of its redeclarations, or its template pattern) carries
/// [[clang::annotate(Annotation)]].
bool hasAnnotation(const FunctionDecl &FD, llvm::StringRef Annotation);

/// `[[clang::annotate("async::nonblocking")]]`: the user says the function does not block.
inline constexpr llvm::StringLiteral NonBlockingAnnotation = "async::nonblocking";

} // namespace clang::tidy::async

#endif
