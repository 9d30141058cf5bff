// relay-floor: the least work a gateway of OnlineChat's design can do per PM or group message, in C, to
// measure what the design itself costs on a machine, apart from our code. Clients speak the seed's framing
// ("<length>,<payload>": "ACK", the name, then "/pm NAME TEXT", "/jg gN", "/gc gN TEXT"), the gateways
// share nothing, and every message goes through Redis pub/sub, as in OnlineChat. What it leaves out is
// all OnlineChat adds: no message log or history, no directory or Lua script (a user's channel is
// "u:NAME", a group's "g:N", subscribed by the gateway holding them), no unique names, no acknowledgements,
// no limits, no telemetry. One thread, epoll; writes gathered per client and flushed once per wake-up.
// With "log", each message is first appended to a Redis stream (one script: XADD, then PUBLISH), the least
// a design that loses nothing adds (OnlineChat's publish.lua does that and more: history, lookups).
//   cc -O2 -o relay-floor relay-floor.c && ./relay-floor PORT REDIS_PORT [log]
// Started by start_floor (scripts/perf/common.sh) for pm-groups.sh; not a server for anyone to run.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FDS 65536
#define MAX_GROUPS 100000
#define NAME_LEN 64

typedef struct {
    char *data;
    size_t len, cap;
} buffer;

typedef struct {
    int open, ready, dirty, slot, group_count;
    long groups[8];
    char name[NAME_LEN];
    buffer in, out;
} conn;

static conn conns[MAX_FDS];
static int epfd, pub_fd, sub_fd;
static int dirty[MAX_FDS], dirty_count, watching_out[MAX_FDS];
static int *group_members[MAX_GROUPS], group_size[MAX_GROUPS], group_cap[MAX_GROUPS];
static buffer pub_out, sub_out, sub_in;

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static void append(buffer *b, const char *data, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 256;
        b->data = realloc(b->data, b->cap);
        if (!b->data)
            die("realloc");
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
}

static void consume(buffer *b, size_t n)
{
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
}

// Writes what the kernel takes; for the rest, the connection is watched for room (EPOLLOUT) until it is out.
static void flush_fd(int fd, buffer *b)
{
    while (b->len > 0) {
        ssize_t w = write(fd, b->data, b->len);
        if (w <= 0)
            break;
        consume(b, (size_t)w);
    }
    int want = b->len > 0;
    if (want != watching_out[fd]) { // a system call only when it changes: it seldom does
        watching_out[fd] = want;
        struct epoll_event e = {.events = EPOLLIN | (want ? EPOLLOUT : 0), .data.fd = fd};
        epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &e);
    }
}

static void mark_dirty(int fd)
{
    if (!conns[fd].dirty) {
        conns[fd].dirty = 1;
        dirty[dirty_count++] = fd;
    }
}

static void send_frame(int fd, const char *payload, size_t n)
{
    char head[24];
    int h = snprintf(head, sizeof head, "%zu,", n);
    append(&conns[fd].out, head, (size_t)h);
    append(&conns[fd].out, payload, n);
    mark_dirty(fd);
}

// One RESP command of bulk strings.
static void command(buffer *b, int argc, const char **argv, const size_t *lens)
{
    char head[32];
    int h = snprintf(head, sizeof head, "*%d\r\n", argc);
    append(b, head, (size_t)h);
    for (int i = 0; i < argc; i++) {
        h = snprintf(head, sizeof head, "$%zu\r\n", lens[i]);
        append(b, head, (size_t)h);
        append(b, argv[i], lens[i]);
        append(b, "\r\n", 2);
    }
}

static void subscribe(const char *channel)
{
    const char *argv[] = {"SUBSCRIBE", channel};
    size_t lens[] = {9, strlen(channel)};
    command(&sub_out, 2, argv, lens);
}

static const char log_script[] =
    "redis.call('XADD', KEYS[1], 'MAXLEN', '~', '100000', '*', 'e', ARGV[2]) return redis.call('PUBLISH', ARGV[1], ARGV[2])";
static char log_sha[41]; // empty: publish only

static void publish(const char *channel, const char *payload, size_t n)
{
    if (log_sha[0]) {
        const char *argv[] = {"EVALSHA", log_sha, "1", "floor:log", channel, payload};
        size_t lens[] = {7, 40, 1, 9, strlen(channel), n};
        command(&pub_out, 6, argv, lens);
        return;
    }
    const char *argv[] = {"PUBLISH", channel, payload};
    size_t lens[] = {7, strlen(channel), n};
    command(&pub_out, 3, argv, lens);
}

// name -> fd + 1, open addressing (0: never used, -1: a closed connection's place); names are unique in
// the benchmark, and twice MAX_FDS places keep the probes short.
#define SLOTS (1 << 17)
static int slots[SLOTS];

static unsigned hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void register_user(int fd)
{
    unsigned i = hash(conns[fd].name) & (SLOTS - 1);
    while (slots[i] > 0) // a tombstone's place is taken again
        i = (i + 1) & (SLOTS - 1);
    slots[i] = fd + 1;
    conns[fd].slot = (int)i;
}

static int lookup_user(const char *name, size_t n)
{
    char key[NAME_LEN];
    if (n >= NAME_LEN)
        return -1;
    memcpy(key, name, n);
    key[n] = 0;
    for (unsigned i = hash(key) & (SLOTS - 1), probes = 0; slots[i] != 0 && probes < SLOTS; i = (i + 1) & (SLOTS - 1), probes++) {
        int fd = slots[i] - 1;
        if (fd >= 0 && conns[fd].open && strcmp(conns[fd].name, key) == 0)
            return fd;
    }
    return -1;
}

static void join_group(int fd, long g)
{
    if (g < 0 || g >= MAX_GROUPS || conns[fd].group_count == 8)
        return;
    conns[fd].groups[conns[fd].group_count++] = g;
    if (group_size[g] == group_cap[g]) {
        group_cap[g] = group_cap[g] * 2 + 4;
        group_members[g] = realloc(group_members[g], sizeof(int) * (size_t)group_cap[g]);
    }
    group_members[g][group_size[g]++] = fd;
    if (group_size[g] == 1) {
        char channel[32];
        snprintf(channel, sizeof channel, "g:%ld", g);
        subscribe(channel);
    }
}

static void client_frame(int fd, char *m, size_t n)
{
    conn *c = &conns[fd];
    if (!c->ready) {
        snprintf(c->name, sizeof c->name, "%.*s", (int)(n < NAME_LEN - 1 ? n : NAME_LEN - 1), m);
        c->ready = 1;
        register_user(fd);
        send_frame(fd, c->name, strlen(c->name));
        char channel[NAME_LEN + 4];
        snprintf(channel, sizeof channel, "u:%s", c->name);
        subscribe(channel);
        return;
    }
    char payload[8192];
    if (n > 4 && memcmp(m, "/pm ", 4) == 0) {
        char *to = m + 4, *space = memchr(to, ' ', n - 4);
        if (!space)
            return;
        char channel[NAME_LEN + 4];
        snprintf(channel, sizeof channel, "u:%.*s", (int)(space - to < NAME_LEN ? space - to : NAME_LEN - 1), to);
        int k = snprintf(payload, sizeof payload, "%s (private): %.*s", c->name, (int)(m + n - space - 1), space + 1);
        publish(channel, payload, (size_t)(k < (int)sizeof payload ? k : (int)sizeof payload - 1));
    } else if (n > 5 && memcmp(m, "/jg g", 5) == 0) {
        char number[24]; // the frame is not NUL-terminated: the next frame's length follows it
        snprintf(number, sizeof number, "%.*s", (int)(n - 5 < 23 ? n - 5 : 23), m + 5);
        join_group(fd, strtol(number, NULL, 10));
    } else if (n > 5 && memcmp(m, "/gc g", 5) == 0) {
        char *end;
        long g = strtol(m + 5, &end, 10);
        if (*end != ' ')
            return;
        char channel[32];
        snprintf(channel, sizeof channel, "g:%ld", g);
        // "sender text": the receiving gateways leave the sender out.
        int k = snprintf(payload, sizeof payload, "%s %.*s", c->name, (int)(m + n - end - 1), end + 1);
        publish(channel, payload, (size_t)(k < (int)sizeof payload ? k : (int)sizeof payload - 1));
    }
}

static void heard(const char *channel, size_t cn, char *payload, size_t n)
{
    if (cn > 2 && channel[0] == 'u') {
        int fd = lookup_user(channel + 2, cn - 2);
        if (fd >= 0)
            send_frame(fd, payload, n);
    } else if (cn > 2 && channel[0] == 'g') {
        long g = strtol(channel + 2, NULL, 10);
        char *space = memchr(payload, ' ', n);
        if (g < 0 || g >= MAX_GROUPS || !space)
            return;
        size_t sender = (size_t)(space - payload);
        for (int i = 0; i < group_size[g]; i++) {
            int fd = group_members[g][i];
            if (conns[fd].open && !(strlen(conns[fd].name) == sender && memcmp(conns[fd].name, payload, sender) == 0))
                send_frame(fd, payload, n);
        }
    }
}

// Parses one RESP element at p (bulk string or integer); returns its end or NULL when incomplete.
static char *element(char *p, char *end, char **value, size_t *len)
{
    char *crlf = memmem(p, (size_t)(end - p), "\r\n", 2);
    if (!crlf)
        return NULL;
    if (*p == '$') {
        long n = strtol(p + 1, NULL, 10);
        if (crlf + 2 + n + 2 > end)
            return NULL;
        *value = crlf + 2;
        *len = (size_t)n;
        return crlf + 2 + n + 2;
    }
    *value = p + 1;
    *len = (size_t)(crlf - p - 1);
    return crlf + 2;
}

static void read_subscription(void)
{
    char chunk[65536];
    for (;;) {
        ssize_t r = read(sub_fd, chunk, sizeof chunk);
        if (r == 0)
            die("redis closed the subscription");
        if (r < 0)
            break;
        append(&sub_in, chunk, (size_t)r);
    }
    char *p = sub_in.data, *end = sub_in.data + sub_in.len;
    while (p < end && *p == '*') {
        char *crlf = memmem(p, (size_t)(end - p), "\r\n", 2);
        if (!crlf)
            break;
        int count = atoi(p + 1);
        char *q = crlf + 2, *v[3] = {0};
        size_t l[3] = {0};
        int i;
        for (i = 0; i < count && q; i++)
            q = element(q, end, &v[i < 3 ? i : 2], &l[i < 3 ? i : 2]);
        if (!q)
            break;
        if (count == 3 && l[0] == 7 && memcmp(v[0], "message", 7) == 0)
            heard(v[1], l[1], v[2], l[2]);
        p = q;
    }
    consume(&sub_in, (size_t)(p - sub_in.data));
}

// SCRIPT LOAD on the still blocking publisher connection, before the loop starts.
static void load_log_script(int fd)
{
    buffer b = {0};
    const char *argv[] = {"SCRIPT", "LOAD", log_script};
    size_t lens[] = {6, 4, strlen(log_script)};
    command(&b, 3, argv, lens);
    if (write(fd, b.data, b.len) != (ssize_t)b.len)
        die("script load");
    char reply[128];
    size_t got = 0;
    while (got < 47) { // "$40\r\n" + 40 hex digits + "\r\n"
        ssize_t r = read(fd, reply + got, sizeof reply - got);
        if (r <= 0)
            die("script load reply");
        got += (size_t)r;
    }
    if (reply[0] != '$')
        die("script load refused");
    memcpy(log_sha, reply + 5, 40);
    free(b.data);
}

static int connect_redis(int port, int load_script)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0)
        die("connect to redis");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (load_script)
        load_log_script(fd);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

static void watch(int fd)
{
    struct epoll_event e = {.events = EPOLLIN, .data.fd = fd};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &e) < 0)
        die("epoll_ctl");
}

static void close_client(int fd)
{
    conn *c = &conns[fd];
    c->open = 0;
    if (c->ready)
        slots[c->slot] = -1; // a tombstone: lookups go on past it
    for (int k = 0; k < c->group_count; k++) {
        long g = c->groups[k];
        for (int i = 0; i < group_size[g]; i++)
            if (group_members[g][i] == fd)
                group_members[g][i--] = group_members[g][--group_size[g]];
    }
    epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
    close(fd);
}

static void read_client(int fd)
{
    char chunk[65536];
    conn *c = &conns[fd];
    ssize_t r = read(fd, chunk, sizeof chunk);
    if (r <= 0) {
        if (r == 0 || errno != EAGAIN)
            close_client(fd);
        return;
    }
    append(&c->in, chunk, (size_t)r);
    size_t at = 0;
    while (at < c->in.len) {
        char *comma = memchr(c->in.data + at, ',', c->in.len - at);
        if (!comma)
            break;
        size_t n = strtoul(c->in.data + at, NULL, 10), head = (size_t)(comma - c->in.data) + 1;
        if (head + n > c->in.len)
            break;
        client_frame(fd, c->in.data + head, n);
        at = head + n;
    }
    consume(&c->in, at);
}

int main(int argc, char **argv)
{
    int with_log = argc == 4 && strcmp(argv[3], "log") == 0;
    if (argc != 3 && !with_log) {
        fprintf(stderr, "usage: %s PORT REDIS_PORT [log]\n", argv[0]);
        return 64;
    }
    signal(SIGPIPE, SIG_IGN);
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1])), .sin_addr.s_addr = htonl(INADDR_ANY)};
    if (bind(listener, (struct sockaddr *)&a, sizeof a) < 0 || listen(listener, 4096) < 0)
        die("listen");
    epfd = epoll_create1(0);
    pub_fd = connect_redis(atoi(argv[2]), with_log);
    sub_fd = connect_redis(atoi(argv[2]), 0);
    watch(listener);
    watch(pub_fd);
    watch(sub_fd);
    struct epoll_event events[256];
    for (;;) {
        int n = epoll_wait(epfd, events, 256, -1);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == listener) {
                for (int c; (c = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0;) {
                    if (c >= MAX_FDS) {
                        close(c);
                        continue;
                    }
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    free(conns[c].in.data);
                    free(conns[c].out.data);
                    conns[c] = (conn){.open = 1, .dirty = conns[c].dirty}; // still listed if it was: listed once
                    watching_out[c] = 0;
                    watch(c);
                    send_frame(c, "ACK", 3);
                }
            } else if (fd == pub_fd) {
                // Integer replies (":N"): a '-' anywhere is an error reply, and the measurement would be wrong.
                char discard[65536];
                ssize_t r = read(pub_fd, discard, sizeof discard);
                if (r == 0)
                    die("redis closed the publisher");
                if (r > 0 && memchr(discard, '-', (size_t)r)) {
                    fprintf(stderr, "redis refused a publish: %.*s\n", (int)(r < 200 ? r : 200), discard);
                    return 1;
                }
            } else if (fd == sub_fd) {
                read_subscription();
            } else {
                if (events[i].events & EPOLLOUT)
                    mark_dirty(fd);
                if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
                    read_client(fd);
            }
        }
        // Once per wake-up: what this round produced goes out, one write per connection.
        flush_fd(pub_fd, &pub_out);
        flush_fd(sub_fd, &sub_out);
        for (int i = 0; i < dirty_count; i++) {
            conns[dirty[i]].dirty = 0;
            if (conns[dirty[i]].open)
                flush_fd(dirty[i], &conns[dirty[i]].out);
        }
        dirty_count = 0;
    }
}
