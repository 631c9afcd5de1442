// RUN: %check_async_tidy %s async-blocking-network %t -- -- -I%S/Inputs %async_compile_flags
// Real headers: grpcpp (libgrpc++-dev 1.51). The service's generated code is not run through
// grpc_cpp_plugin here: the stub below has the shape the plugin writes into a .grpc.pb.h
// (declarations only; their definitions live in the .grpc.pb.cc), with grpc::ByteBuffer as the
// message type so that the library's templates instantiate without protobuf. asio-grpc is not
// in Debian: the agrpc namespace at the end is a minimal shape of its awaitable API.

#include <chrono>
#include <functional>
#include <memory>
#include <utility>
#include <asyncrt/task.hpp>
#include <asyncrt/to_thread.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/async_stream.h>
#include <grpcpp/support/async_unary_call.h>
#include <grpcpp/support/sync_stream.h>
#include "minitask.h"

using Msg = grpc::ByteBuffer;

// --- What grpc_cpp_plugin declares for `service Guide { rpc Get(...); rpc List(...) returns
// (stream ...); rpc Record(stream ...); rpc Chat(stream ...) returns (stream ...); }` ---------
namespace demo {
class Guide final {
public:
  class StubInterface {
  public:
    virtual ~StubInterface() {}
    virtual ::grpc::Status Get(::grpc::ClientContext *context, const Msg &request, Msg *response) = 0;
    class async_interface {
    public:
      virtual ~async_interface() {}
      virtual void Get(::grpc::ClientContext *context, const Msg *request, Msg *response,
                       std::function<void(::grpc::Status)>) = 0;
    };
    virtual class async_interface *async() = 0;
  };
  class Stub final : public StubInterface {
  public:
    explicit Stub(const std::shared_ptr<::grpc::ChannelInterface> &channel);
    ::grpc::Status Get(::grpc::ClientContext *context, const Msg &request, Msg *response) override;
    std::unique_ptr<::grpc::ClientAsyncResponseReader<Msg>>
    AsyncGet(::grpc::ClientContext *context, const Msg &request, ::grpc::CompletionQueue *cq);
    std::unique_ptr<::grpc::ClientAsyncResponseReader<Msg>>
    PrepareAsyncGet(::grpc::ClientContext *context, const Msg &request, ::grpc::CompletionQueue *cq);
    std::unique_ptr<::grpc::ClientReader<Msg>> List(::grpc::ClientContext *context, const Msg &request);
    std::unique_ptr<::grpc::ClientAsyncReader<Msg>>
    AsyncList(::grpc::ClientContext *context, const Msg &request, ::grpc::CompletionQueue *cq, void *tag);
    std::unique_ptr<::grpc::ClientWriter<Msg>> Record(::grpc::ClientContext *context, Msg *response);
    std::unique_ptr<::grpc::ClientReaderWriter<Msg, Msg>> Chat(::grpc::ClientContext *context);
    class async final : public StubInterface::async_interface {
    public:
      void Get(::grpc::ClientContext *context, const Msg *request, Msg *response,
               std::function<void(::grpc::Status)>) override;
    };
    class async *async() override;
  };
  static std::unique_ptr<Stub> NewStub(const std::shared_ptr<::grpc::ChannelInterface> &channel);

  class Service : public ::grpc::Service {
  public:
    virtual ::grpc::Status Get(::grpc::ServerContext *context, const Msg *request, Msg *response);
  };
};
} // namespace demo

// --- Positives: synchronous unary calls, by shape --------------------------------------------

asyncrt::task<int> unary(demo::Guide::Stub &stub, const Msg &request) {
  grpc::ClientContext ctx;
  Msg reply;
  grpc::Status status = stub.Get(&ctx, request, &reply);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'demo::Guide::Stub::Get' waits for a gRPC server and blocks the event loop running coroutine 'unary'{{.*}} [async-blocking-network]
  co_return status.ok() ? 0 : 1;
}

asyncrt::task<bool> through_interface(std::unique_ptr<demo::Guide::StubInterface> stub) {
  grpc::ClientContext ctx;
  Msg request, reply;
  bool ok = stub->Get(&ctx, request, &reply).ok();
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'demo::Guide::StubInterface::Get' waits for a gRPC server and blocks the event loop running coroutine 'through_interface'{{.*}} [async-blocking-network]
  co_return ok;
}

// --- Positives: synchronous streams ----------------------------------------------------------

asyncrt::task<int> server_stream(demo::Guide::Stub &stub) {
  grpc::ClientContext ctx;
  Msg request, item;
  auto reader = stub.List(&ctx, request);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'demo::Guide::Stub::List' waits for a gRPC server and blocks the event loop running coroutine 'server_stream'{{.*}} [async-blocking-network]
  int n = 0;
  while (reader->Read(&item))
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'grpc::ClientReader::Read' waits for a gRPC server and blocks the event loop running coroutine 'server_stream'{{.*}} [async-blocking-network]
    ++n;
  grpc::Status status = reader->Finish();
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: 'grpc::ClientReader::Finish' waits for a gRPC server {{.*}}[async-blocking-network]
  co_return status.ok() ? n : -1;
}

asyncrt::task<void> client_stream(demo::Guide::Stub &stub, Msg item) {
  grpc::ClientContext ctx;
  Msg summary;
  // Not reported: opening a client stream returns at once when the metadata is corked.
  auto writer = stub.Record(&ctx, &summary);
  writer->Write(item);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'grpc::ClientWriter::Write' waits for the gRPC peer {{.*}}[async-blocking-network]
  writer->Write(item, grpc::WriteOptions());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'grpc::ClientWriter::Write' waits for a gRPC server {{.*}}[async-blocking-network]
  writer->WritesDone();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'grpc::ClientWriter::WritesDone' {{.*}}[async-blocking-network]
  writer->Finish();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'grpc::ClientWriter::Finish' {{.*}}[async-blocking-network]
  co_return;
}

asyncrt::task<void> bidi(demo::Guide::Stub &stub, Msg note) {
  grpc::ClientContext ctx;
  auto stream = stub.Chat(&ctx);
  stream->WaitForInitialMetadata();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'grpc::ClientReaderWriter::WaitForInitialMetadata' {{.*}}[async-blocking-network]
  stream->Write(note, grpc::WriteOptions());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'grpc::ClientReaderWriter::Write' {{.*}}[async-blocking-network]
  Msg in;
  stream->Read(&in);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'grpc::ClientReaderWriter::Read' {{.*}}[async-blocking-network]
  stream->WritesDone();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'grpc::ClientReaderWriter::WritesDone' {{.*}}[async-blocking-network]
  stream->Finish();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'grpc::ClientReaderWriter::Finish' {{.*}}[async-blocking-network]
  co_return;
}

// Through the streams' interfaces (a reader handed in by a factory or a test double).
asyncrt::task<bool> interfaces(grpc::ClientReaderInterface<Msg> &reader,
                               grpc::internal::ClientStreamingInterface &call) {
  Msg m;
  bool got = reader.Read(&m);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'grpc::ClientReaderInterface::Read' waits for the gRPC peer {{.*}}[async-blocking-network]
  call.Finish();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'grpc::internal::ClientStreamingInterface::Finish' {{.*}}[async-blocking-network]
  co_return got;
}

// --- Positives: the completion queue, the channel, the server ---------------------------------

asyncrt::task<void> drain(grpc::CompletionQueue &cq, std::shared_ptr<grpc::Channel> channel,
                          grpc::Server &server) {
  void *tag = nullptr;
  bool ok = false;
  cq.Next(&tag, &ok);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'grpc::CompletionQueue::Next' waits for a gRPC event and blocks the event loop running coroutine 'drain'{{.*}} [async-blocking-network]
  cq.AsyncNext(&tag, &ok, std::chrono::system_clock::now() + std::chrono::milliseconds(100));
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'grpc::CompletionQueue::AsyncNext' waits for a gRPC event {{.*}}[async-blocking-network]
  cq.AsyncNext(&tag, &ok, gpr_inf_future(GPR_CLOCK_REALTIME));
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'grpc::CompletionQueue::AsyncNext' waits for a gRPC event {{.*}}[async-blocking-network]
  channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'grpc::ChannelInterface::WaitForConnected' waits for the network {{.*}}[async-blocking-network]
  server.Wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'grpc::Server::Wait' waits for the server's shutdown {{.*}}[async-blocking-network]
  server.Shutdown();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'grpc::ServerInterface::Shutdown' waits for the server's pending calls and blocks the event loop running coroutine 'drain'{{.*}} [async-blocking-network]
  server.Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'grpc::ServerInterface::Shutdown' waits for the server's pending calls {{.*}}[async-blocking-network]
  co_return;
}

// Shutdown from a thread of its own (asio-grpc's ServerShutdown helper), or in plain code.
asyncrt::task<void> shut_down_elsewhere(grpc::Server &server) {
  co_await asyncrt::to_thread([&server] { server.Shutdown(); });
}
void stop(grpc::Server &server) { server.Shutdown(); }

// --- Traps: the asynchronous APIs -------------------------------------------------------------

asyncrt::task<void> async_forms(demo::Guide::Stub &stub, grpc::CompletionQueue &cq) {
  grpc::ClientContext ctx;
  Msg request, reply;
  grpc::Status status;
  auto call = stub.PrepareAsyncGet(&ctx, request, &cq);
  call->StartCall();
  call->Finish(&reply, &status, reinterpret_cast<void *>(1)); // ClientAsyncResponseReader: async
  auto other = stub.AsyncGet(&ctx, request, &cq);
  auto list = stub.AsyncList(&ctx, request, &cq, nullptr);
  stub.async()->Get(&ctx, &request, &reply, [](grpc::Status) {}); // the callback API
  void *tag = nullptr;
  bool ok = false;
  cq.AsyncNext(&tag, &ok, std::chrono::system_clock::now());   // a deadline of now polls
  cq.AsyncNext(&tag, &ok, gpr_time_0(GPR_CLOCK_REALTIME));       // so does gpr_time_0
  cq.AsyncNext(&tag, &ok, gpr_now(GPR_CLOCK_MONOTONIC));         // and gpr_now
  co_return;
}

// A synchronous call offloaded to a thread, or in plain code, is fine.
asyncrt::task<bool> offloaded(demo::Guide::Stub &stub) {
  bool ok = co_await asyncrt::to_thread([&stub] {
    grpc::ClientContext ctx;
    Msg request, reply;
    return stub.Get(&ctx, request, &reply).ok();
  });
  co_return ok;
}

bool plain(demo::Guide::Stub &stub) {
  grpc::ClientContext ctx;
  Msg request, reply;
  return stub.Get(&ctx, request, &reply).ok();
}

// Look-alikes of the shape: a test double the code defines, a static or free function, a server
// handler (ServerContext), a method taking the context by reference.
struct FakeStub {
  grpc::Status Get(grpc::ClientContext *, const Msg &, Msg *) { return grpc::Status::OK; }
  static grpc::Status Fetch(grpc::ClientContext *ctx);
  grpc::Status ByReference(grpc::ClientContext &ctx);
};
grpc::Status free_call(grpc::ClientContext *ctx);

asyncrt::task<int> look_alikes(FakeStub &fake, demo::Guide::Service &service) {
  grpc::ClientContext ctx;
  grpc::ServerContext server_ctx;
  Msg request, reply;
  int n = fake.Get(&ctx, request, &reply).ok();
  n += FakeStub::Fetch(&ctx).ok();
  n += fake.ByReference(ctx).ok();
  n += free_call(&ctx).ok();
  n += service.Get(&server_ctx, &request, &reply).ok();
  co_return n;
}

// A wrapper the code defines is followed: the stub call inside it is the root.
struct Client {
  demo::Guide::Stub *stub;
  grpc::Status Get(grpc::ClientContext *ctx, Msg *reply) { return stub->Get(ctx, Msg(), reply); }
};

asyncrt::task<bool> through_wrapper(Client &client) {
  grpc::ClientContext ctx;
  Msg reply;
  bool ok = client.Get(&ctx, &reply).ok();
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'Client::Get' blocks the event loop running coroutine 'through_wrapper': it calls 'demo::Guide::Stub::Get', waiting for a gRPC server{{.*}} [async-blocking-network]
  co_return ok;
}

// --- Traps: asio-grpc's awaitable API (a minimal shape in our words; not in Debian) -------------
namespace agrpc {
class GrpcContext {};
template <auto PrepareAsync> struct ClientRPC {
  template <class Stub, class Request, class Response, class Token>
  static boost::asio::awaitable<grpc::Status> request(GrpcContext &context, Stub &stub,
                                                      grpc::ClientContext &client_context,
                                                      const Request &request, Response &response,
                                                      Token token);
};
template <class Reader, class Message, class Token>
boost::asio::awaitable<bool> read(Reader &reader, Message &message, Token token);
} // namespace agrpc

boost::asio::awaitable<bool> with_agrpc(agrpc::GrpcContext &grpc_context, demo::Guide::Stub &stub) {
  grpc::ClientContext ctx;
  Msg request, reply;
  grpc::Status status = co_await agrpc::ClientRPC<&demo::Guide::Stub::PrepareAsyncGet>::request(
      grpc_context, stub, ctx, request, reply, boost::asio::use_awaitable);
  co_return status.ok();
}
