// async-blocking-call: functions the user marks blocking, called inside a coroutine.
#include "BlockingCallCheck.h"

#include "clang/AST/Decl.h"

namespace clang::tidy::async {

static constexpr llvm::StringLiteral BlockingFunctionsName = "BlockingFunctions";
static constexpr llvm::StringLiteral BlockingAnnotation = "async::blocking";

BlockingCallCheck::BlockingCallCheck(StringRef Name, ClangTidyContext *Context)
    : BlockingCheckBase(Name, Context, std::nullopt),
      BlockingFunctionsOption(Options.get(BlockingFunctionsName, "")),
      BlockingFunctions(parseNameList(BlockingFunctionsOption)) {}

void BlockingCallCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  BlockingCheckBase::storeOptions(Opts);
  Options.store(Opts, BlockingFunctionsName, BlockingFunctionsOption);
}

std::optional<BlockingReason> BlockingCallCheck::classify(const CallSite &Site,
                                                          const FunctionDecl &, ASTContext &) {
  const FunctionDecl &Callee = *Site.Callee;
  // Moving or copying a marked class's object is not the marked operation.
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&Callee);
      Ctor && Ctor->isCopyOrMoveConstructor())
    return std::nullopt;
  const char *Why = nullptr;
  if (hasAnnotation(Callee, BlockingAnnotation))
    Why = "work its declaration marks blocking";
  else if (matchesAny(Callee, BlockingFunctions))
    Why = "work the BlockingFunctions option marks blocking";
  if (!Why)
    return std::nullopt;
  return BlockingReason{Callee.getQualifiedNameAsString(), Why,
                        "co_await asyncrt::to_thread(...)"};
}

} // namespace clang::tidy::async
