// async-blocking-sleep: a thread sleep inside a coroutine stalls its whole event loop.
#include "BlockingSleepCheck.h"

#include "TaskTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::async {

static constexpr llvm::StringLiteral SleepFunctionOption = "SleepFunction";
static constexpr llvm::StringLiteral SleepUntilFunctionOption = "SleepUntilFunction";

BlockingSleepCheck::BlockingSleepCheck(StringRef Name, ClangTidyContext *Context)
    : BlockingCheckBase(Name, Context, BlockingCategory::Sleep),
      SleepFunction(Options.get(SleepFunctionOption, "asyncrt::sleep_for")),
      SleepUntilFunction(Options.get(SleepUntilFunctionOption, "asyncrt::sleep_until")) {}

void BlockingSleepCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  BlockingCheckBase::storeOptions(Opts);
  Options.store(Opts, SleepFunctionOption, SleepFunction);
  Options.store(Opts, SleepUntilFunctionOption, SleepUntilFunction);
}

static const FunctionDecl *asFunction(const NamedDecl *D) {
  if (const auto *Shadow = dyn_cast_or_null<UsingShadowDecl>(D))
    D = Shadow->getTargetDecl();
  if (const auto *Template = dyn_cast_or_null<FunctionTemplateDecl>(D))
    return Template->getTemplatedDecl();
  return dyn_cast_or_null<FunctionDecl>(D);
}

FixDecision BlockingSleepCheck::fixFor(const CallSite &Site, const FunctionDecl &Coroutine,
                                       ASTContext &Ctx) {
  // Only the std sleeps: their durations and time points are what asyncrt's take.
  static const QualifiedName StdSleepFor("std::this_thread::sleep_for");
  static const QualifiedName StdSleepUntil("std::this_thread::sleep_until");
  const std::string *Replacement = nullptr;
  if (StdSleepFor.matches(*Site.Callee))
    Replacement = &SleepFunction;
  else if (StdSleepUntil.matches(*Site.Callee))
    Replacement = &SleepUntilFunction;
  const auto *Call = dyn_cast<CallExpr>(Site.Call);
  // `co_await` is ill-formed in a non-coroutine lambda and in a catch handler.
  if (!Replacement || Replacement->empty() || !Call || Site.InImmediateLambda || Site.InHandler)
    return FixDecision::no();

  SourceRange CalleeRange = Call->getCallee()->getSourceRange();
  if (CalleeRange.getBegin().isMacroID() || Call->getEndLoc().isMacroID())
    return FixDecision::no();

  // The replacement must be declared before the call, or the rewrite would not compile.
  const FunctionDecl *Target = asFunction(lookupInTranslationUnit(Ctx, QualifiedName(*Replacement)));
  const SourceManager &SM = Ctx.getSourceManager();
  if (!Target ||
      !SM.isBeforeInTranslationUnit(Target->getFirstDecl()->getLocation(), Call->getBeginLoc()))
    return FixDecision::no();

  std::optional<bool> Awaits = coAwaitCompilesIn(Coroutine, Target->getReturnType());
  if (!Awaits)
    return FixDecision::unknown();
  if (!*Awaits)
    return FixDecision::no();

  FixDecision Fix;
  Fix.Decision = FixDecision::Yes;
  Fix.Hints.push_back(FixItHint::CreateReplacement(CharSourceRange::getTokenRange(CalleeRange),
                                                   "co_await " + *Replacement));
  return Fix;
}

} // namespace clang::tidy::async
