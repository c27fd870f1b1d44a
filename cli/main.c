// SPDX-License-Identifier: MIT
/* cli: `bpfkasan COMMAND [ARGS...]`, dispatching to one argp parser per command. */
#include <argp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *argp_program_version = "bpfkasan " BPFKASAN_VERSION;
const char *argp_program_bug_address = "https://github.com/bpfkasan/bpfkasan/issues";

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "analyze", cmd_analyze, "list the memory accesses of BPF objects" },
	{ "run", cmd_run, "run a BPF program with KASAN checks (JIT or interpreter)" },
	{ "load", cmd_load, "load BPF programs into the kernel with elision hints" },
};

static const char doc[] =
	"Check the memory safety of BPF programs, statically and at run time.\v"
	"Commands:\n"
	"  analyze     list the memory accesses of BPF objects\n"
	"  run         run a BPF program with KASAN checks (JIT or interpreter)\n"
	"  load        load BPF programs into the kernel with elision hints\n"
	"\n"
	"`bpfkasan COMMAND --help` describes a command.";

struct main_args {
	const struct command *cmd;
	int cmd_argc;
	char **cmd_argv;
	char name[64];
};

unsigned cli_parse_count(struct argp_state *state, const char *arg, unsigned long max,
			 const char *what)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);

	/* strtoul() takes leading blanks and a sign: they are not numbers here */
	if (*arg < '0' || *arg > '9' || *end || v == 0 || v > max)
		argp_error(state, "%s between 1 and %lu, got '%s'", what, max, arg);
	return (unsigned)v;
}

static error_t parse_main(int key, char *arg, struct argp_state *state)
{
	struct main_args *a = state->input;

	switch (key) {
	case ARGP_KEY_ARG:
		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (!strcmp(arg, commands[i].name))
				a->cmd = &commands[i];
		if (!a->cmd)
			argp_error(state, "unknown command '%s'", arg);
		/* The command parses the rest, "bpfkasan COMMAND" as argv[0]:
		 * argp names it in errors and in "Try `... --help'". */
		snprintf(a->name, sizeof(a->name), "bpfkasan %s", a->cmd->name);
		a->cmd_argc = state->argc - state->next + 1;
		a->cmd_argv = &state->argv[state->next - 1];
		a->cmd_argv[0] = a->name;
		state->next = state->argc;
		return 0;
	case ARGP_KEY_NO_ARGS:
		argp_error(state, "no command given");
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

int main(int argc, char **argv)
{
	static const struct argp argp = { NULL, parse_main, "COMMAND [ARGS...]", doc, NULL, NULL, NULL };
	struct main_args a = { 0 };

	argp_err_exit_status = CLI_BAD_INPUT;
	if (argp_parse(&argp, argc, argv, ARGP_IN_ORDER, NULL, &a))
		return CLI_BAD_INPUT;
	return a.cmd->run(a.cmd_argc, a.cmd_argv);
}
