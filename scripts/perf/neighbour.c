// A noisy neighbour for benchmarks: spins for BUSY_MS, sleeps for IDLE_MS, until killed. With 2 and 3 it
// takes 40 % of one core in short bursts, the way another busy tenant or a periodic job would.
//   cc -O2 -o neighbour neighbour.c && ./neighbour 2 3
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
    if (argc != 3 || atol(argv[1]) <= 0 || atol(argv[2]) <= 0) {
        fprintf(stderr, "usage: %s BUSY_MS IDLE_MS\n", argv[0]);
        return 64;
    }
    long busy_us = atol(argv[1]) * 1000, idle_us = atol(argv[2]) * 1000;
    volatile unsigned long spins = 0; // volatile: the busy loop must not be optimized away
    for (;;) {
        long long end = now_us() + busy_us;
        while (now_us() < end)
            spins++;
        usleep(idle_us);
    }
}
