import assert from 'node:assert/strict';
import { z } from 'zod';
import { defineAttack } from '../../src/attacks/attack.js';
import { mean } from '../../src/policies/aggregators/mean.js';
import { attacks } from '../../src/attacks/registry.js';
import { Registries, defaultRegistries } from '../../src/config/registries.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { ConfigError } from '../../src/core/errors.js';
import { catalogue } from '../../src/experiments/catalogue.js';

const doubling = {
  params: z.strictObject({ factor: z.number().default(2) }),
  create: ({ factor }: { factor: number }) => defineAttack('test-double', (h, out) => h.forEach((v, i) => (out[i] = factor * v))),
  summary: 'doubles (test)',
  citation: 'test',
};

describe('rule registration', () => {
  it('makes a custom rule nameable in configs and the catalogue of its own registries, with its parameters validated', () => {
    const registries = new Registries().registerAttack('test-double', doubling);
    assert.equal(resolveConfig({ byzantine: { count: 1, attack: { name: 'test-double' } } }, registries).byzantine.attack.factor, 2);
    assert.throws(
      () => resolveConfig({ byzantine: { attack: { name: 'test-double', factr: 1 } } }, registries),
      (e: unknown) => e instanceof ConfigError && /byzantine\.attack\.factr: unknown parameter/.test(e.message),
    );
    assert.match(catalogue(registries), /test-double\n {6}doubles \(test\)/);
  });

  it('keeps registrations apart: neither the built-in table, the default registries nor another instance sees them', () => {
    const one = new Registries().registerAttack('test-double', doubling);
    const other = new Registries();
    for (const r of [other, defaultRegistries]) {
      assert.throws(() => resolveConfig({ byzantine: { attack: { name: 'test-double' } } }, r), /unknown attack "test-double"/);
    }
    assert.equal(Object.hasOwn(attacks, 'test-double'), false);
    assert.doesNotMatch(catalogue(other), /test-double/);
    // the same name may be registered again elsewhere, and a copy starts from its base's entries
    other.registerAttack('test-double', doubling);
    assert.ok(Object.hasOwn(new Registries(one).attacks, 'test-double'));
  });

  it("lets buffered name an aggregator registered on the same instance, and only there", () => {
    const registries = new Registries().registerAggregator('test-mean', { params: z.strictObject({}), create: () => mean(), summary: 'mean (test)', citation: 'test' });
    const config = { policy: { name: 'buffered', aggregator: { name: 'test-mean' } } };
    assert.equal(resolveConfig(config, registries).policy.name, 'buffered');
    assert.throws(() => resolveConfig(config), /policy\.aggregator\.name: unknown aggregator "test-mean"/);
  });

  it('refuses to replace a rule or to take an unusable name', () => {
    const entry = { params: z.strictObject({}), create: () => defineAttack('x', () => {}), summary: '', citation: '' };
    assert.throws(() => new Registries().registerAttack('sign-flip', entry), /already registered/);
    assert.throws(() => new Registries().registerAttack('has space', entry), /use letters, digits/);
  });
});
