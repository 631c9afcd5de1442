# Installs asyncrt (the header-only runtime) with a CMake package, so that a project can use it
# from an install prefix:
#
#   find_package(asyncrt REQUIRED)          # with -DCMAKE_PREFIX_PATH=<prefix>
#   target_link_libraries(app PRIVATE asyncrt::asyncrt)
#
# runtime/CMakeLists.txt builds the in-tree `asyncrt` target with source-tree include paths,
# which CMake cannot export; the installed package describes the same interface (C++20,
# Threads, and sqlite when found) in asyncrtConfig.cmake.in instead.
include(CMakePackageConfigHelpers)

set(ASYNCRT_INCLUDE_INSTALL_DIR "include")
set(ASYNCRT_INSTALL_CMAKEDIR "lib/cmake/asyncrt")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/runtime/include/asyncrt"
        DESTINATION "${ASYNCRT_INCLUDE_INSTALL_DIR}"
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/asyncrtConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/cmake/asyncrtConfig.cmake"
  INSTALL_DESTINATION "${ASYNCRT_INSTALL_CMAKEDIR}"
  PATH_VARS ASYNCRT_INCLUDE_INSTALL_DIR)
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/cmake/asyncrtConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion
  ARCH_INDEPENDENT)
install(FILES "${PROJECT_BINARY_DIR}/cmake/asyncrtConfig.cmake"
              "${PROJECT_BINARY_DIR}/cmake/asyncrtConfigVersion.cmake"
        DESTINATION "${ASYNCRT_INSTALL_CMAKEDIR}")
