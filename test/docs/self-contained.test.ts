import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Text files a reader of a clone sees: sources, tests, examples, benchmarks, docs and the README. */
function files(): string[] {
  const out = ['README.md'];
  for (const dir of ['src', 'test', 'examples', 'bench', 'docs', 'assembly', 'scripts']) {
    if (!existsSync(dir)) continue;
    for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (e.isFile() && /\.(ts|js|md|py|json)$/.test(e.name)) out.push(join(e.parentPath, e.name));
    }
  }
  return out;
}

describe('the repository stands alone', () => {
  const all = files();

  it('points at no document outside it', () => {
    // Spelled in pieces so this file does not match itself.
    const outside = new RegExp(['\\.\\./' + 'shared', 'DESIGN' + '\\.md', 'ALGORITHMS' + '\\.md', 'ECOSYSTEM' + '\\.md', 'STYLE' + '\\.md'].join('|'));
    const hits = all.filter((f) => outside.test(readFileSync(f, 'utf8')));
    assert.deepEqual(hits, []);
  });

  it('holds every docs/ and examples/ file that the README and docs/ name', () => {
    const named = new Set<string>();
    for (const f of all.filter((p) => p === 'README.md' || p.startsWith('docs/'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(?<![\w./-])((?:docs|examples)\/[\w./-]+\.(?:md|ts|json))\b/g)) named.add(m[1]!);
    }
    assert.ok(named.has('docs/design.md') && named.has('docs/rules.md'), [...named].join(', '));
    assert.deepEqual([...named].filter((p) => !existsSync(p)), []);
  });
});
