// Which code runs in a coroutine's own context on its event loop: the semantics every async-*
// check shares (DESIGN.md, "Semantics shared by every check").
#ifndef ASYNC_TIDY_CHECKS_COROUTINECONTEXT_H
#define ASYNC_TIDY_CHECKS_COROUTINECONTEXT_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include <string>

namespace clang {
class CXXRecordDecl;
class Expr;
class FunctionDecl;
class QualType;
class Stmt;
} // namespace clang

namespace clang::tidy::async {

/// A call (CallExpr or CXXConstructExpr) evaluated in a coroutine's own context.
struct CallSite {
  const Expr *Call = nullptr;
  const FunctionDecl *Callee = nullptr;
  /// Inside a non-coroutine lambda invoked on the spot (`[] { ... }()`): it blocks the
  /// coroutine all the same, but `co_await` cannot be written there.
  bool InImmediateLambda = false;
  /// Inside a catch handler, where `co_await` is ill-formed.
  bool InHandler = false;
  /// On a path the code marks as rare: a branch of `if (__builtin_expect(c, 0))` (the
  /// LIKELY/UNLIKELY macros of most libraries) or a `[[unlikely]]` statement. The transitive
  /// analysis does not follow a called function's rare paths (a logger's back-off when its
  /// queue is full); the coroutine's own calls are reported wherever they are.
  bool InUnlikelyBranch = false;
  /// How many `co_await`s of the coroutine's own context completed before this call (in
  /// source order): the first `AwaitsBefore` entries of CoroutineScan::Awaits.
  unsigned AwaitsBefore = 0;
  /// How many suspension points (`co_await`, `co_yield`) completed before this call.
  unsigned SuspensionsBefore = 0;
  /// The loops of the coroutine's own context around the call, outermost first.
  llvm::SmallVector<const Stmt *, 2> Loops;
};

/// What a walk of a coroutine body found about the body itself.
struct CoroutineScan {
  bool HasAwait = false;
  bool HasYield = false;
  /// The operands of the body's own `co_await`s, in the order they complete.
  llvm::SmallVector<const Expr *, 4> Awaits;
  /// Loops that contain a suspension point (`co_await` or `co_yield`) of the coroutine.
  llvm::SmallPtrSet<const Stmt *, 4> LoopsWithSuspension;
  /// Suspension points seen so far; CallSite::AwaitsBefore counts only the co_awaits.
  unsigned Suspensions = 0;
};

/// True when \p Site may run after the coroutine first suspended: a `co_await` or `co_yield`
/// completed before it, or it is in a loop that suspends (its next iteration runs after).
bool mayRunAfterSuspension(const CallSite &Site, const CoroutineScan &Scan);

/// Walks the code of \p Coroutine (a function with a coroutine body) that runs in its own
/// context and calls \p OnCall for every call there, except:
///  - calls inside nested lambdas, local classes and blocks: their own context (a callback
///    handed to a thread pool, `std::thread`, `asyncrt::to_thread` or stored for later is not
///    the coroutine's blocking). A non-coroutine lambda invoked on the spot IS walked;
///  - the call that is the operand of `co_await` (awaiting is the non-blocking way);
///  - unevaluated operands (sizeof, decltype, noexcept, requires, non-polymorphic typeid) and
///    discarded `if constexpr` branches.
CoroutineScan scanCoroutine(const FunctionDecl &Coroutine,
                            llvm::function_ref<void(const CallSite &)> OnCall);

/// Walks the body of \p Function, an ordinary (non-coroutine) function, with the same rules
/// as scanCoroutine, and calls \p OnCall for every call that runs when it is called: its
/// body and, for a constructor, its member and base initializers.
void scanFunctionBody(const FunctionDecl &Function,
                      llvm::function_ref<void(const CallSite &)> OnCall);

/// True when the coroutine runs on an event loop: it awaits, or it is not a synchronous
/// generator (one that only co_yields and whose return type is not awaitable).
bool isAsyncCoroutine(const FunctionDecl &Coroutine, const CoroutineScan &Scan);

/// An awaitable type: await_ready/await_suspend/await_resume members, or a member
/// `operator co_await`. Dependent class template specializations are judged by their pattern.
bool isAwaitableType(QualType Type);

/// The class behind \p Type, looking through references and, for dependent specializations,
/// to the primary template's pattern. Null for non-class types.
const CXXRecordDecl *recordOf(QualType Type);

/// True if \p Record or one of its bases declares a member called \p Name.
bool hasMemberNamed(const CXXRecordDecl &Record, llvm::StringRef Name);

/// True when \p F's definition (wherever it is) has a coroutine body.
bool hasCoroutineBody(const FunctionDecl *F);

/// How diagnostics name a coroutine: "coroutine 'fetch'" or "coroutine lambda".
std::string describeCoroutine(const FunctionDecl &Coroutine);

} // namespace clang::tidy::async

#endif
