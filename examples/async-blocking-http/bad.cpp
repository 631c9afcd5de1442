// async-blocking-http, the bad way: libcurl's easy interface performs the whole request (DNS,
// connect, send, wait for the response) on the loop's thread.
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <cstdio>
#include <curl/curl.h>

asyncrt::task<long> status_of(const char *url) {
  CURL *curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  curl_easy_perform(curl); // blocks the loop for the whole request
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  co_return status;
}

int main() { std::printf("%ld\n", asyncrt::run(status_of("http://127.0.0.1:8080/"))); }
