/**
 * The subjects and issuers a job's GitHub ID token can carry, end to end:
 * classic and immutable subjects (matching and not), a tag's subject, and a
 * GitHub Enterprise Server issuer. A mismatch is diagnosed with what the job
 * presented and the credential that would match it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseInputs, type RunResult, runAction } from '../../emulator/runner.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';

useEmulator();

const CLASSIC = 'repo:octo-org/octo-repo:ref:refs/heads/main';
const IMMUTABLE = 'repo:octo-org@98765432/octo-repo@712345678:ref:refs/heads/main';
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const GHES_ISSUER = 'https://ghes.example.invalid/_services/token';
const AUDIENCE = 'api://AzureADTokenExchange';

function trust(issuer: string, subject: string): void {
  emulator.config.apps[0]!.federatedCredentials = [{ issuer, subject, audiences: [AUDIENCE] }];
}

function failure(result: RunResult): string {
  assert.equal(result.code, 1, `exit code 1 expected; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  assert.equal(result.errors.length, 1, `one error annotation expected, got:\n${result.errors.join('\n---\n')}`);
  assert.equal(emulator.count('openai'), 0);
  return result.errors[0]!;
}

describe('subjects', () => {
  test('a classic subject matching its credential', async () => {
    trust(GITHUB_ISSUER, CLASSIC);
    const result = await runAction(emulator, { inputs: baseInputs(emulator) });
    assertSucceeded(result);
  });

  test('an immutable subject matching its credential', async () => {
    emulator.config.github.subjectForm = 'immutable';
    trust(GITHUB_ISSUER, IMMUTABLE);
    const result = await runAction(emulator, { inputs: baseInputs(emulator) });
    assertSucceeded(result);
  });

  test('an immutable subject against a classic credential: says what the form is and prints the command for it', async () => {
    emulator.config.github.subjectForm = 'immutable';
    trust(GITHUB_ISSUER, CLASSIC);
    const message = failure(await runAction(emulator, { inputs: baseInputs(emulator) }));
    assert.match(message, /AADSTS700213\b/);
    assert.ok(message.includes(`sub '${IMMUTABLE}'`), message);
    assert.match(
      message,
      /This subject is GitHub's immutable form: owner and repository carry their numeric ids \(octo-org@98765432\/octo-repo@712345678\)/,
    );
    assert.match(message, /repositories created, renamed or transferred on or after 2026-07-15/);
    assert.ok(message.includes(`a credential written for the classic subject (${CLASSIC}) does not match it`), message);
    assert.ok(message.includes("gh api repos/octo-org/octo-repo --jq '.owner.id, .id'"), message);
    assert.ok(message.includes(`"subject":"${IMMUTABLE}"`), message);
    assert.match(message, /az ad app federated-credential create --id 0b9c7e21-4f3a-4d8e-a6b5-2c1d9e8f7a30 --parameters '/);
  });

  test('a classic subject against another classic credential: no word of the immutable form', async () => {
    trust(GITHUB_ISSUER, 'repo:octo-org/octo-repo:environment:production');
    const message = failure(await runAction(emulator, { inputs: baseInputs(emulator) }));
    assert.ok(message.includes(`sub '${CLASSIC}'`), message);
    assert.ok(message.includes(`"subject":"${CLASSIC}"`), message);
    assert.doesNotMatch(message, /immutable/);
  });

  test('a tag subject: both fixes, an environment and a flexible credential', async () => {
    emulator.config.github.claims.sub = 'repo:octo-org/octo-repo:ref:refs/tags/v1.4.0';
    emulator.config.github.claims.ref = 'refs/tags/v1.4.0';
    const message = failure(await runAction(emulator, { inputs: baseInputs(emulator) }));
    assert.match(message, /A tag or release run presents a new subject for every tag/);
    assert.match(message, /give the job an environment \(`environment: NAME`\): its subject is repo:octo-org\/octo-repo:environment:NAME/);
    assert.ok(message.includes('"subject":"repo:octo-org/octo-repo:environment:NAME"'), message);
    assert.match(message, /flexible federated identity credentials/);
    assert.ok(
      message.includes(
        `az rest --method post --uri "https://graph.microsoft.com/beta/applications(appId='0b9c7e21-4f3a-4d8e-a6b5-2c1d9e8f7a30')/federatedIdentityCredentials" --body "{\\"name\\":\\"repo-octo-org-octo-repo-tags\\",\\"issuer\\":\\"${GITHUB_ISSUER}\\",\\"audiences\\":[\\"${AUDIENCE}\\"],\\"claimsMatchingExpression\\":{\\"value\\":\\"claims['sub'] matches 'repo:octo-org/octo-repo:ref:refs/tags/*'\\",\\"languageVersion\\":1}}"`,
      ),
      message,
    );
  });

  test('a branch subject gets no tag advice', async () => {
    trust(GITHUB_ISSUER, 'repo:octo-org/octo-repo:ref:refs/heads/release');
    const message = failure(await runAction(emulator, { inputs: baseInputs(emulator) }));
    assert.doesNotMatch(message, /tag/);
  });
});

describe('issuers', () => {
  test('a GitHub Enterprise Server issuer matching its credential', async () => {
    emulator.config.github.issuer = GHES_ISSUER;
    trust(GHES_ISSUER, CLASSIC);
    const result = await runAction(emulator, { inputs: baseInputs(emulator) });
    assertSucceeded(result);
  });

  test("a GitHub Enterprise Server issuer against github.com's credential: prints the issuer presented and the command with it", async () => {
    emulator.config.github.issuer = GHES_ISSUER;
    const message = failure(await runAction(emulator, { inputs: baseInputs(emulator) }));
    assert.ok(message.includes(`iss '${GHES_ISSUER}'`), message);
    assert.match(
      message,
      /This ID token was issued by GitHub Enterprise Server at ghes\.example\.invalid \(issuer https:\/\/ghes\.example\.invalid\/_services\/token\), not by github\.com/,
    );
    assert.ok(message.includes(`"issuer":"${GHES_ISSUER}"`), message);
  });
});
