/** Stray API-key and routing settings are masked, reported and removed; they never break the call. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { removeStraySettings } from '../../../src/inputs/stray-env.ts';

const KEY = 'aoai-key-0123456789abcdef';

describe('removeStraySettings', () => {
  const cases: Array<{
    name: string;
    env: Record<string, string | undefined>;
    removed: string[];
    masked: string[];
    kept: Record<string, string | undefined>;
  }> = [
    {
      name: 'a clean environment',
      env: { PATH: '/usr/bin', AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com' },
      removed: [],
      masked: [],
      kept: { PATH: '/usr/bin', AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com' },
    },
    {
      name: 'AZURE_OPENAI_API_KEY is masked and removed',
      env: { AZURE_OPENAI_API_KEY: KEY, PATH: '/bin' },
      removed: ['AZURE_OPENAI_API_KEY'],
      masked: [KEY],
      kept: { PATH: '/bin' },
    },
    {
      name: 'OPENAI_API_KEY is masked and removed',
      env: { OPENAI_API_KEY: 'sk-test-123' },
      removed: ['OPENAI_API_KEY'],
      masked: ['sk-test-123'],
      kept: {},
    },
    {
      name: 'OPENAI_BASE_URL is removed, not masked',
      env: { OPENAI_BASE_URL: 'https://proxy.example.com/v1' },
      removed: ['OPENAI_BASE_URL'],
      masked: [],
      kept: {},
    },
    {
      name: 'every routing variable',
      env: { OPENAI_API_VERSION: '2024-10-21', OPENAI_ORG_ID: 'org', OPENAI_PROJECT_ID: 'proj', AZURE_OPENAI_DEPLOYMENT: 'd1' },
      removed: ['OPENAI_API_VERSION', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID'],
      masked: [],
      kept: { AZURE_OPENAI_DEPLOYMENT: 'd1' },
    },
    {
      name: 'keys and routing together, keys first',
      env: { OPENAI_BASE_URL: 'https://proxy', AZURE_OPENAI_API_KEY: KEY, OPENAI_API_KEY: 'sk-2' },
      removed: ['AZURE_OPENAI_API_KEY', 'OPENAI_API_KEY', 'OPENAI_BASE_URL'],
      masked: [KEY, 'sk-2'],
      kept: {},
    },
    {
      name: 'an empty key is removed; nothing to mask',
      env: { AZURE_OPENAI_API_KEY: '' },
      removed: ['AZURE_OPENAI_API_KEY'],
      masked: [],
      kept: {},
    },
  ];
  for (const { name, env, removed, masked, kept } of cases) {
    test(name, () => {
      const maskedValues: string[] = [];
      const warnings: string[] = [];
      const report = removeStraySettings(
        env,
        (s) => maskedValues.push(s),
        (w) => warnings.push(w),
      );
      assert.deepEqual(report.removed, removed);
      assert.deepEqual(maskedValues, masked);
      assert.deepEqual(env, kept, 'the stray variables are gone from the environment');
      if (removed.length === 0) {
        assert.deepEqual(warnings, []);
      } else {
        assert.equal(warnings.length, 1, 'one warning');
        const warning = warnings[0]!;
        for (const variable of removed) assert.ok(warning.includes(variable), `names ${variable}`);
        assert.match(warning, /never sends an API key/);
        assert.match(warning, /Remove the variable from the workflow/);
        for (const secret of masked) assert.ok(!warning.includes(secret), 'the warning never shows the key');
      }
    });
  }

  test('the key is masked before the warning is written', () => {
    const events: string[] = [];
    removeStraySettings(
      { AZURE_OPENAI_API_KEY: KEY },
      () => events.push('mask'),
      () => events.push('warn'),
    );
    assert.deepEqual(events, ['mask', 'warn']);
  });
});
