// Where a coroutine's code really runs (DESIGN.md, "Where the code runs"): facts about the whole
// translation unit that a single coroutine body does not show — who calls the coroutine and how,
// which executors it is handed, which descriptors were made non-blocking.
#ifndef ASYNC_TIDY_CHECKS_EXECUTIONCONTEXT_H
#define ASYNC_TIDY_CHECKS_EXECUTIONCONTEXT_H

#include "NameMatching.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>

namespace clang {
class ASTContext;
class CallExpr;
class Decl;
class Expr;
class FunctionDecl;
class ValueDecl;
} // namespace clang

namespace clang::tidy::async {

/// Unqualified names that, on a function whose first argument is a task, mean "run this to
/// completion on this thread": every library spells asyncio.run's blocking twin this way, so a
/// task library of one's own is covered without configuration. async-nested-run's
/// SyncWaitNames default; the inline-drive analysis uses the same list.
inline constexpr const char *DefaultSyncWaitNames =
    "sync_wait;sync_wait_with_variant;syncAwait;blockingWait;blocking_wait;block_on";

/// Executors made for blocking work, or that give every task a thread of its own: a coroutine
/// that has hopped onto one with `co_await` does not block a shared loop. Functions returning
/// such an executor, or the executor classes (through pointers and smart pointers).
/// concurrencpp: runtime::background_executor() is its executor "for blocking I/O";
/// thread_executor starts a new thread per task.
inline constexpr const char *DefaultBlockingExecutors =
    "concurrencpp::runtime::background_executor;concurrencpp::runtime::thread_executor;"
    "concurrencpp::thread_executor";

/// One call of a function or lambda, seen somewhere in the translation unit's own code.
struct UseSite {
  const CallExpr *Call;
  /// The function whose body the call is in (a lambda's call operator for a lambda body).
  const FunctionDecl *Caller;
};

/// What the translation unit says about its functions, computed by one walk of the
/// declarations outside system headers, the first time a check asks (most TUs never do), and
/// shared by every check of the TU.
class TranslationUnitFacts {
public:
  /// The facts of \p Ctx's translation unit, kept in its TranslationUnitCache.
  static TranslationUnitFacts &of(ASTContext &Ctx);
  /// Walks \p Scope, the declarations the checks walk (TranslationUnitCache::scope): what
  /// TranslationUnitCache calls the first time.
  static std::unique_ptr<TranslationUnitFacts> build(ASTContext &Ctx,
                                                     llvm::ArrayRef<Decl *> Scope);

  /// The visible calls of \p F (a function, or a lambda's call operator). Null when \p F
  /// escapes: its address is taken, the lambda object is passed on or stored where calls to it
  /// cannot be seen, so the calls listed are not all of them.
  const llvm::SmallVector<UseSite, 2> *callsOf(const FunctionDecl &F) const;

  /// Every call of \p Coroutine (a lambda or a function with internal linkage) is a
  /// synchronous drive from ordinary code: the argument of a sync_wait-like function, the
  /// object of `.get()`/`.resume()`/`.start()`, or a local that is only used that way. Such a
  /// coroutine runs on that plain thread until it first suspends.
  bool isDrivenInline(const FunctionDecl &Coroutine) const;

  /// Whether \p Coroutine could be driven inline at all (a lambda, or a function with
  /// internal linkage), answered without walking the translation unit.
  static bool mayBeDrivenInline(const FunctionDecl &Coroutine);

  /// True when \p D (a variable, parameter or field holding a descriptor) is made non-blocking
  /// somewhere in the TU: `fcntl(d, F_SETFL, ... O_NONBLOCK)`, `ioctl(d, FIONBIO, ...)`,
  /// `d = socket(..., SOCK_NONBLOCK, ...)` / `accept4(..., SOCK_NONBLOCK)`, or a helper whose
  /// body does one of those to its parameter, called with `d`.
  bool isMadeNonBlocking(const ValueDecl *D) const;

private:
  friend class FactsBuilder;
  struct FunctionUses {
    llvm::SmallVector<UseSite, 2> Calls;
    bool Escapes = false;
  };
  llvm::DenseMap<const Decl *, FunctionUses> Uses;
  llvm::DenseSet<const Expr *> DrivenCalls;
  llvm::DenseSet<const ValueDecl *> NonBlocking;
};

/// The declaration an expression holding a descriptor or executor names: a variable,
/// parameter or field, looking through casts, `std::move` and `this->`. Null otherwise.
const ValueDecl *referencedDecl(const Expr *E);

/// \p E with implicit nodes, parentheses, copies and moves (`std::move`, `std::forward`, a
/// by-value parameter's copy constructor) looked through.
const Expr *stripMoves(const Expr *E);

/// True when \p E denotes an executor of \p BlockingExecutors: a call to a listed function, an
/// object of a listed class (or a pointer or smart pointer to one), a local initialized with
/// one, or a parameter of \p Coroutine that every visible call of it passes one for.
bool isBlockingExecutor(const Expr *E, const FunctionDecl *Coroutine,
                        llvm::ArrayRef<QualifiedName> BlockingExecutors, ASTContext &Ctx,
                        unsigned Depth = 0);

} // namespace clang::tidy::async

#endif
