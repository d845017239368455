/**
 * `npm run demo`: the action as a workflow sees it, against the bundled emulator (offline, on loopback only):
 * a plain prompt, a pull request summary posted as a comment, and one failure with its diagnosis. Each run is
 * the built action started the way a runner starts it; what is printed is what a user reads in the run's log,
 * outputs, summary and pull request, without the workflow commands (::add-mask:: and the like) behind them.
 */
import { type Emulator, startEmulator } from '../emulator/index.ts';
import { FIXTURE_REPO, GITHUB_TOKEN, NORMAL_PR, pullRequestEvent } from '../emulator/fixtures/github-repos.ts';
import { baseInputs, runAction, type RunResult } from '../emulator/runner.ts';

const started = Date.now();
const emulator: Emulator = await startEmulator();
try {
  const plain = await runAction(emulator, {
    inputs: { ...baseInputs(emulator), prompt: 'Say hello to a new contributor in one sentence.' },
  });
  section('1. A plain prompt (GitHub OIDC → Microsoft Entra → Azure OpenAI, no key)');
  showLog(plain);
  console.log(`\nOutput response: ${plain.outputs.response ?? '(none)'}`);
  console.log(`Outputs auth-method=${plain.outputs['auth-method'] ?? ''} total-tokens=${plain.outputs['total-tokens'] ?? ''}`);

  const summary = await runAction(emulator, {
    inputs: {
      ...baseInputs(emulator),
      'system-prompt': 'Summarise pull requests for reviewers, briefly, in Markdown.',
      prompt: 'Pull request: {{pr.title}}\n{{pr.body}}\n\nDiff:\n{{pr.diff}}',
      comment: 'pr',
      'github-token': GITHUB_TOKEN,
    },
    event: { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, NORMAL_PR) },
  });
  section(`2. A pull request summary, posted as a comment on ${FIXTURE_REPO}#${NORMAL_PR}`);
  showLog(summary);
  if (summary.errors.length > 0) console.log(indent(summary.errors.join('\n')));
  const comment = emulator.config.githubApi.repos[FIXTURE_REPO]?.comments.find((c) => c.user === 'github-actions[bot]');
  console.log('\nThe comment on the pull request:');
  console.log(indent((comment?.body ?? '(no comment)').replace(/^<!--[^\n]*-->\n/, '')));

  emulator.azLogout();
  const failed = await runAction(emulator, { inputs: baseInputs(emulator), oidc: false });
  section('3. A failure, diagnosed: the job has client-id and tenant-id but no id-token: write');
  showLog(failed);
  console.log(`\nThe step failed (exit code ${failed.code ?? 'none'}) with one error annotation:`);
  console.log(indent(failed.errors.join('\n')));

  const expected = plain.code === 0 && summary.code === 0 && comment !== undefined && failed.code === 1;
  console.log(`\n${expected ? 'All three ran as expected' : 'Something did not run as expected'}, in ${Date.now() - started} ms.`);
  process.exitCode = expected ? 0 : 1;
} finally {
  await emulator.stop();
}

function section(title: string): void {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 100 - title.length))}`);
}

/** The log as the Actions UI shows it: no workflow commands, annotations as their level and text. */
function showLog(result: RunResult): void {
  const lines = `${result.stdout}${result.stderr}`.split('\n');
  for (const line of lines) {
    if (line.trim() === '' || line.startsWith('::')) continue;
    console.log(indent(line));
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
