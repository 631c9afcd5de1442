// async-escaping-db-handle: a coroutine that co_returns a lazy, connection-bound database handle.
#ifndef ASYNC_TIDY_CHECKS_ESCAPINGDBHANDLECHECK_H
#define ASYNC_TIDY_CHECKS_ESCAPINGDBHANDLECHECK_H

#include "AsyncCheck.h"
#include "NameMatching.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::async {

/// Finds `co_return` of a database cursor or statement that is still bound to its connection
/// (`sqlite3_stmt *`, `soci::rowset<T>`, `pqxx::stream_from`, `odb::result<T>`, `QSqlQuery`,
/// the types in DbHandleTypes), directly or inside a pair/tuple/optional/container/aggregate,
/// from a coroutine that runs on an event loop, with a note where the handle was produced.
///
/// For the user-facing documentation see docs/checks/async-escaping-db-handle.md.
class EscapingDbHandleCheck : public AsyncCheck {
public:
  EscapingDbHandleCheck(StringRef Name, ClangTidyContext *Context);
  void checkFunctions(ASTContext &Ctx, const UserFunctions &Functions) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override { Reported.clear(); }
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }

private:
  void checkCoroutine(const FunctionDecl &Coroutine, ASTContext &Ctx);
  const std::string DbHandleTypesValue;
  const std::vector<QualifiedName> DbHandleTypes;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif
