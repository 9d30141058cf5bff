// What one send costs on this machine, one send() per socket against one io_uring submission for all of
// them: the measurement behind the gateway's batched fan-out (src/OnlineChat.Gateway/Delivery/IoUring.cs).
// 1000 loopback TCP connections; each round sends 100 bytes to every one of them, then reads them back.
// Only the sending is timed (wall clock; everything runs on this thread: MSG_DONTWAIT completes inline).
//   apt-get install -y liburing-dev
//   gcc -O2 scripts/perf/send-syscalls.c -o /tmp/send-syscalls -luring && /tmp/send-syscalls 300
#define _GNU_SOURCE
#include <fcntl.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define SOCKETS 1000
#define SIZE 100

static int senders[SOCKETS], receivers[SOCKETS];

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void drain(void) {
  char buffer[65536];
  for (int i = 0; i < SOCKETS; i++)
    while (recv(receivers[i], buffer, sizeof buffer, MSG_DONTWAIT) > 0) {}
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 300, one = 1;
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t length = sizeof address;
  bind(listener, (void *)&address, sizeof address);
  getsockname(listener, (void *)&address, &length);
  listen(listener, SOCKETS);
  for (int i = 0; i < SOCKETS; i++) {
    receivers[i] = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(receivers[i], (void *)&address, sizeof address) != 0) { perror("connect"); return 1; }
    senders[i] = accept(listener, 0, 0);
    setsockopt(senders[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(senders[i], F_SETFL, O_NONBLOCK);
  }

  char message[SIZE];
  memset(message, 'x', sizeof message);
  double plain = 0;
  for (int r = 0; r < rounds; r++) {
    double start = now();
    for (int i = 0; i < SOCKETS; i++) send(senders[i], message, SIZE, MSG_DONTWAIT | MSG_NOSIGNAL);
    plain += now() - start;
    drain();
  }

  struct io_uring ring;
  if (io_uring_queue_init(SOCKETS, &ring, 0) != 0) { fprintf(stderr, "io_uring unavailable\n"); return 1; }
  double batched = 0;
  int short_sends = 0;
  for (int r = 0; r < rounds; r++) {
    double start = now();
    for (int i = 0; i < SOCKETS; i++)
      io_uring_prep_send(io_uring_get_sqe(&ring), senders[i], message, SIZE, MSG_DONTWAIT | MSG_NOSIGNAL);
    io_uring_submit_and_wait(&ring, SOCKETS);
    struct io_uring_cqe *cqe;
    unsigned head, seen = 0;
    io_uring_for_each_cqe(&ring, head, cqe) { short_sends += cqe->res != SIZE; seen++; }
    io_uring_cq_advance(&ring, seen);
    batched += now() - start;
    drain();
  }

  printf("send() each: %.2f us per send; io_uring, %d per submission: %.2f us per send (%d short)\n",
         plain / rounds / SOCKETS * 1e6, SOCKETS, batched / rounds / SOCKETS * 1e6, short_sends);
  return 0;
}
