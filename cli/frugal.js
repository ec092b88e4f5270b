#!/usr/bin/env node
// The frugal command. Its code is TypeScript, loaded through tsx so that the CLI, the tests and the
// device builds share one source. tsx and commands.ts resolve from this file, wherever the package is
// installed; tsx is given frugal's own compiler options, not the tsconfig.json of the directory
// the command runs in (a user's project), which tsx would read otherwise.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('./commands.ts');
