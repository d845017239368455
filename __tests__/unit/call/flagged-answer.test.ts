/**
 * A flagged answer is a filtered answer: a `filtered: true` verdict on an
 * answer that did not end with content_filter, on chat (streamed and whole)
 * and the Responses API. The trailing chunks are those of Azure/azure-sdk-assets,
 * net/sdk/openai/Azure.AI.OpenAI/tests/SessionRecords/ChatTests/AsyncContentFilterWorksStreaming(V2025_01_01_Preview).json
 * (commit d30b73003fd4ba2f08c6eca1e25cdb30e2f7d225), verbatim; the content before them is shortened here.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerFromCompletion } from '../../../src/call/answer.ts';
import type { ModelAnswer } from '../../../src/call/call-outcome.ts';
import { flaggedAnswerMessage, flaggedCategories, responsesFlag } from '../../../src/call/flagged-answer.ts';
import { readChatStream, type StreamChunk } from '../../../src/call/read-stream.ts';
import { answerFromResponse } from '../../../src/call/responses-answer.ts';
import { ActionFailure } from '../../../src/errors.ts';
import { judgeAnswer } from '../../../src/judge/judge.ts';

const SAFE = { filtered: false, severity: 'safe' };
const RECORDED_TAIL: StreamChunk[] = [
  {
    choices: [
      {
        content_filter_offsets: { check_offset: 105, start_offset: 105, end_offset: 992 },
        content_filter_results: {
          custom_blocklists: { details: [{ filtered: true, id: 'TestBlocklistNoBanana' }], filtered: true },
          hate: SAFE,
          self_harm: SAFE,
          sexual: SAFE,
          violence: SAFE,
        },
        finish_reason: null,
        index: 0,
      },
    ],
    model: '',
  },
  {
    choices: [
      {
        content_filter_offsets: { check_offset: 105, start_offset: 105, end_offset: 992 },
        content_filter_results: {
          protected_material_code: { filtered: false, detected: false },
          protected_material_text: { filtered: false, detected: false },
        },
        finish_reason: null,
        index: 0,
      },
    ],
    model: '',
  },
  { choices: [], model: 'gpt-5.1-2025-11-13', usage: { completion_tokens: 203, prompt_tokens: 23, total_tokens: 226 } },
];

async function* stream(list: StreamChunk[]): AsyncGenerator<StreamChunk> {
  for (const chunk of list) yield chunk;
}

const opts = { progress: () => undefined, debug: () => undefined, now: () => 0 };
const content = (piece: string, finish: string | null = null): StreamChunk => ({
  model: 'gpt-5.1-2025-11-13',
  choices: [{ index: 0, delta: { content: piece }, finish_reason: finish, content_filter_results: {} }],
});

describe('chat stream: the verdict after finish_reason "stop"', () => {
  test('the recorded async filter flags the custom blocklist for characters 105–992', async () => {
    const answer = await readChatStream(stream([content('Bananas are yellow.'), content('', 'stop'), ...RECORDED_TAIL]), opts);
    assert.equal(answer.finishReason, 'stop');
    assert.deepEqual(answer.flagged, {
      categories: ['custom_blocklists (TestBlocklistNoBanana)'],
      range: { start: 105, end: 992 },
    });
  });
  test('detect-only annotations do not flag: reported as today', async () => {
    const detected: StreamChunk = {
      choices: [
        {
          index: 0,
          finish_reason: null,
          content_filter_offsets: { check_offset: 0, start_offset: 0, end_offset: 5 },
          content_filter_results: { protected_material_text: { filtered: false, detected: true } },
        },
      ],
    };
    const answer = await readChatStream(stream([content('Hello'), content('', 'stop'), detected]), opts);
    assert.equal(answer.flagged, undefined);
  });
  test('a content_filter finish is the cut it always was, not a flag', async () => {
    const cut: StreamChunk = {
      choices: [
        {
          index: 0,
          delta: {},
          finish_reason: 'content_filter',
          content_filter_results: { violence: { filtered: true, severity: 'medium' } },
        },
      ],
    };
    const answer = await readChatStream(stream([content('Part'), cut]), opts);
    assert.equal(answer.flagged, undefined);
    assert.deepEqual(answer.filtered, ['violence (severity medium)']);
  });
});

describe('whole answers', () => {
  test('chat: a filtered verdict with finish reason stop flags the whole answer', () => {
    const answer = answerFromCompletion({
      choices: [
        {
          message: { content: 'Bananas.' },
          finish_reason: 'stop',
          content_filter_results: { custom_blocklists: { filtered: true, details: [{ filtered: true, id: 'NoBanana' }] } },
        },
      ],
    });
    assert.deepEqual(answer.flagged, { categories: ['custom_blocklists (NoBanana)'] });
  });
  test('Responses: a completion entry of content_filters that filters, not the prompt entry', () => {
    const answer = answerFromResponse({
      status: 'completed',
      output: [{ type: 'message', content: [{ type: 'output_text', text: 'Bananas.' }] }],
      content_filters: [
        { blocked: false, source_type: 'prompt', content_filter_results: { jailbreak: { filtered: true, detected: true } } },
        {
          blocked: true,
          source_type: 'completion',
          content_filter_results: { violence: { filtered: true, severity: 'high' }, hate: SAFE },
          content_filter_offsets: { start_offset: 0, end_offset: 8, check_offset: 0 },
        },
      ],
    });
    assert.deepEqual(answer.flagged, { categories: ['violence (severity high)'], range: { start: 0, end: 8 } });
  });
  test('Responses: every verdict safe, as recorded (vercel/ai azure provider test), flags nothing', () => {
    const flag = responsesFlag([
      {
        blocked: false,
        source_type: 'completion',
        content_filter_raw: null,
        content_filter_results: { hate: SAFE },
        content_filter_offsets: { start_offset: 0, end_offset: 5, check_offset: 0 },
      },
    ]);
    assert.equal(flag, undefined);
  });
});

describe('hostile verdicts', () => {
  test('names are cut and made one line; odd offsets are ignored', () => {
    const names = flaggedCategories({ ['x'.repeat(500)]: { filtered: true, severity: 'high\n::error::x' } });
    assert.equal(names.length, 1);
    assert.ok((names[0] ?? '').length < 120);
    assert.doesNotMatch(names[0] ?? '', /\n/);
    assert.deepEqual(
      responsesFlag([
        {
          source_type: 'completion',
          content_filter_results: { hate: { filtered: true } },
          content_filter_offsets: { start_offset: -1, end_offset: 'x' },
        },
      ]),
      {
        categories: ['hate'],
      },
    );
  });
});

describe('the judge', () => {
  test('a flagged answer fails the step before anything is published, naming the category and the range', async () => {
    const result = {
      text: 'x'.repeat(992),
      finishReason: 'stop',
      flagged: { categories: ['custom_blocklists (NoBanana)'], range: { start: 105, end: 992 } },
    } as ModelAnswer;
    await assert.rejects(
      judgeAnswer(result, { failOnTruncation: false, expect: undefined }, undefined, { info: () => undefined, warning: () => undefined }),
      (error: unknown) =>
        error instanceof ActionFailure &&
        error.message === flaggedAnswerMessage(result.flagged!, 992) &&
        error.message.includes('custom_blocklists (NoBanana) marked filtered, for characters 105–992 of 992.') &&
        error.message.includes('writes no outputs and posts no comment'),
    );
  });
});
