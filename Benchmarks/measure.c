/*
 * measure: runs a command and writes its wall time, CPU time and peak RSS to a file.
 *
 *   measure RESULT-FILE COMMAND [ARG...]
 *
 * RESULT-FILE gets one line: "wall_ns user_us system_us maxrss_kb exit_status".
 * The command inherits standard input, output and error. Exit status: the command's, or 127
 * when it could not be started.
 *
 * Why not measure from Python directly: Linux counts, in a process's peak RSS (ru_maxrss), the
 * peak of the memory image it had before exec. A child forked or vforked from the harness
 * starts with the harness's image, so its ru_maxrss is never below the harness's own (tens of
 * MB). Forked from this small program, the command starts from about 1 MB.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: measure RESULT-FILE COMMAND [ARG...]\n");
        return 2;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) {
        perror("measure: fork");
        return 127;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror("measure: exec");
        _exit(127);
    }
    int status = 0;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) < 0) {
        perror("measure: wait4");
        return 127;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    long long wall = (long long)(end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec);
    long long user = (long long)usage.ru_utime.tv_sec * 1000000LL + usage.ru_utime.tv_usec;
    long long sys = (long long)usage.ru_stime.tv_sec * 1000000LL + usage.ru_stime.tv_usec;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror("measure: result file");
        return 127;
    }
    fprintf(out, "%lld %lld %lld %ld %d\n", wall, user, sys, usage.ru_maxrss, code);
    fclose(out);
    return code;
}
