// The blocking catalogue (BlockingCatalogue.def) as data the checks look calls up in.
#ifndef ASYNC_TIDY_CHECKS_BLOCKINGCATALOGUE_H
#define ASYNC_TIDY_CHECKS_BLOCKINGCATALOGUE_H

#include "NameMatching.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace clang::tidy::async {

/// Which check reports a catalogue entry.
enum class BlockingCategory { Sleep, FileIo, Http, Network, Db, DeviceIo, Process, Sync };

/// When a call to a catalogue function is not blocking after all. Arg is the row's argument
/// index (for a non-static member function 0 is the object, the parameters count from 1).
enum class BlockingCondition {
  /// Always blocking.
  Always,
  /// Not when argument Arg is a console FILE* (a ConsoleFile fact: stdout, stderr).
  UnlessConsoleFile,
  /// Only when the descriptor Arg is known to be a file: the same function got it from a
  /// FileIo row with NotDevicePath (open/openat/creat) on a non-device path, or it is standard
  /// input (0). Not under the non-blocking idiom. A descriptor of unknown kind (a parameter, a
  /// member) may be a socket or eventfd read after readiness: precision wins.
  FileDescriptor,
  /// Only when the descriptor Arg was opened in the same function from a device path.
  DeviceDescriptor,
  /// Not when the path argument Arg is a string literal naming a device (a DevicePrefix fact).
  NotDevicePath,
  /// Only when the path argument Arg is a string literal naming a device, and not under the
  /// non-blocking idiom (a tty opened O_NONBLOCK does not wait for its line).
  DevicePath,
  /// Only when the stream Arg is a file stream (a FileStream fact) or standard input (a
  /// StdinStream fact). A std::istream& of unknown origin may be a std::stringstream.
  FileOrStdinStream,
  /// Only when argument Arg is written at the call (a default-constructed stream or session
  /// opens nothing).
  ArgumentPassed,
  /// Only when parameter Arg is a std::filesystem::path (a PathType fact); the file_status
  /// overloads of the same names look at memory.
  PathArgument,
  /// Not when the timeout Arg is zero (`0s`, `seconds(0)`, `duration::zero()`, `now()` for a
  /// deadline, `0` milliseconds, a pointer to an all-zero timeval/timespec): that only polls.
  UnlessZeroTimeout,
  /// Not when the object Arg is also polled in the same function by a zero-timeout call of a
  /// same-category UnlessZeroTimeout row (`f.wait_for(0s)`): get() after that poll said ready
  /// returns at once.
  UnlessPolledReady,
  /// Not in a function that shows the non-blocking idiom: one of the NonBlockingMacro facts
  /// (EAGAIN, EWOULDBLOCK, EINPROGRESS, O_NONBLOCK, MSG_DONTWAIT, WNOHANG, ...) is expanded in
  /// the coroutine's body, or it calls a NonBlockingCall fact (PQisBusy, ...).
  UnlessNonBlockingIdiom,
  /// Not when the host (the call's first string argument) is a string literal that is a numeric
  /// IPv4 or IPv6 address: resolving "0.0.0.0" or "::1" looks nothing up.
  NotNumericHost,
  /// A shape row (its name starts with `*`, see BlockingCatalogue.def): the index matched the
  /// callee by its signature, not its name, and the call always blocks. Only a member function
  /// with no definition in the code under analysis matches (generated code: a gRPC stub is
  /// declared in the .grpc.pb.h and defined in the .grpc.pb.cc); a wrapper the code defines is
  /// followed by the transitive analysis instead.
  GeneratedStub,
  /// Not when the flags (the call's LAST argument) may ask not to wait: ZeroMQ's ZMQ_DONTWAIT
  /// (ZMQ_NOBLOCK, zmq::recv_flags::dontwait, zmq::send_flags::dontwait, all the bit 1) is set
  /// in their constant value, or they are not a constant; nor under the non-blocking idiom (a
  /// socket with ZMQ_RCVTIMEO 0 answers EAGAIN).
  UnlessDontWait,
  /// Not when the path is a literal Qt resource path (a QtResourcePrefix fact: ":/", "qrc:"),
  /// compiled into the binary: argument Arg is one (a static member's path), or the object Arg
  /// was constructed on one (`QFile f(":/data.json"); f.open(...)`, `QDir(":/icons")`). Nor for a
  /// member whose first parameter is an integer or a pointer: QFile::open(int fd, ...) and
  /// open(FILE *, ...) adopt a handle that is already open.
  NotQtResource,
  /// Only when the object Arg's static type is, or derives from, a FileDeviceClass fact
  /// (QFileDevice: QFile, QSaveFile, QTemporaryFile), not constructed on a literal Qt resource
  /// path (as for NotQtResource). QIODevice's
  /// read/readAll/write on a QIODevice& may be a QBuffer (memory) or a socket read after
  /// readyRead (returns at once): precision wins.
  QtFileDevice,
  /// Not when the object Arg is named in a co_await of the coroutine that completes before the
  /// call (`co_await future;` or `co_await qCoro(future).waitForFinished();`, then
  /// `future.result()`): the awaited future is finished, its consumers return at once.
  UnlessAwaitedBefore,
};

/// What an ASYNC_BLOCKING_FACT row names.
enum class FactKind {
  ConsoleFile,      ///< a FILE* variable that is the console
  StdinStream,      ///< a stream variable that reads standard input
  FileStream,       ///< a stream class template whose objects read or write files
  PathType,         ///< the type of a path argument that touches the disk
  NonBlockingMacro, ///< a macro that shows the non-blocking idiom
  NonBlockingCall,  ///< a function whose call shows the non-blocking idiom (PQisBusy)
  PseudoFilePrefix, ///< a path prefix of a kernel pseudo-filesystem (/proc/): memory, no disk
  DevicePrefix,     ///< a path prefix that names a device
  FileDeviceClass,  ///< a class whose QIODevice reads and writes go to a file (QFileDevice)
  QtResourcePrefix, ///< a Qt resource path prefix (":/"): memory (keep last: it counts the kinds)
};

struct CatalogueFact {
  FactKind Kind;
  llvm::StringRef Name;
  llvm::StringRef Why;
};

/// Every ASYNC_BLOCKING_FACT row of BlockingCatalogue.def, in file order.
llvm::ArrayRef<CatalogueFact> catalogueFacts();

/// The names of the facts of one kind.
std::vector<llvm::StringRef> factNames(FactKind Kind);

struct CatalogueEntry {
  BlockingCategory Category;
  llvm::StringRef Name;
  BlockingCondition Condition;
  int Arg;
  llvm::StringRef WaitsFor;
  llvm::StringRef Replacement;
  llvm::StringRef Source;
};

/// Every row of BlockingCatalogue.def, in file order.
llvm::ArrayRef<CatalogueEntry> blockingCatalogue();

/// The check that reports \p Category, e.g. "async-blocking-file-io".
llvm::StringRef checkNameFor(BlockingCategory Category);

/// The catalogue rows of one category, indexed by the callee's unqualified name so that a call
/// costs one hash lookup unless its name is a known blocking one.
class CatalogueIndex {
public:
  explicit CatalogueIndex(BlockingCategory Category);
  /// Every category at once.
  CatalogueIndex();
  /// The index of \p Category, built once per process: clangd makes the checks anew for every
  /// AST it builds, and the catalogue is the same for all of them.
  static const CatalogueIndex &of(BlockingCategory Category);
  /// The index of every category, built once per process.
  static const CatalogueIndex &whole();
  /// The entry \p Callee matches, or null.
  const CatalogueEntry *find(const NamedDecl &Callee) const;
  /// Every entry \p Callee matches (a name may have rows in several categories).
  llvm::SmallVector<const CatalogueEntry *, 2> findAll(const NamedDecl &Callee) const;
  bool empty() const { return ByLastName.empty() && Shapes.empty(); }
  /// True if some row of this index has \p Condition.
  bool uses(BlockingCondition Condition) const;

  /// True for a shape row (a name that starts with `*`): matched by signature, not by name.
  static bool isShape(const CatalogueEntry &Entry) { return Entry.Name.starts_with("*"); }

private:
  struct Row {
    QualifiedName Name;
    const CatalogueEntry *Entry;
  };
  /// A shape row `*(P*) -> R`: a member function whose first parameter is a P* and that
  /// returns an R (or a std::unique_ptr<R>).
  struct Shape {
    QualifiedName FirstParameter;
    QualifiedName Returns;
    const CatalogueEntry *Entry;
    bool matches(const NamedDecl &Callee) const;
  };
  void add(const CatalogueEntry &Entry);
  llvm::StringMap<std::vector<Row>> ByLastName;
  std::vector<Shape> Shapes;
  unsigned UsedConditions = 0;
};

} // namespace clang::tidy::async

#endif
