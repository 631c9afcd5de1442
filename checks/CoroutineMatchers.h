// The matcher every coroutine check starts from.
#ifndef ASYNC_TIDY_CHECKS_COROUTINEMATCHERS_H
#define ASYNC_TIDY_CHECKS_COROUTINEMATCHERS_H

#include "clang/ASTMatchers/ASTMatchers.h"

namespace clang::tidy::async {

/// A coroutine definition outside system headers, bound to "coroutine". Checks walk its body
/// themselves (scanCoroutine): matching calls with forCallable/hasAncestor instead makes clang
/// build a parent map of the whole AST, headers included (TOOLCHAIN.md measured +50% memory).
inline ast_matchers::DeclarationMatcher coroutineDefinition() {
  using namespace ast_matchers;
  return functionDecl(isDefinition(), hasBody(coroutineBodyStmt()),
                      unless(isExpansionInSystemHeader()))
      .bind("coroutine");
}

} // namespace clang::tidy::async

#endif
