// What a task is, by structure (DESIGN.md, "Task-like and awaitable types"): no library names.
#ifndef ASYNC_TIDY_CHECKS_TASKTYPES_H
#define ASYNC_TIDY_CHECKS_TASKTYPES_H

namespace clang {
class CXXRecordDecl;
class QualType;
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

/// A synchronous generator type: task-like, its promise has `yield_value`, and it is not
/// awaitable (`std::generator`). Dropping one is pointless but never async misuse.
bool isSyncGeneratorType(QualType Type);

} // namespace clang::tidy::async

#endif
