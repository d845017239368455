/**
 * `npm run demo`: runs the built action against the bundled emulator, the
 * way a runner would, and shows what a workflow would get: the log, the step
 * outputs and the job summary. Offline, on loopback only.
 */
import { type Emulator, startEmulator } from '../emulator/index.ts';
import { baseInputs, runAction } from '../emulator/runner.ts';

const emulator: Emulator = await startEmulator();
try {
  const inputs = {
    ...baseInputs(emulator),
    'system-prompt': 'You write short, friendly release notes.',
    prompt: 'Summarise this change for the release notes: "Calls Azure OpenAI without an API key."',
  };
  console.log('Running dist/index.js against the emulator (GitHub OIDC → Entra → Azure OpenAI), inputs:');
  for (const [name, value] of Object.entries(inputs)) console.log(`  ${name}: ${value}`);
  const result = await runAction(emulator, { inputs });

  section('Action log');
  process.stdout.write(result.stdout.replace(/^::add-mask::.*$/gm, '::add-mask::***'));
  if (result.stderr) process.stdout.write(result.stderr);
  section('Step outputs');
  for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}: ${value}`);
  section('Job summary (Markdown)');
  console.log(result.summary);
  section('Requests the emulator served');
  for (const r of emulator.requests) console.log(`${r.service.padEnd(12)} ${r.method.padEnd(4)} ${r.path} → ${r.status}`);
  console.log(`\nExit code ${result.code} in ${result.durationMs} ms.`);
  process.exitCode = result.code ?? 1;
} finally {
  await emulator.stop();
}

function section(title: string): void {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}`);
}
