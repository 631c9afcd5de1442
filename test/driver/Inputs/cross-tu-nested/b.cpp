#include "helpers.h"
#include "senders.h"
#include <asio/io_context.hpp>
#include <asio/post.hpp>
int fetch_now() { auto v = unifex::sync_wait(unifex::just(2)); return v ? *v : 0; }
int compute_privately() {
  asio::io_context ctx;
  int result = 0;
  asio::post(ctx, [&] { result = 1; });
  ctx.run();
  return result;
}
int fetch_fast() { return 3; }
