/**
 * The README's generated tables: inputs in their groups, a new input in the
 * group of the input before it in action.yml, rows left unpadded.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { groupInputs, INPUT_GROUPS, renderInputs, renderOutputs } from '../../scripts/readme-tables.ts';

describe('readme-tables', () => {
  test('named inputs go to their group; an unnamed one joins the input before it', () => {
    const groups = groupInputs([
      'endpoint',
      'deployment',
      'api-version',
      'api',
      'client-id',
      'auth',
      'token-scopes',
      'max-tokens',
      'verbosity',
      'comment',
    ]);
    assert.deepEqual(
      groups.map((g) => [g.title, g.names]),
      [
        ['First-run inputs', ['endpoint', 'deployment', 'client-id']],
        ['Core inputs', ['api-version', 'api']],
        ['Identity inputs', ['auth', 'token-scopes']],
        ['Generation inputs', ['max-tokens', 'verbosity']],
        ['Workflow feature inputs', ['comment']],
      ],
    );
  });

  test('no input is named in two groups', () => {
    const names = INPUT_GROUPS.flatMap((g) => g.inputs);
    assert.equal(new Set(names).size, names.length);
  });

  test('each group is a heading and a prettier-ignore table; an empty group is left out', () => {
    const text = renderInputs({
      inputs: {
        endpoint: { description: 'The endpoint | with a pipe\nand a line break.' },
        timeout: { description: 'Seconds.', default: 120 },
        prompt: { description: 'The prompt.', required: true },
      },
    });
    assert.equal(
      text,
      [
        '### First-run inputs',
        '',
        '<!-- prettier-ignore -->',
        '| Input | Default | Description |',
        '| --- | --- | --- |',
        '| `endpoint` |  | The endpoint \\| with a pipe and a line break. |',
        '| `prompt` (required) |  | The prompt. |',
        '',
        '### Generation inputs',
        '',
        '<!-- prettier-ignore -->',
        '| Input | Default | Description |',
        '| --- | --- | --- |',
        '| `timeout` | `120` | Seconds. |',
      ].join('\n'),
    );
    assert.match(
      renderOutputs({ outputs: { response: { description: 'The answer.' } } }),
      /^<!-- prettier-ignore -->\n.*\n.*\n\| `response` \| The answer\. \|$/,
    );
  });
});
