// Every blocking check honours AllowedFunctions (local or global) and the nonblocking annotation.
// RUN: %check_async_tidy %s 'async-blocking-*' %t -- \
// RUN:   --config="{CheckOptions: {AllowedFunctions: '::fopen;::sqlite3_exec;::curl_easy_perform;::getaddrinfo;::libusb_bulk_transfer;::system;std::thread::join;::sleep', async-blocking-call.BlockingFunctions: 'app::sync_rpc;app::fast'}}" \
// RUN:   -- -I%S/Inputs -I/usr/include/libusb-1.0 %async_compile_flags
// RUN: %check_async_tidy --check-suffix=LOCAL %s 'async-blocking-*' %t-local -- \
// RUN:   --config="{CheckOptions: {async-blocking-file-io.AllowedFunctions: '::fopen'}}" \
// RUN:   -- -I%S/Inputs -I/usr/include/libusb-1.0 %async_compile_flags

#include <asyncrt/annotations.hpp>
#include <asyncrt/task.hpp>
#include <cstdio>
#include <cstdlib>
#include <curl/curl.h>
#include <libusb.h>
#include <netdb.h>
#include <sqlite3.h>
#include <thread>
#include <unistd.h>

namespace app {
int sync_rpc();
ASYNCRT_NONBLOCKING int fast(); // marked both ways: nonblocking wins
} // namespace app

// A wrapper the user knows returns at once (reads a non-blocking descriptor).
ASYNCRT_NONBLOCKING inline int system_nb(const char *) { return 0; }
namespace shim {
ASYNCRT_NONBLOCKING int libusb_bulk_transfer(libusb_device_handle *, unsigned char, unsigned char *,
                                             int, int *, unsigned int);
}

asyncrt::task<int> all_allowed(sqlite3 *db, CURL *curl, libusb_device_handle *dev,
                               std::thread &t) {
  std::FILE *f = fopen("x", "r");
  sqlite3_exec(db, "SELECT 1", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES-LOCAL: :[[@LINE-1]]:3: warning: 'sqlite3_exec' {{.*}}[async-blocking-db]
  curl_easy_perform(curl);
  // CHECK-MESSAGES-LOCAL: :[[@LINE-1]]:3: warning: 'curl_easy_perform' {{.*}}[async-blocking-http]
  addrinfo *res = nullptr;
  getaddrinfo("localhost", "80", nullptr, &res);
  // CHECK-MESSAGES-LOCAL: :[[@LINE-1]]:3: warning: 'getaddrinfo' {{.*}}[async-blocking-network]
  unsigned char data[8];
  int got = 0;
  libusb_bulk_transfer(dev, 1, data, 8, &got, 0);
  // CHECK-MESSAGES-LOCAL: :[[@LINE-1]]:3: warning: 'libusb_bulk_transfer' {{.*}}[async-blocking-device-io]
  int rc = std::system("true");
  // CHECK-MESSAGES-LOCAL: :[[@LINE-1]]:12: warning: 'system' {{.*}}[async-blocking-process]
  t.join();
  // CHECK-MESSAGES-LOCAL: :[[@LINE-1]]:5: warning: 'std::thread::join' {{.*}}[async-blocking-sync]
  sleep(1);
  // CHECK-MESSAGES-LOCAL: :[[@LINE-1]]:3: warning: 'sleep' {{.*}}[async-blocking-sleep]
  rc += app::sync_rpc();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'app::sync_rpc' {{.*}}[async-blocking-call]
  rc += app::fast();
  rc += system_nb("true") + shim::libusb_bulk_transfer(dev, 1, data, 8, &got, 0);
  (void)f;
  co_return rc;
}
