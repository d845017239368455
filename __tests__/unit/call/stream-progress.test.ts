/** The streamed text's progress lines: the debug log quotes a bounded part of the new text, cut at a blank. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEBUG_TEXT_MAX_CHARS, streamedText } from '../../../src/call/stream-progress.ts';

/** A streamed text whose clock moves a progress interval at each tick; returns it and the debug lines. */
function watched(): { streamed: ReturnType<typeof streamedText>; debug: string[] } {
  let clock = 0;
  const debug: string[] = [];
  const streamed = streamedText(
    { progress: () => undefined, debug: (line) => debug.push(line), intervalMs: 1, now: () => (clock += 10) },
    'test',
  );
  return { streamed, debug };
}

test('a short stretch of new text is quoted whole, up to its last blank', () => {
  const { streamed, debug } = watched();
  streamed.add('Hello there, wor');
  streamed.tick();
  assert.deepEqual(debug, ['Streamed text so far (+13 characters): Hello there, ']);
});

test('a flood of new text is quoted up to its last blank within the bound, never more', () => {
  const { streamed, debug } = watched();
  streamed.add('\n'.repeat(4 * 1024 * 1024));
  streamed.tick();
  assert.equal(debug.length, 1);
  assert.ok(debug[0]?.startsWith(`Streamed text so far (+${4 * 1024 * 1024} characters, the first ${DEBUG_TEXT_MAX_CHARS} shown): `));
  assert.ok((debug[0]?.length ?? 0) < DEBUG_TEXT_MAX_CHARS + 100);
});

test('a flood without a blank in the bound quotes nothing: a secret is never cut in two', () => {
  const { streamed, debug } = watched();
  const secretish = `eyJ${'a'.repeat(DEBUG_TEXT_MAX_CHARS * 2)}`;
  streamed.add(`${secretish} `);
  streamed.tick();
  assert.deepEqual(debug, [`Streamed text so far (+${secretish.length + 1} characters, the first 0 shown): `]);
});
