// Removing the driver's own temporary files: a failure leaves litter in the temporary
// directory and changes no result, so it is not reported.
#ifndef ASYNC_TIDY_DRIVER_TEMPORARY_H
#define ASYNC_TIDY_DRIVER_TEMPORARY_H

#include "llvm/Support/FileSystem.h"

namespace async_tidy {

inline void removeTemporary(const llvm::Twine &Path) {
  std::error_code Ignored = llvm::sys::fs::remove(Path);
  (void)Ignored;
}

inline void removeTemporaryTree(const llvm::Twine &Path) {
  std::error_code Ignored = llvm::sys::fs::remove_directories(Path);
  (void)Ignored;
}

} // namespace async_tidy

#endif
