// docs/SECURITY.md backs every claim with a test, written `file` › “test name”. This keeps it
// honest: each referenced file exists, each quoted name appears in that file, and every test file
// in test/security/ is cited at least once.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../scripts/build';

const DOC = readFileSync(path.join(ROOT_DIR, 'docs', 'SECURITY.md'), 'utf8');

/** `file` › “name”, “name”, … — a file followed by one or more quoted test names. */
function references(text: string): Array<{ file: string; name: string }> {
  // Prettier may wrap a reference across lines: compare with whitespace collapsed.
  const flat = text.replace(/\s+/g, ' ');
  const found: Array<{ file: string; name: string }> = [];
  const group = /`(test\/[^`]+\.test\.ts)` › ((?:“[^”]+”(?:, )?)+)/g;
  for (const match of flat.matchAll(group)) {
    for (const name of match[2].matchAll(/“([^”]+)”/g))
      found.push({ file: match[1], name: name[1] });
  }
  return found;
}

const flatSource = (file: string) =>
  readFileSync(path.join(ROOT_DIR, file), 'utf8').replace(/\s+/g, ' ');

describe('docs/SECURITY.md', () => {
  const refs = references(DOC);

  it('cites tests', () => {
    expect(refs.length).toBeGreaterThan(30);
  });

  it('cites only test files that exist and test names that appear in them', () => {
    const missing = refs.filter(({ file, name }) => {
      const full = path.join(ROOT_DIR, file);
      return !existsSync(full) || !flatSource(file).includes(name);
    });
    expect(missing).toEqual([]);
  });

  it('cites every test file in test/security/', () => {
    const cited = new Set(refs.map((r) => r.file));
    const files = readdirSync(path.join(ROOT_DIR, 'test', 'security'))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => `test/security/${f}`)
      .filter((f) => f !== 'test/security/security-doc.test.ts');
    expect(files.filter((f) => !cited.has(f))).toEqual([]);
  });

  it('would catch a wrong reference', () => {
    const wrong = references('`test/security/replay.test.ts` › “no such test”');
    expect(wrong).toEqual([{ file: 'test/security/replay.test.ts', name: 'no such test' }]);
    expect(flatSource(wrong[0].file).includes(wrong[0].name)).toBe(false);
  });
});
