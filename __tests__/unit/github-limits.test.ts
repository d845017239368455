/** GitHub's size limits: cutting the response output and the summary without splitting a character. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelAnswer } from '../../src/call/call-outcome.ts';
import {
  fitUtf8,
  RESPONSE_OUTPUT_LIMIT_CHARS,
  responseOutput,
  sliceChars,
  sliceUtf8,
  SUMMARY_LIMIT_BYTES,
} from '../../src/github-limits.ts';
import { truncationNotices } from '../../src/judge/truncation.ts';
import { renderSummary } from '../../src/publish/summary.ts';

describe('cutting text', () => {
  test('sliceChars never splits a surrogate pair', () => {
    assert.equal(sliceChars('ab😀cd', 3), 'ab');
    assert.equal(sliceChars('ab😀cd', 4), 'ab😀');
    assert.equal(sliceChars('abc', 10), 'abc');
    assert.equal(sliceChars('abc', 0), '');
  });

  test('sliceUtf8 never splits a multi-byte character', () => {
    assert.equal(sliceUtf8('aé😀', 1), 'a');
    assert.equal(sliceUtf8('aé😀', 2), 'a');
    assert.equal(sliceUtf8('aé😀', 3), 'aé');
    assert.equal(sliceUtf8('aé😀', 6), 'aé');
    assert.equal(sliceUtf8('aé😀', 7), 'aé😀');
  });

  test('sliceUtf8 and fitUtf8 give the longest fitting prefix of a huge text, encoding only its start', () => {
    const huge = `${'é😀a'.repeat(1000)}${'x'.repeat(16 * 1024 * 1024)}`;
    const start = huge.slice(0, 4000);
    for (const bytes of [1, 2, 3, 4, 5, 999, 1000, 3001]) assert.equal(sliceUtf8(huge, bytes), sliceUtf8(start, bytes), String(bytes));
    assert.equal(sliceUtf8('x'.repeat(10), 10), 'x'.repeat(10));
    const fitted = fitUtf8(huge, 5000);
    assert.equal(fitted.cut, true);
    assert.ok(Buffer.byteLength(fitted.text) <= 5000);
    assert.match(fitted.text, new RegExp(`\\(${huge.length} characters\\)`));
  });

  test('the response output is untouched up to the limit', () => {
    const text = 'x'.repeat(RESPONSE_OUTPUT_LIMIT_CHARS);
    assert.deepEqual(responseOutput(text), { text, cut: false });
  });

  test('a longer response is cut to the limit, ending with a notice naming response-file', () => {
    const text = '😀'.repeat(RESPONSE_OUTPUT_LIMIT_CHARS);
    const out = responseOutput(text);
    assert.equal(out.cut, true);
    assert.ok(out.text.length <= RESPONSE_OUTPUT_LIMIT_CHARS);
    assert.match(out.text, /the whole answer \(\d+ characters\) is in the file named by the response-file output\]$/);
    assert.ok(text.startsWith(out.text.slice(0, out.text.indexOf('\n\n[…'))));
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(out.text), 'no lone high surrogate');
    // GitHub counts outputs as UTF-16: two bytes a code unit, under 1 MB with room for the other outputs.
    assert.ok(out.text.length * 2 < 1_000_000);
  });

  test('fitUtf8 keeps text that fits and cuts text that does not, notice included', () => {
    assert.deepEqual(fitUtf8('short', 100), { text: 'short', cut: false });
    const cut = fitUtf8('é'.repeat(10_000), 1000);
    assert.equal(cut.cut, true);
    assert.ok(Buffer.byteLength(cut.text) <= 1000);
    assert.match(cut.text, /response-file output\]$/);
  });
});

const RESULT: ModelAnswer = {
  api: 'chat',
  text: 'answer',
  finishReason: 'stop',
  promptTokens: 1,
  completionTokens: 2,
  totalTokens: 3,
  cachedTokens: 0,
  reasoningTokens: 0,
  model: 'gpt-5.1-2025-11-13',
  requestId: 'r',
  latencyMs: 5,
  attempts: 1,
};

describe('the job summary stays under 1 MiB', () => {
  test('a 3 MiB answer and a 4 MiB prompt still give a summary under the limit', () => {
    const result = { ...RESULT, text: `# Title\n\n${'word '.repeat(600_000)}` };
    const markdown = renderSummary({
      deployment: 'd',
      endpointHost: 'h',
      authMethod: 'github-oidc',
      result,
      messages: [{ role: 'user', content: 'p'.repeat(4 * 1024 * 1024) }],
    });
    assert.ok(Buffer.byteLength(markdown) < SUMMARY_LIMIT_BYTES, `${Buffer.byteLength(markdown)} bytes`);
    assert.match(markdown, /response-file output\]/);
    assert.match(markdown, /<\/details>\n$/, 'the page is complete');
  });

  test('a short answer is shown whole', () => {
    const markdown = renderSummary({
      deployment: 'd',
      endpointHost: 'h',
      authMethod: 'a',
      result: RESULT,
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.doesNotMatch(markdown, /cut to fit/);
  });
});

describe('truncationNotices', () => {
  test('a complete answer needs no notice', () => {
    assert.deepEqual(truncationNotices(RESULT, { failOnTruncation: true }), { warnings: [] });
  });

  test('finish reason length: a warning, or a failure with fail-on-truncation', () => {
    const result = { ...RESULT, finishReason: 'length', completionTokens: 50 };
    const warned = truncationNotices(result, { failOnTruncation: false });
    assert.equal(warned.failure, undefined);
    assert.match(warned.warnings[0]!, /cut at the token limit \(finish reason length, 50 completion tokens\).*max-tokens/);
    const failed = truncationNotices(result, { failOnTruncation: true });
    assert.equal(failed.failure?.topic, 'answerCut');
    assert.match(failed.failure.text, /finish reason length.*fail-on-truncation is true/);
  });

  test('finish reason content_filter: names the filtered categories and keeps the partial text', () => {
    const result = { ...RESULT, finishReason: 'content_filter', text: 'partial', filtered: ['violence (severity medium)'] };
    const warned = truncationNotices(result, { failOnTruncation: false });
    assert.match(
      warned.warnings[0]!,
      /content filter cut the answer \(finish reason content_filter: violence \(severity medium\)\)\. The outputs hold the 7 characters/,
    );
    assert.match(truncationNotices(result, { failOnTruncation: true }).failure!.text, /content_filter/);
    assert.equal(truncationNotices(result, { failOnTruncation: true }).failure?.topic, 'filterCutAnswer');
  });

  test('an answer too long for a step output is a warning, not a failure', () => {
    const notices = truncationNotices({ ...RESULT, text: 'x'.repeat(RESPONSE_OUTPUT_LIMIT_CHARS + 1) }, { failOnTruncation: true });
    assert.equal(notices.failure, undefined);
    assert.match(notices.warnings[0]!, /more than GitHub lets a step output carry.*response-file/);
  });
});
