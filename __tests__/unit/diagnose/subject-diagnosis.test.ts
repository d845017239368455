/** Subjects and issuers of GitHub ID tokens, read for the diagnosis of a credential that does not match. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import {
  createCommand,
  identityCreateCommand,
  issuerAdvice,
  subjectParts,
  tagSubjectAdvice,
} from '../../../src/diagnose/subject-diagnosis.ts';

const CLIENT = '11111111-2222-3333-4444-555555555555';
const GITHUB = 'https://token.actions.githubusercontent.com';

describe('subjectParts', () => {
  const cases: Array<{ sub: string; expected: ReturnType<typeof subjectParts> }> = [
    {
      sub: 'repo:octo/app:ref:refs/heads/main',
      expected: { form: 'classic', owner: 'octo', repo: 'app', prefix: 'repo:octo/app', context: 'ref:refs/heads/main' },
    },
    {
      sub: 'repo:octo@123/app@456:environment:prod',
      expected: {
        form: 'immutable',
        owner: 'octo',
        repo: 'app',
        ownerId: '123',
        repoId: '456',
        prefix: 'repo:octo@123/app@456',
        context: 'environment:prod',
      },
    },
    {
      sub: 'repo:octo/app.js:pull_request',
      expected: { form: 'classic', owner: 'octo', repo: 'app.js', prefix: 'repo:octo/app.js', context: 'pull_request' },
    },
    { sub: 'repo:octo/$(x):pull_request', expected: undefined },
    { sub: 'job_workflow_ref:octo/app/.github/workflows/ci.yml@refs/heads/main', expected: undefined },
  ];
  for (const c of cases) {
    test(c.sub, () => assert.deepEqual(subjectParts(c.sub), c.expected));
  }
});

describe('the commands are safe to paste into a POSIX shell', () => {
  test("a branch with a quote stays inside createCommand's quoting", () => {
    const subject = "repo:octo/app:ref:refs/heads/it's-$(id)";
    const command = createCommand(CLIENT, GITHUB, subject, 'api://AzureADTokenExchange');
    const parameters = command.slice(command.indexOf('--parameters ') + '--parameters '.length);
    // The shell's own reading of the quoted word is the JSON, unchanged.
    const echoed = execFileSync('/bin/sh', ['-c', `printf %s ${parameters}`], { encoding: 'utf8' });
    assert.equal((JSON.parse(echoed) as { subject: string }).subject, subject);
  });

  test("a branch with a quote stays inside identityCreateCommand's quoting", () => {
    const subject = "repo:octo/app:ref:refs/heads/it's-$(id)";
    const command = identityCreateCommand(GITHUB, subject, 'api://AzureADTokenExchange');
    assert.ok(command.startsWith('az identity federated-credential create --identity-name IDENTITY --resource-group GROUP'));
    const quotedSubject = command.slice(command.indexOf('--subject ') + '--subject '.length, command.indexOf(' --audiences'));
    // The shell reads the quoted word back as the subject, letter for letter.
    assert.equal(execFileSync('/bin/sh', ['-c', `printf %s ${quotedSubject}`], { encoding: 'utf8' }), subject);
  });

  test("the flexible credential's body reaches az as the JSON it shows", () => {
    const lines = tagSubjectAdvice(subjectParts('repo:octo/app:ref:refs/tags/v1'), CLIENT, GITHUB, 'api://AzureADTokenExchange');
    const rest = lines.find((line) => line.includes('az rest'))!;
    const body = rest.slice(rest.indexOf('--body ') + '--body '.length);
    const echoed = execFileSync('/bin/sh', ['-c', `printf %s ${body}`], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(echoed), {
      name: 'repo-octo-app-tags',
      issuer: GITHUB,
      audiences: ['api://AzureADTokenExchange'],
      claimsMatchingExpression: { value: "claims['sub'] matches 'repo:octo/app:ref:refs/tags/*'", languageVersion: 1 },
    });
  });

  test('an issuer that is not shell-safe gets no az rest line', () => {
    const lines = tagSubjectAdvice(subjectParts('repo:octo/app:ref:refs/tags/v1'), CLIENT, 'https://x/$(id)', 'api://AzureADTokenExchange');
    assert.ok(!lines.some((line) => line.includes('az rest')));
  });
});

describe('issuerAdvice', () => {
  const cases: Array<{ issuer: string; expected: RegExp | undefined }> = [
    { issuer: GITHUB, expected: undefined },
    { issuer: 'https://ghes.contoso.com/_services/token', expected: /GitHub Enterprise Server at ghes\.contoso\.com/ },
    { issuer: `${GITHUB}/contoso`, expected: /an enterprise's own issuer/ },
    { issuer: 'https://gitlab.example.com', expected: /not github\.com's/ },
  ];
  for (const c of cases) {
    test(c.issuer, () => {
      const advice = issuerAdvice(c.issuer).join('\n');
      if (c.expected) assert.match(advice, c.expected);
      else assert.equal(advice, '');
    });
  }
});
