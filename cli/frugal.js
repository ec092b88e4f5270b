#!/usr/bin/env node
// The frugal command. The package ships it compiled (dist/cli/commands.js, built by npm pack) and
// runs it with plain Node. A checkout has the TypeScript instead (cli/commands.ts, which the package
// does not ship) and runs it through tsx, so that the CLI, the tests and the device builds share one
// source; tsx is given frugal's own compiler options, not the tsconfig.json of the directory the
// command runs in, which it would read otherwise.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('./commands.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  await import(source.href);
} else {
  await import('../dist/cli/commands.js');
}
