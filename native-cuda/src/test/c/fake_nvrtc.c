/*
 * A fake NVRTC (libnvrtc.so test double) that records what nvrtcCreateProgram and nvrtcCompileProgram are
 * given, so that FakeNvrtcTest checks the binding's calls on machines without NVRTC. Prototypes follow
 * nvrtc.h; only the functions Accel binds are here. NOT a compiler. "Compiling" resolves every line
 *     #include "name"
 * of the source against the include names given to nvrtcCreateProgram (the name only, as NVRTC does for
 * in-memory headers): a missing one fails with NVRTC_ERROR_COMPILATION (6) and a log naming it; otherwise the
 * "PTX" (and the "CUBIN", after an ELF magic) is a transcript of the inputs:
 *     program <name>
 *     header <include name> <length>
 *     <header text>
 *     end header
 *     option <option>
 *     source <length>
 * Built by FakeNvrtcTest with: cc -shared -fPIC -O1 -o libnvrtc.so.13 fake_nvrtc.c
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

typedef int nvrtcResult;

typedef struct {
    char *src, *name, *log, *out;
    int num_headers;
    char **headers, **include_names;
    size_t log_size, out_size;
} program;

static long programs_created, programs_destroyed;

static char *copy(const char *s) {
    if (s == NULL) return NULL;
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    memcpy(c, s, n);
    return c;
}

/* Appends to a growing buffer. */
static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n) {
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = realloc(*buf, *cap);
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = 0;
}

static void appends(char **buf, size_t *len, size_t *cap, const char *s) { append(buf, len, cap, s, strlen(s)); }

nvrtcResult nvrtcVersion(int *major, int *minor) { *major = 13; *minor = 0; return 0; }

nvrtcResult nvrtcCreateProgram(void **prog, const char *src, const char *name, int numHeaders,
                               const char *const *headers, const char *const *includeNames) {
    if (prog == NULL || src == NULL) return 7; /* NVRTC_ERROR_INVALID_INPUT */
    if (numHeaders < 0 || (numHeaders > 0 && (headers == NULL || includeNames == NULL))) return 7;
    for (int i = 0; i < numHeaders; i++) {
        if (headers[i] == NULL || includeNames[i] == NULL) return 7;
    }
    program *p = calloc(1, sizeof(program));
    p->src = copy(src);
    p->name = copy(name == NULL ? "default_program" : name);
    p->num_headers = numHeaders;
    p->headers = calloc(numHeaders + 1, sizeof(char *));
    p->include_names = calloc(numHeaders + 1, sizeof(char *));
    for (int i = 0; i < numHeaders; i++) {
        p->headers[i] = copy(headers[i]);
        p->include_names[i] = copy(includeNames[i]);
    }
    programs_created++;
    *prog = p;
    return 0;
}

static int has_header(program *p, const char *name, size_t n) {
    for (int i = 0; i < p->num_headers; i++) {
        if (strlen(p->include_names[i]) == n && strncmp(p->include_names[i], name, n) == 0) return 1;
    }
    return 0;
}

nvrtcResult nvrtcCompileProgram(void *prog, int numOptions, const char *const *options) {
    program *p = prog;
    size_t len = 0, cap = 0, log_len = 0, log_cap = 0;
    char *out = NULL, *log = NULL;
    appends(&log, &log_len, &log_cap, "");
    for (const char *line = p->src; line != NULL && *line; ) {
        const char *end = strchr(line, '\n');
        size_t n = end == NULL ? strlen(line) : (size_t) (end - line);
        const char *s = line;
        while (s < line + n && (*s == ' ' || *s == '\t')) s++;
        if ((size_t) (line + n - s) > 10 && strncmp(s, "#include \"", 10) == 0) {
            const char *q = s + 10;
            const char *close = memchr(q, '"', (size_t) (line + n - q));
            if (close != NULL && !has_header(p, q, (size_t) (close - q))) {
                appends(&log, &log_len, &log_cap, p->name);
                appends(&log, &log_len, &log_cap, ": catastrophic error: cannot open source file \"");
                append(&log, &log_len, &log_cap, q, (size_t) (close - q));
                appends(&log, &log_len, &log_cap, "\"\n");
            }
        }
        line = end == NULL ? NULL : end + 1;
    }
    free(p->log);
    p->log = log;
    p->log_size = log_len + 1;
    if (log_len > 0) return 6; /* NVRTC_ERROR_COMPILATION */
    char number[64];
    appends(&out, &len, &cap, "program ");
    appends(&out, &len, &cap, p->name);
    appends(&out, &len, &cap, "\n");
    for (int i = 0; i < p->num_headers; i++) {
        snprintf(number, sizeof number, " %zu\n", strlen(p->headers[i]));
        appends(&out, &len, &cap, "header ");
        appends(&out, &len, &cap, p->include_names[i]);
        appends(&out, &len, &cap, number);
        appends(&out, &len, &cap, p->headers[i]);
        appends(&out, &len, &cap, "\nend header\n");
    }
    for (int i = 0; i < numOptions; i++) {
        appends(&out, &len, &cap, "option ");
        appends(&out, &len, &cap, options[i]);
        appends(&out, &len, &cap, "\n");
    }
    snprintf(number, sizeof number, "source %zu\n", strlen(p->src));
    appends(&out, &len, &cap, number);
    free(p->out);
    p->out = out;
    p->out_size = len + 1;
    return 0;
}

nvrtcResult nvrtcGetProgramLogSize(void *prog, size_t *size) { *size = ((program *) prog)->log_size; return 0; }
nvrtcResult nvrtcGetProgramLog(void *prog, char *log) {
    program *p = prog;
    memcpy(log, p->log == NULL ? "" : p->log, p->log == NULL ? 1 : p->log_size);
    return 0;
}
nvrtcResult nvrtcGetPTXSize(void *prog, size_t *size) { program *p = prog; if (!p->out) return 7; *size = p->out_size; return 0; }
nvrtcResult nvrtcGetPTX(void *prog, char *ptx) { program *p = prog; memcpy(ptx, p->out, p->out_size); return 0; }
nvrtcResult nvrtcGetCUBINSize(void *prog, size_t *size) { program *p = prog; if (!p->out) return 7; *size = p->out_size + 4; return 0; }
nvrtcResult nvrtcGetCUBIN(void *prog, char *cubin) {
    program *p = prog;
    memcpy(cubin, "\177ELF", 4);
    memcpy(cubin + 4, p->out, p->out_size);
    return 0;
}

nvrtcResult nvrtcDestroyProgram(void **prog) {
    program *p = *prog;
    for (int i = 0; i < p->num_headers; i++) {
        free(p->headers[i]);
        free(p->include_names[i]);
    }
    free(p->headers);
    free(p->include_names);
    free(p->src);
    free(p->name);
    free(p->log);
    free(p->out);
    free(p);
    *prog = NULL;
    programs_destroyed++;
    return 0;
}

const char *nvrtcGetErrorString(nvrtcResult result) {
    switch (result) {
        case 0: return "NVRTC_SUCCESS";
        case 6: return "NVRTC_ERROR_COMPILATION";
        case 7: return "NVRTC_ERROR_INVALID_INPUT";
        default: return "NVRTC_ERROR (fake)";
    }
}

/* Knobs for the test. */
long fake_nvrtc_programs_created(void) { return programs_created; }
long fake_nvrtc_programs_destroyed(void) { return programs_destroyed; }
