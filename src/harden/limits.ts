/**
 * The caps on profile input (docs/profiles.md, "Limits"): a profile or profile map is a small
 * file, so these are far above any real one and low enough that no file can make the tool hang,
 * exhaust memory or overflow the stack. Each one exceeded is a `harden/profile-limit` error at
 * the file (and line) where it happened.
 */
export const PROFILE_LIMITS = {
  /** Size of a profile or profile map file, in bytes. */
  fileBytes: 1024 * 1024,
  /** Nesting of YAML collections, as written and as expanded through aliases. */
  yamlDepth: 100,
  /** Alias nodes (`*name`) in one file. */
  aliases: 64,
  /** Nodes of the document once every alias is expanded (what a walker of the value visits). */
  expandedNodes: 100_000,
  /** Characters of the scalars of the expanded document. */
  expandedChars: 1024 * 1024,
  /** Profiles in one `extends:` chain, from the profile asked for to the farthest parent. */
  extendsDepth: 32,
  /** Nesting of `when:` conditions (`all`, `any`, `not`). */
  whenDepth: 32,
  /** Length of a `matches:` regular expression. */
  regexLength: 1024,
  /** Values (list items) of all the directives of the profiles applied together. */
  values: 1000,
  /** Characters of one value once its variables are filled in (a template can repeat a long variable). */
  valueChars: 65_536,
  /** Problems reported for one profile file before the rest of it is left unchecked. */
  problems: 20,
} as const;
