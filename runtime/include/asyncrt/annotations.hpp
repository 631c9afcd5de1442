// asyncrt/annotations.hpp: mark functions as blocking or non-blocking for the async-tidy checks.
#pragma once

// The async-blocking-* checks know the common blocking functions from their catalogue. Your own
// code can tell them more: put ASYNCRT_BLOCKING on a function that waits (a driver call, a
// synchronous RPC) so calling it from a coroutine is reported, and ASYNCRT_NONBLOCKING on one the
// catalogue would flag but that you know returns at once (a read on a non-blocking descriptor).
//
//   ASYNCRT_BLOCKING void flush_to_disk(const char* path);
//   ASYNCRT_NONBLOCKING ssize_t read_nb(int fd, void* buf, size_t n);
//
// They expand to [[clang::annotate("async::blocking")]] / [[clang::annotate("async::nonblocking")]],
// which the checks read from the AST, and to nothing on compilers without clang::annotate (GCC), so
// annotated headers stay portable.

#if defined(__has_cpp_attribute)
#if __has_cpp_attribute(clang::annotate)
#define ASYNCRT_BLOCKING [[clang::annotate("async::blocking")]]
#define ASYNCRT_NONBLOCKING [[clang::annotate("async::nonblocking")]]
#endif
#endif

#ifndef ASYNCRT_BLOCKING
#define ASYNCRT_BLOCKING
#define ASYNCRT_NONBLOCKING
#endif
