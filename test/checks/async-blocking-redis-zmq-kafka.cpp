// RUN: %check_async_tidy %s async-blocking-network %t -- -- -I%S/Inputs %async_compile_flags
// Real headers: hiredis (libhiredis-dev 0.14), zmq.h and zmq.hpp/zmq_addon.hpp (libzmq3-dev,
// cppzmq-dev 4.9), librdkafka's rdkafka.h and rdkafkacpp.h (librdkafka-dev 2.0).

#include <chrono>
#include <utility>
#include <vector>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>
#include <zmq.h>
#include <zmq.hpp>
#include <zmq_addon.hpp>
#include "minitask.h"

// --- Redis ----------------------------------------------------------------------------------------

asyncrt::task<int> redis_blocking() {
  redisContext *c = redisConnect("127.0.0.1", 6379);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'redisConnect' waits for a Redis server and blocks the event loop running coroutine 'redis_blocking'{{.*}} [async-blocking-network]
  auto *reply = static_cast<redisReply *>(redisCommand(c, "GET %s", "key"));
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: 'redisCommand' waits for a Redis server {{.*}}[async-blocking-network]
  freeReplyObject(reply);
  redisAppendCommand(c, "PING"); // only buffers
  void *pending = nullptr;
  redisGetReply(c, &pending);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'redisGetReply' waits for a Redis server {{.*}}[async-blocking-network]
  redisFree(c);
  co_return 0;
}

// A context of unknown origin is hiredis's default, blocking kind.
asyncrt::task<void> redis_member(redisContext *shared) {
  redisCommand(shared, "INCR hits");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'redisCommand' waits for a Redis server {{.*}}[async-blocking-network]
  co_return;
}

// A non-blocking context made in the same function: redisCommand only appends.
asyncrt::task<void> redis_nonblocking() {
  redisContext *c = redisConnectNonBlock("127.0.0.1", 6379);
  redisCommand(c, "PING");
  int done = 0;
  redisBufferWrite(c, &done);
  redisFree(c);
  co_return;
}

// The event-loop API.
asyncrt::task<void> redis_async(redisAsyncContext *ac) {
  redisAsyncCommand(ac, nullptr, nullptr, "SET %s %s", "k", "v");
  co_return;
}

// --- ZeroMQ, C API --------------------------------------------------------------------------------

asyncrt::task<int> zmq_c(void *socket, zmq_msg_t *msg) {
  char buf[64];
  int n = zmq_recv(socket, buf, sizeof buf, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'zmq_recv' waits for a ZeroMQ peer and blocks the event loop running coroutine 'zmq_c'{{.*}} [async-blocking-network]
  zmq_send(socket, buf, 3, ZMQ_SNDMORE);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'zmq_send' waits for a ZeroMQ peer {{.*}}[async-blocking-network]
  zmq_msg_recv(msg, socket, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'zmq_msg_recv' {{.*}}[async-blocking-network]
  zmq_msg_send(msg, socket, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'zmq_msg_send' {{.*}}[async-blocking-network]
  zmq_pollitem_t items[] = {{socket, 0, ZMQ_POLLIN, 0}};
  zmq_poll(items, 1, -1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'zmq_poll' {{.*}}[async-blocking-network]
  // Not waiting: ZMQ_DONTWAIT (and its old name), a zero poll timeout.
  zmq_recv(socket, buf, sizeof buf, ZMQ_DONTWAIT);
  zmq_send(socket, buf, 3, ZMQ_DONTWAIT | ZMQ_SNDMORE);
  zmq_msg_recv(msg, socket, ZMQ_NOBLOCK);
  zmq_poll(items, 1, 0);
  co_return n;
}

// Flags the function computes may say "do not wait": not reported.
asyncrt::task<int> zmq_flags(void *socket, int flags) {
  char buf[8];
  co_return zmq_recv(socket, buf, sizeof buf, flags);
}

// --- ZeroMQ, cppzmq -------------------------------------------------------------------------------

asyncrt::task<std::size_t> cppzmq(zmq::socket_t &socket, zmq::socket_ref ref) {
  zmq::message_t msg;
  auto got = socket.recv(msg);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'zmq::detail::socket_base::recv' waits for a ZeroMQ peer and blocks the event loop running coroutine 'cppzmq'{{.*}} [async-blocking-network]
  socket.send(zmq::buffer("hi", 2), zmq::send_flags::sndmore);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'zmq::detail::socket_base::send' waits for a ZeroMQ peer {{.*}}[async-blocking-network]
  ref.send(msg, zmq::send_flags::none);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'zmq::detail::socket_base::send' {{.*}}[async-blocking-network]
  std::vector<zmq::message_t> parts;
  auto n = zmq::recv_multipart(socket, std::back_inserter(parts));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'zmq::recv_multipart' {{.*}}[async-blocking-network]
  // Not waiting: dontwait, alone or with other flags.
  auto maybe = socket.recv(msg, zmq::recv_flags::dontwait);
  socket.send(zmq::buffer("hi", 2), zmq::send_flags::dontwait | zmq::send_flags::sndmore);
  auto more = zmq::recv_multipart(socket, std::back_inserter(parts), zmq::recv_flags::dontwait);
  (void)maybe;
  (void)more;
  co_return (got ? *got : 0) + (n ? *n : 0);
}

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
asyncrt::task<bool> cppzmq_deprecated(zmq::socket_t &socket) {
  zmq::message_t msg;
  bool ok = socket.recv(&msg);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'zmq::detail::socket_base::recv' {{.*}}[async-blocking-network]
  char buf[4] = {};
  socket.send(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'zmq::detail::socket_base::send' {{.*}}[async-blocking-network]
  ok = socket.recv(&msg, ZMQ_DONTWAIT) && ok; // not waiting
  co_return ok;
}
#pragma clang diagnostic pop

// --- Kafka ----------------------------------------------------------------------------------------

asyncrt::task<int> kafka_c(rd_kafka_t *rk, rd_kafka_queue_t *queue) {
  int served = rd_kafka_poll(rk, 100);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'rd_kafka_poll' waits for a Kafka broker and blocks the event loop running coroutine 'kafka_c'{{.*}} [async-blocking-network]
  rd_kafka_flush(rk, 10 * 1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'rd_kafka_flush' waits for a Kafka broker {{.*}}[async-blocking-network]
  rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, -1);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'rd_kafka_consumer_poll' {{.*}}[async-blocking-network]
  rd_kafka_event_t *ev = rd_kafka_queue_poll(queue, 500);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'rd_kafka_queue_poll' {{.*}}[async-blocking-network]
  // Zero timeouts only serve what is queued.
  served += rd_kafka_poll(rk, 0);
  rd_kafka_flush(rk, 0);
  rd_kafka_message_t *m2 = rd_kafka_consumer_poll(rk, 0);
  rd_kafka_outq_len(rk); // a counter
  if (m)
    rd_kafka_message_destroy(m);
  if (m2)
    rd_kafka_message_destroy(m2);
  if (ev)
    rd_kafka_event_destroy(ev);
  co_return served;
}

asyncrt::task<void> kafka_cpp(RdKafka::Producer &producer, RdKafka::KafkaConsumer &consumer) {
  producer.flush(5000);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'RdKafka::Producer::flush' waits for a Kafka broker {{.*}}[async-blocking-network]
  producer.poll(1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'RdKafka::Handle::poll' waits for a Kafka broker {{.*}}[async-blocking-network]
  RdKafka::Message *msg = consumer.consume(250);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: 'RdKafka::KafkaConsumer::consume' {{.*}}[async-blocking-network]
  consumer.commitSync();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'RdKafka::KafkaConsumer::commitSync' {{.*}}[async-blocking-network]
  // Not waiting.
  producer.poll(0);
  producer.flush(0);
  consumer.commitAsync();
  delete msg;
  co_return;
}

// Offloaded, and in plain code: fine.
asyncrt::task<void> kafka_offloaded(rd_kafka_t *rk) {
  co_await asyncrt::to_thread([rk] { rd_kafka_flush(rk, 10000); });
}

void kafka_plain(rd_kafka_t *rk) { rd_kafka_flush(rk, 10000); }
