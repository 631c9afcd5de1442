// What a task is, by structure (DESIGN.md, "Task-like and awaitable types"): no library names.
#ifndef ASYNC_TIDY_CHECKS_TASKTYPES_H
#define ASYNC_TIDY_CHECKS_TASKTYPES_H

#include <optional>

namespace clang {
class CXXRecordDecl;
class Decl;
class FunctionDecl;
class QualType;
class TemplateDecl;
} // namespace clang

namespace clang::tidy::async {

/// How a coroutine of a task type starts, read from its promise's `initial_suspend`.
enum class TaskStart {
  /// Suspends before its body runs (`std::suspend_always`, or an awaiter that just stays
  /// suspended): nothing happens until someone awaits or starts it.
  Lazy,
  /// Runs its body right away (`std::suspend_never`, or an awaiter that is always ready).
  Eager,
  /// Anything else: a scheduling awaiter, an undeduced `auto`, no promise found.
  Unknown,
};

/// A task-like type: a class with a nested `promise_type`, or a class for which an explicit
/// or partial specialization of `std::coroutine_traits` exists (concurrencpp's `result`).
/// Dependent specializations are judged by their primary template's pattern.
bool isTaskLikeType(QualType Type);

/// An awaitable type: what isAwaitableType() accepts (await_ready/await_suspend/await_resume
/// members or a member `operator co_await`), plus a non-member `operator co_await` taking the
/// class, declared in the class's namespace or as a (hidden) friend of the class.
bool isAwaitableTypeOrFree(QualType Type);

/// How a task-like type's coroutines start. Only meaningful for task-like types.
TaskStart taskStart(QualType Type);

/// Whether taskStart() or awaitReadyLiteral() read \p D's body: an `await_ready` or
/// `await_suspend` (or a template of one). A front-end that skips the bodies of functions in
/// headers, as clangd does when it builds a preamble, must parse these, or a task whose promise
/// is declared in a header reads as TaskStart::Unknown there and as Lazy on the command line.
bool bodyDecidesTaskStart(const Decl *D);

/// A consumer interface: `get`, `wait`, `wait_for`, `wait_until` or `then` members — how the
/// result of work that is already running is collected (a future, an eager result).
bool hasConsumerInterface(QualType Type);

/// What the type's own `await_ready` returns when its body is just `return true/false;`.
std::optional<bool> awaitReadyLiteral(QualType Type);

/// The class (or the template it is a specialization of) is declared `[[nodiscard]]`.
bool isNodiscardType(QualType Type);

/// A synchronous generator type: task-like, its promise has `yield_value`, and it is not
/// awaitable (`std::generator`). Dropping one is pointless but never async misuse.
bool isSyncGeneratorType(QualType Type);

/// The class template \p Type is a specialization of (`awaitable` for `awaitable<int>`), or null.
const TemplateDecl *classTemplateOf(QualType Type);

/// Whether `co_await e`, with `e` of type \p Type, compiles inside \p Coroutine: its promise
/// takes any awaitable (no `await_transform`) and \p Type is awaitable, or its promise filters
/// what it awaits (Asio's awaitable_frame, folly's TaskPromise) and \p Type is the coroutine's
/// own task template, which such a promise surely takes. Nothing while the promise type is
/// dependent: the template's instantiations decide. Used by every fix-it that adds `co_await`.
std::optional<bool> coAwaitCompilesIn(const FunctionDecl &Coroutine, QualType Type);

} // namespace clang::tidy::async

#endif
