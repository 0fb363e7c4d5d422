import assert from 'node:assert/strict';
import { z } from 'zod';
import { ConfigError } from '../../src/core/errors.js';
import { formatValue, parseParams } from '../../src/core/zod-issues.js';

const schema = z.strictObject({
  rho: z.number().min(0).default(0.001),
  k: z.int().min(1).default(10),
  scale: z.number().gt(0).default(1),
  mode: z.enum(['exact', 'clip']).default('exact'),
  list: z.array(z.number()).default([]),
});

function messageOf(input: unknown, prefix = 'policy'): string {
  try {
    parseParams(schema, input, prefix);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.message;
  }
  assert.fail('expected a ConfigError');
}

describe('zod-issues', () => {
  it('fills defaults, also for undefined input', () => {
    assert.deepEqual(parseParams(schema, undefined, 'p'), { rho: 0.001, k: 10, scale: 1, mode: 'exact', list: [] });
  });

  it('names the field, the bound and the value', () => {
    assert.equal(messageOf({ rho: -1 }), 'policy.rho: expected a number >= 0, got -1');
    assert.equal(messageOf({ scale: 0 }), 'policy.scale: expected a number > 0, got 0');
    assert.equal(messageOf({ k: 1.5 }), 'policy.k: expected an integer, got 1.5');
    assert.equal(messageOf({ rho: NaN }), 'policy.rho: expected a finite number, got NaN');
    assert.equal(messageOf({ rho: Infinity }), 'policy.rho: expected a finite number, got Infinity');
    assert.equal(messageOf({ rho: '1' }), 'policy.rho: expected a finite number, got "1"');
    assert.equal(messageOf({ mode: 'exactly' }), 'policy.mode: expected one of "exact" | "clip", got "exactly"');
    assert.equal(messageOf({ list: [1, 'x'] }), 'policy.list[1]: expected a finite number, got "x"');
  });

  it('says a left-out field is required, with what it is (its description, else its type or values)', () => {
    const required = z.strictObject({
      f: z.int().min(0).describe('f, the Byzantine vectors tolerated'),
      lr: z.number(),
      mode: z.enum(['exact', 'clip']),
      steps: z.array(z.strictObject({ b: z.int().describe('b, the values dropped') })).default([]),
    });
    const message = (input: unknown) => {
      try {
        parseParams(required, input, 'policy');
      } catch (e) {
        assert.ok(e instanceof ConfigError);
        return e.message;
      }
      assert.fail('expected a ConfigError');
    };
    assert.equal(
      message({ steps: [{ b: 1 }, {}] }),
      [
        'policy.f: required (f, the Byzantine vectors tolerated)',
        'policy.lr: required (a finite number)',
        'policy.mode: required (one of "exact" | "clip")',
        'policy.steps[1].b: required (b, the values dropped)',
      ].join('\n'),
    );
    // A value given but wrong is still reported with the value.
    assert.equal(message({ f: -1, lr: 1, mode: 'exact' }), 'policy.f: expected a number >= 0, got -1');
  });

  it('reports an unknown key with the accepted spellings', () => {
    assert.equal(messageOf({ rhoo: 0.5 }), 'policy.rhoo: unknown parameter (expected one of: rho, k, scale, mode, list), got 0.5');
  });

  it('reports every issue, one per line, and works without a prefix', () => {
    assert.equal(messageOf({ rho: -1, k: 0 }, ''), 'rho: expected a number >= 0, got -1\nk: expected a number >= 1, got 0');
  });

  it('formats values briefly', () => {
    assert.equal(formatValue(undefined), 'nothing');
    assert.equal(formatValue('x'.repeat(100)).length, 60);
  });
});
