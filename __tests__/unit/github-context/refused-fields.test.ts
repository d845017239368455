/** What a GitHub 422 refused, read from its `errors` list by type. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refusedFields } from '../../../src/github-context/refused-fields.ts';

test('objects and strings are named, anything else is left out', () => {
  const cases: Array<[unknown, string]> = [
    [{ message: 'Validation Failed', errors: [{ resource: 'Label', code: 'invalid', field: 'color' }] }, ' (Label color invalid)'],
    [{ errors: ['Line could not be resolved'] }, ' (Line could not be resolved)'],
    [{ errors: [{ resource: 'Issue', field: 'body', code: 'custom', message: 'body is too long' }] }, ' (Issue body body is too long)'],
    [{ errors: [null, 42, { code: { nested: true } }] }, ''],
    [{ errors: 'not a list' }, ''],
    [undefined, ''],
  ];
  for (const [data, said] of cases) assert.equal(refusedFields(data), said, JSON.stringify(data));
});

test("GitHub's words are put on one line, bounded, never a workflow command", () => {
  const said = refusedFields({ errors: ['\n::stop-commands::x', 'y'.repeat(1000)] });
  assert.doesNotMatch(said, /\n|^ \(::/);
  assert.ok(said.length < 320, String(said.length));
});
