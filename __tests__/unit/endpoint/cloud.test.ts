/**
 * The Azure AI audiences of each cloud and their alternates: the pairs the
 * action negotiates between on a 401 "audience is incorrect", and the clouds
 * where Microsoft documents no second audience.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alternateScope, cloudForHost, isAiScope } from '../../../src/endpoint/cloud.ts';

describe('alternateScope', () => {
  const cases: Array<{ scope: string; expected: string | undefined }> = [
    { scope: 'https://cognitiveservices.azure.com/.default', expected: 'https://ai.azure.com/.default' },
    { scope: 'https://ai.azure.com/.default', expected: 'https://cognitiveservices.azure.com/.default' },
    { scope: 'https://cognitiveservices.azure.us/.default', expected: 'https://ai.azure.us/.default' },
    { scope: 'https://ai.azure.us/.default', expected: 'https://cognitiveservices.azure.us/.default' },
    { scope: 'HTTPS://AI.AZURE.COM/.default', expected: 'https://cognitiveservices.azure.com/.default' },
    // Microsoft documents no ai.azure.cn audience: China is not negotiated.
    { scope: 'https://cognitiveservices.azure.cn/.default', expected: undefined },
    { scope: 'https://ai.azure.cn/.default', expected: undefined },
    { scope: 'api://my-gateway/.default', expected: undefined },
    { scope: 'https://cognitiveservices.azure.com', expected: undefined },
  ];
  for (const { scope, expected } of cases) {
    test(`${scope} → ${expected ?? 'none'}`, () => {
      assert.equal(alternateScope(scope), expected);
    });
  }

  test("each cloud's default scope is an AI scope, and so is its alternate", () => {
    for (const host of ['r.openai.azure.com', 'r.openai.azure.us', 'r.openai.azure.cn']) {
      const { scope } = cloudForHost(host);
      assert.ok(isAiScope(scope), scope);
      const other = alternateScope(scope);
      if (other) assert.ok(isAiScope(other), other);
    }
  });
});
