// async-blocking-call: functions the user marks blocking, called inside a coroutine.
#include "BlockingCallCheck.h"

#include "TransitiveBlocking.h"
#include "clang/AST/Decl.h"

namespace clang::tidy::async {

static constexpr llvm::StringLiteral BlockingFunctionsName = "BlockingFunctions";

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
  return markedBlockingReason(*Site.Callee, BlockingFunctions);
}

std::optional<unsigned> BlockingCallCheck::transitiveKind() const { return RootKind::Call; }

} // namespace clang::tidy::async
