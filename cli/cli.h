/* SPDX-License-Identifier: MIT */
/* cli: the bpfkasan command and its subcommands. */
#ifndef BPFKASAN_CLI_H
#define BPFKASAN_CLI_H

/* Exit status, documented in bpfkasan(1). */
enum cli_exit {
	CLI_OK = 0,
	CLI_FINDINGS = 1,	 /* reserved: the analysis found something */
	CLI_BAD_INPUT = 2,	 /* unreadable or malformed input, bad usage */
	CLI_INTERNAL = 3,	 /* out of memory, internal error */
};

struct argp_state;

/* A decimal number in [1, max]; else the usage error "WHAT between 1 and max". */
unsigned cli_parse_count(struct argp_state *state, const char *arg, unsigned long max,
			 const char *what);

int cmd_analyze(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_load(int argc, char **argv);

#endif
