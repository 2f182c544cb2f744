/*
 * parse_only: the lower bound for pss-fix's throughput.
 *
 * Runs libyaml's event parser (the same library pss-fix links) over every input file, on one
 * thread, and only counts events: no tree, no checks, no output per file. Each file is read
 * whole into memory first and parsed from the buffer (yaml_parser_set_input_string), which is
 * what pss-fix does, so both pay for reading the same bytes.
 *
 *   gcc -O2 -o bench-out/parse_only Benchmarks/parse_only.c $(pkg-config --cflags --libs yaml-0.1)
 *   parse_only PATH...        files, or directories walked for *.yaml, *.yml, *.json
 *                             (hidden files and folders skipped, symlinks not followed)
 *   parse_only -l LIST        also read paths from LIST, one a line (- for stdin)
 *   parse_only -q ...         no summary line
 *
 * Prints one line: files, bytes, documents, events, parse errors, seconds and MB/s
 * (MB = 10^6 bytes). Exit status 0, or 1 when any file failed to parse (with the file and
 * libyaml's message on stderr), or 2 on a usage or I/O error.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <yaml.h>

struct paths {
    char **items;
    size_t count, cap;
};

static void push(struct paths *p, const char *s) {
    if (p->count == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 1024;
        p->items = realloc(p->items, p->cap * sizeof *p->items);
        if (!p->items) { perror("realloc"); exit(2); }
    }
    p->items[p->count++] = strdup(s);
}

static int wanted(const char *name) {
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name) return 0;
    return !strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml") || !strcasecmp(dot, ".json");
}

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(struct paths *out, const char *dir) {
    DIR *d = opendir(dir);
    if (!d) { fprintf(stderr, "parse_only: %s: %s\n", dir, strerror(errno)); exit(2); }
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) walk(out, path);
        else if (S_ISREG(st.st_mode) && wanted(e->d_name)) push(out, path);
    }
    closedir(d);
}

static void add_arg(struct paths *out, const char *arg) {
    struct stat st;
    if (stat(arg, &st) != 0) { fprintf(stderr, "parse_only: %s: %s\n", arg, strerror(errno)); exit(2); }
    if (S_ISDIR(st.st_mode)) {
        size_t first = out->count;
        walk(out, arg);
        qsort(out->items + first, out->count - first, sizeof *out->items, cmp);
    } else {
        push(out, arg);
    }
}

static void add_list(struct paths *out, const char *list) {
    FILE *f = strcmp(list, "-") ? fopen(list, "r") : stdin;
    if (!f) { fprintf(stderr, "parse_only: %s: %s\n", list, strerror(errno)); exit(2); }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (n > 0) add_arg(out, line);
    }
    free(line);
    if (f != stdin) fclose(f);
}

static unsigned char *slurp(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "parse_only: %s: %s\n", path, strerror(errno)); exit(2); }
    size_t cap = 1 << 16, len = 0;
    unsigned char *buf = malloc(cap);
    for (;;) {
        if (len == cap) buf = realloc(buf, cap *= 2);
        size_t got = fread(buf + len, 1, cap - len, f);
        if (got == 0) break;
        len += got;
    }
    fclose(f);
    *size = len;
    return buf;
}

int main(int argc, char **argv) {
    struct paths files = {0};
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-q")) quiet = 1;
        else if (!strcmp(argv[i], "-l") && i + 1 < argc) add_list(&files, argv[++i]);
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fprintf(stderr, "usage: parse_only [-q] [-l LIST] PATH...\n");
            return 0;
        } else add_arg(&files, argv[i]);
    }
    if (files.count == 0) { fprintf(stderr, "usage: parse_only [-q] [-l LIST] PATH...\n"); return 2; }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned long long bytes = 0, events = 0, documents = 0, errors = 0;
    for (size_t i = 0; i < files.count; i++) {
        size_t size;
        unsigned char *buf = slurp(files.items[i], &size);
        bytes += size;
        yaml_parser_t parser;
        if (!yaml_parser_initialize(&parser)) { fprintf(stderr, "parse_only: out of memory\n"); return 2; }
        yaml_parser_set_input_string(&parser, buf, size);
        yaml_event_t event;
        for (;;) {
            if (!yaml_parser_parse(&parser, &event)) {
                errors++;
                fprintf(stderr, "%s:%lu:%lu: error: %s\n", files.items[i],
                        (unsigned long)parser.problem_mark.line + 1, (unsigned long)parser.problem_mark.column + 1,
                        parser.problem ? parser.problem : "unknown");
                break;
            }
            events++;
            if (event.type == YAML_DOCUMENT_START_EVENT) documents++;
            int done = event.type == YAML_STREAM_END_EVENT;
            yaml_event_delete(&event);
            if (done) break;
        }
        yaml_parser_delete(&parser);
        free(buf);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (!quiet)
        printf("files=%zu bytes=%llu documents=%llu events=%llu errors=%llu seconds=%.3f mb_per_s=%.1f\n",
               files.count, bytes, documents, events, errors, secs, secs > 0 ? bytes / 1e6 / secs : 0.0);
    return errors ? 1 : 0;
}
