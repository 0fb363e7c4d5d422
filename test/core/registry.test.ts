import assert from 'node:assert/strict';
import { z } from 'zod';
import { defineAttack } from '../../src/attacks/attack.js';
import { attacks, registerAttack } from '../../src/attacks/registry.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { ConfigError } from '../../src/core/errors.js';
import { catalogue } from '../../src/experiments/catalogue.js';

describe('rule registration', () => {
  it('makes a custom rule nameable in configs and the catalogue, with its parameters validated', () => {
    registerAttack('test-double', {
      params: z.strictObject({ factor: z.number().default(2) }),
      create: ({ factor }) => defineAttack('test-double', false, (h, out) => h.forEach((v, i) => (out[i] = factor * v))),
      summary: 'doubles (test)',
      citation: 'test',
    });
    assert.ok(Object.hasOwn(attacks, 'test-double'));
    assert.equal(resolveConfig({ byzantine: { count: 1, attack: { name: 'test-double' } } }).byzantine.attack.factor, 2);
    assert.throws(() => resolveConfig({ byzantine: { attack: { name: 'test-double', factr: 1 } } }), (e: unknown) => e instanceof ConfigError && /byzantine\.attack\.factr: unknown parameter/.test(e.message));
    assert.match(catalogue(), /test-double\n {6}doubles \(test\)/);
  });

  it('refuses to replace a rule or to take an unusable name', () => {
    const entry = { params: z.strictObject({}), create: () => defineAttack('x', false, () => {}), summary: '', citation: '' };
    assert.throws(() => registerAttack('sign-flip', entry), /already registered/);
    assert.throws(() => registerAttack('has space', entry), /use letters, digits/);
  });
});
