/**
 * Shell completion scripts for bash and zsh, generated from the command line's spec (spec.ts):
 * static, so a TAB costs no start of the tool. Commands and sub-commands, each command's options,
 * the values of options that take only some (--format, --mode…), targets with their code names
 * and profile names (the spec cannot know them: `words` adds them), and file names elsewhere.
 */
import { type CliSpec, type CommandSpec, type OptionSpec, allCommands } from './spec';

/**
 * Words offered for an option or positional beyond its declared choices, by its name: target
 * names for `target`; preset names (files also accepted) for `profile` and `name`.
 */
export interface CompletionWords {
  /** Only these words (like choices). */
  only: Record<string, readonly string[]>;
  /** These words, or a file name. */
  orFile: Record<string, readonly string[]>;
  /** Options whose values are typed by hand (no file names offered where the shell allows). */
  typed: readonly string[];
}

/** A word the scripts may hold as it is: nothing a shell would expand or split. */
const plain = (w: string): boolean => /^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(w);

/** The words of a list that are plain (the rest are left out rather than quoted). */
const words = (list: readonly string[]): string => list.filter(plain).join(' ');

/** The option's words and whether a file may stand instead, or undefined for a file (or a flag). */
function valuesOf(o: OptionSpec, extra: CompletionWords): { words: readonly string[]; files: boolean } | undefined {
  if (o.choices) return { words: o.choices, files: false };
  if (extra.only[o.name]) return { words: extra.only[o.name]!, files: false };
  if (extra.orFile[o.name]) return { words: extra.orFile[o.name]!, files: true };
  return undefined;
}

/** Every way to write an option on the command line: `--dry-run`, `-v`, `--no-score`. */
function spellings(o: OptionSpec): string[] {
  const dash = (n: string): string => (n.length === 1 ? `-${n}` : `--${n}`);
  return [dash(o.name), ...o.aliases.map(dash), ...(o.negatable ? [`--no-${o.name}`] : [])];
}

/** A bash `case` pattern matching any of the words. */
const pattern = (ws: readonly string[]): string => ws.map((w) => `"${w}"`).join('|');

/** The bash statement that offers `values` for the current word. */
function bashReply(values: { words: readonly string[]; files: boolean }): string {
  const files = values.files ? ' $(compgen -f -- "$cur")' : '';
  return `COMPREPLY=($(compgen -W "${words(values.words)}" -- "$cur")${files})`;
}

/** The words that call a command (`profiles show`). */
const at = (path: readonly string[]): string => path.join(' ');

/** The options a command takes: its own and the program's. */
const optionsOf = (spec: CliSpec, c: CommandSpec): OptionSpec[] => [...c.options, ...spec.options];

/** The arms of the bash `case "$path|$prev"` that complete an option's value, one per reply. */
function bashValueCases(spec: CliSpec, extra: CompletionWords): string[] {
  const byReply = new Map<string, string[]>();
  for (const { path, command } of allCommands(spec))
    for (const o of optionsOf(spec, command)) {
      if (o.type === 'boolean') continue;
      const values = valuesOf(o, extra);
      const reply = values ? bashReply(values) : 'COMPREPLY=()';
      byReply.set(reply, [...(byReply.get(reply) ?? []), ...spellings(o).map((s) => `${at(path)}|${s}`)]);
    }
  return [...byReply].map(([reply, keys]) => `    ${pattern(keys)})\n      ${reply}; return ;;`);
}

/** The arms of the bash `case "$path"` that complete a word: a command, a sub-command, a positional's values. */
function bashWordCases(spec: CliSpec, extra: CompletionWords): string[] {
  return [
    `    "") ${bashReply({ words: spec.commands.map((c) => c.name), files: false })} ;;`,
    ...allCommands(spec).flatMap(({ path, command }) => {
      if (command.commands.length)
        return [`    "${at(path)}") ${bashReply({ words: command.commands.map((c) => c.name), files: false })} ;;`];
      const first = command.positionals[0];
      const values = first && valuesOf(first, extra);
      return values ? [`    "${at(path)}") ${bashReply(values)} ;;`] : [];
    }),
  ];
}

/** The bash completion script. */
export function bashCompletion(spec: CliSpec, extra: CompletionWords): string {
  const commands = allCommands(spec);
  const valueCases = bashValueCases(spec, extra);
  const optionCases = commands.map(
    ({ path, command }) => `      "${at(path)}") opts="${optionsOf(spec, command).flatMap(spellings).join(' ')}" ;;`,
  );
  const wordCases = bashWordCases(spec, extra);
  const known = commands.map(({ path }) => `"${path.length > 1 ? at(path.slice(0, -1)) : ''} ${path.at(-1)}"`);
  const name = spec.name;
  const fn = `_${name.replace(/\W/g, '_')}`;
  return `# bash completion for ${name} ${spec.version}, generated from its command definitions.
# Load it in this shell:  source <(${name} completion bash)
# or for every shell:     ${name} completion bash > /etc/bash_completion.d/${name}
${fn}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} path="" opts="" w i
  # --opt=value: bash splits the word at "="
  if [[ $cur == "=" ]]; then cur=""; prev=\${COMP_WORDS[COMP_CWORD-1]}; fi
  if [[ $prev == "=" ]]; then prev=\${COMP_WORDS[COMP_CWORD-2]}; fi
  # the command and sub-command given so far
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    case "$path $w" in
      ${known.join('|')}) path=\${path:+$path }$w ;;
    esac
  done
  # the value of an option
  case "$path|$prev" in
${valueCases.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    case "$path" in
${optionCases.join('\n')}
      *) opts="${spec.options.flatMap(spellings).join(' ')}" ;;
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  # a command, or a positional (file names when nothing is offered)
  case "$path" in
${wordCases.join('\n')}
  esac
}
complete -o default -F ${fn} ${name}
`;
}

/** A word for the shell in single quotes. */
const sq = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** A description cut to its first clause, for a completion menu. */
function clause(text: string): string {
  const first = text.split(/;\s/)[0]!.trim();
  return first.length > 80 ? `${first.slice(0, first.lastIndexOf(' ', 77))}...` : first;
}

/** An `[explanation]` for zsh's _arguments: the first clause, brackets and backslashes escaped. */
const zshText = (text: string): string => clause(text).replace(/[\\[\]]/g, (c) => `\\${c}`);

/** The zsh `_arguments` action for an option's value or a positional (a blank: nothing to offer). */
function zshAction(o: OptionSpec, extra: CompletionWords): string {
  const values = valuesOf(o, extra);
  if (!values) return extra.typed.includes(o.name) ? ' ' : '_files';
  const list = `(${words(values.words)})`;
  return values.files ? `{_alternative "words:${o.name}:${list}" "files:file:_files"}` : list;
}

/** The `_arguments` specs of options, each a quoted word: one per spelling, spellings exclusive. */
function zshOptions(options: readonly OptionSpec[], extra: CompletionWords): string[] {
  return options.flatMap((o) => {
    const names = spellings({ ...o, negatable: false });
    const stop = o.name === 'help' || o.name === 'version';
    const exclusive = stop ? '(- *)' : names.length > 1 ? `(${names.join(' ')})` : '';
    const repeat = o.array ? '*' : '';
    const arg = o.type === 'boolean' ? '' : `:${o.name}:${zshAction(o, extra)}`;
    const specs = names.map((n) => `${exclusive}${repeat}${n}${arg ? '=' : ''}[${zshText(o.description)}]${arg}`);
    if (o.negatable) specs.push(`--no-${o.name}[turn off --${o.name}]`);
    return specs.map(sq);
  });
}

/** The `_arguments` specs of positionals. */
function zshPositionals(positionals: readonly OptionSpec[], extra: CompletionWords): string[] {
  return positionals.map((p) => sq(`${p.array ? '*' : p.required ? '' : ':'}:${p.name}:${zshAction(p, extra)}`));
}

/** The zsh function completing one command (and, through states, its sub-commands). */
function zshFunction(fn: string, c: CliSpec | CommandSpec, global: readonly OptionSpec[], extra: CompletionWords) {
  const own = 'version' in c ? [] : c.options;
  const specs = [...zshOptions([...own, ...global], extra)];
  const subs = c.commands;
  if (subs.length === 0) {
    const positional = zshPositionals('positionals' in c ? c.positionals : [], extra);
    return `${fn}() {\n  _arguments -s -S \\\n    ${[...specs, ...positional].join(' \\\n    ')}\n}\n`;
  }
  const described = subs.map((s) => `        ${sq(`${s.name}:${clause(s.description)}`)}`).join('\n');
  const dispatch = subs.map((s) => `      ${s.name}) ${fn}_${s.name.replace(/\W/g, '_')} ;;`).join('\n');
  return `${fn}() {
  local curcontext=$curcontext state state_descr line ret=1
  typeset -A opt_args
  _arguments -C \\
    ${[...specs, "'1:command:->command'", "'*::argument:->argument'"].join(' \\\n    ')} && return
  case $state in
    command)
      local -a commands=(
${described}
      )
      _describe -t commands command commands ;;
    argument)
      curcontext=\${curcontext%:*:*}:${fn.slice(1)}-$words[1]:
      case $words[1] in
${dispatch}
      esac ;;
  esac
}
`;
}

/** The zsh completion script (a `#compdef` file; it may also be sourced). */
export function zshCompletion(spec: CliSpec, extra: CompletionWords): string {
  const name = spec.name;
  const fn = `_${name.replace(/\W/g, '_')}`;
  const functions = [zshFunction(fn, spec, spec.options, extra)];
  const walk = (cs: readonly CommandSpec[], prefix: string): void => {
    for (const c of cs) {
      const f = `${prefix}_${c.name.replace(/\W/g, '_')}`;
      functions.push(zshFunction(f, c, spec.options, extra));
      walk(c.commands, f);
    }
  };
  walk(spec.commands, fn);
  return `#compdef ${name}
# zsh completion for ${name} ${spec.version}, generated from its command definitions.
# Install it:  ${name} completion zsh > "\${fpath[1]}/_${name}"  (then start a new shell)
# or load it in this shell (after compinit):  source <(${name} completion zsh)

${functions.join('\n')}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${name}
fi
`;
}
