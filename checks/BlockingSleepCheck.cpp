// async-blocking-sleep: a thread sleep inside a coroutine stalls its whole event loop.
#include "BlockingSleepCheck.h"

#include "RuntimeProfiles.h"
#include "TaskTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::async {

static constexpr llvm::StringLiteral SleepFunctionOption = "SleepFunction";
static constexpr llvm::StringLiteral SleepUntilFunctionOption = "SleepUntilFunction";

BlockingSleepCheck::BlockingSleepCheck(StringRef Name, ClangTidyContext *Context)
    : BlockingCheckBase(Name, Context, BlockingCategory::Sleep),
      // Empty: the sleep of the coroutine's own runtime (RuntimeProfiles.def).
      SleepFunction(Options.get(SleepFunctionOption, "")),
      SleepUntilFunction(Options.get(SleepUntilFunctionOption, "")),
      Inserter(Options.getLocalOrGlobal("IncludeStyle", utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {}

void BlockingSleepCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  BlockingCheckBase::storeOptions(Opts);
  Options.store(Opts, SleepFunctionOption, SleepFunction);
  Options.store(Opts, SleepUntilFunctionOption, SleepUntilFunction);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void BlockingSleepCheck::registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                                             Preprocessor *ModuleExpanderPP) {
  BlockingCheckBase::registerPPCallbacks(SM, PP, ModuleExpanderPP);
  Inserter.registerPreprocessor(PP);
}

std::optional<BlockingReason> BlockingSleepCheck::classify(const CallSite &Site,
                                                           const FunctionDecl &Coroutine,
                                                           ASTContext &Ctx) {
  std::optional<BlockingReason> Reason = BlockingCheckBase::classify(Site, Coroutine, Ctx);
  if (!Reason)
    return Reason;
  // A configured sleep is what the fix inserts, so it is also what the warning names.
  StringRef Template = Reason->Replacement;
  const std::string *Configured = nullptr;
  StringRef Default;
  if (Template.starts_with("{sleep_for")) {
    Configured = &SleepFunction;
    Default = "duration";
  } else if (Template.starts_with("{sleep_until")) {
    Configured = &SleepUntilFunction;
    Default = "time_point";
  }
  if (Configured && !Configured->empty() && Template.ends_with("}")) {
    StringRef Arg = Template.drop_back().split('|').second;
    Reason->Replacement = "co_await " + *Configured + "(" + (Arg.empty() ? Default : Arg).str() + ")";
  }
  return Reason;
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
  // Only the std sleeps: their durations and time points are what the runtimes' sleeps take.
  static const QualifiedName StdSleepFor("std::this_thread::sleep_for");
  static const QualifiedName StdSleepUntil("std::this_thread::sleep_until");
  bool Until = StdSleepUntil.matches(*Site.Callee);
  if (!Until && !StdSleepFor.matches(*Site.Callee))
    return FixDecision::no();
  const auto *Call = dyn_cast<CallExpr>(Site.Call);
  // `co_await` is ill-formed in a non-coroutine lambda and in a catch handler.
  if (!Call || Call->getNumArgs() != 1 || Site.InImmediateLambda || Site.InHandler)
    return FixDecision::no();
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange CallRange = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Call->getSourceRange()), SM, Ctx.getLangOpts());
  // The argument as written is what lies between the parentheses: a template instantiation's
  // rebuilt argument (a user-defined literal such as `10ms`) may not span its spelling.
  CharSourceRange ArgRange = Lexer::makeFileCharRange(
      CharSourceRange::getCharRange(
          Lexer::getLocForEndOfToken(Call->getCallee()->getEndLoc(), 0, SM, Ctx.getLangOpts()),
          Call->getRParenLoc()),
      SM, Ctx.getLangOpts());
  if (CallRange.isInvalid() || ArgRange.isInvalid() || Call->getBeginLoc().isMacroID() ||
      Call->getEndLoc().isMacroID())
    return FixDecision::no();
  StringRef ArgText = Lexer::getSourceText(ArgRange, SM, Ctx.getLangOpts()).trim();
  if (!ArgText.consume_front("("))
    return FixDecision::no();
  ArgText = ArgText.trim();
  if (ArgText.empty())
    return FixDecision::no();

  // What the call becomes, the names it needs, and the headers that declare them.
  const std::string &Configured = Until ? SleepUntilFunction : SleepFunction;
  std::string Template;
  llvm::SmallVector<StringRef, 4> Names, Headers;
  if (!Configured.empty()) {
    Template = "co_await " + Configured + "($)";
    Names.push_back(Configured);
  } else {
    // Only the runtime the coroutine's own type names: a forced Runtime whose awaitables the
    // promise may not accept gets advice, not a rewrite.
    const RuntimeProfile &Runtime = profileForCoroutine(Coroutine, Ctx, "");
    if (!forcedRuntime().empty() && forcedRuntime() != Runtime.Id)
      return FixDecision::no();
    Template = (Until ? Runtime.SleepUntilFix : Runtime.SleepForFix).str();
    if (Template.empty())
      return FixDecision::no();
    llvm::SmallVector<StringRef, 4> All;
    Runtime.FixNames.split(All, ';', -1, false);
    for (StringRef Name : All)
      if (StringRef(Template).contains(Name))
        Names.push_back(Name);
    Runtime.FixHeaders.split(Headers, ';', -1, false);
  }

  // Every name must be declared before the call, or else the runtime's headers are inserted
  // (the coroutine's task type is declared, so its library is on the include path).
  bool Declared = true;
  const FunctionDecl *Function = nullptr;
  for (StringRef Name : Names) {
    const NamedDecl *D = lookupInTranslationUnit(Ctx, QualifiedName(Name));
    if (!D || !SM.isBeforeInTranslationUnit(D->getLocation(), Call->getBeginLoc()))
      Declared = false;
    else if (const FunctionDecl *F = asFunction(D))
      Function = F;
  }
  if (!Declared && (Headers.empty() || !Configured.empty()))
    return FixDecision::no();
  // A function's result must be something the coroutine's promise can await.
  if (Declared && Function && Names.size() == 1) {
    std::optional<bool> Awaits = coAwaitCompilesIn(Coroutine, Function->getReturnType());
    if (!Awaits)
      return FixDecision::unknown();
    if (!*Awaits)
      return FixDecision::no();
  }

  std::string Text;
  for (char C : Template)
    Text += C == '$' ? ArgText.str() : std::string(1, C);
  FixDecision Fix;
  Fix.Decision = FixDecision::Yes;
  Fix.Hints.push_back(FixItHint::CreateReplacement(CallRange, Text));
  if (!Declared)
    for (StringRef Header : Headers)
      if (std::optional<FixItHint> Include =
              Inserter.createIncludeInsertion(SM.getFileID(CallRange.getBegin()), Header))
        Fix.Hints.push_back(*Include);
  return Fix;
}

} // namespace clang::tidy::async
