// RUN: %check_async_tidy %s 'async-blocking-*' %t -- -- %qt_compile_flags
// Real headers: Qt 6.4 (Debian qt6-base-dev) and QCoro 0.8 (Debian qcoro-qt6-dev), included
// as their CMake packages include them (-isystem). QCoro::Task is eager (its promise's
// initial_suspend returns std::suspend_never, qcoro/qcorotask.h), so each coroutine below runs
// on the thread that calls it: Qt's event loop.

#include <QCoro/QCoroFuture>
#include <QCoro/QCoroLocalSocket>
#include <QCoro/QCoroProcess>
#include <QCoro/QCoroTask>
#include <QCoro/QCoroTcpServer>
#include <QCoro/QCoroAbstractSocket>
#include <QCoro/QCoroThread>
#include <QCoro/QCoroTimer>
#include <QtConcurrent/QtConcurrent>
#include <QtCore/QBuffer>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFuture>
#include <QtCore/QMutex>
#include <QtCore/QProcess>
#include <QtCore/QSaveFile>
#include <QtCore/QSemaphore>
#include <QtCore/QTemporaryFile>
#include <QtCore/QThread>
#include <QtCore/QThreadPool>
#include <QtCore/QWaitCondition>
#include <QtNetwork/QHostInfo>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <QtTest/QTest>
#include <chrono>

using namespace std::chrono_literals;

// --- Positives: sleep -------------------------------------------------------------------

QCoro::Task<void> sleeps() {
  QThread::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'QThread::sleep' waits for a timer and blocks the event loop running coroutine 'sleeps'{{.*}} [async-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-3]]:19: note: coroutine 'sleeps' declared here
  QThread::msleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'QThread::msleep' waits for a timer and blocks the event loop running coroutine 'sleeps'{{.*}} [async-blocking-sleep]
  QThread::usleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'QThread::usleep' waits for a timer and blocks the event loop running coroutine 'sleeps'{{.*}} [async-blocking-sleep]
  QTest::qSleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'QTest::qSleep' waits for a timer and blocks the event loop running coroutine 'sleeps'; use 'co_await QCoro::sleepFor(std::chrono::milliseconds(n))' instead [async-blocking-sleep]
  co_await QCoro::sleepFor(10ms); // the non-blocking way
}

// --- Positives: waitFor* on sockets and processes -----------------------------------------

QCoro::Task<bool> sockets(QTcpSocket &tcp, QLocalSocket &local, QSslSocket &ssl, QIODevice &device) {
  tcp.connectToHost(QStringLiteral("example.org"), 80); // asynchronous
  tcp.waitForConnected();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'QAbstractSocket::waitForConnected' waits for the network and blocks the event loop running coroutine 'sockets'{{.*}} [async-blocking-network]
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: coroutine 'sockets' declared here
  tcp.waitForReadyRead(1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'QAbstractSocket::waitForReadyRead' waits for the network {{.*}} [async-blocking-network]
  tcp.waitForBytesWritten();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'QAbstractSocket::waitForBytesWritten' waits for the network {{.*}} [async-blocking-network]
  tcp.waitForDisconnected(5000);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'QAbstractSocket::waitForDisconnected' waits for the network {{.*}} [async-blocking-network]
  local.waitForConnected();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'QLocalSocket::waitForConnected' waits for a local socket's peer and blocks the event loop running coroutine 'sockets'{{.*}} [async-blocking-network]
  local.waitForReadyRead();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'QLocalSocket::waitForReadyRead' waits for a local socket's peer {{.*}} [async-blocking-network]
  ssl.waitForEncrypted();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'QSslSocket::waitForEncrypted' waits for the network {{.*}} [async-blocking-network]
  ssl.waitForReadyRead();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'QSslSocket::waitForReadyRead' waits for the network {{.*}} [async-blocking-network]
  device.waitForReadyRead(100);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'QIODevice::waitForReadyRead' waits for a device's data and blocks the event loop running coroutine 'sockets'{{.*}} [async-blocking-device-io]
  QHostInfo info = QHostInfo::fromName(QStringLiteral("example.org"));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'QHostInfo::fromName' waits for a DNS lookup {{.*}} [async-blocking-network]

  // Traps: zero timeouts only poll; QTcpServer's default timeout is 0.
  tcp.waitForReadyRead(0);
  local.waitForBytesWritten(0);
  device.waitForBytesWritten(0);
  QTcpServer server;
  server.waitForNewConnection();
  // ...but a timeout given blocks.
  server.waitForNewConnection(1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'QTcpServer::waitForNewConnection' waits for a connection {{.*}} [async-blocking-network]

  // Traps: QCoro's awaitable wrappers are other functions, the non-blocking way.
  co_await qCoro(tcp).waitForConnected();
  co_await qCoro(tcp).waitForReadyRead(1000);
  co_await qCoro(local).waitForConnected();
  co_await qCoro(device).waitForReadyRead(100);
  QTcpSocket *next = co_await qCoro(server).waitForNewConnection();
  co_return next != nullptr && info.error() == QHostInfo::NoError;
}

QCoro::Task<int> processes() {
  QProcess process;
  process.start(QStringLiteral("ls"), {}); // asynchronous
  process.waitForStarted();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'QProcess::waitForStarted' waits for a child process and blocks the event loop running coroutine 'processes'{{.*}} [async-blocking-process]
  // CHECK-MESSAGES: :[[@LINE-5]]:18: note: coroutine 'processes' declared here
  process.waitForReadyRead();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'QProcess::waitForReadyRead' waits for a child process {{.*}} [async-blocking-process]
  process.waitForFinished(); // the default, 30000 ms, blocks
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'QProcess::waitForFinished' waits for a child process {{.*}} [async-blocking-process]
  process.waitForFinished(-1);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'QProcess::waitForFinished' waits for a child process {{.*}} [async-blocking-process]
  int status = QProcess::execute(QStringLiteral("true"), {});
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'QProcess::execute' waits for a child process {{.*}} [async-blocking-process]

  // Traps: polls, and QCoro's wrappers.
  process.waitForFinished(0);
  process.waitForReadyRead(0);
  co_await qCoro(process).waitForStarted();
  co_await qCoro(process).waitForFinished();
  co_return status + process.exitCode();
}

// --- Positives: threads, futures, semaphores --------------------------------------------

QCoro::Task<int> synchronization(QThread &worker, QSemaphore &semaphore, QWaitCondition &cond,
                                 QMutex &mutex) {
  QFuture<int> future = QtConcurrent::run([] { return 42; });
  future.waitForFinished();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'QFuture::waitForFinished' waits for another thread's result and blocks the event loop running coroutine 'synchronization'{{.*}} [async-blocking-sync]
  // CHECK-MESSAGES: :[[@LINE-5]]:18: note: coroutine 'synchronization' declared here
  int value = future.result();
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'QFuture::result' waits for another thread's result {{.*}} [async-blocking-sync]
  value += future.resultAt(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'QFuture::resultAt' waits for another thread's result {{.*}} [async-blocking-sync]
  QThreadPool::globalInstance()->waitForDone();
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: 'QThreadPool::waitForDone' waits for the pool's threads {{.*}} [async-blocking-sync]
  worker.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'QThread::wait' waits for another thread {{.*}} [async-blocking-sync]
  worker.wait(1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'QThread::wait' waits for another thread {{.*}} [async-blocking-sync]
  semaphore.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'QSemaphore::acquire' waits for a semaphore {{.*}} [async-blocking-sync]
  mutex.lock();
  cond.wait(&mutex);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'QWaitCondition::wait' waits for a notification {{.*}} [async-blocking-sync]
  mutex.unlock();

  // Traps: zero timeouts, a semaphore tried without a timeout.
  worker.wait(0);
  QThreadPool::globalInstance()->waitForDone(0);
  semaphore.tryAcquire();
  mutex.lock();
  cond.wait(&mutex, 0);
  mutex.unlock();

  // Traps: a future the coroutine awaited is finished; its consumers return at once.
  QFuture<int> awaited = QtConcurrent::run([] { return 1; });
  value += co_await awaited;
  value += awaited.result();
  QFuture<int> wrapped = QtConcurrent::run([] { return 2; });
  co_await qCoro(wrapped).waitForFinished();
  wrapped.waitForFinished();
  value += wrapped.result();
  co_await qCoro(worker).waitForFinished();

  // Trap: the lambda handed to QtConcurrent::run runs on the pool, not on the event loop.
  QFuture<void> pooled = QtConcurrent::run([] { QThread::sleep(1); });
  co_await pooled;
  co_return value;
}

// --- Positives: files and directories -----------------------------------------------------

QCoro::Task<QByteArray> files(const QString &path, QIODevice &device, QBuffer &buffer,
                              QTcpSocket &socket) {
  QFile file(path);
  file.open(QIODevice::ReadOnly);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'QFile::open' waits for the disk and blocks the event loop running coroutine 'files'{{.*}} [async-blocking-file-io]
  // CHECK-MESSAGES: :[[@LINE-5]]:25: note: coroutine 'files' declared here
  QByteArray data = file.readAll();
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'QIODevice::readAll' waits for the disk {{.*}} [async-blocking-file-io]
  data += file.readLine();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'QIODevice::readLine' waits for the disk {{.*}} [async-blocking-file-io]
  data += file.read(16);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'QIODevice::read' waits for the disk {{.*}} [async-blocking-file-io]
  data += file.peek(16);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'QIODevice::peek' waits for the disk {{.*}} [async-blocking-file-io]
  QFile *out = new QFile(path + QStringLiteral(".bak"));
  out->open(QIODevice::WriteOnly);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'QFile::open' waits for the disk {{.*}} [async-blocking-file-io]
  out->write(data);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'QIODevice::write' waits for the disk {{.*}} [async-blocking-file-io]
  out->flush();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'QFileDevice::flush' waits for the disk {{.*}} [async-blocking-file-io]
  delete out;
  QSaveFile save(path);
  save.open(QIODevice::WriteOnly);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'QSaveFile::open' waits for the disk {{.*}} [async-blocking-file-io]
  save.write(data);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'QIODevice::write' waits for the disk {{.*}} [async-blocking-file-io]
  save.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'QSaveFile::commit' waits for the disk {{.*}} [async-blocking-file-io]
  QTemporaryFile temp;
  temp.open();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'QTemporaryFile::open' waits for the disk {{.*}} [async-blocking-file-io]
  if (QFile::exists(path))
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'QFile::exists' waits for the disk {{.*}} [async-blocking-file-io]
    QFile::remove(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'QFile::remove' waits for the disk {{.*}} [async-blocking-file-io]
  file.copy(path + QStringLiteral(".copy"));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'QFile::copy' waits for the disk {{.*}} [async-blocking-file-io]
  QDir dir(path);
  QStringList names = dir.entryList();
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'QDir::entryList' waits for the disk {{.*}} [async-blocking-file-io]
  dir.mkpath(QStringLiteral("a/b"));
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'QDir::mkpath' waits for the disk {{.*}} [async-blocking-file-io]
  QDir(path).removeRecursively();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'QDir::removeRecursively' waits for the disk {{.*}} [async-blocking-file-io]

  // Traps: a QIODevice& may be a QBuffer or a socket read after readyRead; a QBuffer is memory.
  data += device.readAll();
  data += buffer.readAll();
  buffer.write(data);
  data += socket.readAll();
  socket.write(data);
  // Traps: Qt resources are compiled into the binary, read from memory.
  QFile resource(QStringLiteral(":/data/config.json"));
  resource.open(QIODevice::ReadOnly);
  data += resource.readAll();
  QFile plain(":/data/plain.txt");
  plain.open(QIODevice::ReadOnly);
  data += plain.readLine();
  bool icon = QFile::exists(QStringLiteral(":/icons/app.png"));
  QStringList icons = QDir(QStringLiteral(":/icons")).entryList();
  // Trap: a device or kernel path is no disk file (as for POSIX open's NotDevicePath).
  QFile console(QStringLiteral("/dev/stdin"));
  console.open(QIODevice::ReadOnly);
  QFile status("/proc/self/status");
  status.open(QIODevice::ReadOnly);
  // Trap: adopting a handle that is already open opens nothing.
  QFile input;
  input.open(stdin, QIODevice::ReadOnly);
  co_return icon && !icons.isEmpty() ? data : QByteArray{};
}

// --- Positives: QtSql ------------------------------------------------------------------

QCoro::Task<int> database() {
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"));
  db.setDatabaseName(QStringLiteral("app.db"));
  db.open();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'QSqlDatabase::open' waits for the database and blocks the event loop running coroutine 'database'{{.*}} [async-blocking-db]
  // CHECK-MESSAGES: :[[@LINE-5]]:18: note: coroutine 'database' declared here
  QSqlQuery query(db);
  query.exec(QStringLiteral("SELECT count(*) FROM users"));
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'QSqlQuery::exec' waits for the database {{.*}} [async-blocking-db]
  query.prepare(QStringLiteral("INSERT INTO users VALUES (?)"));
  query.addBindValue(1);
  query.exec();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'QSqlQuery::exec' waits for the database {{.*}} [async-blocking-db]
  db.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'QSqlDatabase::commit' waits for the database {{.*}} [async-blocking-db]
  co_return query.numRowsAffected();
}

// --- Traps: the same calls outside coroutines ------------------------------------------------

int plain_function(QProcess &process, QFile &file) {
  QThread::sleep(1);
  process.waitForFinished();
  file.open(QIODevice::ReadOnly);
  return file.readAll().size();
}
