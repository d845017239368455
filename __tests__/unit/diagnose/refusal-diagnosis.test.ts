/**
 * Refusals of the model call: the role the refused data action needs (Azure
 * OpenAI models or the other Foundry models), and the scopes a rejected token
 * was requested for (the scope input, the default, or both audiences).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  COGNITIVE_SERVICES_USER_ROLE,
  COGNITIVE_SERVICES_USER_ROLE_ID,
  diagnoseRefusal as refusalDiagnosis,
  OPENAI_USER_ROLE,
  OPENAI_USER_ROLE_ID,
  type Refusal,
  refusedModelFamily,
} from '../../../src/diagnose/refusal-diagnosis.ts';

/** The diagnosis's words (its topic is checked in troubleshooting-link.test.ts). */
const diagnoseRefusal = (refusal: Parameters<typeof refusalDiagnosis>[0]): string => refusalDiagnosis(refusal).text;

const OID = '0f0e0d0c-0b0a-0908-0706-050403020100';
const APP = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const UNAUTHORIZED =
  'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.';

function refusal(overrides: Partial<Refusal> = {}): Refusal {
  return {
    status: 401,
    code: undefined,
    serviceMessage: UNAUTHORIZED,
    ref: ' (request id req-1)',
    host: 'myres.services.ai.azure.com',
    deployment: 'DeepSeek-R1',
    resource: 'myres',
    token: { scope: 'https://cognitiveservices.azure.com/.default', scopeFromInput: false, claims: { oid: OID, appid: APP, tid: TENANT } },
    ...overrides,
  };
}

const denied = (action: string): Partial<Refusal> => ({
  status: 403,
  code: 'PermissionDenied',
  serviceMessage: `The principal \`${OID}\` lacks the required data action \`${action}\` to perform \`POST /openai/v1/chat/completions\` operation.`,
});

describe('the role diagnosis', () => {
  test('an Azure OpenAI data action: Cognitive Services OpenAI User, and when Cognitive Services User is needed instead', () => {
    const message = diagnoseRefusal(refusal(denied('Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action')));
    for (const part of [
      `(403 PermissionDenied): principal object id ${OID}, app id ${APP}.`,
      `Assign it the role "${OPENAI_USER_ROLE}" (${OPENAI_USER_ROLE_ID}) at the resource scope:`,
      `--assignee-object-id ${OID} --assignee-principal-type ServicePrincipal --role ${OPENAI_USER_ROLE_ID} --scope`,
      'az cognitiveservices account show --name myres',
      `A Foundry model from another provider on the same resource (such as DeepSeek or Grok) needs "${COGNITIVE_SERVICES_USER_ROLE}" (${COGNITIVE_SERVICES_USER_ROLE_ID}) instead`,
      'Owner and Contributor carry no data actions',
      '(request id req-1)',
    ]) {
      assert.ok(message.includes(part), `missing: ${part}\nin:\n${message}`);
    }
  });

  test('a Foundry (MaaS) data action: Cognitive Services User in the command, and why OpenAI User does not cover it', () => {
    const message = diagnoseRefusal(refusal(denied('Microsoft.CognitiveServices/accounts/MaaS/chat/completions/action')));
    for (const part of [
      `Assign it the role "${COGNITIVE_SERVICES_USER_ROLE}" (${COGNITIVE_SERVICES_USER_ROLE_ID}) at the resource scope:`,
      `--role ${COGNITIVE_SERVICES_USER_ROLE_ID} --scope`,
      "Deployment 'DeepSeek-R1' is a Foundry model from another provider",
      `not with "${OPENAI_USER_ROLE}" (${OPENAI_USER_ROLE_ID}), which covers only Azure OpenAI models`,
    ]) {
      assert.ok(message.includes(part), `missing: ${part}\nin:\n${message}`);
    }
    assert.ok(!message.includes(`--role ${OPENAI_USER_ROLE_ID}`), 'the command assigns the Foundry role');
  });

  test('an unnamed data action: both roles and when each applies', () => {
    const message = diagnoseRefusal(
      refusal({ status: 401, code: 'PermissionDenied', serviceMessage: `Principal ${OID} does not have permissions.` }),
    );
    assert.ok(message.includes(`Assign it the role "${OPENAI_USER_ROLE}" (${OPENAI_USER_ROLE_ID})`), message);
    assert.ok(message.includes(`"${OPENAI_USER_ROLE}" covers Azure OpenAI models`), message);
    assert.ok(message.includes(`needs "${COGNITIVE_SERVICES_USER_ROLE}" (${COGNITIVE_SERVICES_USER_ROLE_ID}) instead`), message);
  });

  test('the object id comes from the message when the token has no claims; a user token gets principal type User', () => {
    const fromMessage = diagnoseRefusal(refusal({ ...denied('Microsoft.CognitiveServices/accounts/OpenAI/x'), token: { scope: 's' } }));
    assert.ok(fromMessage.includes(`--assignee-object-id ${OID} `), fromMessage);
    const user = diagnoseRefusal(
      refusal({ ...denied('Microsoft.CognitiveServices/accounts/OpenAI/x'), token: { scope: 's', claims: { oid: OID, idtyp: 'user' } } }),
    );
    assert.ok(user.includes('--assignee-principal-type User '), user);
  });

  const families: Array<{ text: string; expected: ReturnType<typeof refusedModelFamily> }> = [
    { text: 'lacks `Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action`', expected: 'openai' },
    { text: 'lacks `Microsoft.CognitiveServices/accounts/MaaS/chat/completions/action`', expected: 'foundry' },
    { text: 'does not have permissions', expected: 'unknown' },
    { text: `${'x'.repeat(5000)} accounts/MaaS/`, expected: 'unknown' },
  ];
  for (const { text, expected } of families) {
    test(`refusedModelFamily: ${text.slice(0, 60)} → ${expected}`, () => assert.equal(refusedModelFamily(text), expected));
  }
});

describe('the rejected-token diagnosis', () => {
  test('the default scope, not negotiated: names the scope and the scope input', () => {
    const message = diagnoseRefusal(refusal({ serviceMessage: 'Unauthorized.' }));
    assert.match(message, /rejected the access token \(401\)/);
    assert.match(
      message,
      /requested for scope https:\/\/cognitiveservices\.azure\.com\/\.default, the endpoint's default \(no scope input\)/,
    );
    assert.match(message, /set the scope input if the resource wants another/);
  });

  test('a scope input: never switched, and the other audience to set', () => {
    const message = diagnoseRefusal(
      refusal({ token: { scope: 'https://ai.azure.com/.default', scopeFromInput: true, claims: { aud: 'https://ai.azure.com' } } }),
    );
    assert.match(
      message,
      /requested for scope https:\/\/ai\.azure\.com\/\.default, set by the scope input \(its audience is https:\/\/ai\.azure\.com\)/,
    );
    assert.match(message, /never tries another audience/);
    assert.match(message, /set scope to https:\/\/cognitiveservices\.azure\.com\/\.default, or remove the scope input/);
  });

  test('a scope input with no Azure AI alternate (China, a gateway): fix or remove it', () => {
    const message = diagnoseRefusal(refusal({ token: { scope: 'https://cognitiveservices.azure.cn/.default', scopeFromInput: true } }));
    assert.match(message, /set by the scope input/);
    assert.match(message, /fix or remove the scope input/);
  });

  test('both audiences tried: names both scopes, the tenant and the scope input', () => {
    const message = diagnoseRefusal(
      refusal({
        token: {
          scope: 'https://ai.azure.com/.default',
          refusedScope: 'https://cognitiveservices.azure.com/.default',
          claims: { aud: 'https://ai.azure.com', tid: TENANT },
        },
      }),
    );
    assert.ok(
      message.includes(
        'Both Azure AI audiences were tried: a token for scope https://cognitiveservices.azure.com/.default, then one for scope https://ai.azure.com/.default (its audience is https://ai.azure.com); myres.services.ai.azure.com refused both',
      ),
      message,
    );
    assert.ok(message.includes(`token's tenant (${TENANT})`), message);
    assert.ok(message.includes('scope input'), message);
  });

  test("the service's text is quoted on one line, scrubbed and cut", () => {
    const message = diagnoseRefusal(refusal({ serviceMessage: `${UNAUTHORIZED}\n::set-output name=x::y${'z'.repeat(2000)}` }));
    const said = message.split('\n').find((line) => line.startsWith('Azure OpenAI said:')) ?? '';
    assert.ok(said.includes('audience is incorrect'), said);
    assert.ok(!message.includes('::set-output'), message);
    assert.ok(said.length < 700, `${said.length} characters`);
  });

  test('network rules are named as such', () => {
    const message = diagnoseRefusal(
      refusal({ status: 403, serviceMessage: 'Public access is disabled. Please configure private endpoint.' }),
    );
    assert.match(message, /network rules of myres\.services\.ai\.azure\.com refused this runner \(403\)/);
  });
});
