/** The 400s a request's shape causes: a model without chat, and a parameter the deployment refuses, each naming the input to change. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CallError } from '../../../src/call/call-outcome.ts';
import { diagnoseCall as callDiagnosis } from '../../../src/diagnose/call-diagnosis.ts';

const diagnoseCall = (error: Parameters<typeof callDiagnosis>[0]): string => callDiagnosis(error).text;

function refused(body: unknown): CallError {
  return new CallError(new Error('400 error'), {
    failure: { status: 400 },
    facts: {
      url: 'https://res.openai.azure.com/openai/v1/chat/completions',
      host: 'res.openai.azure.com',
      deployment: 'd1',
      timeoutMs: 1000,
    },
    attempts: 1,
    body: JSON.stringify(body),
  });
}

describe('diagnoseCall: 400s about the request', () => {
  test('OperationNotSupported on the chat operation: set api: responses', () => {
    const text = diagnoseCall(
      refused({
        error: {
          code: 'OperationNotSupported',
          message: 'The chatCompletion operation does not work with the specified model, gpt-5-pro.',
        },
      }),
    );
    assert.match(text, /^Deployment 'd1' serves no Chat Completions \(400 OperationNotSupported\)/);
    assert.match(text, /Set api: responses/);
    assert.match(text, /Azure OpenAI said: The chatCompletion operation does not work with the specified model, gpt-5-pro\./);
  });

  const params: Array<[string, string]> = [
    ['reasoning_effort', 'reasoning-effort'],
    ['reasoning.summary', 'reasoning-summary'],
    ['text.verbosity', 'verbosity'],
    ['max_output_tokens', 'max-tokens'],
    ['top_p', 'top-p'],
  ];
  for (const [param, input] of params) {
    test(`unsupported_parameter ${param}: remove the ${input} input`, () => {
      const text = diagnoseCall(
        refused({
          error: { message: `Unsupported parameter: '${param}' is not supported with this model.`, param, code: 'unsupported_parameter' },
        }),
      );
      assert.match(text, new RegExp(`does not accept the parameter '${param.replace('.', '\\.')}' \\(400 unsupported_parameter\\)`));
      assert.match(text, new RegExp(`Remove the ${input} input`));
    });
  }

  test('an unknown parameter lists the inputs that may set it', () => {
    const text = diagnoseCall(refused({ error: { message: 'Unsupported parameter.', code: 'unsupported_parameter' } }));
    assert.match(text, /a parameter of this request/);
    assert.match(text, /max-tokens, temperature, top-p, reasoning-effort, verbosity, reasoning-summary or response-format/);
  });
});
