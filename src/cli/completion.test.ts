import { bashCompletion, zshCompletion } from './completion';
import type { CliSpec } from './spec';

/** A program of one command with one option and one positional. */
const spec: CliSpec = {
  name: 'tool',
  description: '',
  version: '1.0',
  options: [],
  commands: [
    {
      name: 'run',
      args: '<name>',
      description: "runs it; it's [fast]",
      positionals: [
        {
          name: 'name',
          aliases: [],
          type: 'string',
          array: false,
          negatable: false,
          required: true,
          description: 'what to run',
        },
      ],
      options: [
        {
          name: 'mode',
          aliases: [],
          type: 'string',
          array: false,
          negatable: false,
          required: false,
          description: "a mode: [a] or 'b'\\",
        },
      ],
      examples: [],
      commands: [],
    },
  ],
};

describe('completion scripts', () => {
  const hostile = ['ok', '$(touch pwned)', '`x`', 'a b', "it's", '-n', 'x;y', 'new\nline', ''];
  const extra = { only: { mode: hostile }, orFile: { name: hostile }, typed: [] };

  it('leave out any word a shell would expand, split or take for an option', () => {
    for (const text of [bashCompletion(spec, extra), zshCompletion(spec, extra)]) {
      expect(text).toMatch(/\bok\b/);
      for (const bad of ['pwned', '`x`', 'a b', "it's", ' -n', 'x;y', 'new\nline']) expect(text).not.toContain(bad);
    }
  });

  it('quote descriptions for zsh: brackets and backslashes escaped, quotes closed and reopened', () => {
    const text = zshCompletion(spec, extra);
    expect(text).toContain(`'--mode=[a mode: \\[a\\] or '\\''b'\\''\\\\]:mode:(ok)'`);
    expect(text).toContain(`'run:runs it'`);
  });
});
