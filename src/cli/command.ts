/**
 * What a command module shares with main(): where its output goes, and how it reports back its
 * exit code or a usage error (yargs handlers return nothing main() can read).
 */
import type { Argv } from 'yargs';
import type { Io } from './io';

/** The outcome of the command that ran. */
export interface Outcome {
  ran: boolean;
  code: number;
  usageError?: string;
}

/** A command's environment: the terminal, and the outcome it fills in. */
export interface CommandEnv {
  io: Io;
  outcome: Outcome;
}

/** Records that the command ran and ended with `code`. */
export function finish(env: CommandEnv, code: number): void {
  env.outcome.ran = true;
  env.outcome.code = code;
}

/** Records a usage error found after yargs accepted the arguments (a bad NAME=VALUE, a missing directory). */
export function usage(env: CommandEnv, message: string): void {
  env.outcome.ran = true;
  env.outcome.usageError = message;
}

/** The options every command has (declared by main()). */
export interface GlobalArgs {
  color: boolean | undefined;
}

/** The arguments a command's builder declares, to type its handler. */
export type ArgsOf<B> = B extends (y: Argv<GlobalArgs>) => Argv<infer U> ? U : never;

/** What a command does when yargs runs it, with the arguments its builder (declarations.ts) declares. */
export type Handler<B> = (args: ArgsOf<B>) => void;
