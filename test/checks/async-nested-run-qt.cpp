// RUN: %check_async_tidy %s async-nested-run %t -- -- %qt_compile_flags
// Qt's exec() loops, with Debian's Qt 6.4 and QCoro 0.8 headers: each runs an event loop on
// the calling thread until it quits. In a coroutine that loop is nested in the one that resumed
// the coroutine, which stays stuck in it while events are dispatched re-entrantly.

#include <QCoro/QCoroSignal>
#include <QCoro/QCoroTask>
#include <QCoro/QCoroTimer>
#include <QtCore/QCoreApplication>
#include <QtCore/QEventLoop>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDialog>
#include <QtWidgets/QMessageBox>

// --- Positives --------------------------------------------------------------------------------

QCoro::Task<void> waits_for_timer(QTimer &timer) {
  QEventLoop loop;
  QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
  loop.exec();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'QEventLoop::exec' waits for a nested event loop to finish and blocks the event loop running coroutine 'waits_for_timer'{{.*}} [async-nested-run]
  // CHECK-MESSAGES: :[[@LINE-5]]:19: note: coroutine 'waits_for_timer' declared here
  co_return;
}

QCoro::Task<int> runs_application(QDialog &dialog, QMessageBox &box) {
  int code = QCoreApplication::exec();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'QCoreApplication::exec' waits for a nested event loop to finish and blocks the event loop running coroutine 'runs_application'{{.*}} [async-nested-run]
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: coroutine 'runs_application' declared here
  code += QApplication::exec();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'QApplication::exec' waits for a nested event loop {{.*}} [async-nested-run]
  code += dialog.exec();
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'QDialog::exec' waits for a nested event loop {{.*}} [async-nested-run]
  code += box.exec(); // QMessageBox's exec() is QDialog's (qmessagebox.h declares it for qdoc only)
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'QDialog::exec' waits for a nested event loop {{.*}} [async-nested-run]
  co_return code;
}

class Worker : public QThread {
  QCoro::Task<int> serve() {
    co_return exec();
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'QThread::exec' waits for a nested event loop {{.*}} [async-nested-run]
    // CHECK-MESSAGES: :[[@LINE-3]]:20: note: coroutine 'serve' declared here
  }
};

// QtTest's timed spins: qWait processes events until the time is up, qWaitFor until its
// predicate holds. Their advice names what they wait for, not their arguments.
QCoro::Task<bool> test_waits(bool &ready) {
  QTest::qWait(100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'QTest::qWait' waits for a nested event loop to finish and blocks the event loop running coroutine 'test_waits'; use 'co_await QCoro::sleepFor(duration)' instead [async-nested-run]
  // CHECK-MESSAGES: :[[@LINE-3]]:19: note: coroutine 'test_waits' declared here
  bool ok = QTest::qWaitFor([&] { return ready; }, 1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'QTest::qWaitFor' waits for a nested event loop to finish and blocks the event loop running coroutine 'test_waits'; use 'co_await qCoro(object, &Class::signal)' instead [async-nested-run]
  // CHECK-MESSAGES: :[[@LINE-6]]:19: note: coroutine 'test_waits' declared here
  co_return ok;
}

// --- Traps ------------------------------------------------------------------------------------

// The non-blocking way: await the signal the nested loop waited for.
QCoro::Task<void> awaits_timer(QTimer &timer) {
  co_await qCoro(&timer, &QTimer::timeout);
  co_return;
}

// A plain function is where an event loop is run from.
int main(int argc, char **argv) {
  QApplication app(argc, argv);
  QEventLoop loop;
  loop.exec();
  QTest::qWait(10);
  return app.exec();
}
