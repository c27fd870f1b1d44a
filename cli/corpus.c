// SPDX-License-Identifier: MIT
/*
 * cli/corpus: `bpfkasan analyze` over many objects: @LIST files, one
 * process per object, output in argument order, a progress line.
 *
 * Why processes and not threads: verifier-ext keeps exploration state in
 * globals (branch.c, prune.c), libbpf's print callback is global, and an
 * object that crashes the analysis should cost its own report only.  Each
 * object's child writes to two temporary files (its stdout and stderr)
 * that the parent copies out in argument order once every earlier object
 * is done; numbers the parent sums (the totals) go through a shared
 * anonymous mapping, one slot per object.  The parent never opens a Z3
 * context or a libbpf object of the corpus, so nothing of theirs is forked.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyze.h"
#include "cli.h"

unsigned corpus_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1;
}

/* Appends a copy of path to the list. */
static int push(char ***files, size_t *cnt, size_t *cap, const char *path)
{
	if (*cnt == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		char **v = realloc(*files, ncap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		*files = v;
		*cap = ncap;
	}
	if (!((*files)[*cnt] = strdup(path)))
		return -ENOMEM;
	(*cnt)++;
	return 0;
}

/* @LIST: one path per line; blank lines are skipped, nothing else is special. */
static int read_list(const char *list, char ***files, size_t *cnt, size_t *cap, char *err, size_t errlen)
{
	FILE *f = fopen(list, "r");
	size_t len = 0, before = *cnt;
	char *line = NULL;
	ssize_t n;
	int ret = 0;

	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", list, strerror(errno));
		return ret;
	}
	while (!ret && (n = getline(&line, &len, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n > 0 && (ret = push(files, cnt, cap, line)))
			snprintf(err, errlen, "%s: out of memory", list);
	}
	if (!ret && ferror(f)) {
		ret = -EIO;
		snprintf(err, errlen, "%s: read error", list);
	}
	if (!ret && *cnt == before) {
		ret = -EINVAL;
		snprintf(err, errlen, "%s: lists no files (one path per line)", list);
	}
	free(line);
	fclose(f);
	return ret;
}

void corpus_files_free(char **files, size_t cnt)
{
	for (size_t k = 0; k < cnt; k++)
		free(files[k]);
	free(files);
}

int corpus_files(char **args, int cnt, char ***files, size_t *file_cnt, char *err, size_t errlen)
{
	size_t cap = 0;
	int ret = 0;

	*files = NULL;
	*file_cnt = 0;
	for (int k = 0; k < cnt && !ret; k++) {
		if (args[k][0] == '@')
			ret = read_list(args[k] + 1, files, file_cnt, &cap, err, errlen);
		else if ((ret = push(files, file_cnt, &cap, args[k])))
			snprintf(err, errlen, "out of memory");
	}
	if (ret) {
		corpus_files_free(*files, *file_cnt);
		*files = NULL;
		*file_cnt = 0;
	}
	return ret;
}

/* One object's process: its pid, captured output, and how it ended. */
struct job {
	pid_t pid;		/* 0: not started or reaped */
	FILE *out, *err;	/* until reaped */
	char *out_text, *err_text;
	int status;
	bool done;
};

static char *slurp(FILE *f)
{
	long len;
	char *text;

	if (fflush(f) || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		return NULL;
	if (!(text = malloc((size_t)len + 1)))
		return NULL;
	if (fread(text, 1, (size_t)len, f) != (size_t)len) {
		free(text);
		return NULL;
	}
	text[len] = '\0';
	return text;
}

/* The progress line, on stderr when it is a terminal: rewritten in place. */
struct progress {
	bool on;
	size_t done, cnt;
	unsigned running;
	bool shown;
};

static void progress_clear(struct progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = false;
}

static void progress_show(struct progress *p, const char *oldest)
{
	if (!p->on)
		return;
	fprintf(stderr, "\r\033[Kbpfkasan: %zu/%zu objects analysed, %u running: %s", p->done,
		p->cnt, p->running, oldest);
	fflush(stderr);
	p->shown = true;
}

static int start(const struct corpus *c, size_t k, struct job *j, void *slot)
{
	if (!(j->out = tmpfile()) || !(j->err = tmpfile()))
		return -errno;
	fflush(stdout);
	fflush(stderr);
	j->pid = fork();
	if (j->pid < 0)
		return -errno;
	if (j->pid == 0) {
		int status;

		if (dup2(fileno(j->out), STDOUT_FILENO) < 0 || dup2(fileno(j->err), STDERR_FILENO) < 0)
			_exit(CLI_INTERNAL);
		status = c->work(c->ctx, k, slot, true);
		fflush(stdout);
		fflush(stderr);
		_exit(status); /* no atexit handlers of the parent's */
	}
	return 0;
}

/* The child's end: its exit status, or a line saying how it died. */
static void reaped(const struct corpus *c, size_t k, struct job *j, int wstatus)
{
	j->out_text = slurp(j->out);
	j->err_text = slurp(j->err);
	fclose(j->out);
	fclose(j->err);
	j->out = j->err = NULL;
	j->pid = 0;
	j->done = true;
	if (WIFEXITED(wstatus)) {
		j->status = WEXITSTATUS(wstatus);
	} else {
		char line[512];

		snprintf(line, sizeof(line), "%sbpfkasan: %s: the analysis died of signal %d (%s)\n",
			 j->err_text ? j->err_text : "", c->files[k], WTERMSIG(wstatus),
			 strsignal(WTERMSIG(wstatus)));
		free(j->err_text);
		j->err_text = strdup(line);
		j->status = CLI_INTERNAL;
	}
	if (!j->out_text || !j->err_text) {
		fprintf(stderr, "bpfkasan: %s: cannot read the analysis's output back\n", c->files[k]);
		j->status = CLI_INTERNAL;
	}
}

/* File k's output, its turn come. */
static int flush_one(const struct corpus *c, size_t k, struct job *j, struct progress *p)
{
	int status = j->status;

	progress_clear(p);
	if (j->out_text && c->collect) {
		int s = c->collect(c->ctx, k, j->out_text);

		status = s > status ? s : status;
	} else if (j->out_text) {
		fputs(j->out_text, stdout);
	}
	fflush(stdout);
	if (j->err_text)
		fputs(j->err_text, stderr);
	free(j->out_text);
	free(j->err_text);
	j->out_text = j->err_text = NULL;
	return status;
}

void *corpus_slots(size_t cnt, size_t size)
{
	size_t len = cnt * size > 0 ? cnt * size : 1;
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p; /* zero-filled */
}

void corpus_slots_free(void *slots, size_t cnt, size_t size)
{
	if (slots)
		munmap(slots, cnt * size > 0 ? cnt * size : 1);
}

int corpus_run(const struct corpus *c, void *slots)
{
	struct progress p = { .on = isatty(STDERR_FILENO), .cnt = c->cnt };
	size_t next = 0, flushed = 0, end = c->cnt;
	struct job *jobs;
	int worst = CLI_OK;

	if (c->cnt == 1)
		return c->work(c->ctx, 0, slots, false);
	if (!(jobs = calloc(c->cnt, sizeof(*jobs)))) {
		fprintf(stderr, "bpfkasan: out of memory\n");
		return CLI_INTERNAL;
	}
	while (flushed < end) {
		int wstatus;
		pid_t pid;

		while (next < end && p.running < c->jobs) {
			struct job *j = &jobs[next];
			int ret = start(c, next, j, (char *)slots + next * c->slot_size);

			if (ret) {
				/* start no more; what runs still comes out */
				progress_clear(&p);
				fprintf(stderr, "bpfkasan: %s: cannot start its analysis: %s; "
					"%zu objects not analysed\n", c->files[next], strerror(-ret),
					c->cnt - next);
				if (j->out)
					fclose(j->out);
				if (j->err)
					fclose(j->err);
				worst = CLI_INTERNAL;
				end = next;
				break;
			}
			p.running++;
			next++;
		}
		if (flushed == end)
			break;
		progress_show(&p, c->files[flushed]);
		pid = waitpid(-1, &wstatus, 0);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0) {
			progress_clear(&p);
			fprintf(stderr, "bpfkasan: waiting for the analyses: %s\n", strerror(errno));
			worst = CLI_INTERNAL;
			break;
		}
		for (size_t k = flushed; k < next; k++)
			if (jobs[k].pid == pid) {
				reaped(c, k, &jobs[k], wstatus);
				p.running--;
				p.done++;
			}
		while (flushed < next && jobs[flushed].done) {
			int s = flush_one(c, flushed, &jobs[flushed], &p);

			worst = s > worst ? s : worst;
			flushed++;
		}
	}
	progress_clear(&p);
	free(jobs);
	return worst;
}
