import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readMarker } from '../../../src/publish/comment-marker.ts';
import { readReviewMarker, reviewMarker } from '../../../src/review/review-marker.ts';

const head = 'a'.repeat(40);
const since = 'b'.repeat(40);
const request = 'c'.repeat(64);

test('the marker records the head, what it counted from and the request, and reads back', () => {
  const whole = reviewMarker('wf/job/step', { head, request });
  assert.equal(whole, `<!-- azure-openai-keyless: wf/job/step review=v1.${head}.whole.${request} -->`);
  assert.deepEqual(readReviewMarker(`${whole}\nbody`, 'wf/job/step'), { stamp: { head, request } });
  const changes = reviewMarker('t', { head, since, request });
  assert.deepEqual(readReviewMarker(changes, 't'), { stamp: { head, since, request } });
  // SHA-256 repositories have 64-digit commit ids.
  const long = reviewMarker('t', { head: 'd'.repeat(64), request });
  assert.deepEqual(readReviewMarker(long, 't')?.stamp?.head, 'd'.repeat(64));
});

test("another step's marker, a comment's marker, or a malformed stamp is not this step's review stamp", () => {
  const marker = reviewMarker('t', { head, request });
  assert.equal(readReviewMarker(marker, 'other'), undefined);
  assert.equal(readReviewMarker(`text\n${marker}`, 't'), undefined, 'only the first line counts');
  assert.deepEqual(readReviewMarker(marker.replace('.whole.', '.nothex.'), 't'), {});
  assert.deepEqual(readReviewMarker('x'.repeat(2000), 't'), undefined);
  assert.equal(readMarker(marker, 't'), undefined, "a PR comment's reader does not take a review's marker");
});

test('a value that is not a commit or a digest is never written into the marker', () => {
  assert.equal(reviewMarker('t', { head: 'HEAD -->', request }), '<!-- azure-openai-keyless: t -->');
  assert.equal(reviewMarker('t', { head, since: 'main', request }), '<!-- azure-openai-keyless: t -->');
});
