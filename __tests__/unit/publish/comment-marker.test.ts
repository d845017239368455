/** The comment's marker line: written safely, and read from untrusted text exactly and in bounded time. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commentMarker, MAX_MARKER_CHARS, readMarker } from '../../../src/publish/comment-marker.ts';

const TAG = 'PR summary/summarize/summary';
const STAMP = { request: 'a'.repeat(64), answer: 'b'.repeat(64), finishReason: 'stop', comment: 4242 };

describe('commentMarker', () => {
  test("unstamped, and stamped with the request fingerprint, the answer digest, the finish reason and the comment's id", () => {
    assert.equal(commentMarker(TAG), `<!-- azure-openai-keyless: ${TAG} -->`);
    assert.equal(
      commentMarker(TAG, STAMP),
      `<!-- azure-openai-keyless: ${TAG} fingerprint=v2.${'a'.repeat(64)}.${'b'.repeat(64)}.stop.4242 -->`,
    );
    assert.deepEqual(
      readMarker(commentMarker(TAG, { ...STAMP, comment: Number.MAX_SAFE_INTEGER }), TAG)?.stamp?.comment,
      Number.MAX_SAFE_INTEGER,
    );
  });

  test('a finish reason that is not a plain word leaves the marker unstamped (never reusable)', () => {
    assert.equal(commentMarker(TAG, { ...STAMP, finishReason: 'stop --> <img src=x>' }), commentMarker(TAG));
  });

  test('the tag cannot close the comment early', () => {
    assert.equal(commentMarker('a-->b'), '<!-- azure-openai-keyless: a-b -->');
  });
});

describe('readMarker', () => {
  test('reads back what commentMarker wrote, on the first line only', () => {
    assert.deepEqual(readMarker(`${commentMarker(TAG, STAMP)}\nThe answer.`, TAG), { stamp: STAMP });
    assert.deepEqual(readMarker(`${commentMarker(TAG)}\nThe answer.`, TAG), {}, 'an older, unstamped marker is still this step’s');
    assert.deepEqual(readMarker(`${commentMarker(TAG, STAMP)}  \r\nThe answer.`, TAG), { stamp: STAMP }, 'trailing white space');
    assert.equal(readMarker(`Quoting:\n${commentMarker(TAG, STAMP)}`, TAG), undefined);
  });

  test("another step's marker, a marker with text after it, or none is not this step's", () => {
    assert.equal(readMarker(`${commentMarker('other', STAMP)}\n`, TAG), undefined);
    assert.equal(readMarker(`${commentMarker(TAG)} and more\n`, TAG), undefined);
    assert.equal(readMarker('', TAG), undefined);
    assert.equal(readMarker(null, TAG), undefined);
    assert.equal(readMarker(undefined, TAG), undefined);
  });

  test('a malformed stamp is read as no stamp: the comment is this step’s, its answer never reused', () => {
    const open = `<!-- azure-openai-keyless: ${TAG} fingerprint=v2.`;
    // A version 1 stamp (no comment id) is no stamp: it could be written before the comment existed.
    assert.deepEqual(
      readMarker(`<!-- azure-openai-keyless: ${TAG} fingerprint=v1.${'a'.repeat(64)}.${'b'.repeat(64)}.stop -->\n`, TAG),
      {},
    );
    for (const rest of [
      `${'a'.repeat(64)}.${'b'.repeat(64)}.stop -->`,
      `${'a'.repeat(64)}.${'b'.repeat(64)}.stop.0 -->`,
      `${'a'.repeat(64)}.${'b'.repeat(64)}.stop.${'9'.repeat(17)} -->`,
      `${'a'.repeat(64)}.${'b'.repeat(64)}.stop.12x -->`,
      `${'a'.repeat(63)}.${'b'.repeat(64)}.stop.1 -->`,
      `${'A'.repeat(64)}.${'b'.repeat(64)}.stop -->`,
      `${'a'.repeat(64)}.${'b'.repeat(64)}.stop`,
      `${'a'.repeat(64)}.${'b'.repeat(64)}.stop --> trailing`,
      `${'a'.repeat(64)}.${'b'.repeat(64)}.${'x'.repeat(33)} -->`,
      `${'a'.repeat(64)}${'b'.repeat(64)}.stop -->`,
    ]) {
      assert.deepEqual(readMarker(`${open}${rest}\n`, TAG), {}, rest);
    }
  });

  test('a first line longer than any marker is not read at all', () => {
    const long = `${commentMarker(TAG, STAMP).slice(0, -4)}${' '.repeat(MAX_MARKER_CHARS)}x -->\nbody`;
    assert.equal(readMarker(long, TAG), undefined);
  });

  test('hostile bodies: a huge first line, many dots, many lines (each read once, the line cut before matching)', () => {
    const open = `<!-- azure-openai-keyless: ${TAG} fingerprint=v2.`;
    assert.equal(readMarker(`${open}${'a'.repeat(5_000_000)}`, TAG), undefined);
    assert.equal(readMarker(`${open}${'a.'.repeat(2_000_000)}\n`, TAG), undefined);
    assert.equal(readMarker('\n'.repeat(5_000_000), TAG), undefined);
    assert.deepEqual(readMarker(`${open}${'a.'.repeat(100)} -->\n`, TAG), {});
  });
});
