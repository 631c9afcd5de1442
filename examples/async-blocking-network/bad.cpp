// async-blocking-network, the bad way: the coroutine talks to a socket with blocking POSIX calls,
// so the loop waits for the peer at every connect, send and recv.
#include <asyncrt/run.hpp>
#include <asyncrt/task.hpp>
#include <arpa/inet.h>
#include <cstdio>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

asyncrt::task<long> ping(unsigned short port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr); // blocks
  send(fd, "ping", 4, 0);                                        // blocks
  char reply[4];
  long n = recv(fd, reply, sizeof reply, MSG_WAITALL);           // blocks
  close(fd);
  co_return n;
}

int main() { std::printf("%ld\n", asyncrt::run(ping(7))); }
