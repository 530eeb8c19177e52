// What `claude-batch --help` and `claude-batch <command> --help` print.

export const HELP: Record<string, string> = {
  '': `claude-batch — queue code work for Anthropic's Message Batches API at half the price

Usage: claude-batch <command> [options]

Commands:
  queue <files…> -i <instruction>   queue a task per file (--lines a-b, --label <word>)
  import <task-file> [--validate]    queue the tasks of a .json/.jsonl task file (every entry checked first)
  submit [--dry-run] [--at <time>]   send the queue as one Message Batch (--dry-run: the cost, nothing sent)
  status                             the queue and the workspace's batches
  collect [--watch] [--batch <id>]   check running batches and download the results of those that ended
  apply (--batch <id> | --all)       write ready results to the files, merged with changes made since
  export --batch <id> [-o <file>]    a batch's results as JSONL (or --format markdown)
  cancel --batch <id>                cancel a running batch (finished requests keep their results)
  retry --batch <id>                 put a batch's failed and cut-off tasks back into the queue
  mcp                                serve the workspace's queue to coding agents (MCP over stdio)

Options for every command:
  -w, --workspace <dir>   the workspace folder (default: the current directory)
  --json                  the result as JSON on stdout
  -h, --help              help for a command

The API key comes from ANTHROPIC_API_KEY (ANTHROPIC_BASE_URL points elsewhere, e.g. the local simulator).
Exit codes: 0 ok, 1 unexpected, 2 usage, 3 no or refused API key, 4 bad input, 5 API unreachable or failing,
6 unknown batch or task, 7 some results not applied, 8 another door is submitting, 130 interrupted.`,
  queue: `claude-batch queue <files…> -i <instruction> [--lines a-b] [--label <word>] [--allow-secret-files]
  [--context-tokens <n>]

Queues one task per file, with the project context the editor adds (instructions, imports, tests) within
--context-tokens (default 20000; 0: none). Files must lie inside the workspace and be text.`,
  import: `claude-batch import <task-file> [--validate] [--allow-secret-files] [--context-tokens <n>]

Queues the tasks of a task file: JSON (an array, or {"tasks": [...]}) or JSONL, each entry {"file", "instruction",
"range"?: {"startLine", "endLine"} (1-based), "label"?, "priority"?}, paths relative to the workspace folder. Every
entry is checked first; any problem (named by line and field) queues nothing. --validate checks only.`,
  submit: `claude-batch submit [--dry-run] [--at <time>] [--name <name>] [--model <id>] [--max-tokens <n>] [--effort <level>]

Sends every queued task as one Message Batch (several past the API's limits). The model is checked first and the
requests are scanned for keys, as in the editor. --dry-run counts tokens with the API and prints the cost.
--at 22:00 (or "in 2h", or "2026-11-24 02:00") waits in the foreground until then; Ctrl+C sends nothing.`,
  status: `claude-batch status [--json]

The queued tasks and every batch of the workspace, with their tasks' states.`,
  collect: `claude-batch collect [--watch] [--batch <id>] [--max-seconds <n>]

Checks the running batches once (or, with --watch, until all have ended, at most --max-seconds between checks,
default 300) and downloads the results of those that ended. Ctrl+C stops waiting; nothing is lost.`,
  apply: `claude-batch apply (--batch <id> | --all)

Writes the ready results of a batch (or of every batch) to the files on disk, as Apply does in the editor: merged
three ways with changes made since queueing; new files only inside the workspace, never over an existing one.
A result that conflicts is listed with why and stays ready (exit code 7); review it in VS Code.`,
  export: `claude-batch export --batch <id> [--format jsonl|markdown] [-o <file>]

Writes a batch's results — per task its file, instruction, state, summary, edits or answer, tokens and cost — as
JSON lines (default) or a Markdown report, to stdout or to -o <file>.`,
  cancel: `claude-batch cancel --batch <id>

Asks the API to cancel a running batch. Requests that finished keep their results; collect downloads them, and
retry puts the canceled ones back into the queue.`,
  retry: `claude-batch retry --batch <id> [--model <id>] [--max-tokens <n>]

Puts a batch's errored, expired and canceled tasks back into the queue as new tasks, and its cut-off ones with
twice the room (up to the model's limit). Nothing is sent until submit.`,
  mcp: `claude-batch mcp [-w <dir>] [--model <id>] [--effort <level>]

An MCP server over stdio for coding agents, on the workspace's queue: queue_task, submit, batch_status,
collect_results, read_result, list_batches. Queueing and reading are free; only submit spends.
Claude Code: claude mcp add claude-batch -- claude-batch mcp -w /path/to/project`,
};
