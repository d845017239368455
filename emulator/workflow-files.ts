// The files a runner reads back after a step: the GITHUB_OUTPUT records and the workflow commands on stdout.

/** Parses `name<<DELIMITER\nvalue\nDELIMITER` records, as the runner does. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    const [, name, delimiterLine] = match ?? [];
    if (name === undefined || delimiterLine === undefined) continue;
    const value: string[] = [];
    for (i++; i < lines.length; i++) {
      const line = lines[i];
      if (line === undefined || line === delimiterLine) break;
      value.push(line);
    }
    outputs[name] = value.join('\n');
  }
  return outputs;
}

/** Decodes workflow commands (`::error::text`), un-escaping %0A, %0D and %25. */
export function commands(stdout: string, kind: string): string[] {
  const prefix = `::${kind}`;
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(line.indexOf('::', 2) + 2))
    .map((text) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'));
}
