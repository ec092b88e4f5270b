#!/usr/bin/env node
// The frugal command. Its code is TypeScript, loaded through tsx so that the CLI, the tests and the
// device builds share one source.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
