import fc from 'fast-check';
import { html, htmlBlock, htmlLine, mdFence, mdLine, shownBlock, shownLine } from './escape';

/** Strings rich in what reports must escape: markup, quotes, control characters, bidi overrides. */
const hostile = fc.string({
  unit: fc.constantFrom(
    ...['a', ' ', '<', '>', '&', '"', "'", '`', '|', '#', '*', '_', '[', ']', '\\', '$', '!', '-', '1', '.'],
    ...['\n', '\r', '\t', '\x00', '\x1b', '\x7f', '\u0085', '\u2028', '\u202e', '\u2066', '\ufeff', 'é'],
  ),
  maxLength: 40,
});

/** Undoes `html()` (the five entities it writes). */
const unhtml = (s: string): string =>
  s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);

describe('report escaping', () => {
  it('shows control characters, line separators and bidi overrides as escapes', () => {
    expect(shownLine('a\r\nb\x1b[31m\u202ec\t')).toBe('a\\r\\nb\\x1b[31m\\u202ec\\t');
    expect(shownBlock('a\r\nb\x00\tc\n')).toBe('a\\r\nb\\x00\tc\n');
  });

  it('writes the five HTML metacharacters as entities, so job text is never markup', () => {
    expect(htmlLine('<script>alert("x" & \'y\')</script>')).toBe(
      '&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;',
    );
    expect(htmlBlock('</pre><img src=x onerror=alert(1)>\n')).toBe('&lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt;\n');
  });

  it('never lets a markup character or a control character through to HTML, and loses nothing', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const line = htmlLine(s);
        expect(line).not.toMatch(/[<>"'\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
        expect(unhtml(line)).toBe(shownLine(s));
        expect(unhtml(html(s))).toBe(s);
      }),
    );
  });

  it('escapes Markdown markup in a line: pipes, backticks, emphasis, links, HTML, a leading # or list marker', () => {
    expect(mdLine('a|b`c`*d*_e_[f](g)<h>&amp;')).toBe('a\\|b\\`c\\`\\*d\\*\\_e\\_\\[f\\](g)\\<h\\>\\&amp;');
    expect(mdLine('# title ##')).toBe('\\# title \\#\\#');
    expect(mdLine('- item')).toBe('\\- item');
    expect(mdLine('1. item')).toBe('1\\. item');
    expect(mdLine('two\nlines')).toBe('two\\\\nlines'); // the escape \n, its backslash escaped
  });

  it('keeps every Markdown line one line with no unescaped pipe, backtick or angle bracket', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const md = mdLine(s);
        expect(md).not.toMatch(/[\n\r\u2028\u2029]/);
        // every markup character is preceded by an odd number of backslashes
        expect(md.replace(/\\[\\`*_[\]<>|~&#$!{}.+=-]/g, '')).not.toMatch(/[\\`*_[\]<>|~&#$!{}]/);
      }),
    );
  });

  it('fences a code block longer than any backtick run inside, so the content cannot close it', () => {
    expect(mdFence('a ``` b\n', 'ini')).toBe('````ini\na ``` b\n````\n');
    fc.assert(
      fc.property(hostile, (s) => {
        const block = mdFence(s);
        const fence = /^`+/.exec(block)![0];
        const inner = block.slice(block.indexOf('\n') + 1, -(fence.length + 1));
        expect(inner.split('\n').some((l) => l.trimStart().startsWith(fence))).toBe(false);
        expect(inner).toBe(shownBlock(s) === '' || shownBlock(s).endsWith('\n') ? shownBlock(s) : shownBlock(s) + '\n');
      }),
    );
  });
});
