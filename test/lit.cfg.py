# lit configuration for async-tidy's check, plugin, driver and example tests.
import os
import shutil

import lit.formats

config.name = "async-tidy"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.excludes = ["runtime", "Inputs", "lit.cfg.py", "check_async_tidy.py", "expect_exit.py", "CMakeLists.txt", "consistency.py", "dogfood.py", "driver_cases.py", "lint_examples.py"]

# Which front-end the check tests run through: the CLI, or the stock clang-tidy with the plugin.
frontend = lit_config.params.get("frontend", "cli")
# ctest runs the two front-ends' suites at once: each needs its own Output directories.
config.test_exec_root = os.path.join(config.build_dir, "test", "out-" + frontend)
plugin = os.path.join(config.build_dir, "lib", "AsyncTidyModule.so")
async_tidy = os.path.join(config.build_dir, "bin", "async-tidy")
async_clangd = os.path.join(config.build_dir, "bin", "async-clangd")
clang_tidy_plugin = "%s --load=%s" % (config.clang_tidy, plugin)
tidy = async_tidy if frontend == "cli" else clang_tidy_plugin
config.available_features.add("frontend-" + frontend)
config.available_features.add("llvm-" + config.llvm_major)

compile_flags = "-I%s -DBOOST_ASIO_HAS_CO_AWAIT -DBOOST_ASIO_HAS_STD_COROUTINE" % config.asyncrt_include
config.substitutions.append(
    ("%check_async_tidy",
     "%s %s --tidy '%s' --filecheck %s --clangxx %s" % (
         config.python, os.path.join(config.test_source_root, "check_async_tidy.py"), tidy,
         os.path.join(config.llvm_tools_dir, "FileCheck"), config.clangxx)))
config.substitutions.append(("%async_compile_flags", compile_flags))
# Qt 6 and QCoro, as their CMake packages hand them to a user's build: system include
# directories (-isystem), so their inline functions are the catalogue's business, not followed.
# -fPIC: Qt's qcompilerdetection.h refuses to compile without it (reduce-relocations build).
qt_modules = ["QtCore", "QtNetwork", "QtSql", "QtConcurrent", "QtGui", "QtWidgets", "QtTest"]
qt_flags = ["-fPIC", "-isystem", config.qt6_include] + [
    f for m in qt_modules for f in ("-isystem", os.path.join(config.qt6_include, m))]
qt_flags += [f for d in ("", "qcoro", "QCoro")
             for f in ("-isystem", os.path.join(config.qcoro6_include, d).rstrip("/"))]
for header in ("QtCore/qthread.h", "QtSql/qsqlquery.h"):
    if not os.path.exists(os.path.join(config.qt6_include, header)):
        lit_config.fatal("Qt 6's headers are missing (%s): run scripts/install-deps" % header)
if not os.path.exists(os.path.join(config.qcoro6_include, "qcoro", "qcorotask.h")):
    lit_config.fatal("QCoro's headers are missing: run scripts/install-deps (qcoro-qt6-dev)")
config.substitutions.append(("%qt_compile_flags", " ".join(qt_flags)))
config.substitutions.append(("%tidy", tidy))  # the front-end under test
config.substitutions.append(("%async-tidy", async_tidy))
config.substitutions.append(("%async-clangd", async_clangd))
config.substitutions.append(("%clang-tidy-plugin", clang_tidy_plugin))
config.substitutions.append(("%clang-tidy-other", config.clang_tidy_other))
config.substitutions.append(("%plugin", plugin))
config.substitutions.append(("%asyncrt_include", config.asyncrt_include))
config.substitutions.append(("%clangxx", config.clangxx))
config.substitutions.append(("%source_root", config.source_root))
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%cmake", config.cmake))
config.substitutions.append(("%clang_resource_dir", config.clang_resource_dir))
config.substitutions.append(("%clang-tidy", config.clang_tidy))
config.substitutions.append(("%build_dir", config.build_dir))
if lit_config.params.get("dogfood", "1") == "1":
    config.available_features.add("dogfood")
config.substitutions.append(("%expect_exit", "%s %s" % (config.python, os.path.join(config.test_source_root, "expect_exit.py"))))

# Microsoft's SARIF Multitool (scripts/install-test-deps): scripts/test names it, and then a
# missing validator is an error, not a skipped test.
sarif_multitool = os.environ.get("ASYNC_TIDY_SARIF_MULTITOOL") or os.path.expanduser(
    "~/.cache/async-tidy/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")
if os.access(sarif_multitool, os.X_OK):
    config.available_features.add("sarif-multitool")
elif os.environ.get("ASYNC_TIDY_SARIF_MULTITOOL"):
    lit_config.fatal("ASYNC_TIDY_SARIF_MULTITOOL=%s is not an executable" % sarif_multitool)
config.substitutions.append(("%sarif_multitool", sarif_multitool))

config.environment["PATH"] = os.pathsep.join([config.llvm_tools_dir, config.environment.get("PATH", "")])
if os.path.exists(config.clang_tidy_other):
    config.available_features.add("clang-tidy-other")
if os.path.exists(async_clangd):  # built unless -DASYNC_TIDY_BUILD_CLANGD=OFF
    config.available_features.add("async-clangd")
# Private mount namespaces (root, or a container that allows them): a test can hide a directory.
import subprocess
if subprocess.run(["unshare", "-m", "true"], stdout=subprocess.DEVNULL,
                  stderr=subprocess.DEVNULL).returncode == 0 if shutil.which("unshare") else False:
    config.available_features.add("mount-namespace")
# libpqxx's real headers (Debian libpqxx-dev) for async-escaping-db-handle's pqxx test.
if os.path.exists("/usr/include/pqxx/pqxx"):
    config.available_features.add("libpqxx")
