// RUN: %check_async_tidy %s async-blocking-db %t -- -- %async_compile_flags
// Real headers: RocksDB 7.8 (Debian librocksdb-dev). An embedded store's reads and writes are
// synchronous disk I/O on the thread that calls them (a block-cache miss, the WAL append).
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <memory>
#include <rocksdb/db.h>
#include <rocksdb/utilities/transaction.h>
#include <rocksdb/write_batch.h>
#include <string>

asyncrt::task<std::string> lookup(rocksdb::DB *db, rocksdb::ColumnFamilyHandle *cf) {
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), cf, "key", &value);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'rocksdb::DB::Get' waits for the database files and blocks the event loop running coroutine 'lookup'{{.*}} [async-blocking-db]
  // CHECK-MESSAGES: :[[@LINE-4]]:28: note: coroutine 'lookup' declared here
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cf));
  for (it->Seek("prefix"); it->Valid(); it->Next())
    value += it->value().ToString();
  // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: 'rocksdb::Iterator::Seek' waits for the database files {{.*}}[async-blocking-db]
  (void)s;
  co_return value;
}

asyncrt::task<bool> commit(rocksdb::DB *db, rocksdb::Transaction *txn) {
  rocksdb::WriteBatch batch;
  batch.Put("a", "1"); // only fills the batch in memory
  rocksdb::Status s = db->Write(rocksdb::WriteOptions(), &batch);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'rocksdb::DB::Write' waits for the database files {{.*}}[async-blocking-db]
  s = txn->Commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'rocksdb::Transaction::Commit' waits for the database files {{.*}}[async-blocking-db]
  co_return s.ok();
}

// Traps: the same calls offloaded to a thread, and in plain code (opening at startup).
asyncrt::task<std::string> offloaded(rocksdb::DB *db) {
  co_return co_await asyncrt::to_thread([db] {
    std::string value;
    db->Get(rocksdb::ReadOptions(), "key", &value);
    return value;
  });
}

std::unique_ptr<rocksdb::DB> open(const std::string &path) {
  rocksdb::DB *db = nullptr;
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB::Open(options, path, &db);
  return std::unique_ptr<rocksdb::DB>(db);
}
